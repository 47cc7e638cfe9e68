import {
  ZReferralAck,
  ZReferralDecline,
  ZReferralIncoming,
  ZReferralResult,
  ZReferralSend,
  ZText,
} from "@fengqiao/core";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { AppContext } from "../../context";
import { requireUser } from "../../plugins/auth";
import { findCaseForActor } from "../cases/cases.repository";
import { answerReferral } from "./referrals.answer";
import { receiveReferral, sendReferral } from "./referrals.commands";
import { referralBox, referralsOfCase } from "./referrals.repository";

const tags = ["referrals"];
const ZId = z.object({ id: z.uuid() });
const ZRef = z.object({ ref: ZText.min(1).max(64) });

export function referralsRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const one = async (id: string) => {
      const row = await ctx.db
        .selectFrom("referrals")
        .select("id")
        .where("id", "=", id)
        .executeTakeFirstOrThrow();
      return { id: row.id };
    };

    app.post(
      "/cases/:ref/referrals",
      { schema: { tags, params: ZRef, body: ZReferralSend } },
      async (req, reply) => {
        const id = await sendReferral({
          ctx,
          actor: requireUser(req),
          caseRef: req.params.ref,
          input: req.body,
          now: ctx.clock.now(),
        });
        return reply.status(201).send(await one(id));
      },
    );

    app.get("/cases/:ref/referrals", { schema: { tags, params: ZRef } }, async (req) => {
      const row = await findCaseForActor(ctx.db, requireUser(req), req.params.ref, { forUpdate: false });
      return { items: await referralsOfCase(ctx.db, row.id) };
    });

    app.get(
      "/referrals",
      { schema: { tags, querystring: z.object({ box: z.enum(["in", "out"]).default("in") }) } },
      async (req) => ({ items: await referralBox(ctx.db, requireUser(req), req.query.box) }),
    );

    app.post("/referrals/incoming", { schema: { tags, body: ZReferralIncoming } }, async (req, reply) => {
      const id = await receiveReferral({
        ctx,
        actor: requireUser(req),
        input: req.body,
        now: ctx.clock.now(),
      });
      return reply.status(201).send(await one(id));
    });

    const answer = (req: { params: { id: string } } & Parameters<typeof requireUser>[0]) => ({
      ctx,
      actor: requireUser(req),
      id: req.params.id,
      now: ctx.clock.now(),
    });
    app.post(
      "/referrals/:id/acknowledge",
      { schema: { tags, params: ZId, body: ZReferralAck } },
      async (req) =>
        one(
          await answerReferral({
            ...answer(req),
            answer: { type: "acknowledge", note: req.body.note ?? null },
          }),
        ),
    );
    app.post(
      "/referrals/:id/decline",
      { schema: { tags, params: ZId, body: ZReferralDecline } },
      async (req) =>
        one(await answerReferral({ ...answer(req), answer: { type: "decline", reason: req.body.reason } })),
    );
    app.post("/referrals/:id/result", { schema: { tags, params: ZId, body: ZReferralResult } }, async (req) =>
      one(await answerReferral({ ...answer(req), answer: { type: "result", ...req.body } })),
    );
  };
}
