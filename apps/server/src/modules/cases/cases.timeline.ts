import type { TClockView, TTimelineEvent } from "@fengqiao/core";
import { sql } from "kysely";
import type { Db } from "../../db/database";

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

/** The timeline (who did what, when) and the clocks of one case. */
export async function caseTimeline(
  db: Db,
  caseId: string,
): Promise<{ events: TTimelineEvent[]; clocks: TClockView[] }> {
  const [events, clocks] = await Promise.all([
    // The case's chain and its tasks' own chains (催办, 督办单: 0023), in the order they were written:
    // both take their ids from one sequence.
    sql<{ type: string; at: Date | string; data: unknown; actor: string | null }>`
      SELECT e.type, e.at, e.data, u.display_name AS actor
      FROM (
        SELECT id, type, at, data, actor_id FROM case_events WHERE case_id = ${caseId}
        UNION ALL
        SELECT id, type, at, data, actor_id FROM task_events
        WHERE task_id IN (SELECT id FROM tasks WHERE case_id = ${caseId})
      ) e LEFT JOIN users u ON u.id = e.actor_id
      ORDER BY e.id`
      .execute(db)
      .then((r) => r.rows),
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
    events: events.map((e, i) => ({
      // Position in the merged timeline (each chain keeps its own numbering underneath).
      seq: i + 1,
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
