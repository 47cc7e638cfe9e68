import type { TCaseListQuery } from "@fengqiao/core";
import { type Expression, type ExpressionBuilder, type SqlBool, sql } from "kysely";
import type { Database } from "../../db/schema";

// The case list's filters for the dashboard's figures, so each KPI links to exactly the cases it
// counts. Each mirrors one fact of rollup_fact_of (migrations/0012_lead_rollups.sql).
const PENDING = sql<SqlBool>`(cases.outcome IS NULL AND (cases.status = 'submitted'
    OR (cases.status = 'paused' AND cases.paused_from = 'submitted')))`;
const KPI_FLAGS = {
  beyond: sql<SqlBool>`cases.step > cases.step_count`,
  reopened: sql<SqlBool>`cases.reopen_count > 0`,
  missed: sql<SqlBool>`cases.missed_deadline`,
  pending: PENDING,
  // received − awaiting acceptance − rejected − merged (KPI_DEFINITIONS.accepted)
  accepted: sql<SqlBool>`(NOT ${PENDING} AND (cases.outcome IS NULL OR cases.outcome IN ('resolved', 'referred')))`,
  resolved7: sql<SqlBool>`(cases.outcome = 'resolved' AND cases.resolved_at <= cases.created_at + interval '7 days')`,
} as const;

export function dashboardFilters(q: TCaseListQuery) {
  return (eb: ExpressionBuilder<Database, "cases">) => {
    const parts: Expression<SqlBool>[] = [];
    if (q.outcome?.length) {
      const named = q.outcome.filter((o) => o !== "none");
      const either: Expression<SqlBool>[] = named.length ? [eb("cases.outcome", "in", named)] : [];
      if (q.outcome.includes("none")) either.push(eb("cases.outcome", "is", null));
      parts.push(eb.or(either));
    }
    if (q.settled?.length) parts.push(eb("cases.settled_step", "in", q.settled));
    if (q.service?.length) {
      const named = q.service.filter((s) => s !== "none");
      // The rollup counts a case under its first service (rollup_fact_of: services[1]).
      const first = sql<string | null>`cases.services[1]`;
      const either: Expression<SqlBool>[] = named.length ? [eb(first, "in", named)] : [];
      if (q.service.includes("none")) either.push(eb(first, "is", null));
      parts.push(eb.or(either));
    }
    if (q.kpi) parts.push(KPI_FLAGS[q.kpi]);
    return parts.length ? eb.and(parts) : sql<SqlBool>`true`;
  };
}
