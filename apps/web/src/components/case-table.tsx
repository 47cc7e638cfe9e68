import { Pagination, Table } from "antd";
import type { ColumnsType } from "antd/es/table";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { CaseSummary } from "../api/types";
import { useIsPhone } from "../layout/use-is-phone";
import { useLabels } from "../lib/labels";
import { fmtTime } from "../lib/time";
import { DeadlineCell } from "./countdown";
import { RegionName } from "./region-name";
import { StatusTag, StepLabel } from "./tags";

export type CaseColumnKey =
  | "code"
  | "title"
  | "category"
  | "channel"
  | "status"
  | "step"
  | "deadline"
  | "region"
  | "reporter"
  | "createdAt";

export const ALL_COLUMNS: CaseColumnKey[] = [
  "code",
  "title",
  "category",
  "channel",
  "status",
  "step",
  "deadline",
  "region",
  "reporter",
  "createdAt",
];

const COLUMN_TITLE: Record<CaseColumnKey, string> = {
  code: "field.code",
  title: "field.title",
  category: "field.category",
  channel: "field.channel",
  status: "field.status",
  step: "field.step",
  deadline: "field.countdown",
  region: "field.region",
  reporter: "field.reporter",
  createdAt: "field.createdAt",
};

interface Props {
  items: CaseSummary[];
  now: Date;
  columns?: CaseColumnKey[];
  loading?: boolean;
  /** Page the rows client-side (the workbench queue); the case list pages by cursor instead. */
  pageSize?: number;
}

/** The case table shared by the workbench queue and the case list; on a phone, a list of cards. */
export function CaseTable(props: Props) {
  return useIsPhone() ? <CaseCards {...props} /> : <CaseRows {...props} />;
}

/**
 * One card per case, for screens under 768 px where a table scrolls sideways and hides the clock:
 * countdown and 红黄蓝 tag first, then code, title, region and status (the column choice is a
 * desktop matter; a card always shows these).
 */
function CaseCards({ items, now, loading, pageSize }: Props) {
  const [page, setPage] = useState(1);
  const shown = pageSize ? items.slice((page - 1) * pageSize, page * pageSize) : items;
  return (
    <div className="fq-case-cards" data-testid="case-cards" aria-busy={loading || undefined}>
      {shown.map((c) => (
        <article key={c.id} className={`fq-case-card fq-row-${c.warning}`} data-testid="case-card">
          <DeadlineCell c={c} now={now} />
          <Link to={`/cases/${c.code}`} data-testid="case-link" className="fq-case-card-code">
            {c.code}
          </Link>
          <div className="fq-case-card-title">{c.title}</div>
          <div className="fq-secondary">
            <RegionName code={c.regionCode} name={c.regionName} />
          </div>
          <div className="fq-case-card-status">
            <StatusTag status={c.status} />
            <StepLabel step={c.step} stepCount={c.stepCount} />
          </div>
        </article>
      ))}
      {pageSize && items.length > pageSize && (
        <Pagination
          simple
          align="center"
          current={page}
          pageSize={pageSize}
          total={items.length}
          onChange={setPage}
        />
      )}
    </div>
  );
}

function CaseRows({ items, now, columns = ALL_COLUMNS, loading, pageSize }: Props) {
  const { t } = useTranslation();
  const { label } = useLabels();
  const render: Record<CaseColumnKey, (c: CaseSummary) => React.ReactNode> = {
    code: (c) => (
      <Link to={`/cases/${c.code}`} data-testid="case-link">
        {c.code}
      </Link>
    ),
    // CSS ellipsis and the native tooltip: Typography's measuring ellipsis costs a lot per row.
    title: (c) => (
      <span className="fq-ellipsis" title={c.title}>
        {c.title}
      </span>
    ),
    category: (c) => label("category", c.category),
    channel: (c) => label("channel", c.channel),
    status: (c) => <StatusTag status={c.status} />,
    step: (c) => <StepLabel step={c.step} stepCount={c.stepCount} />,
    deadline: (c) => <DeadlineCell c={c} now={now} />,
    region: (c) => <RegionName code={c.regionCode} name={c.regionName} />,
    reporter: (c) => [c.reporterName, c.reporterPhone].filter(Boolean).join(" ") || "—",
    createdAt: (c) => fmtTime(c.createdAt),
  };
  const cols: ColumnsType<CaseSummary> = columns.map((key) => ({
    key,
    title: t(COLUMN_TITLE[key]),
    render: (_: unknown, c: CaseSummary) => render[key](c),
  }));
  return (
    <Table<CaseSummary>
      rowKey="id"
      size="middle"
      columns={cols}
      dataSource={items}
      loading={loading}
      // A queue shows its first page at once; rendering every row with a live countdown is what
      // kept the workbench busy after its data arrived.
      pagination={pageSize ? { pageSize, hideOnSinglePage: true, showSizeChanger: false } : false}
      scroll={{ x: "max-content" }}
      rowClassName={(c) => `fq-row-${c.warning}`}
    />
  );
}
