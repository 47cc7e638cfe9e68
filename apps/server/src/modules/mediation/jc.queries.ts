import type { TJcListItem, TJcView } from "@fengqiao/core";
import { sql } from "kysely";
import type { Db } from "../../db/database";
import type { SessionUser } from "../../plugins/auth";
import { type ClockRow, clockBrief, iso, isoNN } from "./mediation.queries";

// 司法确认 reads: the courts a handler may apply to, and a court's (or the center's) applications.

/** Courts (units of kind court) the actor may send an application to: in their subtree or above it. */
export async function listCourts(db: Db, actor: SessionUser) {
  const r = await sql<{ id: string; name: string; region_code: string }>`
    SELECT u.id, u.name, u.region_code FROM units u JOIN regions r ON r.code = u.region_code
    WHERE u.kind = 'court' AND (r.path = ${actor.regionPath} OR r.path LIKE ${`${actor.regionPath}.%`} OR ${actor.regionPath} LIKE r.path || '.%')
    ORDER BY u.name`.execute(db);
  return r.rows.map((c) => ({ id: c.id, name: c.name, regionCode: c.region_code }));
}

/**
 * 司法确认 applications the actor decides on: those sent to the actor's court, or (center staff and
 * township leaders) those of cases in their subtree. Open ones first, by the court's next deadline.
 */
export async function listConfirmations(db: Db, actor: SessionUser): Promise<TJcListItem[]> {
  const center = actor.roles.some((r) => r === "center_staff" || r === "township_leader");
  const r = await sql<{
    id: string;
    agreement_id: string;
    court_unit_id: string;
    court_name: string;
    status: TJcView["status"];
    applied_at: Date;
    accept_due_at: Date;
    accepted_at: Date | null;
    rule_due_at: Date | null;
    extended: boolean;
    decided_at: Date | null;
    reason: string | null;
    next: TJcView["next"];
    overdue: boolean;
    case_code: string;
    number: string;
    parties: { name: string }[];
    clocks: ClockRow[] | null;
  }>`
    SELECT j.*, u.name AS court_name, c.code AS case_code, a.number, a.parties,
      (SELECT json_agg(k ORDER BY k.due_at) FROM clocks k WHERE k.case_id = c.id AND k.subject_id = j.id) AS clocks
    FROM judicial_confirmations j
      JOIN units u ON u.id = j.court_unit_id
      JOIN cases c ON c.id = j.case_id
      JOIN mediation_agreements a ON a.id = j.agreement_id
    WHERE j.court_unit_id = ${actor.unitId}::uuid
      OR (${center} AND (c.region_path = ${actor.regionPath} OR c.region_path LIKE ${`${actor.regionPath}.%`}))
    ORDER BY j.status NOT IN ('applied','accepted'), coalesce(j.rule_due_at, j.accept_due_at)
    LIMIT 200`.execute(db);
  return r.rows.map((j) => ({
    id: j.id,
    agreementId: j.agreement_id,
    court: { id: j.court_unit_id, name: j.court_name },
    status: j.status,
    appliedAt: isoNN(j.applied_at),
    acceptDueAt: isoNN(j.accept_due_at),
    acceptedAt: iso(j.accepted_at),
    ruleDueAt: iso(j.rule_due_at),
    extended: j.extended,
    decidedAt: iso(j.decided_at),
    reason: j.reason,
    next: j.next,
    overdue: j.overdue,
    caseCode: j.case_code,
    agreementNumber: j.number,
    parties: j.parties.map((p) => p.name),
    clocks: (j.clocks ?? []).map(clockBrief),
  }));
}
