import { authorize, ZCaseListQuery } from "@fengqiao/core";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { AppContext } from "../../context";
import { readDbFor } from "../../db/replica";
import { requireUser } from "../../plugins/auth";
import { perPerson } from "../../plugins/rate-limit-store";
import { audit } from "../audit/audit";
import { regionForActor } from "../regions/regions.commands";
import { exportCases } from "./cases-export";

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

export function exportsRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      "/cases-export.xlsx",
      {
        schema: { tags: ["cases"], querystring: ZCaseListQuery },
        // Each export walks up to 10,000 cases; a few a minute is plenty for a person.
        config: perPerson(10, "1 minute"),
      },
      async (req, reply) => {
        const actor = requireUser(req);
        authorize(actor, "case.read", { regionPath: actor.regionPath });
        const rdb = readDbFor(ctx, req);
        const region = req.query.region ? await regionForActor(rdb, actor, req.query.region) : null;
        const { cursor: _cursor, limit: _limit, ...filter } = req.query;
        const now = ctx.clock.now();
        const result = await exportCases({
          ctx: { ...ctx, db: rdb },
          actor,
          query: req.query,
          regionPath: region?.path ?? null,
        });
        await audit(ctx.db, {
          at: now,
          actorId: actor.userId,
          action: "cases.exported",
          entity: "case",
          data: { filter, rows: result.rows, truncated: result.truncated },
        });
        const stamp = now.toISOString().slice(0, 10).replaceAll("-", "");
        return reply
          .header("content-type", XLSX)
          .header("content-disposition", `attachment; filename="cases-${stamp}.xlsx"`)
          .header("x-export-rows", String(result.rows))
          .header("x-export-truncated", String(result.truncated))
          .send(result.buffer);
      },
    );
  };
}
