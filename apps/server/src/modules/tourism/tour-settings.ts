import { authorize, DEFAULT_TOUR_SETTINGS, type TTourSettings, ZTourSettings } from "@fengqiao/core";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { AppContext } from "../../context";
import type { Db, Tx } from "../../db/database";
import { requireUser } from "../../plugins/auth";
import { audit } from "../audit/audit";

export const TOUR_SETTINGS_KEY = "tourism";

/** The county's 旅游警务 rules (settings row `tourism`, seeded by migration 0015_tour); defaults if broken. */
export async function tourSettings(db: Db | Tx): Promise<TTourSettings> {
  const row = await db
    .selectFrom("settings")
    .select("value")
    .where("key", "=", TOUR_SETTINGS_KEY)
    .executeTakeFirst();
  const parsed = ZTourSettings.safeParse(row?.value ?? {});
  return parsed.success ? parsed.data : DEFAULT_TOUR_SETTINGS;
}

/** GET/PUT /api/v1/tourism/settings: the answer minutes and the forecast's factors (administrator). */
export function tourSettingsRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      "/tourism/settings",
      { schema: { tags: ["tourism"], response: { 200: ZTourSettings } } },
      async (req) => {
        requireUser(req);
        return tourSettings(ctx.db);
      },
    );
    app.put(
      "/tourism/settings",
      { schema: { tags: ["tourism"], body: ZTourSettings, response: { 200: ZTourSettings } } },
      async (req) => {
        const actor = requireUser(req);
        authorize(actor, "policy.manage", { regionPath: actor.regionPath });
        const now = ctx.clock.now();
        const value = JSON.stringify(req.body);
        await ctx.db.transaction().execute(async (tx) => {
          await tx
            .insertInto("settings")
            .values({ key: TOUR_SETTINGS_KEY, value })
            .onConflict((oc) => oc.column("key").doUpdateSet({ value }))
            .execute();
          await audit(tx, {
            at: now,
            actorId: actor.userId,
            action: "tourism.settings",
            entity: "settings",
            data: req.body,
          });
        });
        return req.body;
      },
    );
  };
}
