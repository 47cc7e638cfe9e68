import {
  AppError,
  authorize,
  type ChecklistItem,
  can,
  checkAnswers,
  checkCampaign,
  inSubtree,
} from "@fengqiao/core";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { AppContext } from "../../context";
import { requireUser, type SessionUser } from "../../plugins/auth";
import {
  areaOf,
  campaignForActor,
  campaignsQuery,
  householdsDone,
  presentCampaign,
  progressOf,
} from "./campaigns.repository";
import { type TResultCreate, ZCampaignCreate, ZId, ZResultCreate, ZToCase } from "./field.schemas";
import {
  authorizeRole,
  gridInScope,
  insertOnce,
  iso,
  notFound,
  type Region,
  regionInScope,
  requestHashOf,
} from "./field.shared";
import { caseFromField } from "./field-case";
import { householdForActor } from "./households.repository";
import { titleFrom } from "./visits.routes";

/** 排查: the township's campaigns, the grid's results, progress rolled up for the township. */
export function campaignsRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      "/field/campaigns",
      { schema: { tags: ["field"], body: ZCampaignCreate } },
      async (req, reply) => {
        const actor = requireUser(req);
        authorizeRole(actor, "campaign.create");
        const b = req.body;
        const region = await regionInScope(ctx.db, actor, b.regionCode);
        authorize(actor, "campaign.create", { regionPath: region.path });
        const startsAt = new Date(b.startsAt);
        const dueAt = new Date(b.dueAt);
        checkCampaign({ startsAt, dueAt, checklist: b.checklist });
        const id = b.id ?? crypto.randomUUID();
        const hash = requestHashOf(actor, b);
        const outcome = await insertOnce(ctx.db, "campaigns", id, hash, async () => {
          await ctx.db
            .insertInto("campaigns")
            .values({
              id,
              title: b.title,
              kind: b.kind,
              region_code: region.code,
              region_path: region.path,
              starts_at: startsAt,
              due_at: dueAt,
              target: b.target,
              checklist: JSON.stringify(b.checklist),
              created_by: actor.userId,
              created_at: ctx.clock.now(),
              request_hash: hash,
            })
            .execute();
        });
        const c = await campaignForActor(ctx.db, actor, id);
        const p = await progressOf(ctx.db, c, areaOf(c, actor));
        return reply.status(outcome === "new" ? 201 : 200).send(presentCampaign(c, ctx.clock.now(), p));
      },
    );

    // Grid people see the campaigns running now; the township sees every campaign in its jurisdiction.
    app.get("/field/campaigns", { schema: { tags: ["field"] } }, async (req) => {
      const actor = requireUser(req);
      authorizeRole(actor, "campaign.result");
      const now = ctx.clock.now();
      let q = campaignsQuery(ctx.db, actor);
      if (!can(actor, "campaign.create", { regionPath: actor.regionPath }))
        q = q.where("c.starts_at", "<=", now).where("c.due_at", ">=", now);
      const rows = await q.orderBy("c.due_at", "desc").limit(100).execute();
      const items = [];
      for (const c of rows) {
        const p = await progressOf(ctx.db, c, areaOf(c, actor));
        const { id, title, kind, dueAt, done, total, status, regionName } = presentCampaign(c, now, p);
        items.push({ id, title, kind, dueAt, done, total, status, regionName, positive: p.positive });
      }
      return { items };
    });

    app.get("/field/campaigns/:id", { schema: { tags: ["field"], params: ZId } }, async (req) => {
      const actor = requireUser(req);
      authorizeRole(actor, "campaign.result");
      const c = await campaignForActor(ctx.db, actor, req.params.id);
      const area = areaOf(c, actor);
      const p = await progressOf(ctx.db, c, area);
      const view = presentCampaign(c, ctx.clock.now(), p);
      // The list of doors is for the people who knock on them, not for a whole township.
      const households =
        c.target === "household" && !can(actor, "campaign.create", { regionPath: actor.regionPath })
          ? await householdsDone(ctx.db, c.id, area)
          : undefined;
      return { ...view, households };
    });

    app.get("/field/campaigns/:id/progress", { schema: { tags: ["field"], params: ZId } }, async (req) => {
      const actor = requireUser(req);
      authorizeRole(actor, "campaign.result");
      const c = await campaignForActor(ctx.db, actor, req.params.id);
      return progressOf(ctx.db, c, areaOf(c, actor));
    });

    app.post(
      "/field/campaigns/:id/results",
      { schema: { tags: ["field"], params: ZId, body: ZResultCreate } },
      async (req, reply) => {
        const actor = requireUser(req);
        authorizeRole(actor, "campaign.result");
        const c = await campaignForActor(ctx.db, actor, req.params.id);
        const b = req.body;
        checkAnswers(c.checklist as ChecklistItem[], b.answers);
        const hash = requestHashOf(actor, { campaign: c.id, ...b });
        const outcome = await insertOnce(ctx.db, "campaign_results", b.id, hash, async () => {
          const grid = await resultGrid(ctx, actor, b);
          if (!inSubtree(grid.path, c.region_path)) throw notFound();
          await ctx.db
            .insertInto("campaign_results")
            .values({
              id: b.id,
              campaign_id: c.id,
              household_id: b.householdId ?? null,
              place: b.place ?? null,
              grid_code: grid.code,
              region_path: grid.path,
              answers: JSON.stringify(b.answers),
              positive: b.positive,
              note: b.note ?? null,
              created_by: actor.userId,
              created_at: ctx.clock.now(),
              request_hash: hash,
            })
            .execute();
        });
        return reply.status(outcome === "new" ? 201 : 200).send(await resultView(ctx, actor, b.id));
      },
    );

    app.post(
      "/field/campaign-results/:id/case",
      { schema: { tags: ["field"], params: ZId, body: ZToCase } },
      async (req, reply) => {
        const actor = requireUser(req);
        authorizeRole(actor, "campaign.result");
        const r = await resultView(ctx, actor, req.params.id);
        const where = r.householdAddress ?? r.place;
        const text = r.note ?? r.campaignTitle;
        const { code, version, created } = await caseFromField(
          ctx,
          actor,
          {
            table: "campaign_results",
            id: r.id,
            gridCode: r.gridCode,
            householdId: r.householdId,
            photoIds: [],
            event: "case.from_screening",
            words: { campaign: r.campaignTitle, address: where ?? "" },
          },
          {
            category: req.body.category,
            title: req.body.title ?? titleFrom(r.campaignTitle, where, text),
            description: req.body.description ?? `${r.campaignTitle}：${text}`,
          },
        );
        return reply.status(created ? 201 : 200).send({ code, version });
      },
    );
  };
}

/** A household brings its grid; a place needs the grid it lies in. */
async function resultGrid(ctx: AppContext, actor: SessionUser, b: TResultCreate): Promise<Region> {
  if (b.householdId) {
    const h = await householdForActor(ctx.db, actor, b.householdId, ctx.pd);
    return gridInScope(ctx.db, actor, h.gridCode, "campaign.result");
  }
  if (!b.place || !b.gridCode) {
    throw new AppError(
      "INVALID_INPUT",
      { zh: "请选择排查的住户，或填写场所及所在网格", en: "Give a household, or a place and its grid" },
      { field: "householdId" },
    );
  }
  return gridInScope(ctx.db, actor, b.gridCode, "campaign.result");
}

async function resultView(ctx: AppContext, actor: SessionUser, id: string) {
  const r = await ctx.db
    .selectFrom("campaign_results as r")
    .innerJoin("campaigns as c", "c.id", "r.campaign_id")
    .leftJoin("households as h", "h.id", "r.household_id")
    .leftJoin("cases as k", "k.id", "r.case_id")
    .select([
      "r.id",
      "r.campaign_id",
      "c.title",
      "r.household_id",
      "h.address",
      "r.place",
      "r.grid_code",
      "r.region_path",
      "r.answers",
      "r.positive",
      "r.note",
      "k.code as case_code",
      "r.created_at",
      "r.created_by",
    ])
    .where("r.id", "=", id)
    .executeTakeFirst();
  if (!r || !inSubtree(r.region_path, actor.regionPath)) throw notFound();
  return {
    id: r.id,
    campaignId: r.campaign_id,
    campaignTitle: r.title,
    householdId: r.household_id,
    householdAddress: r.address,
    place: r.place,
    gridCode: r.grid_code,
    answers: r.answers as Record<string, boolean | string>,
    positive: r.positive,
    note: r.note,
    caseCode: r.case_code,
    createdAt: iso(r.created_at),
    byId: r.created_by,
  };
}
