import { useQuery } from "@tanstack/react-query";
import { List, Select, Space, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client";
import { QueryState } from "../../components/query-state";
import { useApiAction } from "../../lib/use-api-action";
import type { OfficerVillages } from "./tour-api";

/** The administrator's control: each village's resident officer, picked from the police in reach. */
export function OfficersAdmin() {
  const { t } = useTranslation();
  const { run, busy } = useApiAction();
  const q = useQuery({
    queryKey: ["tour", "officers"],
    queryFn: () => api<OfficerVillages>("/village-officers"),
  });
  const options = (q.data?.candidates ?? []).map((c) => ({
    value: c.userId,
    label: `${c.name}（${c.regionName}）`,
  }));
  const set = (code: string, userId: string | null) =>
    run(() => api(`/villages/${code}/officer`, { method: "PUT", body: { userId } }), [["tour", "officers"]]);
  return (
    <>
      <Typography.Paragraph type="secondary">{t("tour.officersHint")}</Typography.Paragraph>
      <QueryState isLoading={q.isLoading} error={q.error} isEmpty={!q.data?.villages.length}>
        <List
          size="small"
          dataSource={q.data?.villages ?? []}
          renderItem={(v) => (
            <List.Item data-testid={`officer-${v.code}`}>
              <Space wrap>
                <Typography.Text style={{ minWidth: 120, display: "inline-block" }}>{v.name}</Typography.Text>
                <Select
                  aria-label={`${v.name} ${t("tour.officer")}`}
                  style={{ minWidth: 220 }}
                  allowClear
                  disabled={busy}
                  placeholder={t("tour.none")}
                  value={v.officer?.userId ?? null}
                  options={options}
                  onChange={(u) => void set(v.code, u ?? null)}
                />
              </Space>
            </List.Item>
          )}
        />
      </QueryState>
    </>
  );
}
