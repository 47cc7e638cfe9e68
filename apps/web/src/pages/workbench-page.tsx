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
  { key: "escalatedToMe", link: "/cases?sort=due" },
  { key: "red", link: "/cases?warning=red" },
] as const;

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
              <Link to={c.link}>
                <Card hoverable size="small">
                  <Statistic
                    title={t(`workbench.${c.key}`)}
                    value={wb?.counts[c.key] ?? 0}
                    styles={
                      c.key === "red" || c.key === "overdue" ? { content: { color: "#cf1322" } } : undefined
                    }
                  />
                </Card>
              </Link>
            </Col>
          ))}
        </Row>
        <Card title={t("workbench.queue")} size="small">
          <QueryState isLoading={false} error={null} isEmpty={!wb?.queue.length}>
            <CaseTable
              items={wb?.queue ?? []}
              now={now}
              columns={["code", "title", "deadline", "status", "step", "category", "createdAt"]}
            />
          </QueryState>
        </Card>
      </QueryState>
    </div>
  );
}
