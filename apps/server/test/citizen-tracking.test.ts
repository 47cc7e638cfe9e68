import { beforeAll, describe, expect, it } from "vitest";
import { createPlace, freshIp, freshPhone, reportBody, submit } from "./citizen-fixtures";
import { call, login, makeTree, type Session, type TestEnv, type Tree, testEnv } from "./helpers";

let env: TestEnv;
let tree: Tree;
let grid: Session;
let token: string;

beforeAll(async () => {
  env = await testEnv();
  tree = await makeTree(env.ctx);
  const cadre = await login(env, { roles: ["village_cadre"], region: tree.village });
  grid = await login(env, { roles: ["grid_worker"], region: tree.grid });
  token = (await createPlace(env, cadre, tree.grid)).token;
});

const track = (payload: Record<string, unknown>, url = "/api/public/track") =>
  env.app.inject({ method: "POST", url, payload, headers: { "x-forwarded-for": freshIp() } });

async function report() {
  const phone = freshPhone();
  const res = await submit(env, reportBody(token, { phone }));
  expect(res.statusCode, res.body).toBe(201);
  return { code: res.json().code as string, last4: phone.slice(-4) };
}

async function resolve(code: string) {
  for (const body of [{ type: "accept" }, { type: "resolve", summary: "双方达成和解，已停止夜间施工" }]) {
    const cur = await call(env, grid, { method: "GET", url: `/api/v1/cases/${code}` });
    const res = await call(env, grid, {
      method: "POST",
      url: `/api/v1/cases/${code}/commands`,
      payload: { ...body, version: cur.json().version },
    });
    expect(res.statusCode, res.body).toBe(200);
  }
}

describe("进度查询 tracking", () => {
  it("shows status, current step and deadline, and the handling unit — no staff names", async () => {
    const { code, last4 } = await report();
    const res = await track({ code, phoneLast4: last4 });
    expect(res.statusCode, res.body).toBe(200);
    const t = res.json();
    expect(t).toMatchObject({ code, status: "submitted", step: 1, stepName: "接单", canRate: false });
    expect(t.unit).toContain("网格");
    expect(Date.parse(t.stepDueAt)).toBeGreaterThan(Date.now());
    expect(t.timeline[0].label).toBe("已登记");
    expect(res.body).not.toContain(grid.userId);
  });

  it.each([
    ["wrong last 4 digits", (c: string) => ({ code: c, phoneLast4: "0000" })],
    ["an unknown code", () => ({ code: "620101-260101-0000010", phoneLast4: "1234" })],
  ])("answers %s with 404 and a Chinese message", async (_n, body) => {
    const { code } = await report();
    const res = await track(body(code));
    expect(res.statusCode).toBe(404);
    expect(res.json().message).toContain("受理编号");
  });

  it("refuses a rating before the case is resolved", async () => {
    const { code, last4 } = await report();
    const res = await track({ code, phoneLast4: last4, rating: "satisfied" }, "/api/public/track/rate");
    expect(res.statusCode).toBe(409);
  });

  it("records 满意 once, without reopening", async () => {
    const { code, last4 } = await report();
    await resolve(code);
    const rate = () => track({ code, phoneLast4: last4, rating: "satisfied" }, "/api/public/track/rate");
    expect((await rate()).statusCode).toBe(200);
    expect((await rate()).statusCode).toBe(409);
    const t = await track({ code, phoneLast4: last4 });
    expect(t.json()).toMatchObject({ status: "resolved", canRate: false });
    expect(t.json().timeline.at(-1).label).toBe("您的评价：满意");
    // The case keeps the last rating: the leaders' satisfaction rate reads it.
    const row = await env.ctx.db
      .selectFrom("cases")
      .select("rating")
      .where("code", "=", code)
      .executeTakeFirstOrThrow();
    expect(row.rating).toBe("satisfied");
  });

  it("不满意 reopens the case with the citizen's comment in its timeline", async () => {
    const { code, last4 } = await report();
    await resolve(code);
    const comment = "施工又开始了，问题没有解决";
    const res = await track(
      { code, phoneLast4: last4, rating: "dissatisfied", comment },
      "/api/public/track/rate",
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().reopened).toBe(true);
    const detail = (await call(env, grid, { method: "GET", url: `/api/v1/cases/${code}` })).json();
    expect(detail).toMatchObject({ status: "accepted", reopenCount: 1 });
    const types = detail.timeline.map((e: { type: string }) => e.type);
    expect(types.slice(-2)).toEqual(["case.rated", "case.reopened"]);
    expect(detail.timeline.at(-1).data.reason).toContain(comment);
    expect(detail.timeline.at(-1).actor).toBeNull();
    expect(
      detail.clocks
        .filter((c: { kind: string; stoppedAt: string | null }) => !c.stoppedAt)
        .map((c: { kind: string }) => c.kind)
        .sort(),
    ).toEqual(["callback", "overall", "step"]);
  });
});
