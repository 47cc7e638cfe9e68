import {
  AppError,
  authorize,
  type CaseStatus,
  handToRoom,
  MEDIATION_ORG_KIND_CODES,
  sessionCauses,
  type ZSessionInput,
  ZText,
} from "@fengqiao/core";
import { sql } from "kysely";
import { z } from "zod";
import type { AppContext } from "../../context";
import type { Tx } from "../../db/database";
import type { SessionUser } from "../../plugins/auth";
import { regionForActor } from "../regions/regions.commands";
import { applyToCase, caseCalendar, caseForMediation, mediationSettings } from "./mediation.store";

// Rooms (kept by the center and the township), handing a case to a room, and its sessions.

export const ZRoomInput = z.object({
  kind: z.enum(MEDIATION_ORG_KIND_CODES),
  name: ZText.trim().min(1).max(60),
  partners: ZText.trim().max(100).nullable().default(null),
  regionCode: ZText.regex(/^\d{6,15}$/),
  address: ZText.trim().max(200).nullable().default(null),
  mediatorIds: z.array(z.uuid()).max(50).default([]),
  active: z.boolean().default(true),
});
export type TRoomInput = z.infer<typeof ZRoomInput>;

/** A room's mediators are active users (a 调解员 may serve in rooms beyond their own village). */
async function checkMediators(tx: Tx, ids: string[]) {
  if (ids.length === 0) return;
  const found = await sql<{ n: string }>`
    SELECT count(*) AS n FROM users u WHERE u.id = ANY(${ids}::uuid[]) AND NOT u.disabled`.execute(tx);
  if (Number(found.rows[0]?.n) !== new Set(ids).size) {
    throw new AppError(
      "INVALID_INPUT",
      { zh: "调解员不存在", en: "No such mediator" },
      { field: "mediatorIds" },
    );
  }
}

export async function saveRoom(o: {
  ctx: AppContext;
  actor: SessionUser;
  roomId: string | null;
  input: TRoomInput;
}): Promise<string> {
  const { ctx, actor, input } = o;
  return ctx.db.transaction().execute(async (tx) => {
    const region = await regionForActor(tx, actor, input.regionCode);
    authorize(actor, "mediation.room.manage", { regionPath: region.path });
    await checkMediators(tx, input.mediatorIds);
    const values = {
      kind: input.kind,
      name: input.name,
      partners: input.partners,
      region_code: region.code,
      address: input.address,
      active: input.active,
    };
    let id = o.roomId;
    try {
      if (id) {
        const old = await roomInScope(tx, actor, id);
        authorize(actor, "mediation.room.manage", { regionPath: old.path });
        await tx.updateTable("mediation_rooms").set(values).where("id", "=", id).execute();
        await tx.deleteFrom("mediation_room_mediators").where("room_id", "=", id).execute();
      } else {
        id = (await tx.insertInto("mediation_rooms").values(values).returning("id").executeTakeFirstOrThrow())
          .id;
      }
    } catch (e) {
      if ((e as { code?: string }).code === "23505")
        throw new AppError("CONFLICT", { zh: "该辖区已有同名调解室", en: "A room of that name exists here" });
      throw e;
    }
    const roomId = id;
    if (input.mediatorIds.length)
      await tx
        .insertInto("mediation_room_mediators")
        .values([...new Set(input.mediatorIds)].map((u) => ({ room_id: roomId, user_id: u })))
        .execute();
    return roomId;
  });
}

/** Department handlers (a court's clerk too) see only the rooms they sit in, as they see only their unit's cases. */
export const wideScope = (actor: SessionUser) => actor.roles.some((r) => r !== "department_handler");

/** A room the actor may see: in their subtree or on the way up to it (a village sees its township's rooms). */
export async function roomInScope(db: Tx | AppContext["db"], actor: SessionUser, id: string) {
  const r = await sql<{ id: string; name: string; path: string; active: boolean }>`
    SELECT m.id, m.name, r.path, m.active FROM mediation_rooms m JOIN regions r ON r.code = m.region_code
    WHERE m.id = ${id}
      AND ((${wideScope(actor)} AND (r.path = ${actor.regionPath} OR r.path LIKE ${`${actor.regionPath}.%`} OR ${actor.regionPath} LIKE r.path || '.%'))
        OR EXISTS (SELECT 1 FROM mediation_room_mediators x WHERE x.room_id = m.id AND x.user_id = ${actor.userId}))`.execute(
    db,
  );
  const room = r.rows[0];
  if (!room) throw new AppError("NOT_FOUND_OR_NO_ACCESS");
  return room;
}

/** 交调解室: the room takes the case; its term (mediation.term) starts; an earlier room's ends. */
export async function handCaseToRoom(o: {
  ctx: AppContext;
  actor: SessionUser;
  caseRef: string;
  roomId: string;
  reason: string;
  now: Date;
}): Promise<string> {
  const { ctx, actor, now } = o;
  return ctx.db.transaction().execute(async (tx) => {
    const { row, handing } = await caseForMediation(tx, actor, o.caseRef, "mediation.handle", {
      forUpdate: true,
    });
    const room = await roomInScope(tx, actor, o.roomId);
    if (!room.active) throw new AppError("INVALID_INPUT", { zh: "调解室已停用", en: "The room is inactive" });
    if (row.status === "resolved" || row.status === "closed") throw new AppError("INVALID_TRANSITION");
    if (handing?.room_id === room.id)
      throw new AppError("CONFLICT", { zh: "案件已在该调解室", en: "The case is already in this room" });
    const id = crypto.randomUUID();
    const cause = handToRoom({
      handingId: id,
      room,
      previous: handing,
      reason: o.reason,
      now,
      settings: await mediationSettings(tx),
      calendar: await caseCalendar(ctx, row),
    });
    if (handing)
      await tx
        .updateTable("mediation_handings")
        .set({ ended_at: now })
        .where("id", "=", handing.id)
        .execute();
    const start = cause.clockOps?.find((c) => c.op === "start");
    await tx
      .insertInto("mediation_handings")
      .values({
        id,
        case_id: row.id,
        room_id: room.id,
        reason: o.reason || null,
        started_at: now,
        term_due_at: start?.op === "start" ? start.clock.dueAt : now,
        handed_by: actor.userId,
      })
      .execute();
    await applyToCase({ ctx, tx, row, causes: [cause], actorId: actor.userId, now });
    return id;
  });
}

/** A session: its record, and the case's own startMediation / recordMediation (core: sessionCauses). */
export async function recordSession(o: {
  ctx: AppContext;
  actor: SessionUser;
  caseRef: string;
  input: z.infer<typeof ZSessionInput>;
  now: Date;
}): Promise<string> {
  const { ctx, actor, input, now } = o;
  return ctx.db.transaction().execute(async (tx) => {
    const { row, handing } = await caseForMediation(tx, actor, o.caseRef, "mediation.handle", {
      forUpdate: true,
    });
    if (!handing)
      throw new AppError("INVALID_TRANSITION", {
        zh: "请先将案件交调解室",
        en: "Hand the case to a room first",
      });
    const id = crypto.randomUUID();
    const causes = sessionCauses({
      status: row.status as CaseStatus,
      sessionId: id,
      room: handing.room_name,
      session: input,
      actorId: actor.userId,
      now,
    });
    await tx
      .insertInto("mediation_sessions")
      .values({
        id,
        case_id: row.id,
        handing_id: handing.id,
        held_at: new Date(input.at),
        place: input.place,
        mediator_ids: input.mediatorIds,
        parties_present: input.partiesPresent,
        minutes: input.minutes,
        outcome: input.outcome,
        recorded_by: actor.userId,
        created_at: now,
      })
      .execute();
    await applyToCase({ ctx, tx, row, causes, actorId: actor.userId, now });
    return id;
  });
}
