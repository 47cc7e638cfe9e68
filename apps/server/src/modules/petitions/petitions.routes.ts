import {
  AppError,
  ZPetitionCommandBody,
  ZPetitionListQuery,
  ZPetitionPage,
  ZPetitionRegister,
  ZPetitionView,
  ZText,
} from "@fengqiao/core";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { AppContext } from "../../context";
import { requireUser, type SessionUser } from "../../plugins/auth";
import { findCaseForActor } from "../cases/cases.repository";
import { registerPetition, runPetitionCommand } from "./petitions.commands";
import { letterPage } from "./petitions.letters";
import { petitionQuery, presentPetition, presentPetitionSummary } from "./petitions.presenter";

// /api/v1/petitions — 信访 (《信访工作条例》2022): registration at the window, the office's steps with
// their statutory clocks, and the letters sent, printable. Jurisdiction is the case's: 404 outside it.

const ZId = z.object({ id: z.uuid() });
const ZRef = z.object({ ref: ZText.min(1).max(64) });

export function petitionsRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  const view = async (actor: SessionUser, where: { id?: string; caseId?: string }) => {
    let q = petitionQuery(ctx.db, actor);
    if (where.id) q = q.where("petitions.id", "=", where.id);
    if (where.caseId) q = q.where("petitions.case_id", "=", where.caseId);
    const row = await q.executeTakeFirst();
    if (!row) throw new AppError("NOT_FOUND_OR_NO_ACCESS");
    return presentPetition(ctx.db, actor, row, await ctx.rules.policy(row.policy_key), ctx.pd);
  };

  return async (app) => {
    app.post(
      "/petitions",
      { schema: { tags: ["petitions"], body: ZPetitionRegister, response: { 201: ZPetitionView } } },
      async (req, reply) => {
        const actor = requireUser(req);
        const r = await registerPetition({ ctx, actor, input: req.body, now: ctx.clock.now() });
        return reply.status(201).send(await view(actor, { id: r.petitionId }));
      },
    );

    app.get(
      "/petitions",
      { schema: { tags: ["petitions"], querystring: ZPetitionListQuery, response: { 200: ZPetitionPage } } },
      async (req) => {
        const actor = requireUser(req);
        let q = petitionQuery(ctx.db, actor);
        if (req.query.stage?.length) q = q.where("petitions.stage", "in", req.query.stage);
        const rows = await q
          .orderBy("petitions.due_at", (ob) => ob.asc().nullsLast())
          .orderBy("petitions.created_at", "desc")
          .limit(req.query.limit)
          .execute();
        return { items: rows.map((r) => presentPetitionSummary(r, ctx.pd)) };
      },
    );

    app.get(
      "/petitions/:id",
      { schema: { tags: ["petitions"], params: ZId, response: { 200: ZPetitionView } } },
      async (req) => view(requireUser(req), { id: req.params.id }),
    );

    app.get(
      "/cases/:ref/petition",
      { schema: { tags: ["petitions"], params: ZRef, response: { 200: ZPetitionView } } },
      async (req) => {
        const actor = requireUser(req);
        const row = await findCaseForActor(ctx.db, actor, req.params.ref, { forUpdate: false });
        return view(actor, { caseId: row.id });
      },
    );

    app.post(
      "/petitions/:id/commands",
      {
        schema: {
          tags: ["petitions"],
          params: ZId,
          body: ZPetitionCommandBody,
          response: { 200: ZPetitionView },
        },
      },
      async (req) => {
        const actor = requireUser(req);
        const id = await runPetitionCommand({
          ctx,
          actor,
          petitionId: req.params.id,
          body: req.body,
          now: ctx.clock.now(),
        });
        return view(actor, { id });
      },
    );

    app.get(
      "/petitions/letters/:id/print",
      { schema: { tags: ["petitions"], params: ZId } },
      async (req, reply) => {
        const actor = requireUser(req);
        const letter = await ctx.db
          .selectFrom("petition_letters")
          .select(["case_id", "title", "body"])
          .where("id", "=", req.params.id)
          .executeTakeFirst();
        if (!letter) throw new AppError("NOT_FOUND_OR_NO_ACCESS");
        // The letter's case decides who may print it (404 outside the jurisdiction).
        const row = await findCaseForActor(ctx.db, actor, letter.case_id, { forUpdate: false });
        return reply.type("text/html; charset=utf-8").send(letterPage({ ...letter, caseCode: row.code }));
      },
    );
  };
}
