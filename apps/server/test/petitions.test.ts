import { readFileSync } from "node:fs";
import path from "node:path";
import { statutoryDeadline } from "@fengqiao/core";
import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { sweepClocks } from "../src/jobs/clock-sweep";
import { call, login, makeTree, type Session, type TestEnv, type Tree, testEnv } from "./helpers";

// 信访 (《信访工作条例》2022) through the API: each step's stage, deadline and letter, the case beside it,
// the sweep turning an overdue petition red, and the 第三十六条 bar on a concluded matter.

const DAY = 86_400_000;
let env: TestEnv;
let tree: Tree;
let clerk: Session;
let phoneSeq = 0;

beforeAll(async () => {
  env = await testEnv();
  tree = await makeTree(env.ctx);
  clerk = await login(env, { roles: ["center_staff"], region: tree.township });
});

export const samplePetition = (regionCode: string, extra: Record<string, unknown> = {}) => ({
  kind: "appeal",
  channel: "visit",
  category: "labour",
  title: "讨要拖欠工资",
  description: "在某工地务工三个月，工资至今未结清，多次讨要无果。",
  matter: `工地欠薪-${++phoneSeq}`,
  regionCode,
  petitioner: { name: "李四", phone: `1390000${String(1000 + phoneSeq)}` },
  petitioners: 1,
  ...extra,
});

async function register(extra: Record<string, unknown> = {}) {
  const res = await call(env, clerk, {
    method: "POST",
    url: "/api/v1/petitions",
    payload: samplePetition(tree.township, extra),
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

async function step(p: { id: string }, payload: Record<string, unknown>, who = clerk) {
  const current = await call(env, who, { method: "GET", url: `/api/v1/petitions/${p.id}` });
  return call(env, who, {
    method: "POST",
    url: `/api/v1/petitions/${p.id}/commands`,
    payload: { ...payload, version: current.json().caseVersion },
  });
}
async function ok(p: { id: string }, payload: Record<string, unknown>) {
  const res = await step(p, payload);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

const caseOf = (id: string) =>
  env.ctx.db.selectFrom("cases").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
const eventTypes = async (caseId: string) =>
  (
    await env.ctx.db
      .selectFrom("case_events")
      .select("type")
      .where("case_id", "=", caseId)
      .orderBy("seq")
      .execute()
  ).map((e) => e.type);

describe("a petition from the window to 复核", () => {
  it("registers with the 15-day clock of 第二十二条 and the case on the xinfang policy", async () => {
    const p = await register();
    const now = env.ctx.clock.now();
    expect(p).toMatchObject({ stage: "registered", basis: "《信访工作条例》第二十二条：15日", group: false });
    expect(new Date(p.dueAt).toISOString()).toBe(
      statutoryDeadline(now, 15, { counting: "calendar" }).due.toISOString(),
    );
    expect(p.petitionerPhone).toMatch(/^139\*+\d{4}$/);
    const c = await caseOf(p.caseId);
    expect(c).toMatchObject({
      policy_key: "xinfang",
      services: ["petition"],
      channel: "walk_in",
      status: "submitted",
    });
    const clock = await env.ctx.db
      .selectFrom("clocks")
      .selectAll()
      .where("subject_id", "=", p.id)
      .executeTakeFirstOrThrow();
    expect(clock).toMatchObject({ kind: "petition.register", basis: "《信访工作条例》第二十二条：15日" });
    // Lists and the case page count down to the 15 days the office owes, not the ladder's 105-day backstop.
    const detail = (await call(env, clerk, { method: "GET", url: `/api/v1/cases/${p.caseId}` })).json();
    expect(detail.stepDueAt).toBe(new Date(p.dueAt).toISOString());
    expect(c.step_due_at?.toISOString()).toBe(new Date(p.dueAt).toISOString());
    expect(Date.parse(detail.stepWarnAt)).toBeLessThan(Date.parse(p.dueAt));
    const list = (await call(env, clerk, { method: "GET", url: "/api/v1/cases?limit=200" })).json();
    const row = list.items.find((r: { id: string }) => r.id === p.caseId);
    expect(row.stepDueAt).toBe(new Date(p.dueAt).toISOString());
    // The ladder's 105-day step clock still runs beside it, as a backstop.
    const backstop = await env.ctx.db
      .selectFrom("clocks")
      .select("due_at")
      .where("case_id", "=", p.caseId)
      .where("kind", "=", "step")
      .executeTakeFirstOrThrow();
    expect(new Date(backstop.due_at).getTime()).toBeGreaterThan(Date.parse(p.dueAt) + 80 * DAY);
  });

  it("accept → extend once (notice) → reply → 复查 → 复核, each with its letter and the case beside it", async () => {
    const p = await register();
    let v = await ok(p, { type: "accept" });
    expect(v).toMatchObject({ stage: "handling", basis: "《信访工作条例》第三十四条：60日" });
    expect((await caseOf(p.caseId)).status).toBe("accepted");
    const running = async () =>
      (
        await env.ctx.db
          .selectFrom("clocks")
          .select(["kind", "basis"])
          .where("subject_id", "=", p.id)
          .where("stopped_at", "is", null)
          .where("fired_at", "is", null)
          .execute()
      ).map((k) => `${k.kind} ${k.basis}`);
    // One statutory clock runs at a time: acceptance stopped the 15 days.
    expect(await running()).toEqual(["petition.handle 《信访工作条例》第三十四条：60日"]);
    v = await ok(p, { type: "extend", days: 30, reason: "涉及多个单位，需要调查核实", approvedBy: "王主任" });
    expect(v.basis).toBe("《信访工作条例》第三十四条：60日，延长30日");
    const again = await step(p, { type: "extend", days: 5, reason: "再延", approvedBy: "王主任" });
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toBe("INVALID_TRANSITION");
    expect(await running()).toEqual(["petition.handle 《信访工作条例》第三十四条：60日，延长30日"]);
    v = await ok(p, { type: "reply", result: "support", opinion: "责成施工单位十日内结清工资。" });
    expect(v.stage).toBe("replied");
    expect((await caseOf(p.caseId)).status).toBe("resolved");
    v = await ok(p, { type: "requestReview", note: "对处理意见不服" });
    expect(v.stage).toBe("review");
    expect((await caseOf(p.caseId)).status).toBe("accepted");
    v = await ok(p, { type: "decideReview", result: "support", opinion: "维持原处理意见。" });
    v = await ok(p, { type: "requestRecheck", note: "" });
    v = await ok(p, { type: "decideRecheck", result: "support", opinion: "维持复查意见。" });
    expect(v).toMatchObject({ stage: "concluded", dueAt: null, allowedActions: [] });
    expect(v.letters.map((l: { kind: string }) => l.kind)).toEqual([
      "acceptance",
      "extension",
      "reply",
      "review_decision",
      "recheck_decision",
    ]);
    const types = await eventTypes(p.caseId);
    expect(types.filter((t) => t === "petition.letter_sent")).toHaveLength(5);
    expect(types).toContain("petition.recheck_decided");
    const ext = v.letters[1];
    const print = await call(env, clerk, { method: "GET", url: `/api/v1/petitions/letters/${ext.id}/print` });
    expect(print.statusCode).toBe(200);
    expect(print.headers["content-type"]).toMatch(/text\/html/);
    expect(print.body).toContain("信访事项延期办理告知书");
    expect(print.body).toContain(p.caseCode);
    expect(print.body).toContain("涉及多个单位，需要调查核实");
    expect(print.body).toContain("size: A4");
  });

  it("a fourth filing on the concluded matter is refused with the earlier case code (第三十六条)", async () => {
    const first = await register({ matter: "某村 土地补偿款" });
    for (const c of [
      { type: "accept" },
      { type: "reply", result: "reject", opinion: "不予支持。" },
      { type: "requestReview", note: "" },
      { type: "decideReview", result: "reject", opinion: "维持。" },
      { type: "requestRecheck", note: "" },
      { type: "decideRecheck", result: "reject", opinion: "维持。" },
    ])
      await ok(first, c);
    const res = await call(env, clerk, {
      method: "POST",
      url: "/api/v1/petitions",
      payload: samplePetition(tree.township, { matter: "某村土地补偿款。" }),
    });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ error: "PETITION_CONCLUDED" });
    expect(res.json().message).toContain(first.caseCode);
    expect(
      await env.ctx.db
        .selectFrom("petitions")
        .select("id")
        .where("matter", "=", "某村土地补偿款。")
        .execute(),
    ).toEqual([]);
  });

  it("不予受理 closes the case as rejected and keeps the 不予受理告知书 with the reason and the proper channel", async () => {
    const p = await register();
    const v = await ok(p, { type: "notAccept", reason: "该事项已进入诉讼程序", channel: "向人民法院提出" });
    expect(v.stage).toBe("not_accepted");
    const c = await caseOf(p.caseId);
    expect(c).toMatchObject({ status: "closed", outcome: "rejected" });
    const letter = await env.ctx.db
      .selectFrom("petition_letters")
      .selectAll()
      .where("petition_id", "=", p.id)
      .executeTakeFirstOrThrow();
    expect(letter.title).toBe("信访事项不予受理告知书");
    expect(letter.body).toContain("该事项已进入诉讼程序");
    expect(letter.body).toContain("向人民法院提出");
  });

  it("routing (转送) assigns the case to the unit with authority", async () => {
    const unit = await env.ctx.db
      .insertInto("units")
      .values({ kind: "department", name: "县人社局", region_code: tree.county })
      .returning("id")
      .executeTakeFirstOrThrow();
    const p = await register();
    const v = await ok(p, { type: "route", unitId: unit.id, note: "属人社部门职责" });
    expect(v).toMatchObject({ stage: "registered", handlingUnitName: "县人社局" });
    expect((await caseOf(p.caseId)).assigned_unit_id).toBe(unit.id);
  });

  it("the same petitioner again within 90 days links to the earlier case (重复访)", async () => {
    const petitioner = { name: "李四", phone: "13912340000" };
    const first = await register({ petitioner });
    const second = await register({ petitioner });
    expect(second.repeatOfCode).toBe(first.caseCode);
    expect(await eventTypes(second.caseId)).toContain("petition.repeat");
  });

  it("five petitioners on one matter make a group petition (集体访), red from the start", async () => {
    const p = await register({ petitioners: 5 });
    expect(p.group).toBe(true);
    expect(p.warning).toBe("red");
    const four = await register({ petitioners: 4 });
    expect(four).toMatchObject({ group: false, warning: "blue" });
  });

  it("the generic case commands the petition drives are refused and not offered on a petition's case", async () => {
    const p = await register();
    const detail = (await call(env, clerk, { method: "GET", url: `/api/v1/cases/${p.caseId}` })).json();
    expect(detail.allowedActions).not.toContain("accept");
    expect(detail.allowedActions).not.toContain("reject");
    expect(detail.allowedActions).toContain("note");
    const res = await call(env, clerk, {
      method: "POST",
      url: `/api/v1/cases/${p.caseId}/commands`,
      payload: { type: "accept", version: detail.version },
    });
    expect(res.statusCode).toBe(409);
    expect((await caseOf(p.caseId)).status).toBe("submitted");
  });

  it("bad input answers 400, never a half-written petition", async () => {
    const res = await call(env, clerk, {
      method: "POST",
      url: "/api/v1/petitions",
      payload: samplePetition(tree.township, { kind: "complaint" }),
    });
    expect(res.statusCode).toBe(400);
    const p = await register();
    const tooLong = await step(p, { type: "accept" }).then(() =>
      step(p, { type: "extend", days: 31, reason: "x", approvedBy: "y" }),
    );
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json().error).toBe("INVALID_INPUT");
  });
});

describe("the deadline a petition's case is held to", () => {
  it("is the statutory period the office owes now: lists sort by it, 超期 counts by it, none once replied", async () => {
    const p = await register();
    const fresh = await caseOf(p.caseId);
    // 15 days to decide, not the ladder's 105-day backstop (whose clock still runs beside it).
    expect(fresh.step_due_at?.toISOString()).toBe(new Date(p.dueAt).toISOString());
    expect(fresh.step_warn_at).not.toBeNull();
    const accepted = await ok(p, { type: "accept" });
    const handling = await caseOf(p.caseId);
    expect(handling.step_due_at?.toISOString()).toBe(new Date(accepted.dueAt).toISOString());
    // An ordinary case due in 30 days sorts after the petition due in ≤ 60 days only if its due is later.
    const byDue = (await call(env, clerk, { method: "GET", url: "/api/v1/cases?sort=due&limit=200" })).json();
    const dues = byDue.items
      .filter((c: { stepDueAt: string | null }) => c.stepDueAt)
      .map((c: { stepDueAt: string }) => Date.parse(c.stepDueAt));
    expect(dues).toEqual([...dues].sort((a, b) => a - b));
    expect(byDue.items.find((c: { id: string }) => c.id === p.caseId).stepDueAt).toBe(
      new Date(accepted.dueAt).toISOString(),
    );
    // The reply is sent: the case is settled, nothing is owed while the petitioner may ask for 复查…
    await ok(p, { type: "reply", result: "explain", opinion: "已解释说明。" });
    expect(await caseOf(p.caseId)).toMatchObject({
      status: "resolved",
      step_due_at: null,
      step_warn_at: null,
    });
    // …and a 复查 request holds the case to the 复查 period.
    const review = await ok(p, { type: "requestReview", note: "不服" });
    const reviewing = await caseOf(p.caseId);
    expect(review.stage).toBe("review");
    expect(reviewing.step_due_at?.toISOString()).toBe(new Date(review.dueAt).toISOString());
  });
});

describe("petitions registered before their case took the statutory deadline (migration 0024)", () => {
  it("open ones get it from their petition: the duty clock's due and its warn point", async () => {
    const handling = await register();
    const accepted = await ok(handling, { type: "accept" });
    const replied = await register();
    await ok(replied, { type: "accept" });
    await ok(replied, { type: "reply", result: "explain", opinion: "已解释说明。" });
    const before = await caseOf(handling.caseId);
    // As an older release left them: the ladder's backstop on the case.
    const ids = [handling.caseId, replied.caseId];
    await sql`UPDATE cases c SET step_due_at = k.due_at, step_warn_at = k.warn_at FROM clocks k
      WHERE k.case_id = c.id AND k.kind = 'step' AND c.id = ANY(${ids}::uuid[])`.execute(env.ctx.db);
    const file = path.resolve(__dirname, "../migrations/0024_petition_deadline.sql");
    await sql.raw(readFileSync(file, "utf8")).execute(env.ctx.db);
    const after = await caseOf(handling.caseId);
    expect(after.step_due_at?.toISOString()).toBe(new Date(accepted.dueAt).toISOString());
    expect(after.step_warn_at?.toISOString()).toBe(before.step_warn_at?.toISOString());
    // A settled petition's case is left as it was.
    expect((await caseOf(replied.caseId)).step_due_at).not.toBeNull();
  });
});

describe("the sweep and the statutory clocks", () => {
  it("a petition not decided within 15 days turns its case red, says so, and notifies", async () => {
    const p = await register();
    await env.ctx.clock.advance(16 * DAY + 3 * DAY);
    await sweepClocks(env.ctx);
    const v = (await call(env, clerk, { method: "GET", url: `/api/v1/petitions/${p.id}` })).json();
    expect(v).toMatchObject({ stage: "registered", overdue: true, warning: "red" });
    const c = await caseOf(p.caseId);
    expect(c.missed_deadline).toBe(true);
    // The case page still counts from the missed statutory deadline: "已超期 4 天", not 86 days left.
    const detail = (await call(env, clerk, { method: "GET", url: `/api/v1/cases/${p.caseId}` })).json();
    expect(detail.stepDueAt).toBe(new Date(p.dueAt).toISOString());
    // …and so do the list's 超期 filter and the workbench's overdue count, which links to it.
    const overdue = (
      await call(env, clerk, { method: "GET", url: "/api/v1/cases?overdue=1&limit=200" })
    ).json();
    expect(overdue.items.map((i: { id: string }) => i.id)).toContain(p.caseId);
    const board = (await call(env, clerk, { method: "GET", url: "/api/v1/workbench" })).json();
    expect(board.counts.overdue).toBeGreaterThanOrEqual(1);
    expect(c.step_due_at?.toISOString()).toBe(new Date(p.dueAt).toISOString());
    expect(await eventTypes(p.caseId)).toEqual(
      expect.arrayContaining(["petition.overdue", "case.warning_changed"]),
    );
    const notices = await env.ctx.db
      .selectFrom("outbox")
      .select(["topic", "payload"])
      .where("topic", "=", "petition.overdue")
      .execute();
    expect(notices.some((n) => (n.payload as { code?: string }).code === p.caseCode)).toBe(true);
    // Past its deadline a period cannot be extended any more; late acceptance is still possible.
    const late = await ok(p, { type: "accept" });
    expect(late.stage).toBe("handling");
  });

  it("a 复查 not requested within 30 days of the reply: the reply becomes final and a late request is refused", async () => {
    const p = await register();
    await ok(p, { type: "accept" });
    await ok(p, { type: "reply", result: "explain", opinion: "已解释说明。" });
    await env.ctx.clock.advance(40 * DAY);
    await sweepClocks(env.ctx);
    const v = (await call(env, clerk, { method: "GET", url: `/api/v1/petitions/${p.id}` })).json();
    expect(v.stage).toBe("final");
    expect((await step(p, { type: "requestReview", note: "" })).statusCode).toBe(409);
  });
});
