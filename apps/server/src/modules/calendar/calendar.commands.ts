import { AppError, type TCalendarDay } from "@fengqiao/core";
import type { AppContext } from "../../context";
import type { SessionUser } from "../../plugins/auth";
import { audit } from "../audit/audit";

// Local days change deadlines of cases counted in working days; the rules cache must forget
// the old calendar as soon as the change commits.

/** Adds or replaces one local day (a county festival off, or a make-up workday). */
export async function saveCalendarDay(o: {
  ctx: AppContext;
  actor: SessionUser;
  day: TCalendarDay;
  now: Date;
}) {
  const row = await o.ctx.db.transaction().execute(async (tx) => {
    const saved = await tx
      .insertInto("calendar_days")
      .values({ day: o.day.day, kind: o.day.kind, name: o.day.name })
      .onConflict((oc) => oc.column("day").doUpdateSet({ kind: o.day.kind, name: o.day.name }))
      .returningAll()
      .executeTakeFirstOrThrow();
    await audit(tx, {
      at: o.now,
      actorId: o.actor.userId,
      action: "calendar.day_saved",
      entity: "calendar_day",
      entityId: o.day.day,
      data: o.day,
    });
    return saved;
  });
  o.ctx.rules.invalidate();
  return row;
}

export async function deleteCalendarDay(o: { ctx: AppContext; actor: SessionUser; day: string; now: Date }) {
  await o.ctx.db.transaction().execute(async (tx) => {
    const gone = await tx
      .deleteFrom("calendar_days")
      .where("day", "=", o.day)
      .returning(["day", "kind", "name"])
      .executeTakeFirst();
    if (!gone) throw new AppError("NOT_FOUND_OR_NO_ACCESS");
    await audit(tx, {
      at: o.now,
      actorId: o.actor.userId,
      action: "calendar.day_deleted",
      entity: "calendar_day",
      entityId: o.day,
      data: gone,
    });
  });
  o.ctx.rules.invalidate();
}
