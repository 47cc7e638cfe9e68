import { authorize, ZText } from "@fengqiao/core";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { AppContext } from "../../context";
import { requireUser } from "../../plugins/auth";
import { tourAnswerRoutes } from "./tour-answer";
import { postForActor, postsWithDuty, setPost, waitingReports } from "./tour-posts";
import { roster, rosterHtml, saveRoster } from "./tour-roster";
import { tourSettingsRoutes } from "./tour-settings";

const ZPlaceId = z.object({ id: z.uuid() });
const ZDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const ZSpan = z.object({ from: ZDate.optional(), days: z.coerce.number().int().min(1).max(62).default(14) });
// mine=1: only the posts of the actor's own unit (the workbench card "my 旅游警务室"); without it the
// posts of the actor's region as well (the 旅游警务 page of a township or village).
const ZPostsQuery = z.object({ mine: z.enum(["0", "1"]).default("0") });
const ZPost = z.object({
  name: ZText.trim().min(1).max(100),
  phone: z
    .string()
    .trim()
    .regex(/^[\d -]{5,20}$/)
    .nullable(),
  unitId: z.uuid(),
});
const ZRosterSave = z.object({
  days: z
    .array(
      z.object({
        date: ZDate,
        officers: z.number().int().min(0).max(200),
        names: z.array(ZText.trim().min(1).max(30)).max(50),
        note: ZText.trim().max(200).nullable(),
      }),
    )
    .min(1)
    .max(62),
});

/** 旅游警务: posts, the answer, the duty roster (data and A4 print), the settings. */
export function tourismRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    await app.register(tourSettingsRoutes(ctx));
    await app.register(tourAnswerRoutes(ctx));

    app.put(
      "/places/:id/post",
      { schema: { tags: ["tourism"], params: ZPlaceId, body: ZPost } },
      async (req) => setPost({ ctx, actor: requireUser(req), placeId: req.params.id, input: req.body }),
    );

    // The workbench's card: my posts and who is on duty today.
    app.get("/tourism/posts", { schema: { tags: ["tourism"], querystring: ZPostsQuery } }, async (req) =>
      postsWithDuty(ctx.db, requireUser(req), ctx.clock.now(), req.query.mine === "1"),
    );

    app.get(
      "/tourism/posts/:id/waiting",
      { schema: { tags: ["tourism"], params: ZPlaceId } },
      async (req) => {
        const post = await postForActor(ctx.db, requireUser(req), req.params.id);
        return { items: await waitingReports(ctx.db, post) };
      },
    );

    app.get(
      "/tourism/posts/:id/roster",
      { schema: { tags: ["tourism"], params: ZPlaceId, querystring: ZSpan } },
      async (req) => {
        const r = await roster({ ctx, actor: requireUser(req), placeId: req.params.id, ...req.query });
        return { post: r.post, items: r.items };
      },
    );

    app.put(
      "/tourism/posts/:id/roster",
      { schema: { tags: ["tourism"], params: ZPlaceId, body: ZRosterSave } },
      async (req) =>
        saveRoster({ ctx, actor: requireUser(req), placeId: req.params.id, days: req.body.days }),
    );

    app.get(
      "/tourism/posts/:id/roster/print",
      { schema: { tags: ["tourism"], params: ZPlaceId, querystring: ZSpan } },
      async (req, reply) => {
        const actor = requireUser(req);
        const r = await roster({ ctx, actor, placeId: req.params.id, ...req.query });
        authorize(actor, "tour.roster", { regionPath: r.post.regionPath, assignedUnitId: r.post.unitId });
        return reply.type("text/html; charset=utf-8").send(rosterHtml(r.post, r.items, ctx.clock.now()));
      },
    );
  };
}
