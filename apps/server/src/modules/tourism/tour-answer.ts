import {
  AppError,
  authorize,
  type CaseCommandType,
  TOURISM_ANSWER,
  type TourAnswerHow,
  tourAnswerClock,
  tourAnswered,
  tourClosedWithCase,
  tourReportReceived,
  ZText,
} from "@fengqiao/core";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { type SqlBool, sql } from "kysely";
import { z } from "zod";
import type { AppContext } from "../../context";
import type { Tx } from "../../db/database";
import type { ProcedureCause, ProcedureClockHandler } from "../../jobs/procedure-clocks";
import { requireUser, type SessionUser } from "../../plugins/auth";
import { changeCase, policyOrThrow } from "../cases/case-change";
import { caseResource, findCaseForActor } from "../cases/cases.repository";
import type { PlaceView } from "../places/places.repository";
import { tourSettings } from "./tour-settings";

// 旅游警务: a tourist's report from a scenic spot's QR code goes to the spot's post (旅游警务室), which
// answers within minutes: clock `tourism.answer` (subject: tour_reports.id) on the one clock engine.

/** Workbench: a case a tourist is waiting on the actor's post to answer. */
export const postWaiting = (unitId: string) =>
  sql<SqlBool>`EXISTS (SELECT 1 FROM tour_reports t WHERE t.case_id = cases.id AND t.unit_id = ${unitId}
    AND t.answered_at IS NULL)`;

/**
 * Inside the QR report's own transaction: at a scenic spot with a post, the case goes to the post's unit
 * and the answer clock starts. Nothing happens at other places.
 */
export async function startTourReport(ctx: AppContext, tx: Tx, caseId: string, place: PlaceView, now: Date) {
  if (place.kind !== "scenic_spot") return;
  const post = await tx
    .selectFrom("tour_posts")
    .selectAll()
    .where("place_id", "=", place.id)
    .executeTakeFirst();
  if (!post) return;
  const settings = await tourSettings(tx);
  const row = await tx
    .selectFrom("cases")
    .selectAll()
    .where("id", "=", caseId)
    .forUpdate()
    .executeTakeFirstOrThrow();
  const due = new Date(now.getTime() + settings.answerMinutes * 60_000);
  const report = await tx
    .insertInto("tour_reports")
    .values({ case_id: caseId, place_id: place.id, unit_id: post.unit_id, received_at: now, due_at: due })
    .returning("id")
    .executeTakeFirstOrThrow();
  const ref = { reportId: report.id, place: place.name, post: post.name };
  const assign = { type: "assign" as const, unitId: post.unit_id, userId: row.assignee_id };
  await changeCase({
    ctx,
    tx,
    row,
    now,
    actorId: null,
    cause: [{ type: "command", command: assign, actorId: null }, tourReportReceived(ref, settings, now)],
  });
}

async function waitingReport(tx: Tx, caseId: string) {
  return tx
    .selectFrom("tour_reports as t")
    .innerJoin("tour_posts as p", "p.place_id", "t.place_id")
    .innerJoin("places as pl", "pl.id", "t.place_id")
    .select(["t.id", "t.unit_id", "t.due_at", "p.name as post", "pl.name as place"])
    .where("t.case_id", "=", caseId)
    .where("t.answered_at", "is", null)
    .forUpdate("t")
    .executeTakeFirst();
}

async function answer(
  tx: Tx,
  actor: SessionUser,
  caseId: string,
  how: TourAnswerHow,
  now: Date,
  note?: string,
) {
  const r = await waitingReport(tx, caseId);
  // Only the post's own people answer for it; anyone else's accept or note leaves the clock running.
  if (!r || r.unit_id !== actor.unitId) return null;
  await tx
    .updateTable("tour_reports")
    .set({ answered_at: now, answered_by: actor.userId, answer_how: how })
    .where("id", "=", r.id)
    .execute();
  const ref = { reportId: r.id, place: r.place, post: r.post };
  return tourAnswered({ ...ref, by: actor.displayName, how, dueAt: new Date(r.due_at), note }, now);
}

/** Commands that settle the case: a tourist's report still waiting ends with it, whoever settles it. */
const SETTLING = new Set<CaseCommandType>(["resolve", "close", "reject", "merge", "refer"]);

async function closeWithCase(tx: Tx, actor: SessionUser, caseId: string, now: Date) {
  const r = await waitingReport(tx, caseId);
  if (!r) return [];
  await tx
    .updateTable("tour_reports")
    .set({ answered_at: now, answered_by: actor.userId, answer_how: "settled" })
    .where("id", "=", r.id)
    .execute();
  return [tourClosedWithCase({ reportId: r.id, place: r.place, post: r.post }, now)];
}

/** runCaseCommand's hook: the post's accept or note is its answer (one more cause in the same change). */
export async function tourAnswerOnCommand(
  tx: Tx,
  actor: SessionUser,
  caseId: string,
  command: CaseCommandType,
  now: Date,
): Promise<ProcedureCause[]> {
  if (SETTLING.has(command)) return closeWithCase(tx, actor, caseId, now);
  if ((command !== "accept" && command !== "note") || !actor.unitId) return [];
  const cause = await answer(tx, actor, caseId, command, now);
  return cause ? [cause] : [];
}

/** POST /api/v1/cases/:ref/tour-answer — the post answered the tourist (by phone, on the spot). */
export function tourAnswerRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      "/cases/:ref/tour-answer",
      {
        schema: {
          tags: ["tourism"],
          params: z.object({ ref: ZText.min(1).max(64) }),
          body: z.object({ note: ZText.trim().min(1).max(2000) }),
        },
      },
      async (req) => {
        const actor = requireUser(req);
        const now = ctx.clock.now();
        return ctx.db.transaction().execute(async (tx) => {
          const row = await findCaseForActor(tx, actor, req.params.ref, { forUpdate: true });
          authorize(actor, "case.note", caseResource(row, await policyOrThrow(ctx, row.policy_key)));
          const cause = await answer(tx, actor, row.id, "answer", now, req.body.note);
          if (!cause)
            throw new AppError("INVALID_TRANSITION", {
              zh: "没有待本警务室答复的游客求助",
              en: "No tourist report is waiting for your post's answer",
            });
          await changeCase({ ctx, tx, row, cause, now, actorId: actor.userId });
          return { code: row.code, answeredAt: now.toISOString(), late: cause.events[0]?.data.late === true };
        });
      },
    );
  };
}

/** The sweep's side: 催办 at the warn point, red when the minutes ran out. One SELECT, one UPDATE per batch. */
export const tourClocks: ProcedureClockHandler = {
  kinds: [TOURISM_ANSWER],
  warnKinds: [TOURISM_ANSWER],
  async onClocks({ tx, now, on, items }) {
    const ids = [
      ...new Set(items.flatMap((i) => i.clocks.flatMap((k) => (k.subjectId ? [k.subjectId] : [])))),
    ];
    const out = new Map<string, ProcedureCause>();
    if (ids.length === 0) return out;
    const rows = await sql<{ id: string; post: string; place: string }>`
      SELECT t.id, p.name AS post, pl.name AS place FROM tour_reports t
      JOIN tour_posts p ON p.place_id = t.place_id JOIN places pl ON pl.id = t.place_id
      WHERE t.id = ANY(${ids}::uuid[]) AND t.answered_at IS NULL`.execute(tx);
    const column = on === "warn" ? sql`warned_at` : sql`overdue_at`;
    await sql`UPDATE tour_reports SET ${column} = ${now} WHERE id = ANY(${ids}::uuid[]) AND answered_at IS NULL`.execute(
      tx,
    );
    const byId = new Map(rows.rows.map((r) => [r.id, r]));
    for (const { caseRow, clocks } of items) {
      const r = clocks.map((k) => (k.subjectId ? byId.get(k.subjectId) : undefined)).find((x) => x);
      if (r) out.set(caseRow.id, tourAnswerClock({ reportId: r.id, place: r.place, post: r.post }, on, now));
    }
    return out;
  },
};
