import { Button, Card, Col, List, Row, Space, Tag, Typography } from "antd";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { api } from "../../api/client";
import { DueCountdown } from "../../components/countdown";
import { QueryState } from "../../components/query-state";
import { fmtTime, useServerNow } from "../../lib/time";
import { useApiAction } from "../../lib/use-api-action";
import { type Summons, type UnitCard, useCenterSummons, useToday } from "./center-api";

// 今日在岗: who sits at the center today and who can be summoned, with their work phones; then the
// 随叫随驻 summonses with their acknowledgement countdowns.

function Units({ title, items }: { title: string; items: UnitCard[] }) {
  const { t } = useTranslation();
  return (
    <Card size="small" title={title} data-testid={`units-${title}`}>
      <List
        size="small"
        dataSource={items}
        locale={{ emptyText: t("center.noUnits") }}
        renderItem={(u) => (
          <List.Item>
            <Space orientation="vertical" size={0}>
              <Typography.Text strong>{u.name}</Typography.Text>
              {u.contacts.map((c) => (
                <span key={`${c.name}${c.phone}`}>
                  {c.name}
                  {c.title ? `（${c.title}）` : ""} {c.phone && <a href={`tel:${c.phone}`}>{c.phone}</a>}
                </span>
              ))}
            </Space>
          </List.Item>
        )}
      />
    </Card>
  );
}

export function TodayPanel({ center }: { center: string }) {
  const { t } = useTranslation();
  const today = useToday(center);
  const d = today.data;
  return (
    <QueryState isLoading={today.isLoading} error={today.error}>
      <Row gutter={[12, 12]}>
        <Col xs={24} md={8}>
          <Units title={t("center.resident")} items={d?.resident ?? []} />
        </Col>
        <Col xs={24} md={8}>
          <Units title={t("center.rotating")} items={d?.rotating ?? []} />
        </Col>
        <Col xs={24} md={8}>
          <Units title={t("center.onCall")} items={d?.onCall ?? []} />
        </Col>
      </Row>
    </QueryState>
  );
}

const STATUS_COLOR: Record<string, string> = {
  summoned: "blue",
  acknowledged: "green",
  appeared: "green",
  missed: "red",
  cancelled: "default",
};

export function SummonsRow({
  s,
  now,
  canAct,
  extra,
}: {
  s: Summons;
  now: Date;
  canAct: boolean;
  extra?: ReactNode;
}) {
  const { t } = useTranslation();
  const { run, busy } = useApiAction();
  const keys = [["center"]];
  const act = (path: string, body: object = {}) =>
    run(() => api(`/summons/${s.id}/${path}`, { method: "POST", body }), keys);
  return (
    <List.Item className={s.status === "missed" ? "fq-row-red" : undefined} data-testid="summons-row">
      <Space orientation="vertical" size={2} style={{ width: "100%" }}>
        <Space wrap>
          <Typography.Text strong>{s.unitName}</Typography.Text>
          <Tag color={STATUS_COLOR[s.status]}>{t(`center.status.${s.status}`)}</Tag>
          {s.late && <Tag color="red">{t("center.late")}</Tag>}
          {/* The summoned unit's people may not read the case itself: the code alone, to quote. */}
          {s.caseCode &&
            (canAct ? <Link to={`/cases/${s.caseCode}`}>{s.caseCode}</Link> : <span>{s.caseCode}</span>)}
        </Space>
        <span>{s.reason}</span>
        <span>
          {t("center.place")}：{s.place} · {t("center.appearBy")}：{fmtTime(s.appearBy)}
        </span>
        {s.status === "summoned" && (
          <span>
            {t("center.ackDue")}：<DueCountdown dueAt={s.ackDueAt} now={now} />
          </span>
        )}
        {canAct && (s.status === "summoned" || s.status === "acknowledged" || s.status === "missed") && (
          <Space wrap>
            <Button size="small" loading={busy} onClick={() => act("appeared")}>
              {t("center.appeared")}
            </Button>
            <Button
              size="small"
              danger
              loading={busy}
              onClick={() => act("cancel", { reason: t("center.cancel") })}
            >
              {t("center.cancel")}
            </Button>
          </Space>
        )}
        {extra}
      </Space>
    </List.Item>
  );
}

export function SummonsPanel({ center }: { center: string }) {
  const now = useServerNow();
  const q = useCenterSummons(center, true);
  return (
    <QueryState isLoading={q.isLoading} error={q.error} isEmpty={!q.data?.items.length}>
      <List dataSource={q.data?.items ?? []} renderItem={(s) => <SummonsRow s={s} now={now} canAct />} />
    </QueryState>
  );
}
