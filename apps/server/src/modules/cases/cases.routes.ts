import {
  allowedActions,
  can,
  type TCaseView,
  ZCaseCommandBody,
  ZCaseCreate,
  ZCaseDetail,
  ZCaseListQuery,
  ZCasePage,
  ZCaseView,
  ZContacts,
  ZText,
} from "@fengqiao/core";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { AppContext } from "../../context";
import { readDbFor } from "../../db/replica";
import { requireUser } from "../../plugins/auth";
import { withoutPetitionOwned } from "../petitions/petitions.guard";
import { regionForActor } from "../regions/regions.commands";
import { stateOf } from "./case-store";
import { createCase, revealCaseContacts, runCaseCommand } from "./cases.commands";
import { presentCase, presentCaseSummary, revealContacts } from "./cases.presenter";
import { caseResource, findCaseForActor, findCases } from "./cases.repository";
import { caseTimeline } from "./cases.timeline";
import { onceByKey } from "./command-replay";

const ZRef = z.object({ ref: ZText.min(1).max(64) });

export function casesRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      "/cases",
      { schema: { tags: ["cases"], querystring: ZCaseListQuery, response: { 200: ZCasePage } } },
      async (req) => {
        const actor = requireUser(req);
        // Every role reads cases; what each one sees is decided in SQL by visibleTo (subtree or own unit).
        // A list tolerates a few seconds of lag: the replica serves it (db/replica.ts).
        const rdb = readDbFor(ctx, req);
        const region = req.query.region ? await regionForActor(rdb, actor, req.query.region) : null;
        const page = await findCases(rdb, actor, req.query, region?.path ?? null, ctx.clock.now());
        return { items: page.items.map((r) => presentCaseSummary(r, ctx.pd)), nextCursor: page.nextCursor };
      },
    );

    app.post(
      "/cases",
      { schema: { tags: ["cases"], body: ZCaseCreate, response: { 201: ZCaseView } } },
      async (req, reply) => {
        const actor = requireUser(req);
        const row = await createCase({ ctx, actor, input: req.body, now: ctx.clock.now() });
        return reply.status(201).send(presentCase(row, ctx.pd));
      },
    );

    app.get(
      "/cases/:ref",
      { schema: { tags: ["cases"], params: ZRef, response: { 200: ZCaseDetail } } },
      async (req) => {
        const actor = requireUser(req);
        const row = await findCaseForActor(ctx.db, actor, req.params.ref, { forUpdate: false });
        const policy = await ctx.rules.policy(row.policy_key);
        const { events, clocks } = await caseTimeline(ctx.db, row.id);
        return {
          ...presentCase(row, ctx.pd),
          policy,
          timeline: events,
          clocks,
          allowedActions: policy
            ? await withoutPetitionOwned(
                ctx.db,
                row.id,
                allowedActions(actor, stateOf(row), caseResource(row, policy)),
              )
            : [],
          canRevealContacts: can(actor, "contact.reveal", { regionPath: row.region_path }),
        };
      },
    );

    app.post(
      "/cases/:ref/commands",
      { schema: { tags: ["cases"], params: ZRef, body: ZCaseCommandBody, response: { 200: ZCaseView } } },
      async (req) =>
        // A queued command from the field app carries an Idempotency-Key: a replay answers the first time.
        onceByKey<TCaseView>(
          ctx,
          requireUser(req),
          req.headers["idempotency-key"],
          req.params.ref,
          req.body,
          async (actor, keep) => {
            const row = await runCaseCommand({
              ctx,
              actor,
              caseRef: req.params.ref,
              body: req.body,
              now: ctx.clock.now(),
              within: keep ? (tx, changed) => keep(tx, presentCase(changed, ctx.pd)) : undefined,
            });
            return presentCase(row, ctx.pd);
          },
        ),
    );

    // Revealing full contacts is allowed to roles that call people back, and always leaves a trace.
    app.post(
      "/cases/:ref/contacts",
      { schema: { tags: ["cases"], params: ZRef, response: { 200: ZContacts } } },
      async (req) => {
        const actor = requireUser(req);
        const row = await revealCaseContacts({ ctx, actor, caseRef: req.params.ref, now: ctx.clock.now() });
        return revealContacts(row, ctx.pd);
      },
    );
  };
}
