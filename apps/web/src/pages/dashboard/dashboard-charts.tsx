import type { TDashboard } from "@fengqiao/core";
import { Card, Empty, Segmented, Typography } from "antd";
import { useCallback, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { useLabels } from "../../lib/labels";
import { EChart, type EChartsOption, registerMap } from "./echart";

export function TrendChart({ d }: { d: TDashboard }) {
  const { t } = useTranslation();
  const [unit, setUnit] = useState<"week" | "month">("week");
  const points = d.trend[unit];
  const option = useMemo<EChartsOption>(
    () => ({
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      grid: { left: 40, right: 16, top: 32, bottom: 28 },
      xAxis: {
        type: "category",
        data: points.map((p) => p.period.slice(unit === "week" ? 5 : 0, unit === "week" ? 10 : 7)),
      },
      yAxis: { type: "value", minInterval: 1 },
      series: [
        {
          name: t("lead.received"),
          type: "bar",
          data: points.map((p) => p.received),
          itemStyle: { color: "#1677ff" },
        },
        {
          name: t("lead.resolved"),
          type: "line",
          data: points.map((p) => p.resolved),
          itemStyle: { color: "#389e0d" },
        },
      ],
    }),
    [points, unit, t],
  );
  return (
    <Card
      size="small"
      title={unit === "week" ? t("lead.trendWeek") : t("lead.trendMonth")}
      extra={
        <Segmented
          size="small"
          value={unit}
          onChange={(v) => setUnit(v as "week" | "month")}
          options={[
            { value: "week", label: t("lead.trendWeek") },
            { value: "month", label: t("lead.trendMonth") },
          ]}
        />
      }
    >
      <EChart option={option} height={240} label={t("lead.trendWeek")} testId="trend-chart" />
    </Card>
  );
}

export function SettledFunnel({ d }: { d: TDashboard }) {
  const { t } = useTranslation();
  const steps = Object.entries(d.kpis.settledSteps).sort(([a], [b]) => Number(a) - Number(b));
  const option = useMemo<EChartsOption>(
    () => ({
      tooltip: { trigger: "item", formatter: "{b}: {c}" },
      series: [
        {
          type: "funnel",
          sort: "none",
          left: 8,
          right: 8,
          label: { formatter: "{b} {c}" },
          data: steps.map(([s, n]) => ({
            name: Number(s) > 4 ? t("lead.beyond") : t("lead.step", { n: s }),
            value: n,
          })),
        },
      ],
    }),
    [steps, t],
  );
  return (
    <Card size="small" title={t("lead.funnel")}>
      {steps.length ? <EChart option={option} height={220} label={t("lead.funnel")} /> : <Empty />}
    </Card>
  );
}

export function CategoryMix({ d }: { d: TDashboard }) {
  const { t } = useTranslation();
  const { label } = useLabels();
  const option = useMemo<EChartsOption>(
    () => ({
      tooltip: { trigger: "item", formatter: "{b}: {c} ({d}%)" },
      series: [
        {
          type: "pie",
          radius: ["35%", "65%"],
          data: d.byCategory
            .slice(0, 10)
            .map((c) => ({ name: label("category", c.code), value: c.received })),
        },
      ],
    }),
    [d.byCategory, label],
  );
  return (
    <Card size="small" title={t("lead.categoryMix")}>
      {d.byCategory.length ? (
        <EChart option={option} height={220} label={t("lead.categoryMix")} />
      ) : (
        <Empty />
      )}
    </Card>
  );
}

/** Children coloured by open or red cases now; a click drills down. */
export function RegionMap({ d, onDrill }: { d: TDashboard; onDrill: (code: string) => void }) {
  const { t } = useTranslation();
  const [by, setBy] = useState<"red" | "open">("red");
  const mapName = `fq-${d.region.code}`;
  const option = useMemo<EChartsOption>(() => {
    registerMap(mapName, d.map.geojson);
    const names = new Map(d.children.map((c) => [c.code, c.name]));
    const max = Math.max(1, ...d.children.map((c) => c[by]));
    return {
      tooltip: {
        trigger: "item",
        formatter: (p: { name: string; value: number }) => `${names.get(p.name) ?? p.name}: ${p.value ?? 0}`,
      },
      visualMap: {
        min: 0,
        max,
        left: 8,
        bottom: 8,
        calculable: false,
        inRange: { color: by === "red" ? ["#fff1f0", "#cf1322"] : ["#e6f4ff", "#0958d9"] },
      },
      series: [
        {
          type: "map",
          map: mapName,
          nameProperty: "code",
          roam: false,
          label: {
            show: true,
            formatter: (p: { name: string }) => names.get(p.name) ?? p.name,
            fontSize: 11,
          },
          data: d.children.map((c) => ({ name: c.code, value: c[by] })),
        },
      ],
    };
  }, [d, by, mapName]);
  const click = useCallback((p: { name?: string }) => p.name && onDrill(p.name), [onDrill]);
  return (
    <Card
      size="small"
      title={t("lead.map")}
      extra={
        <Segmented
          size="small"
          value={by}
          onChange={(v) => setBy(v as "red" | "open")}
          options={[
            { value: "red", label: t("lead.redNow") },
            { value: "open", label: t("lead.openNow") },
          ]}
        />
      }
    >
      {d.children.length ? (
        <>
          <EChart option={option} height={320} label={t("lead.map")} testId="region-map" onClick={click} />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t("lead.mapHint")}
            {d.map.schematic ? ` · ${t("lead.mapSchematic")}` : ""}
          </Typography.Text>
        </>
      ) : (
        <Empty />
      )}
    </Card>
  );
}
