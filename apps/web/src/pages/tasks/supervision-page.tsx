import type { TSupervisionQuery, TTaskView } from "@fengqiao/core";
import { useQuery } from "@tanstack/react-query";
import { Card, Col, List, Row, Segmented, Space, Statistic, Tag, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client";
import { QueryState } from "../../components/query-state";
import { useServerNow } from "../../lib/time";
import { TaskCard } from "./task-card";

type Item = TTaskView & { overdueHours: number };
interface Supervision {
  items: Item[];
  byUnit: { unitId: string; unitName: string; count: number }[];
  byAge: { bucket: "lt1d" | "d1to3" | "gt3d"; count: number }[];
}
const VIEWS = ["overdue", "unsigned", "unanswered", "returned"] as const;

/** 督办: overdue tasks of my jurisdiction — not signed for, not answered, returned — by unit and by age. */
export default function SupervisionPage() {
  const { t } = useTranslation();
  const now = useServerNow();
  const [view, setView] = useState<TSupervisionQuery["view"]>("overdue");
  const [unitId, setUnitId] = useState<string | undefined>();
  const q = useQuery({
    queryKey: ["supervision", view, unitId],
    queryFn: () => api<Supervision>("/supervision/tasks", { params: { view, unitId } }),
    refetchInterval: 60_000,
  });
  const d = q.data;
  return (
    <Space orientation="vertical" size={12} style={{ width: "100%" }} data-testid="supervision">
      <Segmented
        value={view}
        onChange={(v) => setView(v as TSupervisionQuery["view"])}
        options={VIEWS.map((v) => ({ value: v, label: t(`tasks.views.${v}`) }))}
        style={{ maxWidth: "100%", overflowX: "auto" }}
      />
      <QueryState isLoading={q.isLoading} error={q.error} onRetry={() => void q.refetch()}>
        <Row gutter={[8, 8]}>
          {(d?.byAge ?? []).map((a) => (
            <Col key={a.bucket} xs={8} md={4}>
              <Card size="small">
                <Statistic title={t(`tasks.age.${a.bucket}`)} value={a.count} />
              </Card>
            </Col>
          ))}
        </Row>
        <Row gutter={[16, 16]}>
          <Col xs={24} md={8}>
            <Card size="small" title={t("tasks.byUnit")}>
              <List
                size="small"
                dataSource={d?.byUnit ?? []}
                renderItem={(u) => (
                  <List.Item
                    onClick={() => setUnitId(unitId === u.unitId ? undefined : u.unitId)}
                    style={{ cursor: "pointer", fontWeight: unitId === u.unitId ? 600 : undefined }}
                  >
                    <span>{u.unitName}</span>
                    <Tag color="red">{u.count}</Tag>
                  </List.Item>
                )}
              />
            </Card>
          </Col>
          <Col xs={24} md={16}>
            <Space orientation="vertical" size={8} style={{ width: "100%" }}>
              {(d?.items ?? []).length === 0 && (
                <Typography.Text type="secondary">{t("tasks.none")}</Typography.Text>
              )}
              {(d?.items ?? []).map((task) => (
                <div key={task.id}>
                  <Typography.Text type="danger">
                    {t("tasks.overdueHours")} {t("tasks.hours", { n: task.overdueHours })}
                  </Typography.Text>
                  <TaskCard task={task} now={now} showCase />
                </div>
              ))}
            </Space>
          </Col>
        </Row>
      </QueryState>
    </Space>
  );
}
