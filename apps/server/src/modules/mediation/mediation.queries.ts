import {
  can,
  notConfirmableReason,
  type StatusMatter,
  type TAgreementView,
  type TCaseMediation,
  type TClockBrief,
  type TJcView,
  type TRoomBoard,
  type TRoomView,
} from "@fengqiao/core";
import { sql } from "kysely";
import type { Db } from "../../db/database";
import { maskIdNumber, maskPhone, type PersonalData } from "../../lib/personal-data";
import type { SessionUser } from "../../plugins/auth";
import type { AgreementRow, StoredAgreementParty } from "./agreements.commands";
import { roomInScope, wideScope } from "./mediation.commands";
import { caseForMediation } from "./mediation.store";

// Reads for the room board, the case's mediation panel, and the pickers. Identifiers masked, always.

export const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());
export const isoNN = (d: Date | string) => new Date(d).toISOString();

/** Rooms in the actor's subtree, on the way up to it, or with the actor among their mediators. */
export async function listRooms(
  db: Db,
  actor: SessionUser,
  roomId: string | null = null,
): Promise<TRoomView[]> {
  const rows = await sql<{
    id: string;
    kind: TRoomView["kind"];
    name: string;
    partners: string | null;
    region_code: string;
    region_name: string;
    address: string | null;
    active: boolean;
    mediators: { id: string; name: string }[] | null;
    open_cases: string;
  }>`
    SELECT m.id, m.kind, m.name, m.partners, m.region_code, r.name AS region_name, m.address, m.active,
      (SELECT json_agg(json_build_object('id', u.id, 'name', u.display_name) ORDER BY u.display_name)
        FROM mediation_room_mediators x JOIN users u ON u.id = x.user_id WHERE x.room_id = m.id) AS mediators,
      (SELECT count(*) FROM mediation_handings h WHERE h.room_id = m.id AND h.ended_at IS NULL) AS open_cases
    FROM mediation_rooms m JOIN regions r ON r.code = m.region_code
    WHERE ((${wideScope(actor)} AND (r.path = ${actor.regionPath} OR r.path LIKE ${`${actor.regionPath}.%`} OR ${actor.regionPath} LIKE r.path || '.%'))
        OR EXISTS (SELECT 1 FROM mediation_room_mediators x WHERE x.room_id = m.id AND x.user_id = ${actor.userId}))
      AND (${roomId}::uuid IS NULL OR m.id = ${roomId}::uuid)
    ORDER BY length(r.path), m.name`.execute(db);
  return rows.rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    name: r.name,
    partners: r.partners,
    regionCode: r.region_code,
    regionName: r.region_name,
    address: r.address,
    active: r.active,
    mediators: r.mediators ?? [],
    openCases: Number(r.open_cases),
  }));
}

export type ClockRow = {
  kind: string;
  subject_id: string | null;
  started_at: Date;
  due_at: Date;
  warn_at: Date | null;
  stopped_at: Date | null;
  fired_at: Date | null;
  basis: string;
};
export const clockBrief = (k: ClockRow): TClockBrief => ({
  kind: k.kind,
  subjectId: k.subject_id,
  startedAt: isoNN(k.started_at),
  dueAt: isoNN(k.due_at),
  warnAt: iso(k.warn_at),
  stoppedAt: iso(k.stopped_at),
  firedAt: iso(k.fired_at),
  basis: k.basis,
});
const MEDIATION_KINDS = sql`(kind LIKE 'mediation.%' OR kind LIKE 'agreement.%' OR kind LIKE 'jc.%')`;

/** 调解室看板: the cases in the room now, with their sessions, agreement and running clocks. */
export async function roomBoard(db: Db, actor: SessionUser, roomId: string): Promise<TRoomBoard> {
  await roomInScope(db, actor, roomId);
  const [room] = await listRooms(db, actor, roomId);
  if (!room) throw new Error("room vanished");
  const member = room.mediators.some((m) => m.id === actor.userId);
  const cases = await sql<{
    case_id: string;
    code: string;
    title: string;
    status: string;
    warning: string;
    started_at: Date;
    term_due_at: Date;
    term_overdue: boolean;
    sessions: string;
    last_outcome: TRoomBoard["cases"][number]["lastOutcome"];
    agreement_status: string | null;
    clocks: ClockRow[] | null;
  }>`
    SELECT c.id AS case_id, c.code, c.title, c.status, c.warning, h.started_at, h.term_due_at, h.term_overdue,
      (SELECT count(*) FROM mediation_sessions s WHERE s.handing_id = h.id) AS sessions,
      (SELECT s.outcome FROM mediation_sessions s WHERE s.handing_id = h.id ORDER BY s.held_at DESC LIMIT 1) AS last_outcome,
      (SELECT a.status FROM mediation_agreements a WHERE a.handing_id = h.id ORDER BY a.created_at DESC LIMIT 1) AS agreement_status,
      (SELECT json_agg(k ORDER BY k.due_at) FROM clocks k WHERE k.case_id = c.id AND k.stopped_at IS NULL
        AND k.fired_at IS NULL AND ${MEDIATION_KINDS}) AS clocks
    FROM mediation_handings h JOIN cases c ON c.id = h.case_id
    WHERE h.room_id = ${roomId} AND h.ended_at IS NULL
      -- The room's mediators see all its cases; anyone else only the cases of their own jurisdiction.
      AND (${member} OR (${wideScope(actor)} AND (c.region_path = ${actor.regionPath} OR c.region_path LIKE ${`${actor.regionPath}.%`}))
        OR c.assigned_unit_id = ${actor.unitId}::uuid)
      AND (c.status IN ('submitted','accepted','mediating','paused') OR EXISTS (SELECT 1 FROM clocks k
        WHERE k.case_id = c.id AND k.stopped_at IS NULL AND k.fired_at IS NULL AND ${MEDIATION_KINDS}))
    ORDER BY h.term_due_at LIMIT 500`.execute(db);
  return {
    room,
    cases: cases.rows.map((r) => ({
      caseId: r.case_id,
      code: r.code,
      title: r.title,
      status: r.status,
      warning: r.warning,
      since: isoNN(r.started_at),
      termDueAt: isoNN(r.term_due_at),
      termOverdue: r.term_overdue,
      sessions: Number(r.sessions),
      lastOutcome: r.last_outcome,
      agreementStatus: r.agreement_status,
      clocks: (r.clocks ?? []).map(clockBrief),
    })),
  };
}

export function presentAgreement(a: AgreementRow, pd: PersonalData): TAgreementView {
  const sigs = a.signatures as ({ signed: boolean; on: string } | null)[];
  const open = (v: string | null) => (v ? pd.decrypt(v) : null);
  return {
    id: a.id,
    number: a.number,
    status: a.status as TAgreementView["status"],
    parties: (a.parties as StoredAgreementParty[]).map((p, i) => {
      const address = open(p.addressEnc);
      return {
        role: p.role,
        name: p.name,
        idNumber: maskIdNumber(open(p.idEnc)),
        phone: maskPhone(open(p.phoneEnc)),
        // An address on screen shows its first few characters only (the village, not the house).
        address: address ? `${Array.from(address).slice(0, 6).join("")}****` : null,
        signature: sigs[i] ?? null,
      };
    }),
    facts: a.facts,
    dispute: a.dispute,
    responsibilities: a.responsibilities,
    terms: a.terms as TAgreementView["terms"],
    statusMatter: a.status_matter as StatusMatter,
    confirmable: notConfirmableReason(a.status_matter as StatusMatter) === null,
    mediatorNames: a.mediator_names,
    organisation: a.organisation,
    effectiveAt: iso(a.effective_at),
    performance: a.performance as TAgreementView["performance"],
    lastPerformanceDate: a.last_performance_date,
    version: a.version,
  };
}

/** The case's mediation panel: room, sessions, agreements, 司法确认 and every clock with its basis. */
export async function caseMediation(
  db: Db,
  actor: SessionUser,
  ref: string,
  pd: PersonalData,
): Promise<TCaseMediation> {
  const { row, handing, resource } = await caseForMediation(db, actor, ref, "read", { forUpdate: false });
  const [since, sessions, agreements, jcs, clocks] = await Promise.all([
    handing
      ? db
          .selectFrom("mediation_handings")
          .select("started_at")
          .where("id", "=", handing.id)
          .executeTakeFirst()
      : null,
    sql<{
      id: string;
      held_at: Date;
      place: string;
      minutes: string;
      outcome: TCaseMediation["sessions"][number]["outcome"];
      parties_present: string[];
      mediators: string[] | null;
    }>`
      SELECT s.id, s.held_at, s.place, s.minutes, s.outcome, s.parties_present,
        (SELECT array_agg(u.display_name) FROM users u WHERE u.id = ANY(s.mediator_ids)) AS mediators
      FROM mediation_sessions s WHERE s.case_id = ${row.id} ORDER BY s.held_at`.execute(db),
    db
      .selectFrom("mediation_agreements")
      .selectAll()
      .where("case_id", "=", row.id)
      .orderBy("created_at")
      .execute(),
    db
      .selectFrom("judicial_confirmations as j")
      .innerJoin("units as u", "u.id", "j.court_unit_id")
      .selectAll("j")
      .select("u.name as court_name")
      .where("j.case_id", "=", row.id)
      .orderBy("j.applied_at")
      .execute(),
    sql<ClockRow>`SELECT kind, subject_id, started_at, due_at, warn_at, stopped_at, fired_at, basis FROM clocks
      WHERE case_id = ${row.id} AND ${MEDIATION_KINDS} ORDER BY id`.execute(db),
  ]);
  return {
    caseId: row.id,
    code: row.code,
    category: row.category,
    room:
      handing && since
        ? {
            id: handing.room_id,
            name: handing.room_name,
            handingId: handing.id,
            since: isoNN(since.started_at),
          }
        : null,
    sessions: sessions.rows.map((s) => ({
      id: s.id,
      heldAt: isoNN(s.held_at),
      place: s.place,
      mediators: s.mediators ?? [],
      partiesPresent: s.parties_present,
      minutes: s.minutes,
      outcome: s.outcome,
    })),
    agreements: agreements.map((a) => presentAgreement(a, pd)),
    confirmations: jcs.map(
      (j): TJcView => ({
        id: j.id,
        agreementId: j.agreement_id,
        court: { id: j.court_unit_id, name: j.court_name },
        status: j.status as TJcView["status"],
        appliedAt: isoNN(j.applied_at),
        acceptDueAt: isoNN(j.accept_due_at),
        acceptedAt: iso(j.accepted_at),
        ruleDueAt: iso(j.rule_due_at),
        extended: j.extended,
        decidedAt: iso(j.decided_at),
        reason: j.reason,
        next: j.next as TJcView["next"],
        overdue: j.overdue,
      }),
    ),
    clocks: clocks.rows.map(clockBrief),
    can: {
      handle: can(actor, "mediation.handle", resource),
      decide: can(actor, "jc.decide", resource),
    },
  };
}

/** Active users in the actor's subtree, mediators first: who may sit in a room. */
export async function listMediatorCandidates(db: Db, actor: SessionUser) {
  const r = await sql<{ id: string; name: string; roles: string[] }>`
    SELECT u.id, u.display_name AS name, u.roles FROM users u JOIN regions r ON r.code = u.region_code
    WHERE NOT u.disabled AND (r.path = ${actor.regionPath} OR r.path LIKE ${`${actor.regionPath}.%`})
    ORDER BY NOT ('mediator' = ANY(u.roles)), u.display_name LIMIT 500`.execute(db);
  return r.rows;
}
