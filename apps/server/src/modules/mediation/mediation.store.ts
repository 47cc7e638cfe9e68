import {
  type Action,
  AppError,
  authorize,
  type CalendarOptions,
  type CaseCause,
  can,
  MEDIATION_DEFAULTS,
  type MediationResource,
  type TMediationSettings,
  ZMediationSettings,
} from "@fengqiao/core";
import { sql } from "kysely";
import type { AppContext } from "../../context";
import type { Db, Tx } from "../../db/database";
import type { CaseRow } from "../../db/schema";
import type { SessionUser } from "../../plugins/auth";
import { transitionCase } from "../cases/case-change";
import { saveCaseChanges } from "../cases/case-store";

// What every mediation, agreement and 司法确认 command shares: the day counts (settings data), the case
// locked with the room it is in, who may act on it, and saving what the case takes on the one path.

export const SETTINGS_KEY = "mediation.clocks";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (s: string) => UUID.test(s);

/** The day counts now in force: the settings row over core's defaults. */
export async function mediationSettings(db: Db | Tx): Promise<TMediationSettings> {
  const row = await db
    .selectFrom("settings")
    .select("value")
    .where("key", "=", SETTINGS_KEY)
    .executeTakeFirst();
  const parsed = ZMediationSettings.safeParse({
    ...MEDIATION_DEFAULTS,
    ...(row?.value as object | undefined),
  });
  return parsed.success ? parsed.data : MEDIATION_DEFAULTS;
}

export async function saveMediationSettings(db: Db, s: TMediationSettings): Promise<void> {
  await db
    .insertInto("settings")
    .values({ key: SETTINGS_KEY, value: JSON.stringify(s) })
    .onConflict((oc) => oc.column("key").doUpdateSet({ value: JSON.stringify(s) }))
    .execute();
}

/** Statutory periods count on the official calendar with the county's own days (the case's policy). */
export async function caseCalendar(ctx: AppContext, row: CaseRow): Promise<CalendarOptions> {
  const policy = await ctx.rules.policy(row.policy_key);
  return policy ? ctx.rules.calendar(policy) : { counting: "calendar" };
}

export interface OpenHanding {
  id: string;
  room_id: string;
  room_name: string;
  mediator_ids: string[];
}

export interface MediationCase {
  row: CaseRow;
  handing: OpenHanding | null;
  /** Extra subject for the access rule (the court a 司法确认 went to). */
  resource: MediationResource;
}

/** The case's open handing, with its room's mediators. */
export async function openHanding(db: Db | Tx, caseId: string): Promise<OpenHanding | null> {
  const r = await sql<OpenHanding>`
    SELECT h.id, h.room_id, r.name AS room_name,
      coalesce((SELECT array_agg(m.user_id) FROM mediation_room_mediators m WHERE m.room_id = h.room_id), '{}') AS mediator_ids
    FROM mediation_handings h JOIN mediation_rooms r ON r.id = h.room_id
    WHERE h.case_id = ${caseId} AND h.ended_at IS NULL`.execute(db);
  return r.rows[0] ?? null;
}

/**
 * The case (by id or code), locked when `forUpdate`, if the actor may do `action` on it: its
 * jurisdiction, the mediators of the room it is in, or (司法确认) the clerk of the court. Someone who
 * cannot even read it gets 404, never learning that it exists.
 */
export async function caseForMediation(
  db: Db | Tx,
  actor: SessionUser,
  ref: string,
  /** "read": reading the mediation panel — any of reading the case, handling it, deciding for the court. */
  action: Action | "read",
  o: { forUpdate: boolean; courtUnitId?: string | null },
): Promise<MediationCase> {
  let q = db
    .selectFrom("cases")
    .selectAll()
    .where(isUuid(ref) ? "id" : "code", "=", ref);
  if (o.forUpdate) q = q.forUpdate();
  const row = ref.length <= 64 ? await q.executeTakeFirst() : undefined;
  if (!row) throw new AppError("NOT_FOUND_OR_NO_ACCESS");
  const handing = await openHanding(db, row.id);
  const resource: MediationResource = {
    regionPath: row.region_path,
    assignedUnitId: row.assigned_unit_id,
    roomMediatorIds: handing?.mediator_ids ?? [],
    courtUnitId: o.courtUnitId === undefined ? await latestCourt(db, row.id) : o.courtUnitId,
  };
  const sees =
    can(actor, "case.read", resource) ||
    can(actor, "mediation.handle", resource) ||
    can(actor, "jc.decide", resource);
  if (!sees) throw new AppError("NOT_FOUND_OR_NO_ACCESS");
  if (action !== "read") authorize(actor, action, resource);
  return { row, handing, resource };
}

/** The court of the case's latest 司法确认 application: its clerk may see the case's mediation. */
async function latestCourt(db: Db | Tx, caseId: string): Promise<string | null> {
  const r = await db
    .selectFrom("judicial_confirmations")
    .select("court_unit_id")
    .where("case_id", "=", caseId)
    .orderBy("applied_at", "desc")
    .limit(1)
    .executeTakeFirst();
  return r?.court_unit_id ?? null;
}

/** What the case takes — one or several causes in order — saved in the caller's transaction. */
export async function applyToCase(o: {
  ctx: AppContext;
  tx: Tx;
  row: CaseRow;
  causes: CaseCause[];
  actorId: string | null;
  now: Date;
}): Promise<void> {
  const change = await transitionCase({ ctx: o.ctx, row: o.row, cause: o.causes, now: o.now });
  await saveCaseChanges(o.tx, [change], o.actorId, o.now);
}
