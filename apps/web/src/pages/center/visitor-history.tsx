import { useQuery } from "@tanstack/react-query";
import { Card, List, Space, Tag, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { api } from "../../api/client";
import { StatusTag } from "../../components/tags";
import { useLabels } from "../../lib/labels";
import { fmtDate } from "../../lib/time";
import { useDebounced } from "../../lib/use-debounced";
import type { Visitor } from "./center-api";

/** 重复来访: as the phone is typed, the visitor's earlier tickets and cases (masked). */
export function VisitorHistory({ phone }: { phone?: string }) {
  const { t } = useTranslation();
  const { label } = useLabels();
  const p = useDebounced(phone?.replace(/\D/g, "") ?? "", 400);
  const q = useQuery({
    queryKey: ["center", "visitor", p],
    queryFn: () => api<Visitor>("/window/visitors", { params: { phone: p } }),
    enabled: p.length >= 11,
  });
  if (!q.data || (!q.data.visits.length && !q.data.cases.length)) return null;
  return (
    <Card
      size="small"
      type="inner"
      title={t("center.history")}
      style={{ marginBottom: 12 }}
      data-testid="visitor-history"
    >
      <Typography.Text type="secondary">{t("center.visits")}</Typography.Text>
      <List
        size="small"
        dataSource={q.data.visits.slice(0, 5)}
        locale={{ emptyText: t("center.none") }}
        renderItem={(v) => (
          <List.Item>
            <Space wrap>
              {fmtDate(v.createdAt)} {v.centerName} <Tag>{label("service", v.service)}</Tag> {v.label}
            </Space>
          </List.Item>
        )}
      />
      <Typography.Text type="secondary">{t("center.cases")}</Typography.Text>
      <List
        size="small"
        dataSource={q.data.cases.slice(0, 5)}
        locale={{ emptyText: t("center.none") }}
        renderItem={(c) => (
          <List.Item>
            <Space wrap>
              <Link to={`/cases/${c.code}`}>{c.code}</Link> {c.title} <StatusTag status={c.status} />
            </Space>
          </List.Item>
        )}
      />
    </Card>
  );
}
