import { beforeAll, describe, expect, it } from "vitest";
import { call, login, makeTree, type Session, type TestEnv, type Tree, testEnv } from "./helpers";

// A petitioner follows the petition on the citizen tracking page, without logging in: the stage and the
// statutory deadline in plain words with the article, and a rating that points to 复查 instead of reopening.

let env: TestEnv;
let tree: Tree;
let clerk: Session;
let ip = 0;
const PHONE = "13655551234";

beforeAll(async () => {
  env = await testEnv();
  tree = await makeTree(env.ctx);
  clerk = await login(env, { roles: ["center_staff"], region: tree.township });
});

const track = (payload: Record<string, unknown>, url = "/api/public/track") =>
  env.app.inject({ method: "POST", url, payload, headers: { "x-forwarded-for": `10.9.0.${++ip}` } });

async function step(id: string, payload: Record<string, unknown>) {
  const v = (await call(env, clerk, { method: "GET", url: `/api/v1/petitions/${id}` })).json();
  const res = await call(env, clerk, {
    method: "POST",
    url: `/api/v1/petitions/${id}/commands`,
    payload: { ...payload, version: v.caseVersion },
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

describe("a petition on the citizen tracking page", () => {
  it("shows the stage and the deadline in citizen words; 不满意 is kept and points to 复查", async () => {
    const res = await call(env, clerk, {
      method: "POST",
      url: "/api/v1/petitions",
      payload: {
        kind: "appeal",
        channel: "online",
        category: "labour",
        title: "讨薪",
        description: "工资被拖欠两个月。",
        matter: "某公司拖欠工资",
        regionCode: tree.township,
        petitioner: { name: "周七", phone: PHONE },
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const p = res.json();
    const code = p.caseCode;
    let t = (await track({ code, phoneLast4: "1234" })).json();
    expect(t.petition).toMatchObject({
      stageText: "已登记，正在审查是否受理",
      basis: "《信访工作条例》第二十二条：15日",
    });
    expect(t.petition.dueText).toMatch(/^\d{4}年\d{1,2}月\d{1,2}日前告知您是否受理$/);
    expect(t.stepName).toBeNull();

    await step(p.id, { type: "accept" });
    t = (await track({ code, phoneLast4: "1234" })).json();
    expect(t.petition.stageText).toBe("已受理，正在办理");
    expect(t.petition.dueText).toMatch(/前办结并书面答复您$/);
    expect(t.timeline.map((m: { label: string }) => m.label)).toContain("已送达《信访事项受理告知书》");

    await step(p.id, { type: "reply", result: "support", opinion: "责成公司结清。" });
    t = (await track({ code, phoneLast4: "1234" })).json();
    expect(t.petition.dueText).toMatch(/^如不服处理意见，可在.+前向上一级机关请求复查$/);
    expect(t.canRate).toBe(true);
    const rated = await track(
      { code, phoneLast4: "1234", rating: "dissatisfied", comment: "太慢" },
      "/api/public/track/rate",
    );
    expect(rated.statusCode, rated.body).toBe(200);
    expect(rated.json().reopened).toBe(false);
    const c = await env.ctx.db
      .selectFrom("cases")
      .select("status")
      .where("id", "=", p.caseId)
      .executeTakeFirstOrThrow();
    expect(c.status).toBe("resolved");
    t = (await track({ code, phoneLast4: "1234" })).json();
    expect(t.canRate).toBe(false);
  });
});
