import { useQueryClient } from "@tanstack/react-query";
import { App } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { isApiError } from "../api/client";

/** Runs a write, reports success or the server's message, and refreshes the listed queries. */
export function useApiAction() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [busy, setBusy] = useState(false);
  const run = async <T>(fn: () => Promise<T>, invalidate: string[][] = []): Promise<T | undefined> => {
    setBusy(true);
    try {
      const r = await fn();
      void message.success(t("common.saved"));
      await Promise.all(invalidate.map((k) => qc.invalidateQueries({ queryKey: k })));
      return r;
    } catch (e) {
      void message.error(
        isApiError(e, "CONFLICT") ? t("common.conflict") : e instanceof Error ? e.message : String(e),
      );
      return undefined;
    } finally {
      setBusy(false);
    }
  };
  return { run, busy };
}

/** Reads a chosen file as JSON; GeoJSON files are small enough to hold in memory. */
export async function readJsonFile(file: File): Promise<unknown> {
  return JSON.parse(await file.text());
}
