import {
  AppError,
  type ServiceCode,
  TICKET_PREFIX,
  type TTicketCreate,
  ticketDay,
  ticketLabel,
} from "@fengqiao/core";
import { sql } from "kysely";
import type { AppContext } from "../../context";
import type { Db, Tx } from "../../db/database";
import { maskIdNumber, maskName } from "../../lib/personal-data";
import type { SessionUser } from "../../plugins/auth";
import { audit } from "../audit/audit";
import { centerForActor } from "./center-data";

// 取号 and 叫号 at the one-stop window. A ticket holds no phone or ID number in clear: a keyed hash
// (to find earlier visits) and the masked form (to show) only.

interface TicketRow {
  id: string;
  label: string;
  service: string;
  status: string;
  visitor_name: string | null;
  visitor_phone_last4: string | null;
  visitor_id_masked: string | null;
  window_no: number | null;
  case_id: string | null;
  created_at: Date;
  called_at: Date | null;
}

export const presentTicket = (t: TicketRow) => ({
  id: t.id,
  label: t.label,
  service: t.service,
  status: t.status,
  visitorName: maskName(t.visitor_name),
  phone: t.visitor_phone_last4 ? `*******${t.visitor_phone_last4}` : null,
  idNumber: t.visitor_id_masked,
  window: t.window_no,
  caseId: t.case_id,
  createdAt: t.created_at.toISOString(),
  calledAt: t.called_at?.toISOString() ?? null,
});

const TICKET_COLUMNS = [
  "id",
  "label",
  "service",
  "status",
  "visitor_name",
  "visitor_phone_last4",
  "visitor_id_masked",
  "window_no",
  "case_id",
  "created_at",
  "called_at",
] as const;

/** 取号: the next number of this service at this center today, atomically (one counter row). */
export async function takeTicket(o: {
  ctx: AppContext;
  actor: SessionUser;
  input: TTicketCreate;
  now: Date;
}) {
  const { ctx, actor, input, now } = o;
  return ctx.db.transaction().execute(async (tx) => {
    const center = await centerForActor(tx, actor, input.center, "window.operate");
    const day = ticketDay(now);
    const service = input.service as ServiceCode;
    const counter = await sql<{ last: number }>`
      INSERT INTO window_ticket_counters (center_code, day, prefix, last)
      VALUES (${center.code}, ${day}, ${TICKET_PREFIX[service]}, 1)
      ON CONFLICT (center_code, day, prefix) DO UPDATE SET last = window_ticket_counters.last + 1
      RETURNING last`.execute(tx);
    const n = counter.rows[0]?.last ?? 1;
    const idNumber = input.idNumber?.toUpperCase();
    const row = await tx
      .insertInto("window_tickets")
      .values({
        center_code: center.code,
        day,
        service,
        label: ticketLabel(service, n),
        visitor_name: input.visitorName ?? null,
        visitor_phone_hash: input.phone ? ctx.pd.lookupHash(input.phone) : null,
        visitor_phone_last4: input.phone ? input.phone.replace(/\D/g, "").slice(-4) : null,
        visitor_id_hash: idNumber ? ctx.pd.lookupHash(`id:${idNumber}`) : null,
        visitor_id_masked: idNumber ? maskIdNumber(idNumber) : null,
        created_by: actor.userId,
        created_at: now,
      })
      .returning(TICKET_COLUMNS)
      .executeTakeFirstOrThrow();
    const ahead = await tx
      .selectFrom("window_tickets")
      .select(sql<number>`count(*)::int`.as("n"))
      .where("center_code", "=", center.code)
      .where("day", "=", day)
      .where("status", "=", "waiting")
      .where("created_at", "<", now)
      .executeTakeFirstOrThrow();
    return { ...presentTicket(row), waitingAhead: ahead.n };
  });
}

/** 叫号: the longest-waiting ticket of the window's services; two windows never call the same one. */
export async function callNext(o: {
  ctx: AppContext;
  actor: SessionUser;
  center: string;
  window: number;
  services: string[];
  now: Date;
}) {
  const { ctx, actor, now } = o;
  return ctx.db.transaction().execute(async (tx) => {
    const center = await centerForActor(tx, actor, o.center, "window.operate");
    let q = tx
      .selectFrom("window_tickets")
      .select("id")
      .where("center_code", "=", center.code)
      .where("day", "=", ticketDay(now))
      .where("status", "=", "waiting");
    if (o.services.length) q = q.where("service", "in", o.services);
    const next = await q
      .orderBy("created_at")
      .orderBy("label")
      .limit(1)
      .forUpdate()
      .skipLocked()
      .executeTakeFirst();
    if (!next) return null;
    const row = await tx
      .updateTable("window_tickets")
      .set({ status: "called", window_no: o.window, called_at: now, called_by: actor.userId })
      .where("id", "=", next.id)
      .returning(TICKET_COLUMNS)
      .executeTakeFirstOrThrow();
    await audit(tx, {
      at: now,
      actorId: actor.userId,
      action: "window.called",
      entity: "window_ticket",
      entityId: row.id,
      data: { label: row.label, window: o.window },
    });
    return presentTicket(row);
  });
}

/** A called ticket was served or the visitor did not come (过号). */
export async function finishTicket(o: {
  ctx: AppContext;
  actor: SessionUser;
  id: string;
  status: "served" | "no_show";
  now: Date;
}) {
  return o.ctx.db.transaction().execute(async (tx) => {
    const t = await ticketForActor(tx, o.actor, o.id);
    if (t.status !== "called" && t.status !== "waiting") {
      throw new AppError("INVALID_TRANSITION", { zh: "该号已办结", en: "This ticket is finished" });
    }
    const row = await tx
      .updateTable("window_tickets")
      .set({ status: o.status, finished_at: o.now })
      .where("id", "=", o.id)
      .returning(TICKET_COLUMNS)
      .executeTakeFirstOrThrow();
    return presentTicket(row);
  });
}

/** A ticket of a center the actor runs, locked; else 404. */
export async function ticketForActor(tx: Tx, actor: SessionUser, id: string) {
  const t = await tx
    .selectFrom("window_tickets")
    .selectAll()
    .where("id", "=", id)
    .forUpdate()
    .executeTakeFirst();
  if (!t) throw new AppError("NOT_FOUND_OR_NO_ACCESS");
  await centerForActor(tx, actor, t.center_code, "window.operate");
  return t;
}

/** The hall's board and the clerk's queue: now serving per window, then who waits, oldest first. */
export async function windowQueue(db: Db, centerCode: string, now: Date) {
  const rows = await db
    .selectFrom("window_tickets")
    .select(TICKET_COLUMNS)
    .where("center_code", "=", centerCode)
    .where("day", "=", ticketDay(now))
    .where("status", "in", ["waiting", "called"])
    .orderBy("created_at")
    .execute();
  const called = rows
    .filter((r) => r.status === "called")
    .sort((a, b) => (a.called_at?.getTime() ?? 0) - (b.called_at?.getTime() ?? 0));
  // One line per window: the number it called last (later calls overwrite earlier ones).
  const serving = [...new Map(called.map((r) => [r.window_no, r])).values()]
    .sort((a, b) => (a.window_no ?? 0) - (b.window_no ?? 0))
    .map(presentTicket);
  return {
    day: ticketDay(now),
    nowServing: serving,
    called: called.reverse().map(presentTicket),
    waiting: rows.filter((r) => r.status === "waiting").map(presentTicket),
  };
}
