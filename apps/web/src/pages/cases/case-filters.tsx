import { CASE_STATUSES, WARNINGS } from "@fengqiao/core";
import { DatePicker, Form, Input, Select } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useTranslation } from "react-i18next";
import { RegionSelect } from "../../components/region-select";
import { useIsPhone } from "../../layout/use-is-phone";
import { useLabels } from "../../lib/labels";

export interface CaseFilter {
  status: string[];
  step: string[];
  warning: string[];
  category: string[];
  channel: string[];
  region?: string;
  from?: string;
  to?: string;
  q?: string;
  sort: "created" | "due";
  /** Workbench figures (queue=mine, overdue=1 …): kept from the URL so a counter opens its set. */
  scope?: Record<string, string>;
}

export const SCOPE_KEYS = [
  "queue",
  "overdue",
  "escalated",
  "callback",
  "outcome",
  "settled",
  "service",
  "kpi",
] as const;

const LIST_KEYS = ["status", "step", "warning", "category", "channel"] as const;

/** Filters live in the URL so a count card, a bookmark or a colleague's link opens the same list. */
export function filterFromParams(sp: URLSearchParams): CaseFilter {
  const list = (k: string) => (sp.get(k) ?? "").split(",").filter(Boolean);
  return {
    status: list("status"),
    step: list("step"),
    warning: list("warning"),
    category: list("category"),
    channel: list("channel"),
    region: sp.get("region") ?? undefined,
    from: sp.get("from") ?? undefined,
    to: sp.get("to") ?? undefined,
    q: sp.get("q") ?? undefined,
    sort: sp.get("sort") === "due" ? "due" : "created",
    scope: Object.fromEntries(SCOPE_KEYS.flatMap((k) => (sp.get(k) ? [[k, sp.get(k) ?? ""]] : []))),
  };
}

export function filterToParams(f: CaseFilter): URLSearchParams {
  const sp = new URLSearchParams();
  for (const k of LIST_KEYS) if (f[k].length) sp.set(k, f[k].join(","));
  for (const k of ["region", "from", "to", "q"] as const) {
    const v = f[k];
    if (v) sp.set(k, v);
  }
  if (f.sort !== "created") sp.set("sort", f.sort);
  for (const [k, v] of Object.entries(f.scope ?? {})) sp.set(k, v);
  return sp;
}

interface Props {
  value: CaseFilter;
  onChange: (f: CaseFilter) => void;
}

export function CaseFilters({ value, onChange }: Props) {
  const { t } = useTranslation();
  const { options } = useLabels();
  const set = (patch: Partial<CaseFilter>) => onChange({ ...value, ...patch });
  const range: [Dayjs, Dayjs] | null = value.from && value.to ? [dayjs(value.from), dayjs(value.to)] : null;
  const multi = { mode: "multiple" as const, allowClear: true, maxTagCount: "responsive" as const };
  // A phone stacks the filters full width; a wide screen lines them up at their own widths.
  const phone = useIsPhone();
  const w = (px: number) => ({ width: phone ? "100%" : px });
  // Each control is named by its visible label (htmlFor → id), which axe and screen readers need.
  return (
    <Form layout="inline" className="fq-filters" style={{ rowGap: 8 }}>
      <Form.Item label={t("field.q")} htmlFor="filter-q">
        <Input.Search
          id="filter-q"
          defaultValue={value.q}
          allowClear
          onSearch={(q) => set({ q: q.trim() || undefined })}
          style={w(220)}
          data-testid="case-search"
        />
      </Form.Item>
      <Form.Item label={t("field.status")} htmlFor="filter-status">
        <Select
          {...multi}
          id="filter-status"
          style={w(200)}
          value={value.status}
          onChange={(status: string[]) => set({ status })}
          options={CASE_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))}
        />
      </Form.Item>
      <Form.Item label={t("field.warning")} htmlFor="filter-warning">
        <Select
          {...multi}
          id="filter-warning"
          style={w(180)}
          value={value.warning}
          onChange={(warning: string[]) => set({ warning })}
          options={WARNINGS.map((w) => ({ value: w, label: t(`warning.${w}`) }))}
        />
      </Form.Item>
      <Form.Item label={t("field.step")} htmlFor="filter-step">
        <Select
          {...multi}
          id="filter-step"
          style={w(180)}
          value={value.step}
          onChange={(step: string[]) => set({ step })}
          options={[1, 2, 3, 4, 5].map((n) => ({ value: String(n), label: t("list.stepN", { n }) }))}
        />
      </Form.Item>
      <Form.Item label={t("field.category")} htmlFor="filter-category">
        <Select
          {...multi}
          id="filter-category"
          style={w(200)}
          value={value.category}
          onChange={(category: string[]) => set({ category })}
          options={options("category")}
        />
      </Form.Item>
      <Form.Item label={t("field.channel")} htmlFor="filter-channel">
        <Select
          {...multi}
          id="filter-channel"
          style={w(200)}
          value={value.channel}
          onChange={(channel: string[]) => set({ channel })}
          options={options("channel")}
        />
      </Form.Item>
      <Form.Item
        label={t("field.region")}
        htmlFor="filter-region"
        style={phone ? undefined : { minWidth: 260 }}
      >
        <RegionSelect id="filter-region" value={value.region} onChange={(region) => set({ region })} />
      </Form.Item>
      <Form.Item label={t("field.dateRange")} htmlFor="filter-from">
        <DatePicker.RangePicker
          id={{ start: "filter-from", end: "filter-to" }}
          style={phone ? { width: "100%" } : undefined}
          value={range}
          onChange={(r) =>
            set({
              from: r?.[0]?.format("YYYY-MM-DD") ?? undefined,
              to: r?.[1]?.format("YYYY-MM-DD") ?? undefined,
            })
          }
        />
      </Form.Item>
      <Form.Item label={t("field.sort")} htmlFor="filter-sort">
        <Select
          id="filter-sort"
          style={w(140)}
          value={value.sort}
          onChange={(sort: "created" | "due") => set({ sort })}
          options={[
            { value: "created", label: t("field.sortCreated") },
            { value: "due", label: t("field.sortDue") },
          ]}
        />
      </Form.Item>
    </Form>
  );
}
