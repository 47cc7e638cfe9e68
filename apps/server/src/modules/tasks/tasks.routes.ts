import {
  AppError,
  authorize,
  isTaskOpen,
  type TaskStatus,
  ZTaskAnswer,
  ZTaskDispatch,
  ZTaskList,
  ZTaskReason,
  ZTaskRedispatch,
  ZTaskSettings,
  ZTaskView,
  ZText,
} from "@fengqiao/core";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { AppContext } from "../../context";
import { atOrBelow } from "../../db/subtree";
import { requireUser, type SessionUser } from "../../plugins/auth";
import { audit } from "../audit/audit";
import { findCaseForActor } from "../cases/cases.repository";
import { noticeHtml } from "./notice-html";
import { dispatch, redispatch, taskCommand } from "./tasks.commands";
import { findTaskForActor, presentTask, SETTINGS_KEY, taskSettings, tasksWithCase } from "./tasks.repository";

const ZRef = z.object({ ref: ZText.min(1).max(64) });
const ZId = z.object({ id: z.uuid() });
const ZListQuery = z.object({
  /** unit: my unit's tasks (department workbench); region: every task on cases in my jurisdiction. */
  scope: z.enum(["unit", "region"]).optional(),
  status: z.enum(["open", "dispatched", "signed", "answered", "returned", "cancelled"]).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(200),
});

export function tasksRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const one = async (actor: SessionUser, id: string) =>
      presentTask(actor, await findTaskForActor(ctx.db, actor, id));

    app.get(
      "/cases/:ref/tasks",
      { schema: { tags: ["tasks"], params: ZRef, response: { 200: ZTaskList } } },
      async (req) => {
        const actor = requireUser(req);
        const row = await findCaseForActor(ctx.db, actor, req.params.ref, { forUpdate: false });
        const rows = await tasksWithCase(ctx.db)
          .where("tasks.case_id", "=", row.id)
          .orderBy("tasks.dispatched_at")
          .execute();
        return { items: rows.map((r) => presentTask(actor, r)) };
      },
    );

    app.post(
      "/cases/:ref/tasks",
      { schema: { tags: ["tasks"], params: ZRef, body: ZTaskDispatch, response: { 201: ZTaskView } } },
      async (req, reply) => {
        const actor = requireUser(req);
        const id = await dispatch({ ctx, actor, caseRef: req.params.ref, input: req.body });
        return reply.status(201).send(await one(actor, id));
      },
    );

    app.get(
      "/tasks",
      { schema: { tags: ["tasks"], querystring: ZListQuery, response: { 200: ZTaskList } } },
      async (req) => {
        const actor = requireUser(req);
        const scope = req.query.scope ?? (actor.unitId ? "unit" : "region");
        let q = tasksWithCase(ctx.db);
        if (scope === "unit") {
          if (!actor.unitId) return { items: [] };
          q = q.where("tasks.unit_id", "=", actor.unitId);
        } else {
          authorize(actor, "task.read", { regionPath: actor.regionPath, assignedUnitId: null });
          q = q.where(atOrBelow("cases.region_path", actor.regionPath));
        }
        const s = req.query.status;
        if (s === "open") q = q.where("tasks.status", "in", ["dispatched", "signed"]);
        else if (s) q = q.where("tasks.status", "=", s);
        // Open first, the nearest deadline first: the unit's to-do list.
        const rows = await q
          .orderBy((eb) =>
            eb.case().when("tasks.status", "in", ["dispatched", "signed"]).then(0).else(1).end(),
          )
          .orderBy("tasks.due_at")
          .limit(req.query.limit)
          .execute();
        return { items: rows.map((r) => presentTask(actor, r)) };
      },
    );

    app.get(
      "/tasks/:id",
      { schema: { tags: ["tasks"], params: ZId, response: { 200: ZTaskView } } },
      async (req) => one(requireUser(req), req.params.id),
    );

    const act = (
      path: string,
      body: z.ZodType | null,
      run: (actor: SessionUser, id: string, b: never) => Promise<unknown>,
    ) =>
      app.post(
        `/tasks/:id/${path}`,
        { schema: { tags: ["tasks"], params: ZId, ...(body ? { body } : {}), response: { 200: ZTaskView } } },
        async (req) => {
          const actor = requireUser(req);
          await run(actor, req.params.id, req.body as never);
          return one(actor, req.params.id);
        },
      );
    act("sign", null, (actor, taskId) => taskCommand({ ctx, actor, taskId, command: { type: "sign" } }));
    act("answer", ZTaskAnswer, (actor, taskId, b: z.infer<typeof ZTaskAnswer>) =>
      taskCommand({ ctx, actor, taskId, command: { type: "answer", ...b } }),
    );
    act("return", ZTaskReason, (actor, taskId, b: z.infer<typeof ZTaskReason>) =>
      taskCommand({ ctx, actor, taskId, command: { type: "return", reason: b.reason } }),
    );
    act("cancel", ZTaskReason, (actor, taskId, b: z.infer<typeof ZTaskReason>) =>
      taskCommand({ ctx, actor, taskId, command: { type: "cancel", reason: b.reason } }),
    );

    app.post(
      "/tasks/:id/redispatch",
      { schema: { tags: ["tasks"], params: ZId, body: ZTaskRedispatch, response: { 201: ZTaskView } } },
      async (req, reply) => {
        const actor = requireUser(req);
        const id = await redispatch({ ctx, actor, taskId: req.params.id, input: req.body });
        return reply.status(201).send(await one(actor, id));
      },
    );

    // 督办单: the printable supervision notice of a task that ran over (yellow or red).
    app.get("/tasks/:id/notice", { schema: { tags: ["tasks"], params: ZId } }, async (req, reply) => {
      const actor = requireUser(req);
      const row = await findTaskForActor(ctx.db, actor, req.params.id);
      if (row.supervision === "none")
        throw new AppError("INVALID_INPUT", {
          zh: "该任务没有督办单",
          en: "This task has no supervision notice",
        });
      const html = noticeHtml(row, ctx.clock.now(), isTaskOpen(row.status as TaskStatus));
      return reply.type("text/html; charset=utf-8").send(html);
    });

    app.get(
      "/tasks-settings",
      { schema: { tags: ["tasks"], response: { 200: ZTaskSettings } } },
      async (req) => {
        requireUser(req);
        return taskSettings(ctx.db);
      },
    );

    app.put(
      "/tasks-settings",
      { schema: { tags: ["tasks"], body: ZTaskSettings, response: { 200: ZTaskSettings } } },
      async (req) => {
        const actor = requireUser(req);
        authorize(actor, "policy.manage", { regionPath: actor.regionPath });
        const now = ctx.clock.now();
        await ctx.db.transaction().execute(async (tx) => {
          await tx
            .insertInto("settings")
            .values({ key: SETTINGS_KEY, value: JSON.stringify(req.body) })
            .onConflict((oc) => oc.column("key").doUpdateSet({ value: JSON.stringify(req.body) }))
            .execute();
          await audit(tx, {
            at: now,
            actorId: actor.userId,
            action: "tasks.settings",
            entity: "settings",
            data: req.body,
          });
        });
        return req.body;
      },
    );
  };
}
