import {
  AppError,
  authorize,
  can,
  decideSummons,
  type SummonsCommand,
  type SummonsDecision,
  type SummonsState,
  type TSummonsCreate,
} from "@fengqiao/core";
import type { AppContext } from "../../context";
import type { Db, Tx } from "../../db/database";
import type { CaseRow } from "../../db/schema";
import type { SessionUser } from "../../plugins/auth";
import { changeCase } from "../cases/case-change";
import { findCaseForActor } from "../cases/cases.repository";
import { centerClocks } from "../window/center-data";

// 随叫随驻: the summons keeps its own state in `summons`; each change reaches the case through the one
// transition path (cause `procedure`), in the same transaction.

type SummonsRow = {
  id: string;
  case_id: string;
  unit_id: string;
  center_code: string;
  reason: string;
  place: string;
  appear_by: Date;
  status: string;
  ack_due_at: Date;
  late: boolean;
  note: string | null;
  created_at: Date;
  acknowledged_at: Date | null;
  appeared_at: Date | null;
};

export const stateOfSummons = (r: SummonsRow): SummonsState => ({
  id: r.id,
  unitId: r.unit_id,
  status: r.status as SummonsState["status"],
  ackDueAt: r.ack_due_at,
  late: r.late,
});

export const presentSummons = (r: SummonsRow & { unit_name?: string; case_code?: string }) => ({
  id: r.id,
  caseId: r.case_id,
  caseCode: r.case_code ?? null,
  unitId: r.unit_id,
  unitName: r.unit_name ?? null,
  center: r.center_code,
  reason: r.reason,
  place: r.place,
  appearBy: r.appear_by.toISOString(),
  status: r.status,
  ackDueAt: r.ack_due_at.toISOString(),
  late: r.late,
  note: r.note,
  createdAt: r.created_at.toISOString(),
  acknowledgedAt: r.acknowledged_at?.toISOString() ?? null,
  appearedAt: r.appeared_at?.toISOString() ?? null,
});

const lockCase = (tx: Tx, id: string) =>
  tx.selectFrom("cases").selectAll().where("id", "=", id).forUpdate().executeTakeFirstOrThrow();

async function applyToCase(o: {
  ctx: AppContext;
  tx: Tx;
  row: CaseRow;
  decision: SummonsDecision;
  actorId: string | null;
  now: Date;
}) {
  const d = o.decision;
  await changeCase({
    ctx: o.ctx,
    tx: o.tx,
    row: o.row,
    now: o.now,
    actorId: o.actorId,
    cause: { type: "procedure", events: d.events, clockOps: d.clockOps, notices: d.notices, red: d.red },
  });
}

/** The center summons a stationed unit for a case in its jurisdiction. */
export async function issueSummons(o: {
  ctx: AppContext;
  actor: SessionUser;
  caseRef: string;
  input: TSummonsCreate;
  now: Date;
}) {
  const { ctx, actor, input, now } = o;
  const limit = (await centerClocks(ctx.db)).summonsAck;
  return ctx.db.transaction().execute(async (tx) => {
    const row = await findCaseForActor(tx, actor, o.caseRef, { forUpdate: true });
    authorize(actor, "summons.issue", { regionPath: row.region_path, assignedUnitId: row.assigned_unit_id });
    const unit = await tx
      .selectFrom("units as u")
      .innerJoin("regions as r", "r.code", "u.region_code")
      .select(["u.id", "u.region_code", "u.stationing", "r.path"])
      .where("u.id", "=", input.unitId)
      .executeTakeFirst();
    // The unit must be stationed at a center the case lies under (its township's or the county's).
    if (
      !unit?.stationing ||
      !(row.region_path === unit.path || row.region_path.startsWith(`${unit.path}.`))
    ) {
      throw new AppError(
        "INVALID_INPUT",
        { zh: "只能传唤本中心入驻的单位", en: "Only units stationed at this case's center can be summoned" },
        { field: "unitId" },
      );
    }
    // The summoning center is the case's township center (province.city.county.township…), which may
    // call on a county department stationed a level up; its list and its missed-answer notice follow.
    const center = row.region_path.split(".")[3] ?? unit.region_code;
    const id = crypto.randomUUID();
    const command: SummonsCommand = {
      type: "issue",
      reason: input.reason,
      place: input.place,
      appearBy: new Date(input.appearBy),
      ackLimit: limit,
    };
    const decision = decideSummons(null, command, {
      now,
      id,
      unitId: unit.id,
      centerRegion: center,
      caseCode: row.code,
    });
    const inserted = await tx
      .insertInto("summons")
      .values({
        id,
        case_id: row.id,
        unit_id: unit.id,
        center_code: center,
        reason: input.reason,
        place: input.place,
        appear_by: command.appearBy,
        status: decision.state.status,
        ack_due_at: decision.state.ackDueAt ?? now,
        note: null,
        created_by: actor.userId,
        created_at: now,
        acknowledged_at: null,
        acknowledged_by: null,
        appeared_at: null,
        missed_at: null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await applyToCase({ ctx, tx, row, decision, actorId: actor.userId, now });
    return presentSummons(inserted);
  });
}

/** The summoned unit answers (acknowledge, appeared); the center may cancel. */
export async function answerSummons(o: {
  ctx: AppContext;
  actor: SessionUser;
  id: string;
  command: Extract<SummonsCommand, { type: "acknowledge" | "appear" | "cancel" }>;
  now: Date;
}) {
  const { ctx, actor, command, now } = o;
  return ctx.db.transaction().execute(async (tx) => {
    const s = await tx
      .selectFrom("summons")
      .selectAll()
      .where("id", "=", o.id)
      .forUpdate()
      .executeTakeFirst();
    if (!s) throw new AppError("NOT_FOUND_OR_NO_ACCESS");
    const row = await lockCase(tx, s.case_id);
    const unitSide = { regionPath: row.region_path, assignedUnitId: s.unit_id };
    // Neither the summoned unit nor in the case's jurisdiction: the summons does not exist for them.
    if (
      !isUnit(actor, s.unit_id) &&
      !can(actor, "case.read", { ...unitSide, assignedUnitId: row.assigned_unit_id })
    )
      throw new AppError("NOT_FOUND_OR_NO_ACCESS");
    if (command.type === "cancel") authorize(actor, "summons.issue", { regionPath: row.region_path });
    // "appeared" is confirmed by the unit or by the center that sees them arrive.
    else if (command.type === "appear" && !isUnit(actor, s.unit_id))
      authorize(actor, "summons.issue", { regionPath: row.region_path });
    else if (isUnit(actor, s.unit_id)) authorize(actor, "summons.answer", unitSide);
    else if (can(actor, "case.read", unitSide)) throw new AppError("FORBIDDEN");
    else throw new AppError("NOT_FOUND_OR_NO_ACCESS");
    const decision = decideSummons(stateOfSummons(s), command, {
      now,
      id: s.id,
      unitId: s.unit_id,
      centerRegion: s.center_code,
      caseCode: row.code,
    });
    const note = "note" in command ? command.note : command.type === "cancel" ? command.reason : null;
    const updated = await tx
      .updateTable("summons")
      .set({
        status: decision.state.status,
        late: decision.state.late,
        note: note ?? s.note,
        ...(command.type === "acknowledge" ? { acknowledged_at: now, acknowledged_by: actor.userId } : {}),
        ...(command.type === "appear" ? { appeared_at: now } : {}),
      })
      .where("id", "=", s.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await applyToCase({ ctx, tx, row, decision, actorId: actor.userId, now });
    return presentSummons(updated);
  });
}

const isUnit = (actor: SessionUser, unitId: string) => actor.unitId === unitId;

/** Summonses of a case the actor may read, or of a center, or of the actor's own unit. */
export async function listSummons(db: Db, where: { caseId?: string; center?: string; unitId?: string }) {
  let q = db
    .selectFrom("summons as s")
    .innerJoin("units as u", "u.id", "s.unit_id")
    .innerJoin("cases as c", "c.id", "s.case_id")
    .selectAll("s")
    .select(["u.name as unit_name", "c.code as case_code"]);
  if (where.caseId) q = q.where("s.case_id", "=", where.caseId);
  if (where.center) q = q.where("s.center_code", "=", where.center);
  if (where.unitId) q = q.where("s.unit_id", "=", where.unitId);
  const rows = await q.orderBy("s.created_at", "desc").limit(200).execute();
  return rows.map(presentSummons);
}
