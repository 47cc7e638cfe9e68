import type { TTaskView } from "@fengqiao/core";
import { useQuery } from "@tanstack/react-query";
import { Card, Col, Row, Segmented, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client";
import { useServerNow } from "../../lib/time";
import { TaskCard } from "./task-card";

/**
 * Department workbench: my unit's 交办 tasks by state, open ones first with their countdowns. Shown
 * to department handlers always, to other staff of a unit only once their unit has been given a task.
 */
export function UnitTasks({ always }: { always: boolean }) {
  const { t } = useTranslation();
  const now = useServerNow();
  const [tab, setTab] = useState<"open" | "finished">("open");
  const q = useQuery({
    queryKey: ["tasks", "unit"],
    queryFn: () => api<{ items: TTaskView[] }>("/tasks", { params: { scope: "unit" } }),
    refetchInterval: 30_000,
  });
  const all = q.data?.items ?? [];
  const items = all.filter((x) =>
    tab === "open"
      ? x.status === "dispatched" || x.status === "signed"
      : x.status !== "dispatched" && x.status !== "signed",
  );
  if (!always && all.length === 0) return null;
  return (
    <Card
      size="small"
      title={t("tasks.myUnit")}
      style={{ marginBottom: 16 }}
      data-testid="unit-tasks"
      extra={
        <Segmented
          size="small"
          value={tab}
          onChange={(v) => setTab(v as "open" | "finished")}
          options={[
            { value: "open", label: t("tasks.open") },
            { value: "finished", label: t("tasks.finished") },
          ]}
        />
      }
    >
      {items.length === 0 ? (
        <Typography.Text type="secondary">{t("tasks.none")}</Typography.Text>
      ) : (
        <Row gutter={[8, 8]}>
          {items.map((task) => (
            <Col key={task.id} xs={24} md={12} xl={8}>
              <TaskCard task={task} now={now} showCase />
            </Col>
          ))}
        </Row>
      )}
    </Card>
  );
}
