import { authorize, type TSupervisionQuery, ZSupervision, ZSupervisionQuery } from "@fengqiao/core";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { sql } from "kysely";
import type { AppContext } from "../../context";
import { atOrBelow } from "../../db/subtree";
import { requireUser, type SessionUser } from "../../plugins/auth";
import { regionForActor } from "../regions/regions.commands";
import { presentTask, type TaskWithCase, tasksWithCase } from "./tasks.repository";

// 督办 views: tasks that should have been signed for and were not, should have been answered and
// were not, and returned tasks waiting to be re-dispatched — in the viewer's jurisdiction, by unit
// and by age. Leaders see every overdue task of their subtree here.

const HOUR = 3600_000;

/** The deadline a view measures lateness against. */
function lateSince(view: TSupervisionQuery["view"], r: TaskWithCase): Date {
  if (view === "returned") return new Date(r.returned_at ?? r.due_at);
  if (view === "unsigned") return new Date(r.sign_due_at);
  if (view === "unanswered") return new Date(r.due_at);
  // overdue: whichever promise was broken first
  return new Date(r.status === "dispatched" && r.sign_due_at < r.due_at ? r.sign_due_at : r.due_at);
}

async function supervised(ctx: AppContext, actor: SessionUser, q: TSupervisionQuery) {
  const now = ctx.clock.now();
  const path = q.region ? (await regionForActor(ctx.db, actor, q.region)).path : actor.regionPath;
  let s = tasksWithCase(ctx.db).where(atOrBelow("cases.region_path", path));
  if (q.view === "unsigned")
    s = s.where("tasks.status", "=", "dispatched").where("tasks.sign_due_at", "<", now);
  else if (q.view === "unanswered")
    s = s.where("tasks.status", "in", ["dispatched", "signed"]).where("tasks.due_at", "<", now);
  else if (q.view === "returned")
    s = s.where("tasks.status", "=", "returned").where("tasks.redispatched", "=", false);
  else
    s = s
      .where("tasks.status", "in", ["dispatched", "signed"])
      .where((eb) =>
        eb.or([
          eb("tasks.due_at", "<", now),
          eb.and([eb("tasks.status", "=", "dispatched"), eb("tasks.sign_due_at", "<", now)]),
        ]),
      );
  if (q.unitId) s = s.where("tasks.unit_id", "=", q.unitId);
  if (q.minDays !== undefined) {
    const before = new Date(now.getTime() - q.minDays * 24 * HOUR);
    const col =
      q.view === "unsigned"
        ? "tasks.sign_due_at"
        : q.view === "returned"
          ? "tasks.returned_at"
          : "tasks.due_at";
    s = s.where(sql.ref(col), "<=", before);
  }
  const rows = await s.orderBy("tasks.due_at").limit(q.limit).execute();
  const items = rows.map((r) => ({
    ...presentTask(actor, r),
    overdueHours: Math.max(0, Math.floor((now.getTime() - lateSince(q.view, r).getTime()) / HOUR)),
  }));
  items.sort((a, b) => b.overdueHours - a.overdueHours);
  const byUnit = new Map<string, { unitId: string; unitName: string; count: number }>();
  const byAge = { lt1d: 0, d1to3: 0, gt3d: 0 };
  for (const i of items) {
    const u = byUnit.get(i.unitId) ?? { unitId: i.unitId, unitName: i.unitName, count: 0 };
    u.count += 1;
    byUnit.set(i.unitId, u);
    byAge[i.overdueHours < 24 ? "lt1d" : i.overdueHours <= 72 ? "d1to3" : "gt3d"] += 1;
  }
  return {
    items,
    byUnit: [...byUnit.values()].sort((a, b) => b.count - a.count),
    byAge: (["lt1d", "d1to3", "gt3d"] as const).map((bucket) => ({ bucket, count: byAge[bucket] })),
  };
}

export function supervisionRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      "/supervision/tasks",
      { schema: { tags: ["tasks"], querystring: ZSupervisionQuery, response: { 200: ZSupervision } } },
      async (req) => {
        const actor = requireUser(req);
        authorize(actor, "supervision.read", { regionPath: actor.regionPath });
        return supervised(ctx, actor, req.query);
      },
    );
  };
}
