import { localDate } from "@fengqiao/core";
import { beforeAll, describe, expect, it } from "vitest";
import { sweepClocks } from "../src/jobs/clock-sweep";
import { call, makeTree, type TestEnv, type Tree, testEnv } from "./helpers";
import {
  caseAtStep,
  convene,
  eventTypes,
  inTwoHours,
  type MeetingWorld,
  meetingWorld,
} from "./meetings-fixtures";

// 会诊 on two cases at the township center: convened, held with minutes, attendance and two
// decisions; one decision runs over (the case turns red, its owner is told), the other is done in
// time (its clock stops); the last one settled closes the meeting. Then a township 拍板 settles a
// case as its step-4 outcome on the workflow's own resolve command.

const DAY = 86400_000;
/** A Beijing calendar day `n` days after the test clock's now. */
const inDays = (n: number) => localDate(new Date(env.ctx.clock.now().getTime() + n * DAY));
let env: TestEnv;
let tree: Tree;
let w: MeetingWorld;

beforeAll(async () => {
  env = await testEnv();
  tree = await makeTree(env.ctx);
  w = await meetingWorld(env, tree);
});

const get = (id: string) => call(env, w.center, { method: "GET", url: `/api/v1/meetings/${id}` });
const caseRow = (id: string) =>
  env.ctx.db
    .selectFrom("cases")
    .select(["status", "warning", "missed_deadline", "settled_step", "step"])
    .where("id", "=", id)
    .executeTakeFirstOrThrow();
const followups = (caseId: string) =>
  env.ctx.db
    .selectFrom("clocks")
    .select(["subject_id", "stopped_at", "fired_at", "basis", "due_at"])
    .where("case_id", "=", caseId)
    .where("kind", "=", "meeting.followup")
    .execute();

describe("会诊 on two cases, decisions followed to the end", () => {
  let a: string;
  let b: string;
  let meetingId: string;
  let ids: { justice: string; land: string };

  it("convenes a 会诊 on two cases at step 3; both timelines say when and where", async () => {
    a = await caseAtStep(env, w.center, tree.grid, 3, "承包地边界纠纷");
    b = await caseAtStep(env, w.center, tree.otherGrid, 3, "灌溉水渠占地纠纷");
    const res = await convene(env, w.center, {
      kind: "consultation",
      title: "梁家墩村土地纠纷会诊",
      startsAt: inTwoHours(env),
      place: "镇综治中心会议室",
      caseIds: [a, b],
      invitees: [{ unitId: w.justice }, { unitId: w.land }, { name: "王村主任", org: "梁家墩村委会" }],
    });
    expect(res.statusCode, res.body).toBe(201);
    const m = res.json();
    meetingId = m.id;
    expect(m).toMatchObject({
      kind: "consultation",
      state: "planned",
      allowed: ["invite", "hold", "cancel"],
    });
    expect(m.cases.map((c: { id: string }) => c.id).sort()).toEqual([a, b].sort());
    expect(m.invitees.map((i: { name: string }) => i.name).sort()).toEqual(
      ["司法所", "王村主任", "自然资源所"].sort(),
    );
    for (const c of [a, b]) expect(await eventTypes(env, c)).toContain("meeting.planned");
    const audit = await env.ctx.db
      .selectFrom("audit_log")
      .select("action")
      .where("entity_id", "=", meetingId)
      .execute();
    expect(audit.map((r) => r.action)).toEqual(["meeting.convened"]);
  });

  it("records it held: attendance, minutes, two decisions with their deadlines and bases", async () => {
    const m = (await get(meetingId)).json();
    const byName = (n: string) => m.invitees.find((i: { name: string }) => i.name === n).id;
    await env.ctx.clock.advance(2 * 3600_000);
    const res = await call(env, w.center, {
      method: "POST",
      url: `/api/v1/meetings/${meetingId}/hold`,
      payload: {
        minutes: "三方到场核对界桩，司法所释法说理。",
        attendance: [
          { inviteeId: byName("司法所"), attendance: "present" },
          { inviteeId: byName("自然资源所"), attendance: "present" },
          { inviteeId: byName("王村主任"), attendance: "excused" },
        ],
        decisions: [
          { text: "司法所一个工作日内出具调解意见", ownerUnitId: w.justice, caseIds: [a], workingDays: 1 },
          { text: "自然资源所现场勘界并出具勘测图", ownerUnitId: w.land, dueDate: inDays(40) },
        ],
      },
    });
    expect(res.statusCode, res.body).toBe(200);
    const held = res.json();
    expect(held.state).toBe("held");
    expect(held.decisions.map((d: { basis: string }) => d.basis)).toEqual([
      "会议决定期限：1个工作日",
      `会议决定期限：${inDays(40)}`,
    ]);
    expect(held.decisions[1].caseIds.sort()).toEqual([a, b].sort());
    expect(held.decisions.every((d: { taskId: null }) => d.taskId === null)).toBe(true);
    const timeline = await env.ctx.db
      .selectFrom("case_events")
      .select("data")
      .where("case_id", "=", a)
      .where("type", "=", "meeting.held")
      .executeTakeFirstOrThrow();
    expect(timeline.data).toMatchObject({ decisions: 2, present: 2, excused: 1, absent: 0 });
    expect((await followups(a)).length).toBe(2);
    expect((await followups(b)).length).toBe(1);
    const assigned = await env.ctx.db
      .selectFrom("outbox")
      .select("payload")
      .where("topic", "=", "meeting.decision_assigned")
      .execute();
    expect(assigned.map((n) => (n.payload as { unitId: string }).unitId).sort()).toEqual(
      [w.justice, w.land].sort(),
    );
    ids = { justice: held.decisions[0].id, land: held.decisions[1].id };
  });

  it("a decision that runs over turns its case red and tells the owner; the other case stays as it was", async () => {
    expect((await caseRow(a)).warning).toBe("blue");
    // One working day is at most ~10 calendar days away, even before the Spring Festival break.
    await env.ctx.clock.advance(12 * DAY);
    await sweepClocks(env.ctx);
    expect(await caseRow(b)).toMatchObject({ warning: "blue", missed_deadline: false });
    expect(await caseRow(a)).toMatchObject({ warning: "red", missed_deadline: true, step: 3 });
    expect(await eventTypes(env, a)).toEqual(expect.arrayContaining(["meeting.decision_overdue"]));
    const notice = await env.ctx.db
      .selectFrom("outbox")
      .select("payload")
      .where("topic", "=", "meeting.decision_overdue")
      .execute();
    expect(notice.map((n) => (n.payload as { unitId: string }).unitId)).toContain(w.justice);
    const view = (await get(meetingId)).json();
    expect(view.overdueDecisions).toBeGreaterThanOrEqual(1);
    expect(view.decisions[0]).toMatchObject({ overdue: true, status: "open" });
    // Answered late: the decision is done (still marked overdue), the meeting waits for the other one.
    const late = await call(env, w.center, {
      method: "POST",
      url: `/api/v1/meetings/${meetingId}/decisions/${ids.justice}/settle`,
      payload: { status: "done", result: "调解意见已出具" },
    });
    expect(late.statusCode, late.body).toBe(200);
    expect(late.json()).toMatchObject({ state: "held", openDecisions: 1 });
    expect(late.json().decisions[0]).toMatchObject({ status: "done", overdue: true });
    expect((await caseRow(a)).warning).toBe("red"); // a missed deadline stays red until the case is settled
  });
});

describe("a decision done in time stops its clock", () => {
  it("the owner unit's handler marks it done; the clock never fires; the last decision closes the meeting", async () => {
    const c = await caseAtStep(env, w.center, tree.grid, 3, "宅基地界墙纠纷");
    const m = (
      await convene(env, w.center, {
        kind: "liaison",
        title: "宅基地要事联商",
        startsAt: inTwoHours(env),
        place: "镇综治中心",
        caseIds: [c],
        invitees: [{ unitId: w.land }],
      })
    ).json();
    await env.ctx.clock.advance(2 * 3600_000);
    const held = await call(env, w.center, {
      method: "POST",
      url: `/api/v1/meetings/${m.id}/hold`,
      payload: { minutes: "议定勘界。", attendance: [], decisions: [{ text: "勘界", ownerUnitId: w.land }] },
    });
    expect(held.statusCode, held.body).toBe(200);
    const decisionId = held.json().decisions[0].id;
    expect(held.json().decisions[0].basis).toBe("会议决定期限：5个工作日（默认）");
    const done = await call(env, w.landHandler, {
      method: "POST",
      url: `/api/v1/meetings/${m.id}/decisions/${decisionId}/settle`,
      payload: { status: "done", result: "已勘界，出具勘测图" },
    });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({
      state: "closed",
      decisions: [{ status: "done", result: "已勘界，出具勘测图" }],
    });
    const [clock] = await followups(c);
    expect(clock?.stopped_at).not.toBeNull();
    await env.ctx.clock.advance(10 * DAY);
    await sweepClocks(env.ctx);
    expect((await followups(c))[0]?.fired_at).toBeNull();
    const types = await eventTypes(env, c);
    expect(types).toEqual(expect.arrayContaining(["meeting.decision_done", "meeting.closed"]));
    expect(types).not.toContain("meeting.decision_overdue");
    expect((await caseRow(c)).missed_deadline).toBe(false);
    // Settled twice: refused, nothing written.
    const again = await call(env, w.landHandler, {
      method: "POST",
      url: `/api/v1/meetings/${m.id}/decisions/${decisionId}/settle`,
      payload: { status: "dropped", result: "x" },
    });
    expect(again.statusCode).toBe(409);
  });
});

describe("拍板: the township's decision settles the case at step 4", () => {
  it("resolves through the case's resolve command with the meeting as reason", async () => {
    const c = await caseAtStep(env, w.leader, tree.grid, 4, "土地承包经营权纠纷");
    const m = (
      await convene(env, w.leader, {
        kind: "decision",
        title: "梁家墩镇党委拍板会",
        startsAt: inTwoHours(env),
        place: "镇政府会议室",
        caseIds: [c],
      })
    ).json();
    expect(m.kind).toBe("decision");
    await env.ctx.clock.advance(2 * 3600_000);
    const missing = await call(env, w.leader, {
      method: "POST",
      url: `/api/v1/meetings/${m.id}/hold`,
      payload: { minutes: "拍板", attendance: [] },
    });
    expect(missing.statusCode).toBe(400);
    expect((await get(m.id)).json().state).toBe("planned"); // nothing half-written
    const res = await call(env, w.leader, {
      method: "POST",
      url: `/api/v1/meetings/${m.id}/hold`,
      payload: {
        minutes: "经党委会研究，按二轮承包合同确权。",
        attendance: [],
        outcomes: [{ caseId: c, type: "resolve", text: "按二轮承包合同确权" }],
      },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      state: "closed",
      outcomes: [{ caseId: c, type: "resolve", text: "按二轮承包合同确权" }],
    });
    expect(await caseRow(c)).toMatchObject({ status: "resolved", settled_step: 4 });
    const resolved = await env.ctx.db
      .selectFrom("case_events")
      .select(["data", "actor_id"])
      .where("case_id", "=", c)
      .where("type", "=", "case.resolved")
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(resolved.data)).toContain("乡镇拍板（梁家墩镇党委拍板会）：按二轮承包合同确权");
    expect(resolved.actor_id).toBe(w.leader.userId);
    const types = await eventTypes(env, c);
    expect(types.indexOf("meeting.held")).toBeLessThan(types.indexOf("case.resolved"));
    const again = await call(env, w.leader, {
      method: "POST",
      url: `/api/v1/meetings/${m.id}/hold`,
      payload: { minutes: "再次", attendance: [], outcomes: [{ caseId: c, type: "resolve", text: "x" }] },
    });
    expect(again.statusCode).toBe(409);
    const html = await call(env, w.leader, { method: "GET", url: `/api/v1/meetings/${m.id}/minutes.html` });
    expect(html.headers["content-type"]).toContain("text/html");
    expect(html.body).toContain("拍板会议纪要");
    expect(html.body).toContain("size: A4");
    expect(html.body).not.toContain("13800001234");
  });

  it("a meeting cannot be recorded before it sits; a planned one takes more invitees, or is cancelled", async () => {
    const c = await caseAtStep(env, w.center, tree.grid, 3);
    const m = (
      await convene(env, w.center, {
        kind: "consultation",
        title: "会诊",
        startsAt: inTwoHours(env),
        place: "会议室",
        caseIds: [c],
      })
    ).json();
    const early = await call(env, w.center, {
      method: "POST",
      url: `/api/v1/meetings/${m.id}/hold`,
      payload: { minutes: "x", attendance: [], heldAt: new Date(Date.now() + 365 * DAY).toISOString() },
    });
    expect(early.statusCode).toBe(400);
    const invited = await call(env, w.center, {
      method: "POST",
      url: `/api/v1/meetings/${m.id}/invitees`,
      payload: { invitees: [{ unitId: w.court }, { name: "李律师", org: "法律援助中心" }] },
    });
    expect(invited.statusCode, invited.body).toBe(200);
    expect(
      invited
        .json()
        .invitees.map((i: { name: string }) => i.name)
        .sort(),
    ).toEqual(["李律师", "人民法庭"].sort());
    expect(await eventTypes(env, c)).toContain("meeting.invited");
    const cancelled = await call(env, w.center, {
      method: "POST",
      url: `/api/v1/meetings/${m.id}/cancel`,
      payload: { reason: "当事人已自行和解" },
    });
    expect(cancelled.json()).toMatchObject({ state: "cancelled", cancelReason: "当事人已自行和解" });
    expect(await eventTypes(env, c)).toContain("meeting.cancelled");
    const list = await call(env, w.center, {
      method: "GET",
      url: `/api/v1/meetings?state=cancelled&caseId=${c}`,
    });
    expect(list.json().items.map((i: { id: string }) => i.id)).toEqual([m.id]);
    // By date (Beijing days): it sits today or, late in the evening, tomorrow — and not before today.
    const byDate = async (q: string) =>
      (await call(env, w.center, { method: "GET", url: `/api/v1/meetings?caseId=${c}&${q}` })).json().items
        .length;
    expect(await byDate(`from=${inDays(0)}&to=${inDays(1)}`)).toBe(1);
    expect(await byDate(`to=${inDays(-1)}`)).toBe(0);
    const late = await call(env, w.center, {
      method: "POST",
      url: `/api/v1/meetings/${m.id}/invitees`,
      payload: { invitees: [{ name: "迟到者" }] },
    });
    expect(late.statusCode).toBe(409);
  });
});
