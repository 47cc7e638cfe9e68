import { useQuery } from "@tanstack/react-query";
import { Button, Card, List, Space } from "antd";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client";
import { useActor } from "../../api/session";
import { QueryState } from "../../components/query-state";
import { useServerNow } from "../../lib/time";
import { useApiAction } from "../../lib/use-api-action";
import type { Referral, Summons } from "./center-api";
import { ReferralList } from "./referral-list";
import { SummonsRow } from "./today-panel";

// 本单位待办: what the center asks of my unit — summonses to acknowledge (with their countdown) and
// referrals to sign for and answer — and the referrals my side sent out.
export function UnitInbox() {
  const { t } = useTranslation();
  const me = useActor();
  const now = useServerNow();
  const { run, busy } = useApiAction();
  const refresh = [["center"]];
  const summons = useQuery({
    queryKey: ["center", "my-summons"],
    queryFn: () => api<{ items: Summons[] }>("/summons", { params: { mine: "1" } }),
    enabled: me.unitId !== null,
  });
  const inbox = useQuery({
    queryKey: ["center", "referrals", "in"],
    queryFn: () => api<{ items: Referral[] }>("/referrals", { params: { box: "in" } }),
  });
  const outbox = useQuery({
    queryKey: ["center", "referrals", "out"],
    queryFn: () => api<{ items: Referral[] }>("/referrals", { params: { box: "out" } }),
  });
  const ack = (s: Summons) =>
    run(() => api(`/summons/${s.id}/acknowledge`, { method: "POST", body: {} }), refresh);
  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
      {me.unitId && (
        <Card size="small" title={t("center.summonses")} data-testid="my-summonses">
          <QueryState
            isLoading={summons.isLoading}
            error={summons.error}
            isEmpty={!summons.data?.items.length}
          >
            <List
              dataSource={summons.data?.items ?? []}
              renderItem={(s) => (
                <SummonsRow
                  s={s}
                  now={now}
                  canAct={false}
                  extra={
                    (s.status === "summoned" || s.status === "missed") && (
                      <Button type="primary" size="small" loading={busy} onClick={() => ack(s)}>
                        {t("center.acknowledge")}
                      </Button>
                    )
                  }
                />
              )}
            />
          </QueryState>
        </Card>
      )}
      <Card size="small" title={t("center.referralsIn")}>
        <QueryState isLoading={inbox.isLoading} error={inbox.error} isEmpty={!inbox.data?.items.length}>
          <ReferralList items={inbox.data?.items ?? []} refresh={refresh} />
        </QueryState>
      </Card>
      <Card size="small" title={t("center.referralsOut")}>
        <QueryState isLoading={outbox.isLoading} error={outbox.error} isEmpty={!outbox.data?.items.length}>
          <ReferralList items={outbox.data?.items ?? []} refresh={refresh} />
        </QueryState>
      </Card>
    </Space>
  );
}
