import { AppError, authorize, ZLawReportInput, ZTrainingInput } from "@fengqiao/core";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { AppContext } from "../../context";
import type { Db, Tx } from "../../db/database";
import { requireUser, type SessionUser } from "../../plugins/auth";
import { audit } from "../audit/audit";
import { unitForActor } from "../units/units.commands";

// 教学练战 and 述学述评述督 records per unit (issue 11). Read by whoever reads the scorecards of the
// unit's area; written by the center/township above the unit, or by the unit's own people.

const ZUnitParams = z.object({ id: z.string().uuid() });
const isoDay = z.iso.date();

/** The unit, if the actor may read its records (its region in their subtree, or their own unit); else 404. */
const unitFor = (db: Db | Tx, actor: SessionUser, id: string) =>
  unitForActor(db, actor, id, { ownUnit: true });

const writable = (actor: SessionUser, unit: { id: string; path: string }) =>
  authorize(actor, "unitRecord.write", { regionPath: unit.path, assignedUnitId: unit.id });

const presentTraining = (r: {
  id: string;
  held_on: string;
  kind: string;
  topic: string;
  hours: string;
  attendees: number;
  leader: string | null;
  note: string | null;
}) => ({
  id: r.id,
  heldOn: r.held_on,
  kind: r.kind,
  topic: r.topic,
  hours: Number(r.hours),
  attendees: r.attendees,
  leader: r.leader,
  note: r.note,
});

export function unitRecordsRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      "/units/:id/trainings",
      {
        schema: {
          tags: ["scorecards"],
          params: ZUnitParams,
          querystring: z.object({ from: isoDay.optional(), to: isoDay.optional() }),
        },
      },
      async (req) => {
        const unit = await unitFor(ctx.db, requireUser(req), req.params.id);
        let q = ctx.db.selectFrom("unit_trainings").selectAll().where("unit_id", "=", unit.id);
        if (req.query.from) q = q.where("held_on", ">=", req.query.from);
        if (req.query.to) q = q.where("held_on", "<=", req.query.to);
        const rows = await q.orderBy("held_on", "desc").limit(500).execute();
        return { unit: { id: unit.id, name: unit.name }, items: rows.map(presentTraining) };
      },
    );

    app.post(
      "/units/:id/trainings",
      { schema: { tags: ["scorecards"], params: ZUnitParams, body: ZTrainingInput } },
      async (req, reply) => {
        const actor = requireUser(req);
        const now = ctx.clock.now();
        const row = await ctx.db.transaction().execute(async (tx) => {
          const unit = await unitFor(tx, actor, req.params.id);
          writable(actor, unit);
          const b = req.body;
          const r = await tx
            .insertInto("unit_trainings")
            .values({
              unit_id: unit.id,
              held_on: b.heldOn,
              kind: b.kind,
              topic: b.topic,
              hours: b.hours,
              attendees: b.attendees,
              leader: b.leader ?? null,
              note: b.note ?? null,
              recorded_by: actor.userId,
              recorded_at: now,
            })
            .returningAll()
            .executeTakeFirstOrThrow();
          await audit(tx, {
            at: now,
            actorId: actor.userId,
            action: "unit.training_recorded",
            entity: "unit",
            entityId: unit.id,
            data: b,
          });
          return r;
        });
        return reply.code(201).send(presentTraining(row));
      },
    );

    app.delete(
      "/units/:id/trainings/:trainingId",
      {
        schema: {
          tags: ["scorecards"],
          params: z.object({ id: z.string().uuid(), trainingId: z.string().uuid() }),
        },
      },
      async (req, reply) => {
        const actor = requireUser(req);
        const now = ctx.clock.now();
        await ctx.db.transaction().execute(async (tx) => {
          const unit = await unitFor(tx, actor, req.params.id);
          writable(actor, unit);
          const gone = await tx
            .deleteFrom("unit_trainings")
            .where("id", "=", req.params.trainingId)
            .where("unit_id", "=", unit.id)
            .returningAll()
            .executeTakeFirst();
          if (!gone) throw new AppError("NOT_FOUND_OR_NO_ACCESS");
          // A mistaken entry goes, but the audit log keeps what it said.
          await audit(tx, {
            at: now,
            actorId: actor.userId,
            action: "unit.training_deleted",
            entity: "unit",
            entityId: unit.id,
            data: presentTraining(gone),
          });
        });
        return reply.code(204).send();
      },
    );

    app.get(
      "/units/:id/law-reports",
      { schema: { tags: ["scorecards"], params: ZUnitParams } },
      async (req) => {
        const unit = await unitFor(ctx.db, requireUser(req), req.params.id);
        const rows = await ctx.db
          .selectFrom("unit_law_reports")
          .selectAll()
          .where("unit_id", "=", unit.id)
          .orderBy("year", "desc")
          .execute();
        return {
          unit: { id: unit.id, name: unit.name },
          items: rows.map((r) => ({
            year: r.year,
            title: r.title,
            presentedOn: r.presented_on,
            study: r.study,
            review: r.review,
            supervision: r.supervision,
            assessment: r.assessment,
          })),
        };
      },
    );

    app.put(
      "/units/:id/law-reports/:year",
      {
        schema: {
          tags: ["scorecards"],
          params: z.object({ id: z.string().uuid(), year: z.coerce.number().int().min(2000).max(2100) }),
          body: ZLawReportInput,
        },
      },
      async (req) => {
        const actor = requireUser(req);
        const now = ctx.clock.now();
        const b = req.body;
        await ctx.db.transaction().execute(async (tx) => {
          const unit = await unitFor(tx, actor, req.params.id);
          writable(actor, unit);
          const values = {
            title: b.title,
            presented_on: b.presentedOn,
            study: b.study,
            review: b.review,
            supervision: b.supervision,
            assessment: b.assessment ?? null,
            recorded_by: actor.userId,
            updated_at: now,
          };
          await tx
            .insertInto("unit_law_reports")
            .values({ unit_id: unit.id, year: req.params.year, ...values })
            .onConflict((oc) => oc.columns(["unit_id", "year"]).doUpdateSet(values))
            .execute();
          await audit(tx, {
            at: now,
            actorId: actor.userId,
            action: "unit.law_report_saved",
            entity: "unit",
            entityId: unit.id,
            data: { year: req.params.year, ...b },
          });
        });
        return { year: req.params.year, ...b, assessment: b.assessment ?? null };
      },
    );
  };
}
