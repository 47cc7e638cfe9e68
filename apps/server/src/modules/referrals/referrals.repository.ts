import { AppError, can, type ReferralEffect, type ReferralState } from "@fengqiao/core";
import type { AppContext } from "../../context";
import type { Db, Tx } from "../../db/database";
import type { CaseRow } from "../../db/schema";
import { atOrBelow } from "../../db/subtree";
import type { SessionUser } from "../../plugins/auth";
import { transitionCase } from "../cases/case-change";
import { type CaseChange, saveCaseChanges } from "../cases/case-store";
import { visibleTo } from "../cases/cases.repository";

export interface ReferralRow {
  id: string;
  origin_case_id: string | null;
  target_case_id: string | null;
  from_unit_id: string | null;
  to_unit_id: string;
  docking: string;
  purpose: string;
  reason: string;
  external_ref: string | null;
  register: boolean;
  status: string;
  ack_due_at: Date | null;
  ack_missed: boolean;
  outcome: string | null;
  result_text: string | null;
  decline_reason: string | null;
  created_at: Date;
  acknowledged_at: Date | null;
  returned_at: Date | null;
}

export const stateOfReferral = (r: ReferralRow): ReferralState => ({
  id: r.id,
  status: r.status as ReferralState["status"],
  ackMissed: r.ack_missed,
  outcome: r.outcome as ReferralState["outcome"],
});

const iso = (d: Date | null) => d?.toISOString() ?? null;

type Listed = ReferralRow & {
  origin_code: string | null;
  target_code: string | null;
  from_name: string | null;
  to_name: string;
};

export const presentReferral = (r: Listed) => ({
  id: r.id,
  originCaseId: r.origin_case_id,
  originCode: r.origin_code,
  targetCaseId: r.target_case_id,
  targetCode: r.target_code,
  fromUnitId: r.from_unit_id,
  fromUnitName: r.from_name,
  toUnitId: r.to_unit_id,
  toUnitName: r.to_name,
  docking: r.docking,
  purpose: r.purpose,
  reason: r.reason,
  externalRef: r.external_ref,
  register: r.register,
  status: r.status,
  ackDueAt: iso(r.ack_due_at),
  ackMissed: r.ack_missed,
  outcome: r.outcome,
  resultText: r.result_text,
  declineReason: r.decline_reason,
  createdAt: r.created_at.toISOString(),
  acknowledgedAt: iso(r.acknowledged_at),
  returnedAt: iso(r.returned_at),
});

function listQuery(db: Db | Tx) {
  return db
    .selectFrom("referrals as f")
    .innerJoin("units as tu", "tu.id", "f.to_unit_id")
    .innerJoin("regions as tr", "tr.code", "tu.region_code")
    .leftJoin("units as fu", "fu.id", "f.from_unit_id")
    .leftJoin("cases as oc", "oc.id", "f.origin_case_id")
    .leftJoin("cases as tc", "tc.id", "f.target_case_id")
    .selectAll("f")
    .select([
      "oc.code as origin_code",
      "tc.code as target_code",
      "fu.name as from_name",
      "tu.name as to_name",
    ]);
}

/** Referrals of one case (sent from it or received as it). */
export async function referralsOfCase(db: Db, caseId: string) {
  const rows = await listQuery(db)
    .where((eb) => eb.or([eb("f.origin_case_id", "=", caseId), eb("f.target_case_id", "=", caseId)]))
    .orderBy("f.created_at", "desc")
    .execute();
  return rows.map(presentReferral);
}

/** 转入 (to my unit, or to units of my region) or 转出 (from cases I can see). */
export async function referralBox(db: Db, actor: SessionUser, box: "in" | "out") {
  let q = listQuery(db);
  if (box === "in") {
    q = q.where((eb) =>
      eb.or([
        ...(actor.unitId ? [eb("f.to_unit_id", "=", actor.unitId)] : []),
        ...(actor.roles.some((r) => r === "center_staff" || r === "township_leader")
          ? [atOrBelow("tr.path", actor.regionPath)]
          : []),
      ]),
    );
  } else {
    q = q.where("f.origin_case_id", "in", (eb) =>
      eb.selectFrom("cases").select("cases.id").where(visibleTo(actor)),
    );
  }
  const rows = await q.orderBy("f.created_at", "desc").limit(200).execute();
  return rows.map(presentReferral);
}

/** The referral, locked, if the actor answers for its receiving unit; else 404. */
export async function referralToAnswer(tx: Tx, actor: SessionUser, id: string) {
  const r = await tx
    .selectFrom("referrals as f")
    .innerJoin("units as u", "u.id", "f.to_unit_id")
    .innerJoin("regions as g", "g.code", "u.region_code")
    .selectAll("f")
    .select(["g.path as unit_path", "u.region_code as unit_region", "u.name as unit_name"])
    .where("f.id", "=", id)
    .forUpdate("f")
    .executeTakeFirst();
  if (!r || !can(actor, "referral.answer", { regionPath: r.unit_path, assignedUnitId: r.to_unit_id })) {
    throw new AppError("NOT_FOUND_OR_NO_ACCESS");
  }
  return r;
}

/** Each case takes its side of a referral decision on the one path, in the caller's transaction. */
export async function applyReferralEffects(o: {
  ctx: AppContext;
  tx: Tx;
  effects: { caseId: string | null; effect: ReferralEffect | null; row?: CaseRow }[];
  actorId: string | null;
  now: Date;
}) {
  const todo = o.effects
    .filter((e): e is { caseId: string; effect: ReferralEffect; row?: CaseRow } => !!e.caseId && !!e.effect)
    .sort((a, b) => a.caseId.localeCompare(b.caseId)); // one lock order: no deadlock between two sides
  const changes: CaseChange[] = [];
  for (const e of todo) {
    const row =
      e.row ??
      (await o.tx
        .selectFrom("cases")
        .selectAll()
        .where("id", "=", e.caseId)
        .forUpdate()
        .executeTakeFirstOrThrow());
    const { events, clockOps, notices, red } = e.effect;
    changes.push(
      await transitionCase({
        ctx: o.ctx,
        row,
        cause: { type: "procedure", events, clockOps, notices, red },
        now: o.now,
      }),
    );
  }
  await saveCaseChanges(o.tx, changes, o.actorId, o.now);
}
