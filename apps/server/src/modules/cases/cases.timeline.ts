import type { TClockView, TTimelineEvent } from "@fengqiao/core";
import type { Db } from "../../db/database";

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

/** The timeline (who did what, when) and the clocks of one case. */
export async function caseTimeline(
  db: Db,
  caseId: string,
): Promise<{ events: TTimelineEvent[]; clocks: TClockView[] }> {
  const [events, clocks] = await Promise.all([
    db
      .selectFrom("case_events as e")
      .leftJoin("users as u", "u.id", "e.actor_id")
      .select(["e.seq", "e.type", "e.at", "e.data", "u.display_name as actor"])
      .where("e.case_id", "=", caseId)
      .orderBy("e.seq")
      .execute(),
    db
      .selectFrom("clocks")
      .select([
        "kind",
        "step",
        "started_at",
        "due_at",
        "warn_at",
        "paused_at",
        "stopped_at",
        "fired_at",
        "basis",
      ])
      .where("case_id", "=", caseId)
      .orderBy("id")
      .execute(),
  ]);
  return {
    events: events.map((e) => ({
      seq: e.seq,
      type: e.type,
      at: new Date(e.at).toISOString(),
      actor: e.actor,
      // jsonb written by the case store: always an object of the event's facts.
      data: e.data as Record<string, unknown>,
    })),
    clocks: clocks.map((c) => ({
      kind: c.kind,
      step: c.step,
      startedAt: iso(c.started_at),
      dueAt: iso(c.due_at),
      warnAt: iso(c.warn_at),
      pausedAt: iso(c.paused_at),
      stoppedAt: iso(c.stopped_at),
      firedAt: iso(c.fired_at),
      basis: c.basis,
    })),
  };
}
