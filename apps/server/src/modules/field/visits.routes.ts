import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { AppContext } from "../../context";
import { requireUser } from "../../plugins/auth";
import { ZId, ZToCase, ZVisitCreate, ZVisitQuery } from "./field.schemas";
import {
  authorizeRole,
  checkOwnPhotos,
  gridInScope,
  insertOnce,
  notFound,
  requestHashOf,
} from "./field.shared";
import { caseFromField, chinaTime } from "./field-case";
import { householdForActor } from "./households.repository";
import { loadVisits } from "./visits.repository";

/** 入户走访: log a visit (offline-safe by its client id), list them, turn one into a case. */
export function visitsRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.post("/field/visits", { schema: { tags: ["field"], body: ZVisitCreate } }, async (req, reply) => {
      const actor = requireUser(req);
      const b = req.body;
      const grid = await gridInScope(ctx.db, actor, b.gridCode, "visit.write");
      const hash = requestHashOf(actor, b);
      const outcome = await insertOnce(ctx.db, "visits", b.id, hash, async () => {
        if (b.householdId) {
          const h = await householdForActor(ctx.db, actor, b.householdId, ctx.pd);
          if (h.gridCode !== grid.code) throw notFound();
        }
        await checkOwnPhotos(ctx.db, actor, b.photoIds);
        await ctx.db
          .insertInto("visits")
          .values({
            id: b.id,
            household_id: b.householdId ?? null,
            grid_code: grid.code,
            region_path: grid.path,
            visited_at: b.visitedAt,
            findings: b.findings,
            photo_ids: b.photoIds,
            lat: b.location?.lat ?? null,
            lng: b.location?.lng ?? null,
            accuracy: b.location?.accuracy ?? null,
            created_by: actor.userId,
            created_at: ctx.clock.now(),
            request_hash: hash,
          })
          .execute();
      });
      const [view] = await loadVisits(ctx.db, { within: actor.regionPath, ids: [b.id], limit: 1 });
      if (!view) throw notFound();
      return reply.status(outcome === "new" ? 201 : 200).send(view);
    });

    app.get("/field/visits", { schema: { tags: ["field"], querystring: ZVisitQuery } }, async (req) => {
      const actor = requireUser(req);
      authorizeRole(actor, "household.read");
      const grid = req.query.grid ? await gridInScope(ctx.db, actor, req.query.grid, "household.read") : null;
      const items = await loadVisits(ctx.db, {
        within: actor.regionPath,
        gridPath: grid?.path,
        householdId: req.query.householdId,
        limit: 100,
      });
      return { items };
    });

    app.post(
      "/field/visits/:id/case",
      { schema: { tags: ["field"], params: ZId, body: ZToCase } },
      async (req, reply) => {
        const actor = requireUser(req);
        authorizeRole(actor, "visit.write");
        const [v] = await loadVisits(ctx.db, { within: actor.regionPath, ids: [req.params.id], limit: 1 });
        if (!v) throw notFound();
        const findings = v.findings;
        const { code, version, created } = await caseFromField(
          ctx,
          actor,
          {
            table: "visits",
            id: v.id,
            gridCode: v.gridCode,
            householdId: v.householdId,
            photoIds: v.photos.map((p) => p.id),
            event: "case.from_visit",
            words: { visitedAt: chinaTime(v.visitedAt), address: v.householdAddress ?? "", by: v.by.name },
          },
          {
            category: req.body.category,
            title: req.body.title ?? titleFrom("入户走访", v.householdAddress, findings),
            description: req.body.description ?? findings,
          },
        );
        return reply.status(created ? 201 : 200).send({ code, version });
      },
    );
  };
}

/** "入户走访：马洼村3组12号 — 兄弟两家为宅基地界址争执" — a title nobody had to type. */
export function titleFrom(what: string, address: string | null, text: string): string {
  const first = text.split(/[。！？\n]/)[0]?.trim() ?? "";
  const head = address ? `${what}：${address}` : what;
  return `${head} — ${first}`.slice(0, 100);
}
