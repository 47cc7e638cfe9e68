import { ZCardCoverage, ZText } from "@fengqiao/core";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { AppContext } from "../../context";
import { publicBase } from "../places/html";
import { requirePlaceStaff } from "../places/places.routes";
import { regionForActor } from "../regions/regions.commands";
import { cardSheetHtml } from "./card-html";
import { updateCardMember } from "./contact-cards.commands";
import { contactCard, coverage } from "./contact-cards.repository";

const ZCode = z.object({ code: z.string().regex(/^\d{6,15}$/) });

/** GET /api/public/villages/:code/card — the card as data for the mobile page (click-to-call). */
export function contactCardPublicRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      "/villages/:code/card",
      {
        schema: { tags: ["public"], params: ZCode },
        config: { rateLimit: { max: 120, timeWindow: "1 minute" } },
      },
      async (req) => {
        const card = await contactCard(ctx.db, req.params.code);
        const base = publicBase(ctx.config.publicUrl, req);
        return {
          village: { code: card.village.code, name: card.village.name },
          township: card.township,
          households: card.households,
          members: card.members,
          pair: card.pair,
          reportUrl: card.qrToken ? `${base}/m/p/${card.qrToken}` : null,
        };
      },
    );
  };
}

const ZMember = z.object({
  workPhone: z
    .string()
    .trim()
    .regex(/^[\d -]{5,20}$/)
    .nullable(),
  workTitle: ZText.trim().min(1).max(30).nullable(),
});

/** Staff: printable sheets, coverage, and the work phone and title each card shows. */
export function contactCardStaffRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      "/villages/:code/cards/print",
      {
        schema: {
          tags: ["contact-cards"],
          params: ZCode,
          querystring: z.object({ copies: z.coerce.number().int().min(1).max(10).default(8) }),
        },
      },
      async (req, reply) => {
        await regionForActor(ctx.db, requirePlaceStaff(req), req.params.code);
        const card = await contactCard(ctx.db, req.params.code);
        const html = await cardSheetHtml(card, req.query.copies, publicBase(ctx.config.publicUrl, req));
        return reply.type("text/html; charset=utf-8").send(html);
      },
    );

    app.get(
      "/contact-cards/coverage",
      {
        schema: {
          tags: ["contact-cards"],
          querystring: z.object({ region: ZCode.shape.code.optional() }),
          response: { 200: ZCardCoverage },
        },
      },
      async (req) => {
        const actor = requirePlaceStaff(req);
        const scope = req.query.region
          ? (await regionForActor(ctx.db, actor, req.query.region)).path
          : actor.regionPath;
        return coverage(ctx.db, scope);
      },
    );

    app.put(
      "/contact-cards/members/:userId",
      { schema: { tags: ["contact-cards"], params: z.object({ userId: z.uuid() }), body: ZMember } },
      async (req) =>
        updateCardMember({ ctx, actor: requirePlaceStaff(req), userId: req.params.userId, input: req.body }),
    );
  };
}
