import type { AppContext } from "../../context";

export type ReportResponse =
  | {
      kind: "case";
      code: string;
      /** 查询码, shown once on the done page; the stored replay keeps it sealed (pinEnc). */
      pin: string;
      statusText: string;
      callbackDueAt: string | null;
      message: string;
    }
  | { kind: "opinion"; id: string; message: string };

export type StoredResponse =
  | ReportResponse
  | (Omit<ReportResponse & { kind: "case" }, "pin"> & { pinEnc: string });

/** The response as the idempotency table keeps it: the 查询码 encrypted, never in clear. */
export function sealPin(ctx: AppContext, r: ReportResponse): StoredResponse {
  if (r.kind !== "case") return r;
  const { pin, ...rest } = r;
  return { ...rest, pinEnc: ctx.pd.encrypt(pin) };
}

export function openPin(ctx: AppContext, r: StoredResponse): ReportResponse {
  if (!("pinEnc" in r)) return r;
  const { pinEnc, ...rest } = r;
  return { ...rest, pin: ctx.pd.decrypt(pinEnc) };
}
