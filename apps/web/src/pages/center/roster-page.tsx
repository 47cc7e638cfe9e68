import { useQuery } from "@tanstack/react-query";
import { Calendar, Card, List, Segmented, Select, Space, Tag, Typography } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client";
import { useActor } from "../../api/session";
import { QueryState } from "../../components/query-state";
import { canDo } from "../../lib/access";
import { useApiAction } from "../../lib/use-api-action";
import type { UnitCard } from "./center-api";

// 轮驻排班: which rotating unit sits at the window on which day. Pick a unit, click days to add or
// remove them; the week view is a list (phones), the month view a calendar.

const D = "YYYY-MM-DD";

export default function RosterPage() {
  const { t } = useTranslation();
  const me = useActor();
  const center = me.regionCode;
  const editable = canDo(me, "roster.manage");
  const [month, setMonth] = useState<Dayjs>(dayjs());
  const [view, setView] = useState<"week" | "month">("week");
  const [unitId, setUnitId] = useState<string | null>(null);
  const { run } = useApiAction();
  const from = view === "week" ? dayjs().startOf("day") : month.startOf("month");
  const to = view === "week" ? from.add(6, "day") : month.endOf("month");
  const stations = useQuery({
    queryKey: ["center", "stations", center],
    queryFn: () => api<{ items: UnitCard[] }>("/centers/stations", { params: { center } }),
  });
  const rosterKey = ["center", "roster", center, from.format(D), to.format(D)];
  const roster = useQuery({
    queryKey: rosterKey,
    queryFn: () =>
      api<{ days: { day: string; unitId: string }[] }>("/centers/roster", {
        params: { center, from: from.format(D), to: to.format(D) },
      }),
  });
  const rotating = (stations.data?.items ?? []).filter((u) => u.stationing === "rotating");
  const nameOf = (id: string) => rotating.find((u) => u.id === id)?.name ?? id;
  const on = (day: string) => (roster.data?.days ?? []).filter((d) => d.day === day).map((d) => d.unitId);

  const toggle = (day: Dayjs) => {
    if (!editable || !unitId) return;
    const d = day.format(D);
    const has = on(d).includes(unitId);
    void run(
      () =>
        api("/centers/roster", {
          method: "POST",
          body: { unitId, add: has ? [] : [d], remove: has ? [d] : [] },
        }),
      [
        ["center", "roster"],
        ["center", "today"],
      ],
    );
  };
  const tags = (day: string) =>
    on(day).map((id) => (
      <Tag key={id} color={id === unitId ? "blue" : undefined} style={{ marginBottom: 2 }}>
        {nameOf(id)}
      </Tag>
    ));

  return (
    <Card title={t("center.roster")}>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          aria-label={t("center.unit")}
          style={{ minWidth: 220 }}
          placeholder={t("center.unit")}
          value={unitId}
          onChange={setUnitId}
          options={rotating.map((u) => ({ value: u.id, label: u.name }))}
          data-testid="roster-unit"
        />
        <Segmented
          value={view}
          onChange={(v) => setView(v as "week" | "month")}
          options={[
            { value: "week", label: t("center.weekView") },
            { value: "month", label: t("center.monthView") },
          ]}
        />
      </Space>
      {editable && <Typography.Paragraph type="secondary">{t("center.rosterHint")}</Typography.Paragraph>}
      <QueryState isLoading={roster.isLoading || stations.isLoading} error={roster.error ?? stations.error}>
        {view === "week" ? (
          <List
            dataSource={Array.from({ length: 7 }, (_, i) => from.add(i, "day"))}
            renderItem={(d) => (
              <List.Item
                onClick={() => toggle(d)}
                style={{ cursor: editable && unitId ? "pointer" : undefined }}
                data-testid={`roster-day-${d.format(D)}`}
              >
                <Space wrap>
                  <Typography.Text strong>{d.format("MM-DD ddd")}</Typography.Text>
                  {tags(d.format(D))}
                </Space>
              </List.Item>
            )}
          />
        ) : (
          <Calendar
            value={month}
            onPanelChange={(d) => setMonth(d)}
            onSelect={(d, info) => info.source === "date" && toggle(d)}
            cellRender={(d, info) =>
              info.type === "date" ? <div>{tags(d.format(D))}</div> : info.originNode
            }
          />
        )}
      </QueryState>
    </Card>
  );
}
