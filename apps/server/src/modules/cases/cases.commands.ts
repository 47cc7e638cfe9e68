import {
  AppError,
  type CaseCommand,
  COMMAND_ACTION,
  can,
  decide,
  escalationTargets,
  inSubtree,
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
import { caseCode } from "./case-code";
import { clockOnly, commandEffects, notifyStep, overallClockRow, stepClockRow } from "./case-effects";
import { insertNewCase, newCaseRow } from "./case-new";
import { type CaseChange, fieldsOf, saveCaseChanges, stateOf } from "./case-store";
import { caseResource, findCaseForActor } from "./cases.repository";

export const DEFAULT_POLICY_KEY = "siji-qitian";

export async function policyOrThrow(ctx: AppContext, key: string): Promise<TPolicy> {
  const policy = await ctx.rules.policy(key);
  if (!policy)
    throw new AppError("INVALID_INPUT", { zh: `未知的流程规则：${key}`, en: `Unknown policy: ${key}` });
  return policy;
}

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
  /** More writes that must commit or fail with the case (intake: idempotency key, photos). */
  within?: (tx: Tx, row: CaseRow) => Promise<void>;
}): Promise<CaseRow> {
  const { ctx, actor, input, now } = o;
  const policy = await policyOrThrow(ctx, input.policyKey ?? DEFAULT_POLICY_KEY);
  const cal = await ctx.rules.calendar(policy);
  const step = stepClockRow(policy, 1, now, cal);
  const overall = overallClockRow(policy, now, cal);
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
    if (actor && !can(actor, "case.create", { regionPath: region.path })) throw new AppError("FORBIDDEN");
    if (actor) requireOwningRegion(policy, region.level);
    const code = caseCode(region.code, now, Number(region.n));
    const id = crypto.randomUUID();
    const chained = chainEvents({
      caseId: id,
      head: GENESIS,
      count: 0,
      actorId: actor?.userId ?? null,
      events: [
        {
          type: "case.submitted",
          at: now,
          data: {
            code,
            channel: input.channel,
            category: input.category,
            regionCode: region.code,
            policy: policy.key,
          },
        },
      ],
    });
    const row = newCaseRow({ ctx, input, id, code, region, policy, step, overall, now, chained });
    row.created_by = o.createdBy ?? actor?.userId ?? null;
    const clocks = [step, overall].flatMap((c) => (c ? [{ ...clockOnly(c), case_id: id }] : []));
    const notice = notifyStep(
      { id, code, region_code: region.code, region_path: region.path },
      policy,
      1,
      "new case",
    );
    const inserted = await insertNewCase(tx, {
      row,
      search,
      clocks,
      events: chained.rows,
      outbox: [notice],
      now,
    });
    if (o.within) await o.within(tx, inserted);
    return inserted;
  });
}

/** Every workflow command: one transaction, the state change, its clocks, its audit event, its notices. */
export async function runCaseCommand(o: {
  ctx: AppContext;
  actor: SessionUser;
  caseRef: string;
  body: TCaseCommandBody;
  now: Date;
}): Promise<CaseRow> {
  const { ctx, actor, body, now } = o;
  return ctx.db.transaction().execute(async (tx) => {
    const row = await findCaseForActor(tx, actor, o.caseRef, { forUpdate: true });
    if (row.version !== body.version) {
      throw new AppError("CONFLICT", {
        zh: "该案件已被他人更新，请刷新后重试",
        en: "The case was changed by someone else; reload and try again",
      });
    }
    const policy = await policyOrThrow(ctx, row.policy_key);
    const command = toCommand(body);
    if (!can(actor, COMMAND_ACTION[command.type], caseResource(row, policy))) throw new AppError("FORBIDDEN");
    await checkReferences(tx, actor, row, command);
    if (command.type === "escalate" && command.toStep !== undefined)
      checkEscalationTarget(actor, row, policy, command.toStep);
    const change = await commandChange({ ctx, tx, row, policy, command, now, actorId: actor.userId });
    await saveCaseChanges(tx, [change], actor.userId, now);
    return tx.selectFrom("cases").selectAll().where("id", "=", row.id).executeTakeFirstOrThrow();
  });
}

/**
 * What one workflow command does to a locked case row: core's decision plus its clocks, deadlines and
 * notices. Staff commands and a citizen's 不满意 reopen (actorId null) both go through here.
 */
export async function commandChange(o: {
  ctx: AppContext;
  tx: Tx;
  row: CaseRow;
  policy: TPolicy;
  command: CaseCommand;
  now: Date;
  actorId: string | null;
}): Promise<CaseChange> {
  const { row, command, now } = o;
  const { state, events } = decide(stateOf(row), command, now);
  const fx = commandEffects({
    row,
    fields: fieldsOf(row),
    command,
    after: state,
    policy: o.policy,
    cal: await o.ctx.rules.calendar(o.policy),
    now,
    actorId: o.actorId,
    pausedAt: command.type === "resume" ? await pausedSince(o.tx, row.id) : null,
  });
  return { before: row, state, events, ...fx };
}

function toCommand(body: TCaseCommandBody): CaseCommand {
  const { version: _v, ...rest } = body;
  return rest.type === "escalate" ? { ...rest, auto: false } : rest;
}

async function pausedSince(tx: Tx, caseId: string): Promise<Date | null> {
  const r = await tx
    .selectFrom("clocks")
    .select((eb) => eb.fn.min("paused_at").as("p"))
    .where("case_id", "=", caseId)
    .where("stopped_at", "is", null)
    .executeTakeFirst();
  return r?.p ? new Date(r.p) : null;
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
    if (!can(o.actor, "contact.reveal", { regionPath: row.region_path })) throw new AppError("FORBIDDEN");
    const change: CaseChange = {
      before: row,
      state: stateOf(row),
      fields: fieldsOf(row),
      events: [{ type: "case.contacts_revealed", at: o.now, data: { by: o.actor.username } }],
      clockOps: [],
      newClocks: [],
      outbox: [],
    };
    await saveCaseChanges(tx, [change], o.actor.userId, o.now);
    return row;
  });
}
