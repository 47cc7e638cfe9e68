import type { CategoryCode } from "@fengqiao/core";
import { sql } from "kysely";
import type { AppContext } from "../../context";
import type { SessionUser } from "../../plugins/auth";
import { changeCase } from "../cases/case-change";
import { createCase } from "../cases/cases.commands";

/** Where the case comes from: a visit (入户走访) or a positive 排查 result. */
export interface FieldSource {
  table: "visits" | "campaign_results";
  id: string;
  gridCode: string;
  householdId: string | null;
  photoIds: string[];
  /** The timeline event and what its sentence names (plain strings only). */
  event: "case.from_visit" | "case.from_screening";
  words: Record<string, string>;
}

// The second attempt lost the race for the source: its case is rolled back and the first one answered.
class AlreadyTurned extends Error {}

/** 北京时间 "2026-12-01 10:30", for a timeline sentence. */
export const chinaTime = (d: Date | string) =>
  new Date(new Date(d).getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace("T", " ");

/**
 * 这是一件纠纷 → 立案: a case at step 1 in the source's grid (channel grid) through the one case-creation
 * path, with the household linked, the photos attached and a readable event naming the source — all
 * in the case's own transaction. A second call (or a racing replay) answers the first case's code.
 */
export async function caseFromField(
  ctx: AppContext,
  actor: SessionUser,
  src: FieldSource,
  input: { category: CategoryCode; title: string; description: string },
): Promise<{ code: string; version: number; created: boolean }> {
  const existing = await turnedInto(ctx, src);
  if (existing) return { ...existing, created: false };
  const now = ctx.clock.now();
  try {
    const row = await createCase({
      ctx,
      actor,
      now,
      input: {
        channel: "grid",
        category: input.category,
        title: input.title,
        description: input.description,
        regionCode: src.gridCode,
        parties: [],
        highRisk: false,
      },
      within: async (tx, inserted) => {
        const claimed = await sql<{ id: string }>`
          UPDATE ${sql.table(src.table)} SET case_id = ${inserted.id}
          WHERE id = ${src.id} AND case_id IS NULL RETURNING id`.execute(tx);
        if (claimed.rows.length === 0) throw new AlreadyTurned();
        if (src.householdId)
          await tx
            .updateTable("cases")
            .set({ household_id: src.householdId })
            .where("id", "=", inserted.id)
            .execute();
        if (src.photoIds.length)
          await tx
            .updateTable("attachments")
            .set({ case_id: inserted.id })
            .where("id", "in", src.photoIds)
            .where("case_id", "is", null)
            .execute();
        const cause = {
          type: "recorded" as const,
          event: src.event,
          data: { ...src.words, sourceId: src.id },
        };
        await changeCase({ ctx, tx, row: inserted, cause, now, actorId: actor.userId });
      },
    });
    // The version after the source's event: the phone's commands queued on this case (before it had
    // a code) are sent with it.
    const made = await turnedInto(ctx, src);
    return { code: row.code, version: made?.version ?? row.version, created: true };
  } catch (err) {
    if (!(err instanceof AlreadyTurned)) throw err;
    const first = await turnedInto(ctx, src);
    if (!first) throw err;
    return { ...first, created: false };
  }
}

async function turnedInto(
  ctx: AppContext,
  src: FieldSource,
): Promise<{ code: string; version: number } | null> {
  const r = await sql<{ code: string; version: number }>`
    SELECT c.code, c.version FROM ${sql.table(src.table)} s JOIN cases c ON c.id = s.case_id WHERE s.id = ${src.id}`.execute(
    ctx.db,
  );
  return r.rows[0] ?? null;
}
