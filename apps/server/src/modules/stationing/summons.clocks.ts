import { decideSummons, SUMMONS_ACK_KIND } from "@fengqiao/core";
import { sql } from "kysely";
import type { ProcedureCause, ProcedureClockHandler } from "../../jobs/procedure-clocks";

// 随叫随驻: a summons.ack clock ran out. One UPDATE marks every still-unanswered summons of the batch
// missed (a burst after a holiday brings thousands); each case then takes core's decision: the event,
// the notices to the center and the unit's leadership, and red.
export const summonsClocks: ProcedureClockHandler = {
  kinds: [SUMMONS_ACK_KIND],
  warnKinds: [],
  async onClocks({ tx, now, on, items }) {
    const out = new Map<string, ProcedureCause>();
    if (on !== "due") return out;
    const ids = items.flatMap((i) => i.clocks.map((k) => k.subjectId).filter((s): s is string => !!s));
    if (ids.length === 0) return out;
    const missed = await sql<{
      id: string;
      case_id: string;
      unit_id: string;
      center_code: string;
      ack_due_at: Date;
    }>`
      UPDATE summons SET status = 'missed', late = true, missed_at = ${now}
      WHERE id = ANY(${ids}::uuid[]) AND status = 'summoned'
      RETURNING id, case_id, unit_id, center_code, ack_due_at`.execute(tx);
    const codes = new Map(items.map((i) => [i.caseRow.id, i.caseRow.code]));
    for (const s of missed.rows) {
      const d = decideSummons(
        { id: s.id, unitId: s.unit_id, status: "summoned", ackDueAt: s.ack_due_at, late: false },
        { type: "ackMissed" },
        {
          now,
          id: s.id,
          unitId: s.unit_id,
          centerRegion: s.center_code,
          caseCode: codes.get(s.case_id) ?? "",
        },
      );
      const prev = out.get(s.case_id);
      out.set(s.case_id, {
        type: "procedure",
        events: [...(prev?.events ?? []), ...d.events],
        notices: [...(prev?.notices ?? []), ...d.notices],
        red: (prev?.red ?? false) || d.red,
      });
    }
    return out;
  },
};
