import { AppError, authorize } from "@fengqiao/core";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { AppContext } from "../../context";
import type { Tx } from "../../db/database";
import { requireUser, type SessionUser } from "../../plugins/auth";
import { audit } from "../audit/audit";
import { presentCaseSummary } from "../cases/cases.presenter";
import { summaryExtras, visibleTo } from "../cases/cases.repository";
import { type THouseholdCreate, ZHouseholdCreate, ZHouseholdQuery, ZId } from "./field.schemas";
import { authorizeRole, gridInScope, isUniqueViolation, notFound } from "./field.shared";
import { householdForActor, loadHouseholds, sealMember } from "./households.repository";
import { loadVisits } from "./visits.repository";

const MAX_LIST = 50;

/** 户: search in my grids, one household with its visits and cases, add one in the field, reveal contacts. */
export function householdsRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      "/field/households",
      { schema: { tags: ["field"], querystring: ZHouseholdQuery } },
      async (req) => {
        const actor = requireUser(req);
        authorizeRole(actor, "household.read");
        const grid = req.query.grid
          ? await gridInScope(ctx.db, actor, req.query.grid, "household.read")
          : null;
        const items = await loadHouseholds(ctx.db, {
          within: actor.regionPath,
          gridPath: grid?.path,
          q: req.query.q,
          pd: ctx.pd,
          limit: req.query.limit ?? MAX_LIST,
        });
        return { items };
      },
    );

    app.get("/field/households/:id", { schema: { tags: ["field"], params: ZId } }, async (req) => {
      const actor = requireUser(req);
      authorizeRole(actor, "household.read");
      const { gridPath: _p, ...h } = await householdForActor(ctx.db, actor, req.params.id, ctx.pd);
      const visits = await loadVisits(ctx.db, { within: actor.regionPath, householdId: h.id, limit: 50 });
      const cases = await ctx.db
        .selectFrom("cases")
        .selectAll()
        .select(summaryExtras)
        .where("household_id", "=", h.id)
        .where(visibleTo(actor))
        .orderBy("created_at", "desc")
        .limit(50)
        .execute();
      return { ...h, visits, cases: cases.map((c) => presentCaseSummary(c, ctx.pd)) };
    });

    app.post(
      "/field/households",
      { schema: { tags: ["field"], body: ZHouseholdCreate } },
      async (req, reply) => {
        const actor = requireUser(req);
        const grid = await gridInScope(ctx.db, actor, req.body.gridCode, "household.write");
        const created = await createHousehold(ctx, actor, req.body);
        const h = await householdForActor(ctx.db, actor, req.body.id, ctx.pd);
        if (h.gridCode !== grid.code || h.address !== req.body.address) throw idTaken();
        const { gridPath: _p, ...view } = h;
        return reply.status(created ? 201 : 200).send(view);
      },
    );

    // 查看完整联系方式: names, phones and ID numbers in full, each reveal in the audit log.
    app.post("/field/households/:id/reveal", { schema: { tags: ["field"], params: ZId } }, async (req) => {
      const actor = requireUser(req);
      authorizeRole(actor, "household.reveal");
      const h = await householdForActor(ctx.db, actor, req.params.id, ctx.pd);
      authorize(actor, "household.reveal", { regionPath: h.gridPath });
      return ctx.db.transaction().execute(async (tx) => {
        const rows = await tx
          .selectFrom("household_members")
          .select(["id", "relation", "name_enc", "phone_enc", "id_number_enc"])
          .where("household_id", "=", h.id)
          .orderBy("position")
          .execute();
        await audit(tx, {
          at: ctx.clock.now(),
          actorId: actor.userId,
          action: "household.reveal",
          entity: "household",
          entityId: h.id,
          data: { by: actor.username, members: rows.length },
        });
        return {
          members: rows.map((m) => ({
            id: m.id,
            relation: m.relation,
            name: ctx.pd.decrypt(m.name_enc),
            phone: m.phone_enc ? ctx.pd.decrypt(m.phone_enc) : null,
            idNumber: m.id_number_enc ? ctx.pd.decrypt(m.id_number_enc) : null,
          })),
        };
      });
    });
  };
}

const idTaken = () =>
  new AppError("CONFLICT", {
    zh: "该户编号已用于另一户，请刷新后重试",
    en: "This household id was already used for a different household",
  });

/** The household, its building (found or added by name) and its sealed members; false on a replay. */
async function createHousehold(ctx: AppContext, actor: SessionUser, b: THouseholdCreate): Promise<boolean> {
  const exists = await ctx.db.selectFrom("households").select("id").where("id", "=", b.id).executeTakeFirst();
  if (exists) return false;
  const now = ctx.clock.now();
  try {
    await ctx.db.transaction().execute(async (tx) => {
      const buildingId = b.building ? await buildingId_(tx, b.gridCode, b.building) : null;
      await tx
        .insertInto("households")
        .values({
          id: b.id,
          grid_code: b.gridCode,
          building_id: buildingId,
          address: b.address,
          tags: b.tags,
          created_at: now,
          updated_at: now,
          updated_by: actor.userId,
        })
        .execute();
      if (b.members.length) {
        await tx
          .insertInto("household_members")
          .values(b.members.map((m, i) => ({ household_id: b.id, position: i, ...sealMember(ctx.pd, m) })))
          .execute();
      }
      await audit(tx, {
        at: now,
        actorId: actor.userId,
        action: "household.create",
        entity: "household",
        entityId: b.id,
        data: { gridCode: b.gridCode, members: b.members.length },
      });
    });
    return true;
  } catch (err) {
    if (isUniqueViolation(err)) return false;
    throw err;
  }
}

async function buildingId_(tx: Tx, gridCode: string, name: string): Promise<string> {
  const row = await tx
    .insertInto("buildings")
    .values({ grid_code: gridCode, name })
    .onConflict((oc) => oc.columns(["grid_code", "name"]).doUpdateSet({ name }))
    .returning("id")
    .executeTakeFirst();
  if (!row) throw notFound();
  return row.id;
}
