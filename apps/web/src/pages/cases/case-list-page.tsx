import { DownloadOutlined, SettingOutlined } from "@ant-design/icons";
import { useInfiniteQuery } from "@tanstack/react-query";
import { Button, Card, Checkbox, Collapse, Popover, Space, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { api, apiUrl } from "../../api/client";
import type { CaseSummary, Page } from "../../api/types";
import { ALL_COLUMNS, type CaseColumnKey, CaseTable } from "../../components/case-table";
import { QueryState } from "../../components/query-state";
import { ScopeNote } from "../../components/scope-note";
import { useIsPhone } from "../../layout/use-is-phone";
import { useServerNow } from "../../lib/time";
import { type CaseFilter, CaseFilters, filterFromParams, filterToParams } from "./case-filters";

const COLUMNS_KEY = "fq.caseColumns";
const DEFAULT_COLUMNS: CaseColumnKey[] = [
  "code",
  "title",
  "category",
  "status",
  "step",
  "deadline",
  "createdAt",
];

function storedColumns(): CaseColumnKey[] {
  try {
    const raw: unknown = JSON.parse(localStorage.getItem(COLUMNS_KEY) ?? "null");
    if (Array.isArray(raw)) return ALL_COLUMNS.filter((c) => raw.includes(c));
  } catch {
    // Unreadable preference: fall back to the defaults.
  }
  return DEFAULT_COLUMNS;
}

const toQuery = (f: CaseFilter) => ({
  status: f.status,
  step: f.step,
  warning: f.warning,
  category: f.category,
  channel: f.channel,
  region: f.region,
  from: f.from,
  to: f.to,
  q: f.q,
  sort: f.sort,
  ...f.scope,
});

export default function CaseListPage() {
  const { t } = useTranslation();
  const [sp, setSp] = useSearchParams();
  const filter = filterFromParams(sp);
  const [columns, setColumns] = useState<CaseColumnKey[]>(storedColumns);
  const now = useServerNow();
  const phone = useIsPhone();
  const q = useInfiniteQuery({
    queryKey: ["cases", toQuery(filter)],
    queryFn: ({ pageParam }) =>
      api<Page<CaseSummary>>("/cases", { params: { ...toQuery(filter), cursor: pageParam, limit: 50 } }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = q.data?.pages.flatMap((p) => p.items) ?? [];
  const chooseColumns = (cols: CaseColumnKey[]) => {
    const ordered = ALL_COLUMNS.filter((c) => cols.includes(c));
    setColumns(ordered);
    localStorage.setItem(COLUMNS_KEY, JSON.stringify(ordered));
  };

  return (
    <Card
      title={t("list.title")}
      extra={
        // A phone shows cards (no columns to choose) and an icon-only export, so the title keeps its room.
        <Space>
          {!phone && (
            <Popover
              trigger="click"
              title={t("list.columns")}
              content={
                <Checkbox.Group
                  style={{ display: "grid", gap: 4 }}
                  value={columns}
                  onChange={(v) => chooseColumns(v as CaseColumnKey[])}
                  options={ALL_COLUMNS.map((c) => ({
                    value: c,
                    label: t(`field.${c === "deadline" ? "countdown" : c}`),
                  }))}
                />
              }
            >
              <Button icon={<SettingOutlined />}>{t("list.columns")}</Button>
            </Popover>
          )}
          {/* A link, not a fetch: the browser downloads the file itself, with the session cookie. */}
          <Button
            icon={<DownloadOutlined />}
            href={apiUrl("/cases-export.xlsx", toQuery(filter))}
            download
            aria-label={t("list.export")}
          >
            {phone ? null : t("list.export")}
          </Button>
        </Space>
      }
    >
      {/* On a phone the filters fold away behind one button: the cases come first. */}
      {phone ? (
        <Collapse
          size="small"
          items={[
            {
              key: "f",
              label: t("con.filters"),
              children: (
                <CaseFilters value={filter} onChange={(f) => setSp(filterToParams(f), { replace: true })} />
              ),
            },
          ]}
        />
      ) : (
        <CaseFilters value={filter} onChange={(f) => setSp(filterToParams(f), { replace: true })} />
      )}
      <ScopeNote
        scope={filter.scope}
        onClear={() => setSp(filterToParams({ ...filter, scope: {} }), { replace: true })}
      />
      <div style={{ marginTop: 16 }}>
        <QueryState
          isLoading={q.isLoading}
          error={q.error}
          isEmpty={items.length === 0}
          onRetry={() => void q.refetch()}
        >
          <CaseTable items={items} now={now} columns={columns} />
          <Space style={{ marginTop: 12 }} wrap>
            <Typography.Text type="secondary">{t("list.count", { n: items.length })}</Typography.Text>
            {q.hasNextPage ? (
              <Button onClick={() => void q.fetchNextPage()} loading={q.isFetchingNextPage}>
                {t("common.loadMore")}
              </Button>
            ) : (
              <Typography.Text type="secondary">{t("common.noMore")}</Typography.Text>
            )}
          </Space>
        </QueryState>
      </div>
    </Card>
  );
}
