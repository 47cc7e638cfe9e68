import {
  AppError,
  authorize,
  ZCenterQuery,
  ZRosterChange,
  ZRosterQuery,
  ZSummonsAnswer,
  ZSummonsCancel,
  ZSummonsCreate,
  ZText,
} from "@fengqiao/core";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { AppContext } from "../../context";
import { requireUser } from "../../plugins/auth";
import { findCaseForActor } from "../cases/cases.repository";
import { centerForActor, defaultCenter } from "../window/center-data";
import { changeRoster, rosterDays, stationedUnits, todayAtCenter } from "./roster";
import { answerSummons, issueSummons, listSummons } from "./summons.commands";

const tags = ["units"];
const ZId = z.object({ id: z.uuid() });
const ZRef = z.object({ ref: ZText.min(1).max(64) });

export function stationingRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const center = async (req: { query: { center?: string } }, actor: ReturnType<typeof requireUser>) =>
      centerForActor(ctx.db, actor, defaultCenter(actor, req.query.center), "window.read");

    app.get("/centers/stations", { schema: { tags, querystring: ZCenterQuery } }, async (req) => {
      const c = await center(req, requireUser(req));
      return { center: { code: c.code, name: c.name }, items: await stationedUnits(ctx.db, c.code) };
    });

    app.get("/centers/today", { schema: { tags, querystring: ZCenterQuery } }, async (req) => {
      const c = await center(req, requireUser(req));
      return {
        center: { code: c.code, name: c.name },
        ...(await todayAtCenter(ctx.db, c.code, ctx.clock.now())),
      };
    });

    app.get("/centers/roster", { schema: { tags, querystring: ZRosterQuery } }, async (req) => {
      const actor = requireUser(req);
      const c = await centerForActor(ctx.db, actor, req.query.center, "window.read");
      return { center: c.code, days: await rosterDays(ctx.db, c.code, req.query.from, req.query.to) };
    });

    app.post("/centers/roster", { schema: { tags, body: ZRosterChange } }, async (req) =>
      changeRoster({ db: ctx.db, actor: requireUser(req), ...req.body, now: ctx.clock.now() }),
    );

    // 随叫随驻 summonses.
    app.post(
      "/cases/:ref/summons",
      { schema: { tags, params: ZRef, body: ZSummonsCreate } },
      async (req, reply) => {
        const s = await issueSummons({
          ctx,
          actor: requireUser(req),
          caseRef: req.params.ref,
          input: req.body,
          now: ctx.clock.now(),
        });
        return reply.status(201).send(s);
      },
    );

    app.get("/cases/:ref/summons", { schema: { tags, params: ZRef } }, async (req) => {
      const row = await findCaseForActor(ctx.db, requireUser(req), req.params.ref, { forUpdate: false });
      return { items: await listSummons(ctx.db, { caseId: row.id }) };
    });

    // The center's list, or (no center, a unit's own people) the summonses of my unit.
    app.get(
      "/summons",
      { schema: { tags, querystring: ZCenterQuery.extend({ mine: z.literal("1").optional() }) } },
      async (req) => {
        const actor = requireUser(req);
        if (req.query.mine) {
          if (!actor.unitId) throw new AppError("FORBIDDEN");
          return { items: await listSummons(ctx.db, { unitId: actor.unitId }) };
        }
        const c = await centerForActor(ctx.db, actor, defaultCenter(actor, req.query.center), "window.read");
        authorize(actor, "summons.issue", { regionPath: c.path });
        return { items: await listSummons(ctx.db, { center: c.code }) };
      },
    );

    const now = () => ctx.clock.now();
    app.post(
      "/summons/:id/acknowledge",
      { schema: { tags, params: ZId, body: ZSummonsAnswer } },
      async (req) =>
        answerSummons({
          ctx,
          actor: requireUser(req),
          id: req.params.id,
          command: { type: "acknowledge", note: req.body.note ?? null },
          now: now(),
        }),
    );
    app.post("/summons/:id/appeared", { schema: { tags, params: ZId, body: ZSummonsAnswer } }, async (req) =>
      answerSummons({
        ctx,
        actor: requireUser(req),
        id: req.params.id,
        command: { type: "appear", note: req.body.note ?? null },
        now: now(),
      }),
    );
    app.post("/summons/:id/cancel", { schema: { tags, params: ZId, body: ZSummonsCancel } }, async (req) =>
      answerSummons({
        ctx,
        actor: requireUser(req),
        id: req.params.id,
        command: { type: "cancel", reason: req.body.reason },
        now: now(),
      }),
    );
  };
}
