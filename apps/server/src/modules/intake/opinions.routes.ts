import { AppError, authorize, ZText } from "@fengqiao/core";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { AppContext } from "../../context";
import { atOrBelow } from "../../db/subtree";
import { maskName, maskPhone } from "../../lib/personal-data";
import { requireUser } from "../../plugins/auth";
import { findCaseForActor } from "../cases/cases.repository";
import { photoStore } from "../uploads/photo-store";

const ZQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) });

/** Staff: 社情民意 from 我有话说, and the photos citizens attached to cases. */
export function opinionsRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get("/opinions", { schema: { tags: ["intake"], querystring: ZQuery } }, async (req) => {
      const actor = requireUser(req);
      authorize(actor, "case.read", { regionPath: actor.regionPath });
      const rows = await ctx.db
        .selectFrom("opinions as o")
        .leftJoin("places as p", "p.id", "o.place_id")
        .select([
          "o.id",
          "o.category",
          "o.description",
          "o.region_code",
          "o.reporter_name",
          "o.reporter_phone_enc",
        ])
        .select(["o.created_at", "p.name as place"])
        .where(atOrBelow("o.region_path", actor.regionPath))
        .orderBy("o.created_at", "desc")
        .limit(req.query.limit)
        .execute();
      return {
        items: rows.map((r) => ({
          id: r.id,
          category: r.category,
          description: r.description,
          regionCode: r.region_code,
          place: r.place,
          reporterName: maskName(r.reporter_name),
          reporterPhone: maskPhone(r.reporter_phone_enc ? ctx.pd.decrypt(r.reporter_phone_enc) : null),
          createdAt: new Date(r.created_at).toISOString(),
        })),
      };
    });

    // A photo is shown to whoever may read its case; anyone else gets the same 404 as for no photo.
    app.get(
      "/cases/:ref/attachments/:id",
      { schema: { tags: ["cases"], params: z.object({ ref: ZText.min(1).max(64), id: z.uuid() }) } },
      async (req, reply) => {
        const row = await findCaseForActor(ctx.db, requireUser(req), req.params.ref, { forUpdate: false });
        const file = await ctx.db
          .selectFrom("attachments")
          .select(["path", "mime"])
          .where("id", "=", req.params.id)
          .where("case_id", "=", row.id)
          .executeTakeFirst();
        if (!file) throw new AppError("NOT_FOUND_OR_NO_ACCESS");
        const stored = await photoStore(ctx.config).get(file.path);
        if (!stored) throw new AppError("NOT_FOUND_OR_NO_ACCESS");
        return reply.type(file.mime).header("cache-control", "private, max-age=3600").send(stored.body);
      },
    );
  };
}
