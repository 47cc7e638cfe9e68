import { type TUnitView, ZRegionCreate, ZRegionList, ZText, ZUnitList } from "@fengqiao/core";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { AppContext } from "../../context";
import { atOrBelow } from "../../db/subtree";
import { requireUser } from "../../plugins/auth";
import { createRegion } from "./regions.commands";
import { searchRegions } from "./regions.search";

const ZRegionQuery = z.object({
  parent: z
    .string()
    .regex(/^\d{6,15}$/)
    .optional(),
  q: ZText.trim().min(1).max(50).optional(),
});

const regionListSchema = { tags: ["regions"], querystring: ZRegionQuery, response: { 200: ZRegionList } };

const present = (r: {
  code: string;
  parent_code: string | null;
  level: string;
  name: string;
  path: string;
  path_names?: string[];
}) => ({
  code: r.code,
  parentCode: r.parent_code,
  level: r.level,
  name: r.name,
  path: r.path,
  // Search results: the names from below the user's own region down to this one (镇 › 村 › 网格).
  ...(r.path_names ? { pathNames: r.path_names } : {}),
});

export function regionsRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    // Without `parent`: the actor's own region and its children; with `q`: name or pinyin search in the subtree.
    app.get("/regions", { schema: regionListSchema }, async (req) => {
      const actor = requireUser(req);
      if (req.query.q) return { items: (await searchRegions(ctx.db, actor, req.query.q)).map(present) };
      let q = ctx.db
        .selectFrom("regions")
        .select(["code", "parent_code", "level", "name", "path"])
        .where(atOrBelow("path", actor.regionPath));
      if (req.query.parent) q = q.where("parent_code", "=", req.query.parent);
      else
        q = q.where((eb) =>
          eb.or([eb("code", "=", actor.regionCode), eb("parent_code", "=", actor.regionCode)]),
        );
      const rows = await q.orderBy("code").execute();
      return { items: rows.map(present) };
    });

    app.post("/regions", { schema: { tags: ["regions"], body: ZRegionCreate } }, async (req, reply) => {
      const row = await createRegion({
        db: ctx.db,
        actor: requireUser(req),
        input: req.body,
        now: ctx.clock.now(),
      });
      return reply.status(201).send(present(row));
    });

    app.get("/units", { schema: { tags: ["regions"], response: { 200: ZUnitList } } }, async (req) => {
      const actor = requireUser(req);
      const rows = await ctx.db
        .selectFrom("units as u")
        .innerJoin("regions as r", "r.code", "u.region_code")
        .select(["u.id", "u.kind", "u.name", "u.region_code", "u.stationing"])
        .where((eb) =>
          eb.or([
            eb("r.path", "like", `${actor.regionPath}.%`),
            // Units at and above the actor (their township center, the county's departments) are targets too.
            eb("r.code", "in", actor.regionPath.split(".")),
          ]),
        )
        .orderBy("u.name")
        .execute();
      return {
        items: rows.map((u) => ({
          id: u.id,
          kind: u.kind,
          name: u.name,
          regionCode: u.region_code,
          stationing: u.stationing as TUnitView["stationing"], // CHECK in 0001_init.sql
        })),
      };
    });
  };
}
