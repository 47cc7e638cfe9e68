import { type FollowupItem, followupCauses, MEETING_FOLLOWUP, type MeetingKind } from "@fengqiao/core";
import type { ProcedureCause, ProcedureClockHandler } from "../../jobs/procedure-clocks";

// A meeting decision's follow-up clock (meeting.followup, subjectId = the decision): at its warn
// point the owner is reminded (催办); when it runs out the decision is marked overdue, the linked
// case turns red and the owner is told. One SELECT and one UPDATE per batch, whatever its size.

export const meetingFollowups: ProcedureClockHandler = {
  kinds: [MEETING_FOLLOWUP],
  warnKinds: [MEETING_FOLLOWUP],
  async onClocks({ tx, now, on, items }) {
    const ids = [
      ...new Set(items.flatMap((i) => i.clocks.flatMap((k) => (k.subjectId ? [k.subjectId] : [])))),
    ];
    if (ids.length === 0) return new Map<string, ProcedureCause>();
    // Settled decisions stop their clocks; the status filter only guards against a clock left behind.
    const rows = await tx
      .selectFrom("meeting_decisions as d")
      .innerJoin("meetings as m", "m.id", "d.meeting_id")
      .select([
        "d.id",
        "d.text",
        "d.owner_unit_id",
        "d.owner_user_id",
        "d.due_at",
        "m.id as meeting_id",
        "m.kind",
        "m.title",
      ])
      .where("d.id", "in", ids)
      .where("d.status", "=", "open")
      .execute();
    if (on === "due" && rows.length > 0)
      await tx
        .updateTable("meeting_decisions")
        .set({ overdue: true })
        .where(
          "id",
          "in",
          rows.map((r) => r.id),
        )
        .execute();
    const byId = new Map(rows.map((r) => [r.id, r]));
    const list: FollowupItem[] = items.flatMap(({ caseRow, clocks }) =>
      clocks.flatMap((k) => {
        const r = k.subjectId ? byId.get(k.subjectId) : undefined;
        if (!r) return [];
        return [
          {
            caseId: caseRow.id,
            code: caseRow.code,
            meeting: { id: r.meeting_id, kind: r.kind as MeetingKind, title: r.title },
            decision: {
              id: r.id,
              text: r.text,
              ownerUnitId: r.owner_unit_id,
              ownerUserId: r.owner_user_id,
              dueAt: new Date(r.due_at),
            },
          },
        ];
      }),
    );
    return followupCauses(on, list, now);
  },
};
