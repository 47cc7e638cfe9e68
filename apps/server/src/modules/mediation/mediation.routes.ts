import {
  authorize,
  ZCaseMediation,
  ZCourtView,
  ZMediationSettings,
  ZRoomBoard,
  ZRoomView,
  ZSessionInput,
  ZText,
} from "@fengqiao/core";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { AppContext } from "../../context";
import { requireUser } from "../../plugins/auth";
import { agreementsRoutes } from "./agreements.routes";
import { listCourts } from "./jc.queries";
import { jcRoutes } from "./jc.routes";
import { handCaseToRoom, recordSession, saveRoom, ZRoomInput } from "./mediation.commands";
import { caseMediation, listMediatorCandidates, listRooms, roomBoard } from "./mediation.queries";
import { mediationSettings, saveMediationSettings } from "./mediation.store";

const ZId = z.object({ id: z.uuid() });
const ZRef = z.object({ ref: ZText.min(1).max(64) });
const ZCreated = z.object({ id: z.string() });

/** 多元调解, 调解协议书 and 司法确认: one registration in app.ts for the three route groups. */
export function mediationModule(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    await app.register(mediationRoutes(ctx));
    await app.register(agreementsRoutes(ctx));
    await app.register(jcRoutes(ctx));
  };
}

function mediationRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ["mediation"];
    app.get(
      "/mediation/settings",
      { schema: { tags, response: { 200: ZMediationSettings } } },
      async (req) => {
        requireUser(req);
        return mediationSettings(ctx.db);
      },
    );
    app.put(
      "/mediation/settings",
      { schema: { tags, body: ZMediationSettings, response: { 200: ZMediationSettings } } },
      async (req) => {
        authorize(requireUser(req), "policy.manage");
        await saveMediationSettings(ctx.db, req.body);
        return req.body;
      },
    );
    app.get("/mediation/rooms", { schema: { tags, response: { 200: z.array(ZRoomView) } } }, async (req) =>
      listRooms(ctx.db, requireUser(req)),
    );
    app.post(
      "/mediation/rooms",
      { schema: { tags, body: ZRoomInput, response: { 201: ZCreated } } },
      async (req, reply) => {
        const id = await saveRoom({ ctx, actor: requireUser(req), roomId: null, input: req.body });
        return reply.status(201).send({ id });
      },
    );
    app.put(
      "/mediation/rooms/:id",
      { schema: { tags, params: ZId, body: ZRoomInput, response: { 200: ZCreated } } },
      async (req) => ({
        id: await saveRoom({ ctx, actor: requireUser(req), roomId: req.params.id, input: req.body }),
      }),
    );
    app.get(
      "/mediation/rooms/:id/board",
      { schema: { tags, params: ZId, response: { 200: ZRoomBoard } } },
      async (req) => roomBoard(ctx.db, requireUser(req), req.params.id),
    );
    // Whom a room may name as its mediators: people in the manager's subtree (the room form's picker).
    app.get(
      "/mediation/mediators",
      {
        schema: {
          tags,
          response: {
            200: z.array(z.object({ id: z.string(), name: z.string(), roles: z.array(z.string()) })),
          },
        },
      },
      async (req) => {
        const actor = requireUser(req);
        authorize(actor, "mediation.room.manage", { regionPath: actor.regionPath });
        return listMediatorCandidates(ctx.db, actor);
      },
    );
    app.get("/mediation/courts", { schema: { tags, response: { 200: z.array(ZCourtView) } } }, async (req) =>
      listCourts(ctx.db, requireUser(req)),
    );
    app.get(
      "/cases/:ref/mediation",
      { schema: { tags, params: ZRef, response: { 200: ZCaseMediation } } },
      async (req) => caseMediation(ctx.db, requireUser(req), req.params.ref, ctx.pd),
    );
    app.post(
      "/cases/:ref/mediation/handings",
      {
        schema: {
          tags,
          params: ZRef,
          body: z.object({ roomId: z.uuid(), reason: ZText.trim().max(500).default("") }),
          response: { 201: ZCreated },
        },
      },
      async (req, reply) => {
        const id = await handCaseToRoom({
          ctx,
          actor: requireUser(req),
          caseRef: req.params.ref,
          roomId: req.body.roomId,
          reason: req.body.reason,
          now: ctx.clock.now(),
        });
        return reply.status(201).send({ id });
      },
    );
    app.post(
      "/cases/:ref/mediation/sessions",
      { schema: { tags, params: ZRef, body: ZSessionInput, response: { 201: ZCreated } } },
      async (req, reply) => {
        const id = await recordSession({
          ctx,
          actor: requireUser(req),
          caseRef: req.params.ref,
          input: req.body,
          now: ctx.clock.now(),
        });
        return reply.status(201).send({ id });
      },
    );
  };
}
