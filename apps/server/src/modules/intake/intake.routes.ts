import { AppError, CATEGORIES, CATEGORY_FAMILIES, ZText } from "@fengqiao/core";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { AppContext } from "../../context";
import { findPlaceByToken, PLACE_KIND_ZH, type PlaceKind } from "../places/places.repository";
import { callbackMinutes } from "../policies/rules";
import { ZIdemKey } from "./idempotency";
import { submitReport } from "./intake.commands";
import { ZReport } from "./intake.schemas";

const ZToken = z.object({ token: ZText.min(8).max(64) });

/** The 码上反映 door: what a scanned code shows, and the submit behind it. */
export function intakeRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      "/places/:token",
      {
        schema: { tags: ["public"], params: ZToken },
        config: { rateLimit: { max: 120, timeWindow: "1 minute" } },
      },
      async (req) => {
        const p = await findPlaceByToken(ctx.db, req.params.token);
        return {
          place: { name: p.name, kind: p.kind, kindText: PLACE_KIND_ZH[p.kind as PlaceKind] ?? "" },
          grid: { code: p.regionCode, name: p.regionName },
          village: p.villageCode ? { code: p.villageCode, name: p.villageName } : null,
          // 事件类 first (the order of CATEGORY_FAMILIES): most of what a poster receives is a pothole or rubbish, not a dispute.
          families: CATEGORY_FAMILIES.map((f) => ({ code: f.code, name: f.zh })),
          categories: CATEGORY_FAMILIES.flatMap((f) =>
            CATEGORIES.filter((c) => c.family === f.code).map((c) => ({
              code: c.code,
              family: c.family,
              name: c.zh,
            })),
          ),
          callbackMinutes: await callbackMinutes(ctx.rules),
        };
      },
    );

    app.post(
      "/reports",
      {
        schema: { tags: ["public"], body: ZReport },
        bodyLimit: 16 * 1024,
        config: { rateLimit: { max: 20, timeWindow: "10 minutes" } },
      },
      async (req, reply) => {
        const key = req.headers["idempotency-key"];
        if (typeof key !== "string" || !ZIdemKey.test(key)) {
          throw new AppError("INVALID_INPUT", {
            zh: "页面版本过旧，请刷新后重新提交",
            en: "An Idempotency-Key header (8–100 characters) is required",
          });
        }
        const res = await submitReport({ ctx, input: req.body, idempotencyKey: key });
        return reply.status(201).send(res);
      },
    );
  };
}
