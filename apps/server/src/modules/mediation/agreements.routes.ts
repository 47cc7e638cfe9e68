import { ZAgreementInput, ZAgreementView, ZFollowupInput, ZText } from "@fengqiao/core";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { AppContext } from "../../context";
import { requireUser } from "../../plugins/auth";
import { agreementDoc, agreementDocx, agreementHtml } from "./agreement-doc";
import {
  createAgreement,
  followUpAgreement,
  lockAgreement,
  revealAgreement,
  signAgreementCommand,
  updateAgreement,
} from "./agreements.commands";
import { presentAgreement } from "./mediation.queries";

const ZId = z.object({ id: z.uuid() });
const ZRef = z.object({ ref: ZText.min(1).max(64) });
const ZCreated = z.object({ id: z.string() });
const ZOk = z.object({ ok: z.boolean() });
const ZVersion = z.object({ version: z.number().int() });

export function agreementsRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ["agreements"];
    app.post(
      "/cases/:ref/agreements",
      { schema: { tags, params: ZRef, body: ZAgreementInput, response: { 201: ZCreated } } },
      async (req, reply) => {
        const id = await createAgreement({
          ctx,
          actor: requireUser(req),
          caseRef: req.params.ref,
          input: req.body,
          now: ctx.clock.now(),
        });
        return reply.status(201).send({ id });
      },
    );
    app.get(
      "/agreements/:id",
      { schema: { tags, params: ZId, response: { 200: ZAgreementView } } },
      async (req) => {
        const { agreement } = await lockAgreement(
          ctx.db,
          requireUser(req),
          req.params.id,
          "mediation.handle",
          false,
        );
        return presentAgreement(agreement, ctx.pd);
      },
    );
    app.put(
      "/agreements/:id",
      { schema: { tags, params: ZId, body: ZAgreementInput.extend(ZVersion.shape), response: { 200: ZOk } } },
      async (req) => {
        const { version, ...input } = req.body;
        await updateAgreement({
          ctx,
          actor: requireUser(req),
          id: req.params.id,
          input,
          version,
          now: ctx.clock.now(),
        });
        return { ok: true };
      },
    );
    app.post(
      "/agreements/:id/signatures",
      {
        schema: {
          tags,
          params: ZId,
          body: z.object({
            party: z.number().int().min(0),
            signed: z.boolean(),
            on: z.iso.date(),
            version: z.number().int(),
          }),
          response: { 200: ZOk },
        },
      },
      async (req) => {
        await signAgreementCommand({
          ctx,
          actor: requireUser(req),
          id: req.params.id,
          ...req.body,
          now: ctx.clock.now(),
        });
        return { ok: true };
      },
    );
    app.post(
      "/agreements/:id/followup",
      { schema: { tags, params: ZId, body: ZFollowupInput, response: { 200: ZOk } } },
      async (req) => {
        await followUpAgreement({
          ctx,
          actor: requireUser(req),
          id: req.params.id,
          input: req.body,
          now: ctx.clock.now(),
        });
        return { ok: true };
      },
    );
    // The paper and the Word file carry the parties' full particulars: each is a logged reveal.
    app.get("/agreements/:id/print", { schema: { tags, params: ZId } }, async (req, reply) => {
      const r = await revealAgreement({
        ctx,
        actor: requireUser(req),
        id: req.params.id,
        purpose: "print",
        now: ctx.clock.now(),
      });
      return reply
        .type("text/html; charset=utf-8")
        .send(agreementHtml(agreementDoc(r.agreement, r.mc.row.code, ctx.pd)));
    });
    app.get("/agreements/:id/docx", { schema: { tags, params: ZId } }, async (req, reply) => {
      const r = await revealAgreement({
        ctx,
        actor: requireUser(req),
        id: req.params.id,
        purpose: "docx",
        now: ctx.clock.now(),
      });
      const file = await agreementDocx(agreementDoc(r.agreement, r.mc.row.code, ctx.pd));
      const name = `调解协议书-${r.mc.row.code}.docx`;
      return reply
        .type("application/vnd.openxmlformats-officedocument.wordprocessingml.document")
        .header(
          "content-disposition",
          `attachment; filename="agreement-${r.mc.row.code}.docx"; filename*=UTF-8''${encodeURIComponent(name)}`,
        )
        .send(file);
    });
  };
}
