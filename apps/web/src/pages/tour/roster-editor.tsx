import { useQuery } from "@tanstack/react-query";
import { Button, DatePicker, Input, InputNumber, List, Segmented, Space, Tag, Typography } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, apiUrl } from "../../api/client";
import { QueryState } from "../../components/query-state";
import { useApiAction } from "../../lib/use-api-action";
import type { PostItem, RosterItem } from "./tour-api";

const D = "YYYY-MM-DD";
interface Edit {
  officers: number;
  names: string;
  note: string;
}

/**
 * 执勤排班 of one post: core's proposal per day (last year's same week × holidays), edited and saved;
 * a list, so it reads on a phone; the A4 print opens in a new tab.
 */
export function RosterEditor({ post }: { post: PostItem }) {
  const { t } = useTranslation();
  const [from, setFrom] = useState<Dayjs>(dayjs().startOf("day"));
  const [days, setDays] = useState(14);
  const [edits, setEdits] = useState<Record<string, Edit>>({});
  const { run, busy } = useApiAction();
  const params = { from: from.format(D), days };
  const q = useQuery({
    queryKey: ["tour", "roster", post.placeId, params.from, days],
    queryFn: () => api<{ items: RosterItem[] }>(`/tourism/posts/${post.placeId}/roster`, { params }),
  });
  const items = q.data?.items ?? [];
  const value = (d: RosterItem): Edit =>
    edits[d.date] ?? {
      officers: d.saved?.officers ?? d.forecast.officers,
      names: d.saved?.names.join(",") ?? "",
      note: d.saved?.note ?? "",
    };
  const edit = (date: string, base: Edit, patch: Partial<Edit>) =>
    setEdits((e) => ({ ...e, [date]: { ...base, ...patch } }));
  const save = () =>
    run(
      () =>
        api(`/tourism/posts/${post.placeId}/roster`, {
          method: "PUT",
          body: {
            days: items.map((d) => {
              const v = value(d);
              const names = v.names
                .split(/[,，、\s]+/)
                .map((s) => s.trim())
                .filter(Boolean);
              return { date: d.date, officers: v.officers, names, note: v.note.trim() || null };
            }),
          },
        }),
      [["tour"]],
    ).then(() => setEdits({}));

  return (
    <div data-testid="roster-editor">
      <Space wrap style={{ marginBottom: 12 }}>
        <DatePicker
          aria-label={t("tour.from")}
          value={from}
          onChange={(d) => d && setFrom(d)}
          allowClear={false}
        />
        <Segmented value={days} onChange={(v) => setDays(Number(v))} options={[7, 14, 31]} />
        <Button
          onClick={() =>
            window.open(apiUrl(`/tourism/posts/${post.placeId}/roster/print`, params), "_blank", "noopener")
          }
        >
          {t("tour.print")}
        </Button>
        {post.canRoster && (
          <Button type="primary" loading={busy} onClick={() => void save()} data-testid="roster-save">
            {t("tour.save")}
          </Button>
        )}
      </Space>
      <QueryState isLoading={q.isLoading} error={q.error}>
        <List
          size="small"
          dataSource={items}
          renderItem={(d) => {
            const v = value(d);
            return (
              <List.Item
                data-testid={`roster-${d.date}`}
                style={d.forecast.holiday ? { background: "#fff1f0" } : undefined}
              >
                <Space wrap align="center">
                  <Typography.Text strong style={{ minWidth: 96, display: "inline-block" }}>
                    {dayjs(d.date).format("MM-DD ddd")}
                  </Typography.Text>
                  {d.forecast.holiday && <Tag color="red">{d.forecast.holiday.zh}</Tag>}
                  <Tag>{t("tour.proposal", { n: d.forecast.officers })}</Tag>
                  <Typography.Text type="secondary">
                    {t("tour.lastYear", { n: d.forecast.lastYearWeekReports })}
                  </Typography.Text>
                  <InputNumber
                    aria-label={t("tour.officersN")}
                    min={0}
                    max={200}
                    value={v.officers}
                    disabled={!post.canRoster}
                    onChange={(n) => edit(d.date, v, { officers: Number(n ?? 0) })}
                    style={{ width: 72 }}
                  />
                  <Input
                    aria-label={t("tour.names")}
                    placeholder={t("tour.names")}
                    value={v.names}
                    disabled={!post.canRoster}
                    onChange={(e) => edit(d.date, v, { names: e.target.value })}
                    style={{ width: 200 }}
                  />
                  <Input
                    aria-label={t("tour.note")}
                    placeholder={t("tour.note")}
                    value={v.note}
                    disabled={!post.canRoster}
                    onChange={(e) => edit(d.date, v, { note: e.target.value })}
                    style={{ width: 140 }}
                  />
                </Space>
              </List.Item>
            );
          }}
        />
      </QueryState>
    </div>
  );
}
