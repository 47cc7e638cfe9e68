import {
  AppError,
  type CaseCause,
  inSubtree,
  parseServiceFields,
  routeOf,
  type ServiceCode,
  type TWindowIntake,
} from "@fengqiao/core";
import type { AppContext } from "../../context";
import type { Tx } from "../../db/database";
import type { CaseRow } from "../../db/schema";
import type { SessionUser } from "../../plugins/auth";
import { transitionCase } from "../cases/case-change";
import { saveCaseChanges } from "../cases/case-store";
import { createCase } from "../cases/cases.commands";
import { issueTrackingPin } from "../tracking/tracking-guard";
import { centerForActor, serviceRoutes } from "./center-data";

// 受理 at the one-stop window. 全量受理: every request gets a case and a code — also one the center
// refers elsewhere (closed as 转出, outcome `referred`) or does not accept (不予受理 with its reason,
// outcome `rejected`) — so no visit goes unrecorded and neither counts as resolved.

export async function windowIntake(o: {
  ctx: AppContext;
  actor: SessionUser;
  input: TWindowIntake;
  now: Date;
}) {
  const { ctx, actor, input, now } = o;
  const center = await centerForActor(ctx.db, actor, input.center, "window.operate");
  const services = [...new Set(input.services)] as ServiceCode[];
  const fields = Object.fromEntries(services.map((s) => [s, parseServiceFields(s, input.serviceFields[s])]));
  const unknown = Object.keys(input.serviceFields).filter((k) => !services.includes(k as ServiceCode));
  if (unknown.length) {
    throw new AppError(
      "INVALID_INPUT",
      { zh: "填写了未选择服务的表单", en: `Form answers for services not chosen: ${unknown.join(", ")}` },
      { field: "serviceFields" },
    );
  }
  const route = routeOf(services, await serviceRoutes(ctx.db));
  const idNumber = input.case.parties.find((p) => p.idNumber)?.idNumber?.toUpperCase();
  let pin = "";
  const row = await createCase({
    ctx,
    actor,
    now,
    input: { ...input.case, channel: "walk_in", services, policyKey: route?.policy },
    within: async (tx, created) => {
      if (!inSubtree(created.region_path, center.path)) {
        throw new AppError(
          "INVALID_INPUT",
          { zh: "来访事项所在地不在本中心辖区", en: "The case's place is outside this center" },
          { field: "regionCode" },
        );
      }
      const ticket = input.ticketId
        ? await linkTicket(tx, center.code, input.ticketId, created.id, now)
        : null;
      pin = await issueTrackingPin(ctx, tx, created.id);
      const unitId = route?.unitKind ? await stationedUnit(tx, center.code, route.unitKind) : null;
      const causes = intakeCauses({ input, services, ticket, unitId, step: route?.step ?? 1, actor, now });
      const change = await transitionCase({ ctx, row: created, cause: causes, now });
      await saveCaseChanges(tx, [change], actor.userId, now);
      await tx
        .insertInto("window_intakes")
        .values({
          case_id: created.id,
          center_code: center.code,
          ticket_id: ticket?.id ?? null,
          services,
          fields: JSON.stringify(fields),
          disposition: input.disposition.type,
          visitor_id_hash: idNumber ? ctx.pd.lookupHash(`id:${idNumber}`) : null,
          created_by: actor.userId,
          created_at: now,
        })
        .execute();
    },
  });
  const fresh = await ctx.db
    .selectFrom("cases")
    .selectAll()
    .where("id", "=", row.id)
    .executeTakeFirstOrThrow();
  return { row: fresh, pin };
}

/** What the new case takes at the window: the services, then its route — or 转出 / 不予受理. */
function intakeCauses(o: {
  input: TWindowIntake;
  services: ServiceCode[];
  ticket: { id: string; label: string } | null;
  unitId: string | null;
  step: number;
  actor: SessionUser;
  now: Date;
}): CaseCause[] {
  const d = o.input.disposition;
  const actorId = o.actor.userId;
  const received: CaseCause = {
    type: "recorded",
    event: "window.received",
    data: {
      services: o.services,
      ticket: o.ticket?.label ?? null,
      center: o.input.center,
      disposition: d.type,
    },
  };
  if (d.type === "refer") return [received, { type: "command", command: d, actorId }];
  if (d.type === "reject") return [received, { type: "command", command: d, actorId }];
  const causes: CaseCause[] = [received];
  if (o.step > 1) {
    const reason = "一站式窗口受理";
    causes.push({
      type: "command",
      command: { type: "escalate", reason, auto: false, toStep: o.step },
      actorId,
    });
  }
  if (o.unitId)
    causes.push({ type: "command", command: { type: "assign", unitId: o.unitId, userId: null }, actorId });
  return causes;
}

async function linkTicket(tx: Tx, centerCode: string, ticketId: string, caseId: string, now: Date) {
  const t = await tx
    .selectFrom("window_tickets")
    .select(["id", "label", "case_id", "center_code"])
    .where("id", "=", ticketId)
    .forUpdate()
    .executeTakeFirst();
  if (!t || t.center_code !== centerCode) {
    throw new AppError("INVALID_INPUT", { zh: "排队号不存在", en: "No such ticket" }, { field: "ticketId" });
  }
  if (t.case_id) {
    throw new AppError("CONFLICT", { zh: "该排队号已受理登记", en: "This ticket already has a case" });
  }
  await tx
    .updateTable("window_tickets")
    .set({ case_id: caseId, status: "served", finished_at: now })
    .where("id", "=", t.id)
    .execute();
  return t;
}

/** The unit of this kind stationed at the center (常驻 first): 入驻部门唱戏. */
async function stationedUnit(tx: Tx, centerCode: string, kind: string): Promise<string | null> {
  const u = await tx
    .selectFrom("units")
    .select("id")
    .where("region_code", "=", centerCode)
    .where("kind", "=", kind)
    .where("stationing", "is not", null)
    .orderBy((eb) => eb.case().when("stationing", "=", "resident").then(0).else(1).end())
    .orderBy("name")
    .limit(1)
    .executeTakeFirst();
  return u?.id ?? null;
}

export type IntakeResult = { row: CaseRow; pin: string };
