import { BarChart, FunnelChart, LineChart, MapChart, PieChart } from "echarts/charts";
import { GridComponent, LegendComponent, TooltipComponent, VisualMapComponent } from "echarts/components";
import * as echarts from "echarts/core";
import { SVGRenderer } from "echarts/renderers";
import { useEffect, useRef } from "react";

// ECharts piece by piece (the chart types this page draws and the SVG renderer), not the whole
// library: the dashboard route stays within its 300 KB gz budget. SVG keeps map regions as DOM
// paths, crisp when printed and reachable by the browser tests.
echarts.use([
  BarChart,
  FunnelChart,
  LineChart,
  MapChart,
  PieChart,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  VisualMapComponent,
  SVGRenderer,
]);

export type EChartsOption = echarts.EChartsCoreOption;

/** Registers a GeoJSON map under `name` (idempotent: same name, same data). */
export function registerMap(name: string, geojson: unknown) {
  echarts.registerMap(name, geojson as Parameters<typeof echarts.registerMap>[1]);
}

interface Props {
  option: EChartsOption;
  height: number;
  testId?: string;
  label: string;
  onClick?: (params: { name?: string; data?: unknown }) => void;
}

export function EChart({ option, height, testId, label, onClick }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  useEffect(() => {
    if (!ref.current) return;
    const c = echarts.init(ref.current, undefined, { renderer: "svg" });
    chart.current = c;
    const resize = new ResizeObserver(() => c.resize());
    resize.observe(ref.current);
    return () => {
      resize.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption(option, true);
  }, [option]);
  useEffect(() => {
    const c = chart.current;
    if (!c || !onClick) return;
    c.on("click", onClick);
    return () => {
      c.off("click", onClick);
    };
  }, [onClick]);
  return (
    <div ref={ref} role="img" aria-label={label} data-testid={testId} style={{ width: "100%", height }} />
  );
}
