import { useQuery } from "@tanstack/react-query";
import { Card, List, Space, Tag, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { api } from "../../api/client";
import type { PostItem } from "./tour-api";

/** The post's workbench card: who is on duty today at each of my 旅游警务室, and tourists waiting. */
export function DutyToday() {
  const { t } = useTranslation();
  const q = useQuery({
    queryKey: ["tour", "posts", "mine"],
    queryFn: () => api<{ today: string; items: PostItem[] }>("/tourism/posts?mine=1"),
    refetchInterval: 60_000,
  });
  const items = q.data?.items ?? [];
  if (!items.length) return null;
  return (
    <Card size="small" title={`${t("tour.posts")} · ${t("tour.onDutyToday")}`} style={{ marginBottom: 16 }}>
      <List
        size="small"
        dataSource={items}
        renderItem={(p) => (
          <List.Item data-testid="duty-today">
            <Space wrap>
              <Link to="/tour">{p.name}</Link>
              {p.onDuty ? (
                <Typography.Text>
                  {p.onDuty.officers} · {p.onDuty.names.join("、")}
                </Typography.Text>
              ) : (
                <Typography.Text type="secondary">{t("tour.notRostered")}</Typography.Text>
              )}
              {p.waiting > 0 && <Tag color="orange">{t("tour.waiting", { n: p.waiting })}</Tag>}
            </Space>
          </List.Item>
        )}
      />
    </Card>
  );
}
