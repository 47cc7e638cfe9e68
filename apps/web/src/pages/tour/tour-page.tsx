import { useQuery } from "@tanstack/react-query";
import { Card, List, Select, Space, Tag, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { api } from "../../api/client";
import { useActor } from "../../api/session";
import { QueryState } from "../../components/query-state";
import { canDo } from "../../lib/access";
import { OfficersAdmin } from "./officers-admin";
import { RosterEditor } from "./roster-editor";
import type { PostItem, QueueItem } from "./tour-api";
import { WaitingReports } from "./waiting-reports";

/** 驻村与旅游警务: the officer's 治安 queue, the posts and their rosters, and (admin) who serves which village. */
export default function TourPage() {
  const { t } = useTranslation();
  const me = useActor();
  const police = me.roles.includes("police");
  const queue = useQuery({
    queryKey: ["tour", "queue"],
    queryFn: () => api<{ items: QueueItem[] }>("/police/queue"),
    enabled: police,
  });
  const posts = useQuery({
    queryKey: ["tour", "posts"],
    queryFn: () => api<{ today: string; items: PostItem[] }>("/tourism/posts"),
  });
  const [postId, setPostId] = useState<string | null>(null);
  const list = posts.data?.items ?? [];
  const post = list.find((p) => p.placeId === postId) ?? list[0];

  return (
    <Space orientation="vertical" style={{ width: "100%" }} size={16}>
      {police && (
        <Card size="small" title={t("tour.myQueue")}>
          <QueryState isLoading={queue.isLoading} error={queue.error} isEmpty={!queue.data?.items.length}>
            <List
              size="small"
              dataSource={queue.data?.items ?? []}
              renderItem={(c) => (
                <List.Item data-testid="police-queue-row">
                  <Space wrap>
                    <Link to={`/cases/${c.code}`}>{c.code}</Link>
                    <Typography.Text>{c.title}</Typography.Text>
                    <Typography.Text type="secondary">{c.regionNames.join(" › ")}</Typography.Text>
                    {c.assignedToMe && <Tag color="blue">{t("tour.routedToMe")}</Tag>}
                    {c.warning === "red" && <Tag color="red">{t("warning.red")}</Tag>}
                  </Space>
                </List.Item>
              )}
            />
          </QueryState>
        </Card>
      )}
      <Card size="small" title={t("tour.posts")}>
        <QueryState isLoading={posts.isLoading} error={posts.error} isEmpty={!list.length}>
          {post && (
            <>
              <Space wrap style={{ marginBottom: 12 }}>
                <Select
                  aria-label={t("tour.pickPost")}
                  style={{ minWidth: 240 }}
                  value={post.placeId}
                  onChange={setPostId}
                  options={list.map((p) => ({ value: p.placeId, label: `${p.name} · ${p.place}` }))}
                />
                <Typography.Text>
                  {t("tour.onDutyToday")}：
                  {post.onDuty
                    ? `${post.onDuty.officers} · ${post.onDuty.names.join("、")}`
                    : t("tour.notRostered")}
                </Typography.Text>
                {post.phone && <Typography.Text type="secondary">☎ {post.phone}</Typography.Text>}
              </Space>
              <WaitingReports placeId={post.placeId} />
              <Typography.Title level={5}>{t("tour.roster")}</Typography.Title>
              <RosterEditor key={post.placeId} post={post} />
            </>
          )}
        </QueryState>
      </Card>
      {canDo(me, "officer.manage") && (
        <Card size="small" title={t("tour.officers")}>
          <OfficersAdmin />
        </Card>
      )}
    </Space>
  );
}
