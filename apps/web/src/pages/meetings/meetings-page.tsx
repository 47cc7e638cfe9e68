import type { TMeetingSummary } from "@fengqiao/core";
import { useQuery } from "@tanstack/react-query";
import { Card, Select, Space, Table, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { api } from "../../api/client";
import { DueCountdown } from "../../components/countdown";
import { QueryState } from "../../components/query-state";
import { useIsPhone } from "../../layout/use-is-phone";
import { fmtTime, useServerNow } from "../../lib/time";
import MeetingDetail from "./meeting-detail";
import { MeetingTags } from "./meeting-tags";

// /meetings: the joint meetings of the user's jurisdiction (and those on cases the user sees), newest
// first; /meetings/:id: one meeting. One route chunk for both.

function NextDue({ m, now }: { m: TMeetingSummary; now: Date }) {
  const { t } = useTranslation();
  if (!m.nextDueAt) return <span className="fq-secondary">—</span>;
  return (
    <span>
      {t("meet.field.openDecisions")} {m.openDecisions} · <DueCountdown dueAt={m.nextDueAt} now={now} />
    </span>
  );
}

const CaseCodes = ({ m }: { m: TMeetingSummary }) => (
  <Space size={4} wrap>
    {m.cases.map((c) => (
      <Link key={c.id} to={`/cases/${c.code}`} className="fq-case-card-code">
        {c.code}
      </Link>
    ))}
  </Space>
);

function MeetingCards({ items, now }: { items: TMeetingSummary[]; now: Date }) {
  return (
    <div className="fq-case-cards" data-testid="meetings-cards">
      {items.map((m) => (
        <article key={m.id} className={`fq-case-card${m.overdueDecisions > 0 ? " fq-row-red" : ""}`}>
          <Link to={`/meetings/${m.id}`} className="fq-case-card-title">
            <strong>{m.title}</strong>
          </Link>
          <MeetingTags m={m} />
          <span className="fq-secondary">
            {fmtTime(m.startsAt)} · {m.place} · {m.regionName}
          </span>
          <CaseCodes m={m} />
          <NextDue m={m} now={now} />
        </article>
      ))}
    </div>
  );
}

function MeetingList() {
  const { t } = useTranslation();
  const phone = useIsPhone();
  const now = useServerNow();
  const [state, setState] = useState<string | undefined>();
  const [kind, setKind] = useState<string | undefined>();
  const q = useQuery({
    queryKey: ["meetings", state, kind],
    queryFn: () => api<{ items: TMeetingSummary[] }>("/meetings", { params: { state, kind, limit: 100 } }),
  });
  const items = q.data?.items ?? [];
  const option = (group: "state" | "kind", v: string) => ({ value: v, label: t(`meet.${group}.${v}`) });
  return (
    <Card size="small" title={t("meet.title")} data-testid="meetings-page">
      <Typography.Paragraph type="secondary">{t("meet.hint")}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          allowClear
          aria-label={t("meet.field.state")}
          placeholder={t("meet.field.state")}
          style={{ minWidth: 140 }}
          value={state}
          onChange={setState}
          options={["planned", "held", "closed", "cancelled"].map((v) => option("state", v))}
        />
        <Select
          allowClear
          aria-label={t("meet.field.kind")}
          placeholder={t("meet.field.kind")}
          style={{ minWidth: 180 }}
          value={kind}
          onChange={setKind}
          options={["consultation", "liaison", "decision", "court_joint"].map((v) => option("kind", v))}
        />
      </Space>
      <QueryState isLoading={q.isLoading} error={q.error} onRetry={() => void q.refetch()}>
        {phone ? (
          <MeetingCards items={items} now={now} />
        ) : (
          <Table<TMeetingSummary>
            rowKey="id"
            size="small"
            dataSource={items}
            pagination={{ pageSize: 50, hideOnSinglePage: true }}
            scroll={{ x: "max-content" }}
            locale={{ emptyText: t("meet.none") }}
            data-testid="meetings-table"
            columns={[
              { title: t("meet.field.startsAt"), dataIndex: "startsAt", render: fmtTime },
              {
                title: t("meet.field.title"),
                dataIndex: "title",
                render: (v: string, m) => <Link to={`/meetings/${m.id}`}>{v}</Link>,
              },
              { title: t("meet.field.state"), key: "tags", render: (_: unknown, m) => <MeetingTags m={m} /> },
              { title: t("meet.field.region"), dataIndex: "regionName" },
              { title: t("meet.field.cases"), key: "cases", render: (_: unknown, m) => <CaseCodes m={m} /> },
              {
                title: t("meet.field.due"),
                key: "due",
                render: (_: unknown, m) => <NextDue m={m} now={now} />,
              },
            ]}
          />
        )}
      </QueryState>
    </Card>
  );
}

export default function MeetingsPage() {
  const { id } = useParams();
  return id ? <MeetingDetail id={id} /> : <MeetingList />;
}
