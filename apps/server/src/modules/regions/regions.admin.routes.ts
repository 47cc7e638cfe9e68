import {
  AppError,
  authorize,
  type TAreaGeometry,
  type TRegionGeoJson,
  ZGridFeatureCollection,
  ZRegionGeoJson,
  ZRegionMove,
  ZRegionRename,
} from "@fengqiao/core";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { AppContext } from "../../context";
import type { RegionRow } from "../../db/schema";
import { requireUser, type SessionUser } from "../../plugins/auth";
import {
  importGridGeometries,
  moveRegion,
  regionForActor,
  renameRegion,
  setRegionGeometry,
} from "./regions.commands";

const ZCodeParams = z.object({ code: z.string().regex(/^\d{6,15}$/) });
// Grid boundaries of a whole township easily pass the default 1 MB body limit.
const GEOJSON_BODY_LIMIT = 20 * 1_048_576;

const presentRegion = (r: RegionRow) => ({
  code: r.code,
  parentCode: r.parent_code,
  level: r.level,
  name: r.name,
  path: r.path,
  households: r.households,
  hasGeojson: r.geojson !== null,
});

function geometryOf(g: TRegionGeoJson): TAreaGeometry {
  switch (g.type) {
    case "Feature":
      return g.geometry;
    case "FeatureCollection":
      return g.features[0]?.geometry ?? badGeometry();
    case "Polygon":
    case "MultiPolygon":
      return g;
  }
}

function badGeometry(): never {
  throw new AppError("INVALID_INPUT", { zh: "缺少区域边界", en: "No area geometry given" });
}

function requireRegionAdmin(actor: SessionUser) {
  authorize(actor, "region.manage", { regionPath: actor.regionPath });
}

/** Administration of the region tree: rename, move (区划调整) and grid boundaries for maps. */
export function regionsAdminRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    await app.register(regionReadRoutes(ctx));
    await app.register(regionEditRoutes(ctx));
    await app.register(regionGeoJsonRoutes(ctx));
  };
}

function regionReadRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get("/regions/:code", { schema: { tags: ["regions"], params: ZCodeParams } }, async (req) => {
      const actor = requireUser(req);
      return presentRegion(await regionForActor(ctx.db, actor, req.params.code));
    });

    // Children's boundaries as one FeatureCollection: what ECharts' registerMap takes.
    app.get("/regions/:code/map", { schema: { tags: ["regions"], params: ZCodeParams } }, async (req) => {
      const actor = requireUser(req);
      const parent = await regionForActor(ctx.db, actor, req.params.code);
      const rows = await ctx.db
        .selectFrom("regions")
        .select(["code", "name", "level", "geojson"])
        .where("parent_code", "=", parent.code)
        .where("geojson", "is not", null)
        .orderBy("code")
        .execute();
      return {
        type: "FeatureCollection" as const,
        features: rows.map((r) => ({
          type: "Feature" as const,
          properties: { code: r.code, name: r.name, level: r.level },
          geometry: r.geojson,
        })),
      };
    });
  };
}

function regionEditRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.patch(
      "/regions/:code",
      { schema: { tags: ["regions"], params: ZCodeParams, body: ZRegionRename } },
      async (req) => {
        const actor = requireUser(req);
        requireRegionAdmin(actor);
        const row = await renameRegion({
          db: ctx.db,
          actor,
          code: req.params.code,
          patch: req.body,
          now: ctx.clock.now(),
        });
        return presentRegion(row);
      },
    );

    app.post(
      "/regions/:code/move",
      { schema: { tags: ["regions"], params: ZCodeParams, body: ZRegionMove } },
      async (req) => {
        const actor = requireUser(req);
        requireRegionAdmin(actor);
        const row = await moveRegion({
          db: ctx.db,
          actor,
          code: req.params.code,
          parentCode: req.body.parentCode,
          now: ctx.clock.now(),
        });
        return presentRegion(row);
      },
    );
  };
}

function regionGeoJsonRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.put(
      "/regions/:code/geojson",
      {
        schema: { tags: ["regions"], params: ZCodeParams, body: ZRegionGeoJson },
        bodyLimit: GEOJSON_BODY_LIMIT,
      },
      async (req) => {
        const actor = requireUser(req);
        requireRegionAdmin(actor);
        const geometry = geometryOf(req.body);
        await setRegionGeometry({ db: ctx.db, actor, code: req.params.code, geometry, now: ctx.clock.now() });
        return presentRegion(await regionForActor(ctx.db, actor, req.params.code));
      },
    );

    app.post(
      "/regions/import-geojson",
      { schema: { tags: ["regions"], body: ZGridFeatureCollection }, bodyLimit: GEOJSON_BODY_LIMIT },
      async (req) => {
        const actor = requireUser(req);
        requireRegionAdmin(actor);
        return importGridGeometries({ db: ctx.db, actor, collection: req.body, now: ctx.clock.now() });
      },
    );
  };
}
