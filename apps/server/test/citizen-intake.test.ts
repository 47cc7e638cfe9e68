import { beforeAll, describe, expect, it } from "vitest";
import { sweepClocks } from "../src/jobs/clock-sweep";
import { requestHash } from "../src/modules/intake/idempotency";
import { ZReport } from "../src/modules/intake/intake.schemas";
import { createPlace, idemKey, reportBody, submit } from "./citizen-fixtures";
import { call, login, makeTree, type Session, type TestEnv, type Tree, testEnv } from "./helpers";

let env: TestEnv;
let tree: Tree;
let cadre: Session;
let place: { id: string; token: string };

beforeAll(async () => {
  env = await testEnv();
  tree = await makeTree(env.ctx);
  cadre = await login(env, { roles: ["village_cadre"], region: tree.village });
  place = await createPlace(env, cadre, tree.grid);
});

const countCases = async () =>
  Number(
    (
      await env.ctx.db
        .selectFrom("cases")
        .select((eb) => eb.fn.countAll().as("n"))
        .executeTakeFirstOrThrow()
    ).n,
  );

async function caseByCode(code: string) {
  return env.ctx.db.selectFrom("cases").selectAll().where("code", "=", code).executeTakeFirstOrThrow();
}

describe("码上反映 public intake", () => {
  it("shows the place, its grid and the categories for a scanned token", async () => {
    const res = await env.app.inject({ method: "GET", url: `/api/public/places/${place.token}` });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      place: { name: "3号楼" },
      grid: { code: tree.grid },
      callbackMinutes: 30,
    });
    expect(res.json().categories.length).toBeGreaterThan(10);
  });

  it("files a QR case on the place's grid under 码上反映, with a 30-minute callback clock", async () => {
    const res = await submit(env, reportBody(place.token));
    expect(res.statusCode, res.body).toBe(201);
    const row = await caseByCode(res.json().code);
    expect(row).toMatchObject({
      channel: "qr",
      region_code: tree.grid,
      policy_key: "mashang-fanying",
      step: 1,
    });
    const clock = await env.ctx.db
      .selectFrom("clocks")
      .selectAll()
      .where("case_id", "=", row.id)
      .where("kind", "=", "callback")
      .executeTakeFirstOrThrow();
    expect(new Date(clock.due_at).getTime() - new Date(clock.started_at).getTime()).toBe(30 * 60_000);
    const topics = await env.ctx.db.selectFrom("outbox").select(["topic", "payload"]).execute();
    const sms = topics.find(
      (t) => t.topic === "sms.case_received" && JSON.stringify(t.payload).includes(row.code),
    );
    expect(sms).toBeDefined();
    expect(JSON.stringify(sms?.payload)).not.toMatch(/139\d{8}/);
    expect(topics.some((t) => t.topic === "case.callback_required")).toBe(true);
  });

  it("answers a retried submit with the same case, never a second one", async () => {
    const body = reportBody(place.token);
    const key = idemKey();
    const first = await submit(env, body, key);
    const before = await countCases();
    const again = await submit(env, body, key);
    expect(again.statusCode).toBe(201);
    expect(again.json().code).toBe(first.json().code);
    expect(await countCases()).toBe(before);
    const other = await submit(env, { ...body, description: "换了内容的另一份提交，应被拒绝" }, key);
    expect(other.statusCode).toBe(409);
  });

  it("waits on a claim still in flight, and takes over one whose first attempt died", async () => {
    const body = reportBody(place.token);
    const now = env.ctx.clock.now();
    const claim = (key: string, at: Date) =>
      env.ctx.db
        .insertInto("idempotency_keys")
        .values({
          key: `report:${key}`,
          request_hash: requestHash(ZReport.parse(body)),
          response: null,
          created_at: at,
        })
        .execute();
    const running = idemKey();
    await claim(running, now);
    const waiting = await submit(env, body, running);
    expect(waiting.statusCode).toBe(409);
    expect(waiting.json().message).toContain("正在提交");
    const dead = idemKey();
    await claim(dead, new Date(now.getTime() - 3 * 60_000));
    const res = await submit(env, body, dead);
    expect(res.statusCode, res.body).toBe(201);
    expect((await submit(env, body, dead)).json().code).toBe(res.json().code);
  });

  it.each([
    ["a filled honeypot", { website: "http://spam.example" }],
    ["no consent", { consent: false }],
    ["neither phone nor anonymous", { phone: undefined }],
  ])("refuses %s and files nothing", async (_n, extra) => {
    const before = await countCases();
    const res = await submit(env, reportBody(place.token, extra));
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toMatch(/[\u4e00-\u9fa5]/);
    expect(await countCases()).toBe(before);
  });

  it("refuses a submit without an Idempotency-Key", async () => {
    const res = await env.app.inject({
      method: "POST",
      url: "/api/public/reports",
      payload: reportBody(place.token),
    });
    expect(res.statusCode).toBe(400);
  });

  it("stores 我有话说 as public opinion, not as a case", async () => {
    const before = await countCases();
    const res = await submit(
      env,
      reportBody(place.token, { kind: "opinion", anonymous: true, phone: undefined }),
    );
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().kind).toBe("opinion");
    expect(await countCases()).toBe(before);
    const list = await call(env, cadre, { method: "GET", url: "/api/v1/opinions" });
    expect(list.json().items.map((o: { id: string }) => o.id)).toContain(res.json().id);
  });

  it("fires the callback clock after 30 minutes: timeline event and a notice up the chain", async () => {
    const res = await submit(env, reportBody(place.token));
    const row = await caseByCode(res.json().code);
    await env.ctx.clock.advance(31 * 60_000);
    expect((await sweepClocks(env.ctx)).callbacksOverdue).toBeGreaterThanOrEqual(1);
    const events = await env.ctx.db
      .selectFrom("case_events")
      .select("type")
      .where("case_id", "=", row.id)
      .execute();
    expect(events.map((e) => e.type)).toContain("case.callback_overdue");
    const notice = await env.ctx.db
      .selectFrom("outbox")
      .select("payload")
      .where("topic", "=", "case.callback_overdue")
      .execute();
    expect(notice.some((n) => JSON.stringify(n.payload).includes(row.code))).toBe(true);
    expect((await sweepClocks(env.ctx)).callbacksOverdue).toBe(0);
  });

  it("records a cadre's callback: the clock stops and the timeline says so", async () => {
    const res = await submit(env, reportBody(place.token));
    const code = res.json().code;
    const cb = await call(env, cadre, {
      method: "POST",
      url: `/api/v1/cases/${code}/callback`,
      payload: { reached: true, note: "已电话联系，约定明早上门" },
    });
    expect(cb.statusCode, cb.body).toBe(200);
    expect(cb.json().late).toBe(false);
    const row = await caseByCode(code);
    const clock = await env.ctx.db
      .selectFrom("clocks")
      .selectAll()
      .where("case_id", "=", row.id)
      .where("kind", "=", "callback")
      .executeTakeFirstOrThrow();
    expect(clock.stopped_at).not.toBeNull();
    const detail = await call(env, cadre, { method: "GET", url: `/api/v1/cases/${code}` });
    expect(detail.json().timeline.at(-1).type).toBe("case.called_back");
  });

  it("does not let staff outside the jurisdiction record a callback", async () => {
    const res = await submit(env, reportBody(place.token));
    const outsider = await login(env, { roles: ["village_cadre"], region: tree.otherVillage });
    const cb = await call(env, outsider, {
      method: "POST",
      url: `/api/v1/cases/${res.json().code}/callback`,
      payload: { reached: true, note: "x" },
    });
    expect(cb.statusCode).toBe(404);
  });
});
