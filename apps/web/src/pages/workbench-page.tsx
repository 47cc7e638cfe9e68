import { useQuery } from "@tanstack/react-query";
import { Alert, Button, Card, Col, List, Row, Statistic, Tag, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { api } from "../api/client";
import { takePrefetched } from "../api/prefetch";
import { useActor } from "../api/session";
import type { Workbench, WorkbenchItem } from "../api/types";
import { CaseTable } from "../components/case-table";
import { DueCountdown } from "../components/countdown";
import { QueryState } from "../components/query-state";
import { useServerNow } from "../lib/time";
import { UnitTasks } from "./tasks/unit-tasks";
import { DutyToday } from "./tour/duty-today";

/** Open statuses: the banner counts open red cases of the whole jurisdiction. */
export const OPEN_FILTER = "status=submitted,accepted,mediating,paused";

// Each figure links to the case-list filter that reproduces it (the server test checks the counts).
const CARDS = [
  { key: "new", link: "/cases?queue=mine&status=submitted" },
  { key: "callbackDue", link: "/cases?queue=mine&callback=due&sort=due" },
  { key: "callbackMissed", link: "/cases?queue=mine&callback=missed&sort=due" },
  { key: "dueSoon", link: "/cases?queue=mine&warning=yellow&sort=due" },
  { key: "overdue", link: "/cases?queue=mine&overdue=1&sort=due" },
  { key: "escalatedToMe", link: "/cases?queue=mine&escalated=1&sort=due" },
  { key: "red", link: "/cases?queue=mine&warning=red&sort=due" },
] as const;
type CardKey = (typeof CARDS)[number]["key"];
const ALARM = new Set<CardKey>(["red", "overdue", "callbackMissed"]);

function CountCard({ k, value }: { k: CardKey; value: number }) {
  const { t } = useTranslation();
  const alarm = ALARM.has(k) && value > 0;
  return (
    <Card hoverable size="small" className="fq-count" data-testid={`count-${k}`}>
      <Statistic
        title={t(`flow.wb.${k}`)}
        value={value}
        styles={alarm ? { content: { color: "#cf1322" } } : undefined}
      />
    </Card>
  );
}

/** 码上反映 callbacks owed (countdown) or missed (red), first: they run out in minutes, not days. */
function CallbackList({ items, now }: { items: WorkbenchItem[]; now: Date }) {
  const { t } = useTranslation();
  const owed = items.filter((c) => c.callbackDueAt || c.callbackMissed);
  if (!owed.length) return null;
  return (
    <Card title={t("flow.wb.callbacks")} size="small" style={{ marginBottom: 16 }} data-testid="callbacks">
      <List
        size="small"
        dataSource={owed}
        renderItem={(c) => (
          <List.Item
            data-testid="callback-row"
            data-missed={c.callbackMissed}
            className={c.callbackMissed ? "fq-row-red" : undefined}
            style={c.callbackMissed ? { background: "#fff1f0" } : undefined}
          >
            <span>
              <Link to={`/cases/${c.code}`}>{c.code}</Link> <Typography.Text>{c.title}</Typography.Text>
            </span>
            {c.callbackMissed ? (
              <Tag color="red">{t("flow.wb.callbackMissed")}</Tag>
            ) : (
              c.callbackDueAt && (
                <span>
                  {t("flow.wb.callbackIn")} <DueCountdown dueAt={c.callbackDueAt} now={now} />
                </span>
              )
            )}
          </List.Item>
        )}
      />
    </Card>
  );
}

export default function WorkbenchPage() {
  const { t } = useTranslation();
  const now = useServerNow();
  const me = useActor();
  const q = useQuery({
    queryKey: ["workbench"],
    queryFn: () => takePrefetched<Workbench>("/workbench") ?? api<Workbench>("/workbench"),
    // The sweep escalates cases on its own; the queue follows without a manual reload.
    refetchInterval: 30_000,
  });
  const wb = q.data;
  return (
    <div data-testid="workbench">
      {me.unitId && <UnitTasks always={me.roles.includes("department_handler")} />}
      {me.unitId && <DutyToday />}
      <QueryState isLoading={q.isLoading} error={q.error} onRetry={() => void q.refetch()}>
        {wb && wb.redCount > 0 && (
          <Alert
            type="error"
            showIcon
            banner
            style={{ marginBottom: 16 }}
            title={t("flow.wb.redBanner", { n: wb.redCount })}
            action={
              <Link to={`/cases?warning=red&${OPEN_FILTER}&sort=due`}>
                <Button size="small" danger>
                  {t("workbench.viewRed")}
                </Button>
              </Link>
            }
            data-testid="red-banner"
          />
        )}
        <Typography.Text type="secondary">{t("flow.wb.countsOf")}</Typography.Text>
        <Row gutter={[8, 8]} style={{ margin: "8px 0 16px" }}>
          {CARDS.map((c) => (
            // Three to a row on a phone: the queue, not the figures, is what a grid worker opens it for.
            <Col key={c.key} xs={8} md={6} xl={3}>
              <Link to={c.link}>
                <CountCard k={c.key} value={wb?.counts[c.key] ?? 0} />
              </Link>
            </Col>
          ))}
        </Row>
        <CallbackList items={wb?.queue ?? []} now={now} />
        <Card title={t("workbench.queue")} size="small">
          <QueryState isLoading={false} error={null} isEmpty={!wb?.queue.length}>
            <CaseTable
              items={wb?.queue ?? []}
              now={now}
              columns={["code", "title", "deadline", "status", "step", "category", "createdAt"]}
              pageSize={20}
            />
          </QueryState>
        </Card>
      </QueryState>
    </div>
  );
}
