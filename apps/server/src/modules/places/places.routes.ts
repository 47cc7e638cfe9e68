import { authorize, type PlaceKind, type TPlace, ZPlace, ZPlaceList, ZText } from "@fengqiao/core";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { AppContext } from "../../context";
import { requireUser, type SessionUser } from "../../plugins/auth";
import { callbackMinutes } from "../policies/rules";
import { regionForActor } from "../regions/regions.commands";
import { publicBase } from "./html";
import { createPlace, rotatePlaceToken } from "./places.commands";
import { findPlaceForActor, listPlaces, PLACE_KINDS, type PlaceView } from "./places.repository";
import { posterHtml } from "./poster";

export function requirePlaceStaff(req: Parameters<typeof requireUser>[0]): SessionUser {
  const actor = requireUser(req);
  // Jurisdiction is checked per place or region by the caller; here only the role (core's place.manage).
  authorize(actor, "place.manage");
  return actor;
}

const ZPlaceCreate = z.object({
  kind: z.enum(PLACE_KINDS),
  name: ZText.trim().min(1).max(100),
  regionCode: z.string().regex(/^\d{6,15}$/),
  households: z.number().int().min(0).max(100_000).optional(),
});
const ZId = z.object({ id: ZText.min(1).max(64) });
const ZListQuery = z.object({
  region: z
    .string()
    .regex(/^\d{6,15}$/)
    .optional(),
  limit: z.coerce.number().int().min(1).max(500).default(200),
});

const presentPlace = (p: PlaceView, base: string): TPlace => ({
  id: p.id,
  kind: p.kind as PlaceKind, // written only through ZPlaceCreate
  name: p.name,
  regionCode: p.regionCode,
  regionName: p.regionName,
  villageCode: p.villageCode,
  households: p.households,
  token: p.token,
  url: `${base}/m/p/${p.token}`,
  createdAt: new Date(p.createdAt).toISOString(),
  tokenRotatedAt: p.tokenRotatedAt ? new Date(p.tokenRotatedAt).toISOString() : null,
});

export function placesRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      "/places",
      { schema: { tags: ["places"], querystring: ZListQuery, response: { 200: ZPlaceList } } },
      async (req) => {
        const actor = requirePlaceStaff(req);
        const scope = req.query.region
          ? (await regionForActor(ctx.db, actor, req.query.region)).path
          : actor.regionPath;
        const rows = await listPlaces(ctx.db, scope, req.query.limit);
        const base = publicBase(ctx.config.publicUrl, req);
        return { items: rows.map((p) => presentPlace(p, base)) };
      },
    );

    app.post(
      "/places",
      { schema: { tags: ["places"], body: ZPlaceCreate, response: { 201: ZPlace } } },
      async (req, reply) => {
        const place = await createPlace({ ctx, actor: requirePlaceStaff(req), input: req.body });
        return reply.status(201).send(presentPlace(place, publicBase(ctx.config.publicUrl, req)));
      },
    );

    app.post(
      "/places/:id/token",
      { schema: { tags: ["places"], params: ZId, response: { 200: ZPlace } } },
      async (req) => {
        const place = await rotatePlaceToken({ ctx, actor: requirePlaceStaff(req), placeId: req.params.id });
        return presentPlace(place, publicBase(ctx.config.publicUrl, req));
      },
    );

    app.get("/places/:id/poster", { schema: { tags: ["places"], params: ZId } }, async (req, reply) => {
      const actor = requirePlaceStaff(req);
      const place = await findPlaceForActor(ctx.db, actor, req.params.id);
      const minutes = await callbackMinutes(ctx.rules);
      const html = await posterHtml(ctx.db, place, publicBase(ctx.config.publicUrl, req), minutes);
      return reply.type("text/html; charset=utf-8").send(html);
    });
  };
}
