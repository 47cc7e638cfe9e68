import { decideReferral, REFERRAL_ACK_KIND } from "@fengqiao/core";
import { sql } from "kysely";
import type { ProcedureCause, ProcedureClockHandler } from "../../jobs/procedure-clocks";

// 三调对接: a referral.ack clock ran out before the receiving side signed for it. One UPDATE flags
// every such referral of the batch; the sender's case takes the event, the notice and red.
export const referralClocks: ProcedureClockHandler = {
  kinds: [REFERRAL_ACK_KIND],
  warnKinds: [],
  async onClocks({ tx, now, on, items }) {
    const out = new Map<string, ProcedureCause>();
    if (on !== "due") return out;
    const ids = items.flatMap((i) => i.clocks.map((k) => k.subjectId).filter((s): s is string => !!s));
    if (ids.length === 0) return out;
    const missed = await sql<{
      id: string;
      origin_case_id: string;
      from_unit_id: string | null;
      to_unit_id: string;
    }>`
      UPDATE referrals SET ack_missed = true
      WHERE id = ANY(${ids}::uuid[]) AND status = 'sent' AND NOT ack_missed AND origin_case_id IS NOT NULL
      RETURNING id, origin_case_id, from_unit_id, to_unit_id`.execute(tx);
    const codes = new Map(items.map((i) => [i.caseRow.id, i.caseRow.code]));
    for (const r of missed.rows) {
      const d = decideReferral(
        { id: r.id, status: "sent", ackMissed: false, outcome: null },
        { type: "ackMissed" },
        {
          now,
          id: r.id,
          fromUnitId: r.from_unit_id,
          toUnitId: r.to_unit_id,
          originCode: codes.get(r.origin_case_id) ?? null,
        },
      );
      if (!d.origin) continue;
      const prev = out.get(r.origin_case_id);
      out.set(r.origin_case_id, {
        type: "procedure",
        events: [...(prev?.events ?? []), ...d.origin.events],
        notices: [...(prev?.notices ?? []), ...d.origin.notices],
        red: (prev?.red ?? false) || d.origin.red,
      });
    }
    return out;
  },
};
