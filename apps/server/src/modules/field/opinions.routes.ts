import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { AppContext } from "../../context";
import { atOrBelow } from "../../db/subtree";
import { hashToken, requireUser, SESSION_COOKIE } from "../../plugins/auth";
import { presentCaseSummary } from "../cases/cases.presenter";
import { summaryExtras, visibleTo } from "../cases/cases.repository";
import { policeQueueCases } from "../village-police/officers";
import { areaOf, campaignsQuery, progressOf } from "./campaigns.repository";
import { ZOpinionCreate, ZOpinionQuery } from "./field.schemas";
import {
  authorizeRole,
  gridInScope,
  insertOnce,
  iso,
  notFound,
  regionInScope,
  requestHashOf,
} from "./field.shared";
import { householdForActor } from "./households.repository";
import { loadVisits } from "./visits.repository";

/** 社情民意 heard in the field (never a case, never counted as one), and the phone's Today page. */
export function opinionsTodayRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.post("/field/opinions", { schema: { tags: ["field"], body: ZOpinionCreate } }, async (req, reply) => {
      const actor = requireUser(req);
      const b = req.body;
      const grid = await gridInScope(ctx.db, actor, b.gridCode, "opinion.write");
      const hash = requestHashOf(actor, b);
      const outcome = await insertOnce(ctx.db, "field_opinions", b.id, hash, async () => {
        if (b.householdId) {
          authorizeRole(actor, "household.read");
          const h = await householdForActor(ctx.db, actor, b.householdId, ctx.pd);
          if (h.gridCode !== grid.code) throw notFound();
        }
        await ctx.db
          .insertInto("field_opinions")
          .values({
            id: b.id,
            grid_code: grid.code,
            region_path: grid.path,
            topic: b.topic,
            content: b.content,
            household_id: b.householdId ?? null,
            created_by: actor.userId,
            created_at: ctx.clock.now(),
            request_hash: hash,
          })
          .execute();
      });
      const [view] = await opinions(ctx, actor.regionPath, b.id);
      return reply.status(outcome === "new" ? 201 : 200).send(view);
    });

    app.get("/field/opinions", { schema: { tags: ["field"], querystring: ZOpinionQuery } }, async (req) => {
      const actor = requireUser(req);
      authorizeRole(actor, "opinion.read");
      const region = req.query.region ? await regionInScope(ctx.db, actor, req.query.region) : null;
      return { items: await opinions(ctx, region?.path ?? actor.regionPath) };
    });

    app.get("/field/today", { schema: { tags: ["field"] } }, async (req) => {
      const actor = requireUser(req);
      authorizeRole(actor, "household.read");
      const now = ctx.clock.now();
      const grids = await ctx.db
        .selectFrom("regions")
        .select(["code", "name"])
        .where("level", "=", "grid")
        .where(atOrBelow("path", actor.regionPath))
        .orderBy("code")
        .limit(200)
        .execute();
      const cases = await ctx.db
        .selectFrom("cases")
        .selectAll()
        .select(summaryExtras)
        .where(visibleTo(actor))
        .where("status", "not in", ["resolved", "closed"])
        .orderBy("step_due_at", "asc")
        .limit(100)
        .execute();
      const visitsPlanned = await loadVisits(ctx.db, {
        within: actor.regionPath,
        plannedAfter: now,
        by: actor.userId,
        limit: 50,
      });
      const running = await campaignsQuery(ctx.db, actor)
        .where("c.starts_at", "<=", now)
        .where("c.due_at", ">=", now)
        .orderBy("c.due_at")
        .limit(20)
        .execute();
      const campaigns = [];
      for (const c of running) {
        const p = await progressOf(ctx.db, c, areaOf(c, actor));
        campaigns.push({
          id: c.id,
          title: c.title,
          kind: c.kind,
          dueAt: iso(c.due_at),
          done: p.done,
          total: p.total,
        });
      }
      // 有事找警察: the village's resident officer sees their 治安 queue (as GET /police/queue) first.
      const police = actor.roles.includes("police")
        ? await policeQueueCases(ctx.db, actor, { order: "due", limit: 100 })
        : null;
      // The phone's first call of the day marks the device as seen (GET /auth/devices shows it).
      await markSeen(ctx, req.cookies[SESSION_COOKIE], now);
      return {
        grids,
        cases: cases.map((c) => presentCaseSummary(c, ctx.pd)),
        ...(police ? { police: police.map((c) => presentCaseSummary(c, ctx.pd)) } : {}),
        visitsPlanned,
        campaigns,
      };
    });
  };
}

async function markSeen(ctx: AppContext, token: string | undefined, now: Date) {
  if (!token) return;
  await ctx.db
    .updateTable("sessions")
    .set({ last_seen_at: now })
    .where("token_hash", "=", hashToken(token))
    .execute();
}

async function opinions(ctx: AppContext, within: string, id?: string) {
  let q = ctx.db
    .selectFrom("field_opinions as o")
    .innerJoin("regions as g", "g.code", "o.grid_code")
    .innerJoin("users as u", "u.id", "o.created_by")
    .leftJoin("households as h", "h.id", "o.household_id")
    .select([
      "o.id",
      "o.grid_code",
      "g.name as grid_name",
      "o.topic",
      "o.content",
      "o.household_id",
      "h.address",
      "o.created_at",
      "u.id as user_id",
      "u.display_name",
    ])
    .where(atOrBelow("o.region_path", within));
  if (id) q = q.where("o.id", "=", id);
  const rows = await q.orderBy("o.created_at", "desc").limit(200).execute();
  return rows.map((r) => ({
    id: r.id,
    gridCode: r.grid_code,
    gridName: r.grid_name,
    topic: r.topic,
    content: r.content,
    householdId: r.household_id,
    householdAddress: r.address,
    createdAt: iso(r.created_at),
    by: { id: r.user_id, name: r.display_name },
  }));
}
