import { useQuery } from "@tanstack/react-query";
import { Alert, Button, Card, Col, Row, Statistic } from "antd";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { api } from "../api/client";
import { takePrefetched } from "../api/prefetch";
import type { Workbench } from "../api/types";
import { CaseTable } from "../components/case-table";
import { QueryState } from "../components/query-state";
import { useServerNow } from "../lib/time";

const CARDS = [
  { key: "new", link: "/cases?status=submitted" },
  { key: "dueSoon", link: "/cases?warning=yellow&sort=due" },
  { key: "overdue", link: "/cases?warning=red&sort=due" },
  // The case list has no "escalated to me" filter, so this count is not a link (it used to open the
  // unfiltered list): the cases it counts stand on the user's rung, i.e. in the queue below.
  { key: "escalatedToMe", link: null },
  { key: "red", link: "/cases?warning=red" },
] as const;
type CardKey = (typeof CARDS)[number]["key"];

function CountCard({ k, value, hoverable }: { k: CardKey; value: number; hoverable?: boolean }) {
  const { t } = useTranslation();
  return (
    <Card hoverable={hoverable} size="small">
      <Statistic
        title={t(`workbench.${k}`)}
        value={value}
        styles={k === "red" || k === "overdue" ? { content: { color: "#cf1322" } } : undefined}
      />
    </Card>
  );
}

export default function WorkbenchPage() {
  const { t } = useTranslation();
  const now = useServerNow();
  const q = useQuery({
    queryKey: ["workbench"],
    queryFn: () => takePrefetched<Workbench>("/workbench") ?? api<Workbench>("/workbench"),
    // The sweep escalates cases on its own; the queue follows without a manual reload.
    refetchInterval: 30_000,
  });
  const wb = q.data;
  return (
    <div data-testid="workbench">
      <QueryState isLoading={q.isLoading} error={q.error} onRetry={() => void q.refetch()}>
        {wb && wb.redCount > 0 && (
          <Alert
            type="error"
            showIcon
            banner
            style={{ marginBottom: 16 }}
            title={t("workbench.redBanner", { n: wb.redCount })}
            action={
              <Link to="/cases?warning=red">
                <Button size="small" danger>
                  {t("workbench.viewRed")}
                </Button>
              </Link>
            }
            data-testid="red-banner"
          />
        )}
        <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
          {CARDS.map((c) => (
            <Col key={c.key} xs={12} md={8} xl={4}>
              {c.link ? (
                <Link to={c.link}>
                  <CountCard k={c.key} value={wb?.counts[c.key] ?? 0} hoverable />
                </Link>
              ) : (
                <CountCard k={c.key} value={wb?.counts[c.key] ?? 0} />
              )}
            </Col>
          ))}
        </Row>
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
