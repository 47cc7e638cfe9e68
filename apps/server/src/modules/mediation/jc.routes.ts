import { ZJcAcceptance, ZJcApply, ZJcExtension, ZJcListItem, ZJcRuling } from "@fengqiao/core";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { AppContext } from "../../context";
import { requireUser } from "../../plugins/auth";
import { applyJc, decideJc } from "./jc.commands";
import { listConfirmations } from "./jc.queries";

const ZId = z.object({ id: z.uuid() });
const ZCreated = z.object({ id: z.string() });
const ZOk = z.object({ ok: z.boolean() });

// 司法确认: the joint application (recorded by the case's handlers), then the court's acceptance,
// one extension and the ruling (the court's clerk, or the center on the court's word).
export function jcRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ["judicial-confirmation"];
    app.post(
      "/agreements/:id/judicial-confirmation",
      { schema: { tags, params: ZId, body: ZJcApply, response: { 201: ZCreated } } },
      async (req, reply) => {
        const id = await applyJc({
          ctx,
          actor: requireUser(req),
          agreementId: req.params.id,
          courtUnitId: req.body.courtUnitId,
          note: req.body.note,
          now: ctx.clock.now(),
        });
        return reply.status(201).send({ id });
      },
    );
    app.get(
      "/judicial-confirmations",
      { schema: { tags, response: { 200: z.array(ZJcListItem) } } },
      async (req) => listConfirmations(ctx.db, requireUser(req)),
    );
    const now = () => ctx.clock.now();
    const route = { tags, params: ZId, response: { 200: ZOk } };
    app.post(
      "/judicial-confirmations/:id/acceptance",
      { schema: { ...route, body: ZJcAcceptance } },
      async (req) => {
        const decision = { kind: "acceptance" as const, input: req.body };
        await decideJc({ ctx, actor: requireUser(req), id: req.params.id, decision, now: now() });
        return { ok: true };
      },
    );
    app.post(
      "/judicial-confirmations/:id/extension",
      { schema: { ...route, body: ZJcExtension } },
      async (req) => {
        const decision = { kind: "extension" as const, reason: req.body.reason };
        await decideJc({ ctx, actor: requireUser(req), id: req.params.id, decision, now: now() });
        return { ok: true };
      },
    );
    app.post("/judicial-confirmations/:id/ruling", { schema: { ...route, body: ZJcRuling } }, async (req) => {
      const decision = { kind: "ruling" as const, input: req.body };
      await decideJc({ ctx, actor: requireUser(req), id: req.params.id, decision, now: now() });
      return { ok: true };
    });
  };
}
