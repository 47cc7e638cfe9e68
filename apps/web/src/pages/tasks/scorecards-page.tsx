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
  const [range, setRange] = useState<[Dayjs, Dayjs]>([dayjs().startOf("month"), dayjs()]);
  const params = { from: range[0].format("YYYY-MM-DD"), to: range[1].format("YYYY-MM-DD") };
  const q = useQuery({
    queryKey: ["scorecards", params.from, params.to],
    queryFn: () => api<{ units: TScorecardRow[] }>("/scorecards", { params }),
  });
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
          onChange={(v) => v?.[0] && v[1] && setRange([v[0], v[1]])}
        />
        <Button href={apiUrl("/scorecards.xlsx", params)}>{t("tasks.exportXlsx")}</Button>
        <Button href={apiUrl("/scorecards/print", params)} target="_blank">
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
      <UnitRecordsDrawer unit={unit} from={params.from} to={params.to} onClose={() => setUnit(null)} />
    </Space>
  );
}
