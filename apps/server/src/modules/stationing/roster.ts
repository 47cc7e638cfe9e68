import { AppError, localDate } from "@fengqiao/core";
import { sql } from "kysely";
import type { Db } from "../../db/database";
import type { SessionUser } from "../../plugins/auth";
import { audit } from "../audit/audit";
import { centerForActor, unitsWithContacts } from "../window/center-data";

// Units stationed at a center: 常驻 resident (every day), 轮驻 rotating (on the days of the roster),
// 随叫随驻 on call (summoned for a case). A unit's center is its own region (a township or county).

const MAX_RANGE_DAYS = 92;

export async function stationedUnits(db: Db, centerCode: string) {
  const rows = await db
    .selectFrom("units")
    .select("id")
    .where("region_code", "=", centerCode)
    .where("stationing", "is not", null)
    .execute();
  return unitsWithContacts(
    db,
    rows.map((r) => r.id),
  );
}

/** The roster between two dates (inclusive): which rotating unit sits at the window on which day. */
export async function rosterDays(db: Db, centerCode: string, from: string, to: string) {
  const span = (Date.parse(to) - Date.parse(from)) / 86_400_000;
  if (!(span >= 0 && span <= MAX_RANGE_DAYS)) {
    throw new AppError(
      "INVALID_INPUT",
      { zh: `日期范围须在 ${MAX_RANGE_DAYS} 天内`, en: `The range must be 0–${MAX_RANGE_DAYS} days` },
      { field: "to" },
    );
  }
  const r = await sql<{ day: string; unit_id: string }>`
    SELECT to_char(ro.day, 'YYYY-MM-DD') AS day, ro.unit_id
    FROM unit_roster ro JOIN units u ON u.id = ro.unit_id
    WHERE u.region_code = ${centerCode} AND ro.day BETWEEN ${from}::date AND ${to}::date
    ORDER BY ro.day, u.name`.execute(db);
  return r.rows.map((x) => ({ day: x.day, unitId: x.unit_id }));
}

/** Adds and removes roster days of one rotating unit, in one transaction with its audit row. */
export async function changeRoster(o: {
  db: Db;
  actor: SessionUser;
  unitId: string;
  add: string[];
  remove: string[];
  now: Date;
}) {
  return o.db.transaction().execute(async (tx) => {
    const unit = await tx
      .selectFrom("units")
      .select(["id", "region_code", "stationing", "name"])
      .where("id", "=", o.unitId)
      .forUpdate()
      .executeTakeFirst();
    if (!unit) throw new AppError("NOT_FOUND_OR_NO_ACCESS");
    await centerForActor(tx, o.actor, unit.region_code, "roster.manage");
    if (unit.stationing !== "rotating") {
      throw new AppError(
        "INVALID_INPUT",
        { zh: "只有轮驻单位需要排班", en: "Only rotating units have a roster" },
        { field: "unitId" },
      );
    }
    if (o.add.length) {
      await tx
        .insertInto("unit_roster")
        .values(
          o.add.map((day) => ({ unit_id: unit.id, day, created_by: o.actor.userId, created_at: o.now })),
        )
        .onConflict((oc) => oc.doNothing())
        .execute();
    }
    if (o.remove.length) {
      await tx
        .deleteFrom("unit_roster")
        .where("unit_id", "=", unit.id)
        .where("day", "in", o.remove)
        .execute();
    }
    await audit(tx, {
      at: o.now,
      actorId: o.actor.userId,
      action: "roster.changed",
      entity: "unit",
      entityId: unit.id,
      data: { add: o.add, remove: o.remove },
    });
    return { unitId: unit.id, add: o.add, remove: o.remove };
  });
}

/** 今日在岗: resident units, today's rotating units, and who can be summoned, with their contacts. */
export async function todayAtCenter(db: Db, centerCode: string, now: Date) {
  const today = localDate(now);
  const units = await stationedUnits(db, centerCode);
  const onRoster = new Set((await rosterDays(db, centerCode, today, today)).map((d) => d.unitId));
  return {
    day: today,
    resident: units.filter((u) => u.stationing === "resident"),
    rotating: units.filter((u) => u.stationing === "rotating" && onRoster.has(u.id)),
    onCall: units.filter((u) => u.stationing === "on_call"),
  };
}
