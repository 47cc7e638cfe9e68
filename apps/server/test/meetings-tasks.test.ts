import { beforeAll, describe, expect, it } from "vitest";
import { call, login, makeTree, type Session, type TestEnv, type Tree, testEnv } from "./helpers";
import {
  caseAtStep,
  convene,
  eventTypes,
  inTwoHours,
  type MeetingWorld,
  meetingWorld,
} from "./meetings-fixtures";

// 转为交办任务: a 会诊 decision owned by a unit becomes a 交办 task on its case, with the decision's
// deadline as the task's; the decision's follow-up clock stops (the task's clocks take over) and the
// decision follows the task — answered → done, which closes the meeting when it was the last.

let env: TestEnv;
let tree: Tree;
let w: MeetingWorld;
let caseId: string;
let meetingId: string;
let decisions: { id: string; ownerUnitId: string | null; dueAt: string }[];

beforeAll(async () => {
  env = await testEnv();
  tree = await makeTree(env.ctx);
  w = await meetingWorld(env, tree);
  caseId = await caseAtStep(env, w.center, tree.grid, 3, "承包地边界纠纷");
  const m = (
    await convene(env, w.center, {
      kind: "consultation",
      title: "承包地边界纠纷会诊",
      startsAt: inTwoHours(env),
      place: "镇综治中心",
      caseIds: [caseId],
      invitees: [{ unitId: w.justice }, { unitId: w.land }, { name: "王村主任", org: "村委会" }],
    })
  ).json();
  meetingId = m.id;
  await env.ctx.clock.advance(2 * 3600_000);
  const held = await call(env, w.center, {
    method: "POST",
    url: `/api/v1/meetings/${meetingId}/hold`,
    payload: {
      minutes: "三方到场核对界桩。",
      attendance: [],
      decisions: [
        { text: "自然资源所现场勘界并出具勘测图", ownerUnitId: w.land, workingDays: 3 },
        { text: "村主任组织双方见面", ownerUserId: w.center.userId },
      ],
    },
  });
  expect(held.statusCode, held.body).toBe(200);
  decisions = held.json().decisions;
});

const toTask = (s: Session, decisionId: string, id = meetingId) =>
  call(env, s, { method: "POST", url: `/api/v1/meetings/${id}/decisions/${decisionId}/task`, payload: {} });
const followup = (subjectId: string) =>
  env.ctx.db
    .selectFrom("clocks")
    .select(["stopped_at"])
    .where("subject_id", "=", subjectId)
    .where("kind", "=", "meeting.followup")
    .executeTakeFirstOrThrow();

describe("a meeting decision becomes a 交办 task", () => {
  it("refuses who may not run the meeting, and a decision owned by a person", async () => {
    const land = decisions[0]?.id as string;
    expect((await toTask(w.landHandler, land)).statusCode).toBe(403);
    const stranger = await login(env, { roles: ["center_staff"], region: tree.otherTownship });
    expect((await toTask(stranger, land)).statusCode).toBe(404);
    const person = await toTask(w.center, decisions[1]?.id as string);
    expect(person.statusCode).toBe(409);
    expect(person.json().error).toBe("INVALID_TRANSITION");
  });

  it("dispatches the task to the owner unit, due on the decision's last day; the decision's clock stops", async () => {
    const d = decisions[0] as (typeof decisions)[number];
    const res = await toTask(w.center, d.id);
    expect(res.statusCode, res.body).toBe(200);
    const taskId = res.json().decisions[0].taskId as string;
    expect(taskId).toBeTruthy();
    const task = await env.ctx.db
      .selectFrom("tasks")
      .selectAll()
      .where("id", "=", taskId)
      .executeTakeFirstOrThrow();
    expect(task).toMatchObject({ unit_id: w.land, case_id: caseId, role: "lead", status: "dispatched" });
    expect(task.instructions).toContain("自然资源所现场勘界并出具勘测图");
    // Same last day as the decision (due 24:00 of it); the task's reply clock is at that day's time.
    const day = (x: Date | string) =>
      new Date(new Date(x).getTime() + 8 * 3600_000 - 1).toISOString().slice(0, 10);
    expect(day(task.due_at)).toBe(day(d.dueAt));
    expect((await followup(d.id)).stopped_at).not.toBeNull();
    const types = await eventTypes(env, caseId);
    expect(types).toContain("meeting.decision_tasked");
    expect(types).toContain("task.dispatched");
    // Twice is refused, nothing written twice.
    expect((await toTask(w.center, d.id)).statusCode).toBe(409);
    expect(
      await env.ctx.db.selectFrom("tasks").select("id").where("case_id", "=", caseId).execute(),
    ).toHaveLength(1);
  });

  it("the unit's answer marks the decision done with the task's result", async () => {
    const d = decisions[0] as (typeof decisions)[number];
    const row = await env.ctx.db
      .selectFrom("meeting_decisions")
      .select("task_id")
      .where("id", "=", d.id)
      .executeTakeFirstOrThrow();
    const t = `/api/v1/tasks/${row.task_id}`;
    expect((await call(env, w.landHandler, { method: "POST", url: `${t}/sign` })).statusCode).toBe(200);
    const ans = await call(env, w.landHandler, {
      method: "POST",
      url: `${t}/answer`,
      payload: { result: "已勘界，出具勘测图" },
    });
    expect(ans.statusCode, ans.body).toBe(200);
    const m = (await call(env, w.center, { method: "GET", url: `/api/v1/meetings/${meetingId}` })).json();
    expect(m.decisions[0]).toMatchObject({ status: "done", result: "已勘界，出具勘测图" });
    expect(m.state).toBe("held"); // the person's decision is still open
    expect(await eventTypes(env, caseId)).toContain("meeting.decision_done");
  });

  it("the last decision settled closes the meeting", async () => {
    const res = await call(env, w.center, {
      method: "POST",
      url: `/api/v1/meetings/${meetingId}/decisions/${decisions[1]?.id}/settle`,
      payload: { status: "done", result: "双方已见面" },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().state).toBe("closed");
  });

  it("a case settled over its open task drops the decision given as that task", async () => {
    const other = await caseAtStep(env, w.center, tree.otherGrid, 3, "灌溉水渠占地纠纷");
    const m = (
      await convene(env, w.center, {
        kind: "consultation",
        title: "水渠占地会诊",
        startsAt: inTwoHours(env),
        place: "镇综治中心",
        caseIds: [other],
        invitees: [{ unitId: w.land }],
      })
    ).json();
    await env.ctx.clock.advance(2 * 3600_000);
    const held = await call(env, w.center, {
      method: "POST",
      url: `/api/v1/meetings/${m.id}/hold`,
      payload: { minutes: "勘界", attendance: [], decisions: [{ text: "现场勘界", ownerUnitId: w.land }] },
    });
    const d = held.json().decisions[0].id as string;
    expect((await toTask(w.center, d, m.id)).statusCode).toBe(200);
    const command = async (payload: Record<string, unknown>) =>
      call(env, w.center, {
        method: "POST",
        url: `/api/v1/cases/${other}/commands`,
        payload: {
          ...payload,
          version: (await call(env, w.center, { method: "GET", url: `/api/v1/cases/${other}` })).json()
            .version,
        },
      });
    expect((await command({ type: "accept" })).statusCode).toBe(200);
    const resolved = await command({
      type: "resolve",
      summary: "当事人自行和解",
      override: { reason: "双方已当场和解" },
    });
    expect(resolved.statusCode, resolved.body).toBe(200);
    const after = (await call(env, w.center, { method: "GET", url: `/api/v1/meetings/${m.id}` })).json();
    expect(after.decisions[0].status).toBe("dropped");
    expect(after.state).toBe("closed");
    expect(await eventTypes(env, other)).toEqual(
      expect.arrayContaining(["meeting.decision_dropped", "meeting.closed"]),
    );
  });
});
