import {
  PETITION_CLOCK_KINDS,
  PETITION_DUTY_KINDS,
  type PetitionState,
  petitionClockDue,
  petitionDeadline,
} from "@fengqiao/core";
import { sql } from "kysely";
import type { ProcedureCause, ProcedureClockHandler } from "../../jobs/procedure-clocks";
import { petitionState, rulesOf } from "./petitions.repository";

// The sweep's side of 信访: an office deadline (15 / 60(+30) / 复查 / 复核) that ran out turns the case red
// with a notice; the petitioner's request window closing makes the last opinion final; a warn point
// (default 5 days before) reminds the office (催办). Set-based: one read and one write per batch.

export const petitionClocks: ProcedureClockHandler = {
  kinds: PETITION_CLOCK_KINDS,
  warnKinds: PETITION_DUTY_KINDS,
  async onClocks({ ctx, tx, now, on, items }) {
    const ids = [
      ...new Set(items.flatMap((i) => i.clocks.map((k) => k.subjectId).filter((x): x is string => !!x))),
    ];
    const out = new Map<string, ProcedureCause>();
    if (ids.length === 0) return out;
    const rows = await tx.selectFrom("petitions").selectAll().where("id", "in", ids).forUpdate().execute();
    const byId = new Map(rows.map((r) => [r.id, r]));
    const changed = new Map<string, PetitionState>();
    for (const { caseRow, clocks } of items) {
      const cause: ProcedureCause = { type: "procedure", events: [], notices: [], red: false };
      for (const k of clocks) {
        const row = k.subjectId ? byId.get(k.subjectId) : undefined;
        if (!row) continue;
        const state = changed.get(row.id) ?? petitionState(row);
        if (on === "warn") {
          if (state.dueAt?.getTime() !== k.dueAt.getTime()) continue;
          cause.events.push({
            type: "petition.due_soon",
            at: now,
            data: { stage: state.stage, dueAt: k.dueAt, basis: state.basis },
          });
          cause.notices?.push({
            topic: "petition.due_soon",
            payload: { caseId: caseRow.id, code: caseRow.code, stage: state.stage },
          });
          continue;
        }
        const r = petitionClockDue(state, k.kind, k.dueAt, now);
        if (r.events.length === 0) continue;
        changed.set(row.id, r.state);
        cause.events.push(...r.events);
        cause.notices?.push(
          ...r.notices.map((n) => ({
            ...n,
            payload: {
              ...n.payload,
              caseId: caseRow.id,
              code: caseRow.code,
              regionCode: caseRow.region_code,
            },
          })),
        );
        cause.red = cause.red || r.red;
        // The deadline the case is held to follows the petition (a closed request window: none).
        cause.deadline = petitionDeadline(r.state, rulesOf(await ctx.rules.policy(caseRow.policy_key)));
      }
      out.set(caseRow.id, cause);
    }
    if (changed.size > 0) {
      const values = [...changed].map(
        ([id, s]) =>
          sql`(${id}::uuid, ${s.stage}::text, ${s.dueAt}::timestamptz, ${s.basis}::text, ${s.overdue}::boolean)`,
      );
      await sql`
        UPDATE petitions p SET stage = v.stage, due_at = v.due_at, basis = v.basis, overdue = v.overdue, updated_at = ${now}
        FROM (VALUES ${sql.join(values)}) AS v(id, stage, due_at, basis, overdue)
        WHERE p.id = v.id`.execute(tx);
    }
    return out;
  },
};
