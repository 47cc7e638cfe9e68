import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { sweepClocks } from "../src/jobs/clock-sweep";
import {
  call,
  login,
  makeTree,
  runCli,
  type Session,
  sampleCase,
  type TestEnv,
  type Tree,
  testEnv,
} from "./helpers";

// 交办督办 end to end through the API: dispatch → 签收 → overdue → yellow → red 督办单 → 答复 in the
// case's timeline; 退回 and 重新交办; no resolution while a lead task is open unless the center
// overrides; who may touch a task (role × jurisdiction × unit).

const HOUR = 3600_000;
const DAY = 24 * HOUR;
let env: TestEnv;
let tree: Tree;
let center: Session;
let dept: Session;
let otherDept: Session;
let unitA: string;
let unitB: string;

async function unit(name: string, region: string) {
  const u = await env.ctx.db
    .insertInto("units")
    .values({ kind: "department", name, region_code: region, stationing: "resident" })
    .returning("id")
    .executeTakeFirstOrThrow();
  return u.id;
}

beforeAll(async () => {
  env = await testEnv();
  tree = await makeTree(env.ctx);
  unitA = await unit("县自然资源局", tree.county);
  unitB = await unit("县住建局", tree.county);
  center = await login(env, { roles: ["center_staff"], region: tree.township });
  dept = await login(env, { roles: ["department_handler"], region: tree.county, unitId: unitA });
  otherDept = await login(env, { roles: ["department_handler"], region: tree.county, unitId: unitB });
});

async function newCase(s: Session = center) {
  const res = await call(env, s, { method: "POST", url: "/api/v1/cases", payload: sampleCase(tree.grid) });
  expect(res.statusCode).toBe(201);
  return res.json() as { id: string; code: string; version: number };
}

const dispatch = (s: Session, caseId: string, payload: Record<string, unknown>) =>
  call(env, s, { method: "POST", url: `/api/v1/cases/${caseId}/tasks`, payload });
const act = (s: Session, taskId: string, what: string, payload?: Record<string, unknown>) =>
  call(env, s, { method: "POST", url: `/api/v1/tasks/${taskId}/${what}`, ...(payload ? { payload } : {}) });
const detail = async (id: string) =>
  (await call(env, center, { method: "GET", url: `/api/v1/cases/${id}` })).json();
const taskTypes = async (id: string) =>
  ((await detail(id)).timeline as { type: string; data: Record<string, unknown> }[]).filter((e) =>
    e.type.startsWith("task."),
  );
async function advanceTo(at: string | number, plus = 0) {
  const target = (typeof at === "number" ? at : Date.parse(at)) + plus;
  const by = target - env.ctx.clock.now().getTime();
  if (by > 0) await env.ctx.clock.advance(by);
  await sweepClocks(env.ctx);
}

describe("a task's life in the case timeline", () => {
  it("dispatch → 催办 → yellow → red 督办单 → late 签收 and 答复; the case turns red", async () => {
    const c = await newCase();
    const res = await dispatch(center, c.id, {
      unitId: unitA,
      role: "lead",
      instructions: "核实承包地边界",
      days: 2,
    });
    expect(res.statusCode).toBe(201);
    const task = res.json();
    expect(task).toMatchObject({ status: "dispatched", supervision: "none", unitName: "县自然资源局" });
    expect(task.basis).toContain("本县交办督办工作办法");
    // The unit's handler sees it with its buttons; the center sees cancel.
    const mine = await call(env, dept, { method: "GET", url: "/api/v1/tasks" });
    expect(mine.json().items.map((t: { id: string }) => t.id)).toContain(task.id);
    expect(mine.json().items.find((t: { id: string }) => t.id === task.id).allowed).toEqual([
      "sign",
      "answer",
      "return",
    ]);
    expect(task.allowed).toEqual(["cancel"]);

    // warn point of the sign clock: 催办
    const signDue = Date.parse(task.signDueAt);
    await advanceTo(signDue, -HOUR);
    // sign deadline passed: yellow 督办单, then the reply deadline, then the red one
    await advanceTo(signDue, HOUR);
    let t = (await call(env, center, { method: "GET", url: `/api/v1/tasks/${task.id}` })).json();
    expect(t).toMatchObject({ supervision: "yellow", overdueStage: "sign" });
    await advanceTo(task.dueAt, 10 * DAY);
    t = (await call(env, center, { method: "GET", url: `/api/v1/tasks/${task.id}` })).json();
    expect(t.supervision).toBe("red");
    expect((await detail(c.id)).warning).toBe("red");

    const notice = await call(env, center, { method: "GET", url: `/api/v1/tasks/${task.id}/notice` });
    expect(notice.statusCode).toBe(200);
    expect(notice.headers["content-type"]).toContain("text/html");
    for (const s of [
      c.code,
      "县自然资源局",
      "红色督办",
      "本县交办督办工作办法",
      "@page { size: A4",
      "已超期",
    ])
      expect(notice.body).toContain(s);

    expect((await act(dept, task.id, "sign")).json().status).toBe("signed");
    const answered = await act(dept, task.id, "answer", { result: "已实地核实并重新确界" });
    expect(answered.statusCode).toBe(200);
    expect(answered.json()).toMatchObject({ status: "answered", result: "已实地核实并重新确界" });

    const events = await taskTypes(c.id);
    expect(events.map((e) => [e.type, e.data.level ?? e.data.stage ?? e.data.late ?? null])).toEqual([
      ["task.dispatched", null],
      ["task.reminded", "sign"],
      ["task.supervised", "yellow"],
      // no reply reminder: its warn point and deadline passed in one jump; a 催办 after the deadline is moot
      ["task.overdue", "yellow"],
      ["task.supervised", "red"],
      ["task.signed", true],
      ["task.answered", true],
    ]);
    // The sweep told the unit once per kind of notice, listing the task; the answer went to the center.
    const digests = await env.ctx.db
      .selectFrom("outbox")
      .select(["topic", "payload"])
      .where("topic", "in", ["task.digest", "task.notice"])
      .execute();
    const told = digests.filter((d) => JSON.stringify(d.payload).includes(task.id));
    expect(
      told
        .map((d) => [d.topic, (d.payload as { what: string }).what])
        .sort((a, b) => String(a).localeCompare(String(b))),
    ).toEqual([
      ["task.digest", "red"],
      ["task.digest", "reminder"],
      ["task.digest", "yellow"],
      ["task.notice", "answered"],
      ["task.notice", "dispatched"],
    ]);
    // No clocks of the task run any more.
    const running = await env.ctx.db
      .selectFrom("clocks")
      .select("kind")
      .where("subject_id", "=", task.id)
      .where("stopped_at", "is", null)
      .where("fired_at", "is", null)
      .execute();
    expect(running).toEqual([]);
  });

  it("退回 with a reason, then 重新交办 to another unit: the history stays", async () => {
    const c = await newCase();
    const task = (
      await dispatch(center, c.id, { unitId: unitB, role: "lead", instructions: "排查违建" })
    ).json();
    const returned = await act(otherDept, task.id, "return", {
      reason: "不属于本单位职责，应由自然资源局办理",
    });
    expect(returned.json()).toMatchObject({ status: "returned", allowed: [] });
    const back = (await call(env, center, { method: "GET", url: `/api/v1/tasks/${task.id}` })).json();
    expect(back.allowed).toEqual(["redispatch"]);
    const again = await act(center, task.id, "redispatch", { unitId: unitA });
    expect(again.statusCode).toBe(201);
    expect(again.json()).toMatchObject({ previousTaskId: task.id, unitName: "县自然资源局", role: "lead" });
    expect((await act(center, task.id, "redispatch", { unitId: unitA })).statusCode).toBe(409);
    const list = (await call(env, center, { method: "GET", url: `/api/v1/cases/${c.id}/tasks` })).json()
      .items;
    expect(list.map((t: { status: string; redispatched: boolean }) => [t.status, t.redispatched])).toEqual([
      ["returned", true],
      ["dispatched", false],
    ]);
    const events = await taskTypes(c.id);
    expect(events.map((e) => e.type)).toEqual(["task.dispatched", "task.returned", "task.dispatched"]);
    expect(events[2]?.data.previousUnitName).toBe("县住建局");
  });
});

describe("what a task's own clocks write goes on the task's own chain", () => {
  const caseHead = (id: string) =>
    env.ctx.db
      .selectFrom("cases")
      .select(["version", "event_count", "last_event_hash"])
      .where("id", "=", id)
      .executeTakeFirstOrThrow();

  it("催办 and the yellow 督办单 leave the case's version and chain alone; the timeline and audit verify see both", async () => {
    const c = await newCase();
    const task = (await dispatch(center, c.id, { unitId: unitA, role: "lead", instructions: "核实" })).json();
    // Paused, so the ladder's own clocks stand still and only the task's run (they do not pause).
    const paused = await call(env, center, {
      method: "POST",
      url: `/api/v1/cases/${c.id}/commands`,
      payload: { type: "pause", reason: "等待鉴定", version: (await caseHead(c.id)).version },
    });
    expect(paused.statusCode, paused.body).toBe(200);
    const before = await caseHead(c.id);
    await advanceTo(Date.parse(task.signDueAt), -HOUR);
    await advanceTo(Date.parse(task.signDueAt), HOUR);
    // A cadre holding the case is not told "changed by someone else" because a department was chased.
    expect(await caseHead(c.id)).toEqual(before);
    const own = await env.ctx.db
      .selectFrom("task_events")
      .select(["seq", "type", "case_id"])
      .where("task_id", "=", task.id)
      .orderBy("seq")
      .execute();
    expect(own).toEqual([
      { seq: 1, type: "task.reminded", case_id: c.id },
      { seq: 2, type: "task.supervised", case_id: c.id },
    ]);
    const timeline = (await detail(c.id)).timeline as { seq: number; type: string }[];
    expect(timeline.filter((e) => e.type.startsWith("task.")).map((e) => e.type)).toEqual([
      "task.dispatched",
      "task.reminded",
      "task.supervised",
    ]);
    expect(timeline.map((e) => e.seq)).toEqual(timeline.map((_, i) => i + 1));

    const admin = await login(env, { roles: ["admin"], region: tree.county });
    const verify = async () =>
      (await call(env, admin, { method: "GET", url: "/api/v1/admin/audit/verify" })).json();
    const ok = await verify();
    expect(ok).toMatchObject({ ok: true, firstBroken: null });
    expect(ok.tasksChecked).toBeGreaterThan(0);

    await expect(
      sql`UPDATE task_events SET type = 'x' WHERE task_id = ${task.id}`.execute(env.ctx.db),
    ).rejects.toThrow(/append-only/);
    // Altered behind the app's back: verify names the case, the task and the event.
    const tamper = async (level: string) => {
      await sql`ALTER TABLE task_events DISABLE TRIGGER task_events_append_only`.execute(env.ctx.db);
      await sql`UPDATE task_events SET data = jsonb_set(data, '{level}', ${JSON.stringify(level)}::jsonb)
        WHERE task_id = ${task.id} AND seq = 2`.execute(env.ctx.db);
      await sql`ALTER TABLE task_events ENABLE TRIGGER task_events_append_only`.execute(env.ctx.db);
    };
    await tamper("none");
    expect((await verify()).firstBroken).toMatchObject({
      caseCode: c.code,
      taskId: task.id,
      seq: 2,
      reason: "event content was altered",
    });
    const cli = await runCli(env, ["audit", "verify"]);
    expect(cli.code).toBe(1);
    expect(cli.out).toContain(`BROKEN at case ${c.code} task ${task.id} event #2`);
    await tamper("yellow");
    expect((await verify()).ok).toBe(true);
  });

  it("the sweep needs no case lock, and skips a task someone is changing until the next run", async () => {
    const c = await newCase();
    const a = (await dispatch(center, c.id, { unitId: unitA, role: "lead", instructions: "核实" })).json();
    const b = (await dispatch(center, c.id, { unitId: unitB, role: "co", instructions: "协助" })).json();
    await env.ctx.clock.advance(Date.parse(a.signDueAt) + HOUR - env.ctx.clock.now().getTime());
    const supervision = async (id: string) =>
      (
        await env.ctx.db
          .selectFrom("tasks")
          .select("supervision")
          .where("id", "=", id)
          .executeTakeFirstOrThrow()
      ).supervision;
    await env.ctx.db.transaction().execute(async (tx) => {
      // A person's command holds the case and, after it, task b (as taskCommand does).
      await tx.selectFrom("cases").select("id").where("id", "=", c.id).forUpdate().execute();
      await tx.selectFrom("tasks").select("id").where("id", "=", b.id).forUpdate().execute();
      await sweepClocks(env.ctx);
      expect(await supervision(a.id)).toBe("yellow");
      expect(await supervision(b.id)).toBe("none");
    });
    expect((await sweepClocks(env.ctx)).tasksSupervised).toBe(1);
    expect(await supervision(b.id)).toBe("yellow");
  });
});

describe("no resolution while a lead task is open", () => {
  it("refuses with TASKS_OPEN naming the unit; a co task does not block; the center overrides with a reason", async () => {
    const c = await newCase();
    await call(env, center, {
      method: "POST",
      url: `/api/v1/cases/${c.id}/commands`,
      payload: { type: "accept", version: c.version },
    });
    await dispatch(center, c.id, { unitId: unitB, role: "co", instructions: "配合" });
    const lead = (await dispatch(center, c.id, { unitId: unitA, role: "lead", instructions: "主办" })).json();
    const resolve = async (extra: Record<string, unknown> = {}) =>
      call(env, center, {
        method: "POST",
        url: `/api/v1/cases/${c.id}/commands`,
        payload: { type: "resolve", summary: "已调解", version: (await detail(c.id)).version, ...extra },
      });
    const refused = await resolve();
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toBe("TASKS_OPEN");
    expect(refused.json().messages.zh).toContain("县自然资源局");
    expect(refused.json().messages.en).toContain("县自然资源局");
    expect((await detail(c.id)).status).not.toBe("resolved");

    const done = await resolve({ override: { reason: "当事人已当场和解，主办单位事项一并了结" } });
    expect(done.statusCode).toBe(200);
    const d = await detail(c.id);
    expect(d.status).toBe("resolved");
    const types = (d.timeline as { type: string; data: Record<string, unknown> }[]).map((e) => e.type);
    // The settled case's open tasks, co and overridden lead, are cancelled in the same change.
    expect(types.slice(-4)).toEqual([
      "task.resolve_override",
      "case.resolved",
      "task.cancelled",
      "task.cancelled",
    ]);
    expect(d.timeline.at(-4).data).toMatchObject({ units: ["县自然资源局"], taskIds: [lead.id] });
    const tasks = (await call(env, center, { method: "GET", url: `/api/v1/cases/${c.id}/tasks` })).json()
      .items;
    expect(tasks.map((t: { status: string }) => t.status)).toEqual(["cancelled", "cancelled"]);
    const running = await env.ctx.db
      .selectFrom("clocks")
      .select("kind")
      .where("case_id", "=", c.id)
      .where("kind", "like", "task.%")
      .where("stopped_at", "is", null)
      .execute();
    expect(running).toEqual([]);
  });

  it("an answered lead task lets the case resolve without override", async () => {
    const c = await newCase();
    await call(env, center, {
      method: "POST",
      url: `/api/v1/cases/${c.id}/commands`,
      payload: { type: "accept", version: c.version },
    });
    const lead = (await dispatch(center, c.id, { unitId: unitA, role: "lead", instructions: "主办" })).json();
    await act(dept, lead.id, "answer", { result: "办结" });
    const res = await call(env, center, {
      method: "POST",
      url: `/api/v1/cases/${c.id}/commands`,
      payload: { type: "resolve", summary: "已调解", version: (await detail(c.id)).version },
    });
    expect(res.statusCode).toBe(200);
  });
});

describe("who may touch a task", () => {
  let caseId: string;
  let taskId: string;
  beforeAll(async () => {
    caseId = (await newCase()).id;
    taskId = (await dispatch(center, caseId, { unitId: unitA, role: "lead", instructions: "x" })).json().id;
  });

  it.each([
    ["department handler of another unit signs", 404, () => act(otherDept, taskId, "sign")],
    [
      "department handler of another unit reads",
      404,
      () => call(env, otherDept, { method: "GET", url: `/api/v1/tasks/${taskId}` }),
    ],
    ["the unit's handler cancels", 403, () => act(dept, taskId, "cancel", { reason: "x" })],
    ["the center signs for the unit", 403, () => act(center, taskId, "sign")],
  ] as const)("%s → %i", async (_what, status, run) => {
    expect((await run()).statusCode).toBe(status);
  });

  it.each([
    ["grid_worker", "grid", 403],
    ["village_cadre", "village", 403],
    ["department_handler", "county", 404],
    ["center_staff", "otherTownship", 404],
    ["township_leader", "otherTownship", 404],
    ["township_leader", "township", 201],
  ] as const)("%s at %s dispatches → %i", async (role, where, status) => {
    const s = await login(env, { roles: [role], region: tree[where] });
    expect((await dispatch(s, caseId, { unitId: unitB, role: "co", instructions: "y" })).statusCode).toBe(
      status,
    );
  });

  it("the unit given a task reads its case (to do the work); another unit's handler does not", async () => {
    const own = (await newCase()).id;
    await dispatch(center, own, { unitId: unitA, role: "lead", instructions: "z" });
    const read = async (s: Session) => call(env, s, { method: "GET", url: `/api/v1/cases/${own}` });
    expect((await read(dept)).statusCode).toBe(200);
    expect((await read(dept)).json().allowedActions).toEqual([]); // reading only: not assigned to the unit
    expect((await read(otherDept)).statusCode).toBe(404);
    const list = (await call(env, dept, { method: "GET", url: "/api/v1/cases" })).json();
    expect(list.items.map((c: { id: string }) => c.id)).toContain(own);
  });

  it("a neighbour township's center sees neither the case's tasks nor the task", async () => {
    const n = await login(env, { roles: ["center_staff"], region: tree.otherTownship });
    expect((await call(env, n, { method: "GET", url: `/api/v1/cases/${caseId}/tasks` })).statusCode).toBe(
      404,
    );
    expect((await call(env, n, { method: "GET", url: `/api/v1/tasks/${taskId}` })).statusCode).toBe(404);
    expect((await call(env, n, { method: "GET", url: `/api/v1/tasks/${taskId}/notice` })).statusCode).toBe(
      404,
    );
  });

  it("bad input is a 400 with a code, never a half-written task", async () => {
    const before = (await call(env, center, { method: "GET", url: `/api/v1/cases/${caseId}/tasks` })).json()
      .items.length;
    for (const payload of [
      { unitId: unitA, role: "boss", instructions: "x" },
      { unitId: "not-a-uuid", role: "lead", instructions: "x" },
      { unitId: crypto.randomUUID(), role: "lead", instructions: "x" },
      { unitId: unitA, role: "lead", instructions: "" },
      { unitId: unitA, role: "lead", instructions: "x", attachmentIds: [crypto.randomUUID()] },
    ]) {
      const res = await dispatch(center, caseId, payload);
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toBe("INVALID_INPUT");
    }
    const after = (await call(env, center, { method: "GET", url: `/api/v1/cases/${caseId}/tasks` })).json()
      .items.length;
    expect(after).toBe(before);
  });
});
