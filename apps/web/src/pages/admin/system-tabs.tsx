import { useQueryClient } from "@tanstack/react-query";
import { Alert, Button, Descriptions, Input, Result, Space } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client";
import { QueryState } from "../../components/query-state";
import { fmtTime, useClockInfo } from "../../lib/time";
import { useApiAction } from "../../lib/use-api-action";

interface Verify {
  ok: boolean;
  casesChecked: number;
  tasksChecked: number;
  eventsChecked: number;
  firstBroken: unknown;
}

export function AuditTab() {
  const { t } = useTranslation();
  const [result, setResult] = useState<Verify | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const verify = async () => {
    setBusy(true);
    setError(null);
    try {
      setResult(await api<Verify>("/admin/audit/verify"));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Space orientation="vertical" style={{ width: "100%" }}>
      <Button type="primary" onClick={() => void verify()} loading={busy} data-testid="audit-verify">
        {t("admin.verify")}
      </Button>
      <QueryState isLoading={false} error={error}>
        {result && (
          <Result
            status={result.ok ? "success" : "error"}
            title={result.ok ? t("admin.verifyOk") : t("admin.verifyBroken")}
            subTitle={
              <Descriptions
                size="small"
                column={1}
                items={[
                  { key: "c", label: t("admin.casesChecked"), children: result.casesChecked },
                  { key: "t", label: t("admin.tasksChecked"), children: result.tasksChecked },
                  { key: "e", label: t("admin.eventsChecked"), children: result.eventsChecked },
                  ...(result.firstBroken
                    ? [
                        {
                          key: "f",
                          label: t("admin.firstBroken"),
                          children: JSON.stringify(result.firstBroken),
                        },
                      ]
                    : []),
                ]}
              />
            }
          />
        )}
      </QueryState>
    </Space>
  );
}

export function ClockTab() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const clock = useClockInfo();
  const [by, setBy] = useState("P1DT1H");
  const { run, busy } = useApiAction();
  // Every countdown and list depends on the server's time, so refresh everything after a jump.
  const refreshAll = () => qc.invalidateQueries();
  return (
    <QueryState isLoading={clock.isLoading} error={clock.error} onRetry={() => void clock.refetch()}>
      <Space orientation="vertical" style={{ width: "100%" }}>
        <Descriptions
          size="small"
          column={1}
          items={[
            {
              key: "now",
              label: t("admin.now"),
              children: <span data-testid="server-now">{fmtTime(clock.data?.now)}</span>,
            },
          ]}
        />
        {clock.data?.testClock ? (
          <Space wrap>
            <Input
              value={by}
              onChange={(e) => setBy(e.target.value)}
              style={{ width: 140 }}
              aria-label={t("admin.advance")}
              data-testid="clock-by"
            />
            <Button
              type="primary"
              loading={busy}
              data-testid="clock-advance"
              onClick={() =>
                void run(() => api("/admin/clock/advance", { method: "POST", body: { by } })).then(refreshAll)
              }
            >
              {t("admin.advance")}
            </Button>
            <Button
              loading={busy}
              onClick={() => void run(() => api("/admin/sweep", { method: "POST" })).then(refreshAll)}
            >
              {t("admin.sweep")}
            </Button>
          </Space>
        ) : (
          <Alert type="info" showIcon title={t("admin.testClockOff")} />
        )}
      </Space>
    </QueryState>
  );
}
