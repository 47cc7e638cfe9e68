import type { TScorecardRow } from "@fengqiao/core";
import { useQuery } from "@tanstack/react-query";
import { Button, Card, DatePicker, Space, Table, Typography } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, apiUrl } from "../../api/client";
import { QueryState } from "../../components/query-state";
import { useIsPhone } from "../../layout/use-is-phone";
import { UnitRecordsDrawer } from "./unit-records-drawer";

const COLS = [
  "tasks",
  "signedOnTime",
  "answeredOnTime",
  "returned",
  "overdue",
  "yellowNotices",
  "redNotices",
  "casesResolved",
  "satisfaction",
  "reopened",
  "trainingSessions",
  "trainingPersonHours",
  "lawReport",
] as const;
const pct = (r: TScorecardRow) =>
  r.satisfaction === null ? "—" : `${Math.round(r.satisfaction * 1000) / 10}% (${r.satisfied}/${r.ratings})`;
const cell = (r: TScorecardRow, k: (typeof COLS)[number]) =>
  k === "satisfaction"
    ? pct(r)
    : k === "lawReport"
      ? r.lawReport
        ? `${r.lawReport.year} ${r.lawReport.title}`
        : "—"
      : r[k];

/** 效果联评: per unit and period, outcomes only; Excel export and a printable page. */
export default function ScorecardsPage() {
  const { t } = useTranslation();
  const phone = useIsPhone();
  // Until the user picks a period, the server's default: the month so far in Beijing days by its clock
  // (this browser's own date may be another day, in another time zone).
  const [picked, setPicked] = useState<[Dayjs, Dayjs] | null>(null);
  const asked = picked ? { from: picked[0].format("YYYY-MM-DD"), to: picked[1].format("YYYY-MM-DD") } : {};
  const q = useQuery({
    queryKey: ["scorecards", asked.from, asked.to],
    queryFn: () =>
      api<{ from: string; to: string; units: TScorecardRow[] }>("/scorecards", { params: asked }),
  });
  const shown = q.data ? { from: q.data.from, to: q.data.to } : asked;
  const range: [Dayjs, Dayjs] | null =
    picked ?? (shown.from && shown.to ? [dayjs(shown.from), dayjs(shown.to)] : null);
  const rows = q.data?.units ?? [];
  const [unit, setUnit] = useState<{ id: string; name: string } | null>(null);
  const open = (r: TScorecardRow) => (
    <Button
      size="small"
      data-testid="unit-records"
      onClick={() => setUnit({ id: r.unitId, name: r.unitName })}
    >
      {t("tasks.rec.open")}
    </Button>
  );
  return (
    <Space orientation="vertical" size={12} style={{ width: "100%" }} data-testid="scorecards">
      <Space wrap>
        <DatePicker.RangePicker
          value={range}
          allowClear={false}
          aria-label={t("tasks.period")}
          onChange={(v) => v?.[0] && v[1] && setPicked([v[0], v[1]])}
        />
        <Button href={apiUrl("/scorecards.xlsx", shown)}>{t("tasks.exportXlsx")}</Button>
        <Button href={apiUrl("/scorecards/print", shown)} target="_blank">
          {t("tasks.printPage")}
        </Button>
      </Space>
      <Typography.Text type="secondary">{t("tasks.outcomesOnly")}</Typography.Text>
      <QueryState
        isLoading={q.isLoading}
        error={q.error}
        onRetry={() => void q.refetch()}
        isEmpty={rows.length === 0}
      >
        {phone ? (
          <Space orientation="vertical" size={8} style={{ width: "100%" }}>
            {rows.map((r) => (
              <Card
                key={r.unitId}
                size="small"
                title={r.unitName}
                extra={open(r)}
                data-testid="scorecard-card"
              >
                {COLS.map((k) => (
                  <div key={k} style={{ display: "flex", justifyContent: "space-between" }}>
                    <span>{t(`tasks.col.${k}`)}</span>
                    <b>{cell(r, k)}</b>
                  </div>
                ))}
              </Card>
            ))}
          </Space>
        ) : (
          <Table
            size="small"
            rowKey="unitId"
            dataSource={rows}
            pagination={false}
            scroll={{ x: true }}
            columns={[
              { key: "unitName", title: t("tasks.col.unitName"), dataIndex: "unitName" },
              ...COLS.map((k) => ({
                key: k,
                title: t(`tasks.col.${k}`),
                render: (_: unknown, r: TScorecardRow) => cell(r, k),
              })),
              { key: "records", title: "", render: (_: unknown, r: TScorecardRow) => open(r) },
            ]}
          />
        )}
      </QueryState>
      <UnitRecordsDrawer
        unit={unit}
        from={shown.from ?? ""}
        to={shown.to ?? ""}
        onClose={() => setUnit(null)}
      />
    </Space>
  );
}
