import {
  AppError,
  authorize,
  type CaseCommand,
  COMMAND_ACTION,
  escalationTargets,
  inSubtree,
  type NewCaseInput,
  needsCurrentVersion,
  newCaseTransition,
  QUEUE_LEVELS,
  type TCaseCommandBody,
  type TCaseCreate,
  type TPolicy,
} from "@fengqiao/core";
import { sql } from "kysely";
import type { AppContext } from "../../context";
import type { Tx } from "../../db/database";
import type { CaseRow } from "../../db/schema";
import { GENESIS } from "../../lib/hash-chain";
import { searchTokens } from "../../lib/search";
import type { SessionUser } from "../../plugins/auth";
import { chainEvents } from "../audit/audit";
import { refusePetitionOwned } from "../petitions/petitions.guard";
import { cancelOnSettle, resolveGuard } from "../tasks/tasks.commands";
import { tourAnswerOnCommand } from "../tourism/tour-answer";
import { routeToVillageOfficer } from "../village-police/officers";
import { changeCase, policyOrThrow } from "./case-change";
import { caseCode } from "./case-code";
import { insertNewCase, newCaseRow } from "./case-new";
import { outboxRows, startedClocks, stateOf } from "./case-store";
import { caseResource, findCaseForActor } from "./cases.repository";

export const DEFAULT_POLICY_KEY = "siji-qitian";

/**
 * A ladder that starts at the grid or the village needs a grid or a village to own the case: staff
 * registering at the county or a township would leave step 1 with nobody (citizen doors and Open311
 * place their cases themselves).
 */
function requireOwningRegion(policy: TPolicy, level: string) {
  const first = policy.steps[0]?.level;
  if ((first === "grid" || first === "village") && level !== "grid" && level !== "village") {
    throw new AppError(
      "INVALID_INPUT",
      { zh: "请选择案件所在的网格或村（社区）", en: "Choose the grid or village the case belongs to" },
      { field: "regionCode" },
    );
  }
}

/** 受理登记: a case enters at step 1 with its step and overall clocks running. */
export async function createCase(o: {
  ctx: AppContext;
  actor: SessionUser | null;
  input: TCaseCreate;
  now: Date;
  createdBy?: string | null;
  /** 码上反映: where the QR code hangs and who must call back — part of the case's first transition. */
  qr?: NewCaseInput["qr"];
  /** More writes that must commit or fail with the case (intake: idempotency key, photos). */
  within?: (tx: Tx, row: CaseRow) => Promise<void>;
}): Promise<CaseRow> {
  const { ctx, actor, input, now } = o;
  const policy = await policyOrThrow(ctx, input.policyKey ?? DEFAULT_POLICY_KEY);
  const calendar = await ctx.rules.calendar(policy);
  const search = searchTokens(input.title, input.description);
  return ctx.db.transaction().execute(async (tx) => {
    // One round trip for the region (jurisdiction) and the serial of 一案一码.
    const found = await sql<{ code: string; path: string; level: string; n: string }>`
      SELECT code, path, level, nextval('case_code_seq') AS n FROM regions WHERE code = ${input.regionCode}`.execute(
      tx,
    );
    const region = found.rows[0];
    if (!region || (actor && !inSubtree(region.path, actor.regionPath))) {
      throw new AppError("NOT_FOUND_OR_NO_ACCESS", {
        zh: "辖区不存在或无权限",
        en: "Region not found or no access",
      });
    }
    if (actor) authorize(actor, "case.create", { regionPath: region.path });
    if (actor) requireOwningRegion(policy, region.level);
    const code = caseCode(region.code, now, Number(region.n));
    const id = crypto.randomUUID();
    const ref = {
      id,
      code,
      regionCode: region.code,
      regionPath: region.path,
      hasPhone: !!input.reporter?.phone,
    };
    const first = newCaseTransition({
      ref,
      policy,
      calendar,
      now,
      highRisk: input.highRisk,
      submitted: { code, channel: input.channel, category: input.category, regionCode: region.code },
      qr: o.qr,
    });
    const actorId = actor?.userId ?? null;
    const chained = chainEvents({ caseId: id, head: GENESIS, count: 0, actorId, events: first.events });
    const row = newCaseRow({ ctx, input, id, code, region, policy, first, now, chained });
    row.created_by = o.createdBy ?? actorId;
    const inserted = await insertNewCase(tx, {
      row,
      search,
      clocks: startedClocks(id, first.clockOps),
      events: chained.rows,
      outbox: outboxRows(first.notices, row.reporter_phone_enc),
      now,
    });
    // 有事找警察: 治安 cases go to the village's officer; `within` gets the row as it now stands.
    const routed = await routeToVillageOfficer(ctx, tx, inserted, now);
    if (o.within) await o.within(tx, routed);
    return routed;
  });
}

/** Every workflow command: lock, check who may, core's transition, save — one transaction. */
export async function runCaseCommand(o: {
  ctx: AppContext;
  actor: SessionUser;
  caseRef: string;
  body: TCaseCommandBody;
  now: Date;
  /** Runs in the command's transaction with the changed case (an Idempotency-Key's kept answer). */
  within?: (tx: Tx, row: CaseRow) => Promise<void>;
}): Promise<CaseRow> {
  const { ctx, actor, body, now } = o;
  return ctx.db.transaction().execute(async (tx) => {
    const row = await findCaseForActor(tx, actor, o.caseRef, { forUpdate: true });
    if (row.version !== body.version && needsCurrentVersion(body.type)) {
      throw new AppError("CONFLICT", {
        zh: "该案件已被他人更新，请刷新后重试",
        en: "The case was changed by someone else; reload and try again",
      });
    }
    const policy = await policyOrThrow(ctx, row.policy_key);
    const command = toCommand(body);
    await refusePetitionOwned(tx, row.id, command.type);
    authorize(actor, COMMAND_ACTION[command.type], caseResource(row, policy));
    await checkReferences(tx, actor, row, command);
    if (command.type === "escalate" && command.toStep !== undefined)
      checkEscalationTarget(actor, row, policy, command.toStep);
    const cause = { type: "command" as const, command, actorId: actor.userId };
    // 交办督办: no resolution while a lead unit's task is open, unless the center overrides (tasks module).
    const override = body.type === "resolve" ? await resolveGuard(tx, actor, row, body.override) : null;
    const cancelled = await cancelOnSettle({
      ctx,
      tx,
      row,
      command: command.type,
      now,
      actorId: actor.userId,
    });
    // 旅游警务: the post's accept or note answers the tourist and stops its answer clock.
    const answered = await tourAnswerOnCommand(tx, actor, row.id, command.type, now);
    const causes = [...(override ? [override] : []), cause, ...cancelled, ...answered];
    await changeCase({ ctx, tx, row, cause: causes, now, actorId: actor.userId });
    const changed = await tx
      .selectFrom("cases")
      .selectAll()
      .where("id", "=", row.id)
      .executeTakeFirstOrThrow();
    await o.within?.(tx, changed);
    return changed;
  });
}

function toCommand(body: TCaseCommandBody): CaseCommand {
  const { version: _v, ...rest } = body;
  if (rest.type === "resolve") return { type: "resolve", summary: rest.summary };
  return rest.type === "escalate" ? { ...rest, auto: false } : rest;
}

/** A chosen escalation target may not pass the step above the actor's own rung (core: escalationTargets). */
function checkEscalationTarget(actor: SessionUser, row: CaseRow, policy: TPolicy, toStep: number) {
  const levels = actor.roles.flatMap((r) => QUEUE_LEVELS[r] ?? []);
  const { max } = escalationTargets(
    stateOf(row),
    policy.steps.map((s) => s.level),
    levels,
  );
  if (toStep > max) {
    throw new AppError(
      "INVALID_INPUT",
      { zh: `最多只能上报至第 ${max} 步`, en: `You can escalate at most to step ${max}` },
      { field: "toStep", max },
    );
  }
}

// Referenced cases, units and users must exist and (for cases) lie in the actor's jurisdiction.
async function checkReferences(tx: Tx, actor: SessionUser, row: CaseRow, command: CaseCommand) {
  if (command.type === "merge") {
    if (command.intoCode === row.code) {
      throw new AppError("INVALID_INPUT", {
        zh: "不能合并到自身",
        en: "A case cannot be merged into itself",
      });
    }
    const target = await findCaseForActor(tx, actor, command.intoCode, { forUpdate: false });
    if (target.status === "closed") {
      throw new AppError("INVALID_TRANSITION", {
        zh: "不能合并到已结案的案件",
        en: "Cannot merge into a closed case",
      });
    }
  }
  if (command.type === "assign") {
    if (command.unitId) {
      const unit = await tx
        .selectFrom("units")
        .select("id")
        .where("id", "=", command.unitId)
        .executeTakeFirst();
      if (!unit) throw new AppError("INVALID_INPUT", { zh: "单位不存在", en: "No such unit" });
    }
    if (command.userId) {
      const user = await tx
        .selectFrom("users")
        .select("id")
        .where("id", "=", command.userId)
        .executeTakeFirst();
      if (!user) throw new AppError("INVALID_INPUT", { zh: "人员不存在", en: "No such user" });
    }
  }
}

/** 查看联系方式: full contacts for roles that call people back; the reveal is in the case's audit trail. */
export async function revealCaseContacts(o: {
  ctx: AppContext;
  actor: SessionUser;
  caseRef: string;
  now: Date;
}): Promise<CaseRow> {
  return o.ctx.db.transaction().execute(async (tx) => {
    const row = await findCaseForActor(tx, o.actor, o.caseRef, { forUpdate: true });
    authorize(o.actor, "contact.reveal", { regionPath: row.region_path });
    const cause = {
      type: "recorded" as const,
      event: "case.contacts_revealed",
      data: { by: o.actor.username },
    };
    await changeCase({ ctx: o.ctx, tx, row, cause, now: o.now, actorId: o.actor.userId });
    return row;
  });
}

export { policyOrThrow };
