import {
  type AgreementState,
  followupDue,
  jcClockCause,
  MEDIATION_CLOCKS,
  type ProcedureCause,
  termOverdue,
} from "@fengqiao/core";
import { sql } from "kysely";
import type { ProcedureClockHandler } from "../../jobs/procedure-clocks";

// mediation.term, agreement.followup and jc.* on the one clock engine. Each batch touches each table
// with one statement whatever its size (after National Day thousands may run out at once), and every
// case gets one procedure cause holding all of its clocks' events.

const ids = (items: { clocks: { kind: string; subjectId?: string | null }[] }[], kind: string) =>
  items.flatMap((i) =>
    i.clocks.filter((k) => k.kind === kind && k.subjectId).map((k) => k.subjectId as string),
  );

export const mediationClocks: ProcedureClockHandler = {
  kinds: Object.values(MEDIATION_CLOCKS),
  warnKinds: [MEDIATION_CLOCKS.jcApply],
  async onClocks({ tx, now, on, items }) {
    const rooms = new Map<string, string>();
    if (on === "due") {
      const term = ids(items, MEDIATION_CLOCKS.term);
      if (term.length) {
        const r = await sql<{ id: string; name: string }>`
          UPDATE mediation_handings h SET term_overdue = true FROM mediation_rooms r
          WHERE h.id = ANY(${term}::uuid[]) AND r.id = h.room_id RETURNING h.id, r.name`.execute(tx);
        for (const x of r.rows) rooms.set(x.id, x.name);
      }
      const follow = ids(items, MEDIATION_CLOCKS.followup);
      if (follow.length)
        await sql`UPDATE mediation_agreements SET performance = 'due'
          WHERE id = ANY(${follow}::uuid[]) AND performance = 'pending'`.execute(tx);
      const court = [...ids(items, MEDIATION_CLOCKS.jcAccept), ...ids(items, MEDIATION_CLOCKS.jcRule)];
      if (court.length)
        await sql`UPDATE judicial_confirmations SET overdue = true WHERE id = ANY(${court}::uuid[])`.execute(
          tx,
        );
    }
    const out = new Map<string, ProcedureCause>();
    for (const { caseRow, clocks } of items) {
      const parts = clocks.map((k): ProcedureCause => {
        const subject = k.subjectId ?? "";
        if (k.kind === MEDIATION_CLOCKS.term) return termOverdue(now, k.dueAt, rooms.get(subject) ?? "");
        if (k.kind === MEDIATION_CLOCKS.followup) return followupDue(pendingAgreement(subject), now).cause;
        return jcClockCause(k.kind, on, subject, now);
      });
      out.set(caseRow.id, {
        type: "procedure",
        events: parts.flatMap((p) => p.events),
        notices: parts.flatMap((p) =>
          (p.notices ?? []).map((n) => ({
            ...n,
            payload: { ...n.payload, caseId: caseRow.id, code: caseRow.code },
          })),
        ),
        red: parts.some((p) => p.red === true),
      });
    }
    return out;
  },
};

// followupDue only needs the id for its event; the row was updated set-based above.
const pendingAgreement = (id: string): AgreementState => ({
  id,
  status: "effective",
  signatures: [],
  effectiveAt: null,
  performance: "pending",
});
