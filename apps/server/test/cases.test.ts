import { beforeAll, describe, expect, it } from "vitest";
import { call, login, makeTree, type Session, sampleCase, type TestEnv, type Tree, testEnv } from "./helpers";

let env: TestEnv;
let tree: Tree;
let clerk: Session;
let grid: Session;
let township: Session;

beforeAll(async () => {
  env = await testEnv();
  tree = await makeTree(env.ctx);
  clerk = await login(env, { roles: ["center_staff"], region: tree.county });
  grid = await login(env, { roles: ["grid_worker"], region: tree.grid });
  township = await login(env, { roles: ["township_leader"], region: tree.township });
});

async function createCase(extra: Record<string, unknown> = {}, who: Session = clerk) {
  const res = await call(env, who, {
    method: "POST",
    url: "/api/v1/cases",
    payload: sampleCase(tree.grid, extra),
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

async function command(who: Session, ref: string, body: Record<string, unknown>) {
  return call(env, who, { method: "POST", url: `/api/v1/cases/${ref}/commands`, payload: body });
}

describe("case intake", () => {
  it("creates a case at step 1 with a code, a 1-day step clock and a 7-day overall clock", async () => {
    const c = await createCase();
    expect(c.code).toMatch(/^\d{6}-\d{6}-\d{7}$/);
    expect(c.status).toBe("submitted");
    expect(c.step).toBe(1);
    const created = Date.parse(c.createdAt);
    expect(Date.parse(c.stepDueAt) - created).toBe(24 * 3600_000);
    expect(Date.parse(c.overallDueAt) - created).toBe(7 * 24 * 3600_000);
  });

  it("masks the reporter's phone and the parties' ID numbers in output", async () => {
    const c = await createCase();
    expect(c.reporterPhone).toBe("138****1234");
    expect(c.parties[0].phone).toBe("138****1234");
    expect(c.parties[0].idNumber).toBe("6207**********123X");
    const row = await env.ctx.db
      .selectFrom("cases")
      .selectAll()
      .where("id", "=", c.id)
      .executeTakeFirstOrThrow();
    expect(row.reporter_phone_enc).not.toContain("13800001234");
    expect(JSON.stringify(row.parties)).not.toContain("13800001234");
  });

  it.each([
    ["missing title", { title: "" }],
    ["unknown category", { category: "nonsense" }],
    ["unknown channel", { channel: "fax" }],
    ["bad phone", { reporter: { phone: "call me" } }],
  ])("refuses %s with INVALID_INPUT and writes nothing", async (_n, extra) => {
    const before = await env.ctx.db
      .selectFrom("cases")
      .select((eb) => eb.fn.countAll().as("n"))
      .executeTakeFirst();
    const res = await call(env, clerk, {
      method: "POST",
      url: "/api/v1/cases",
      payload: sampleCase(tree.grid, extra),
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: "INVALID_INPUT" });
    expect(res.json().message).toMatch(/[\u4e00-\u9fa5]/);
    const after = await env.ctx.db
      .selectFrom("cases")
      .select((eb) => eb.fn.countAll().as("n"))
      .executeTakeFirst();
    expect(after?.n).toBe(before?.n);
  });

  it("answers in English when asked", async () => {
    const res = await call(env, clerk, {
      method: "POST",
      url: "/api/v1/cases",
      payload: {},
      headers: { "accept-language": "en-US,en;q=0.9" },
    });
    expect(res.json().message).toBe("The input is invalid");
  });

  it("refuses a case outside the caller's jurisdiction as not found", async () => {
    const res = await call(env, grid, {
      method: "POST",
      url: "/api/v1/cases",
      payload: sampleCase(tree.otherGrid),
    });
    expect(res.statusCode).toBe(404);
  });

  it("requires a login and the CSRF token", async () => {
    expect((await call(env, null, { method: "GET", url: "/api/v1/cases" })).statusCode).toBe(401);
    const res = await env.app.inject({
      method: "POST",
      url: "/api/v1/cases",
      payload: sampleCase(tree.grid),
      headers: { cookie: clerk.cookie },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error).toBe("CSRF_FAILED");
  });
});

describe("the workflow through the API", () => {
  it("runs grid → village → center → township and records the settled step", async () => {
    const c = await createCase();
    let v = c.version;
    const step = async (who: Session, body: Record<string, unknown>) => {
      const res = await command(who, c.id, { ...body, version: v });
      expect(res.statusCode, res.body).toBe(200);
      v = res.json().version;
      return res.json();
    };
    await step(grid, { type: "accept" });
    const failed = await step(grid, { type: "recordMediation", success: false, summary: "首调未成" });
    expect(failed.warning).toBe("red");
    await step(grid, { type: "escalate", reason: "首调不成，上报村调委会" });
    await step(township, { type: "escalate", reason: "组团调解未成，提请会诊" });
    await step(township, { type: "escalate", reason: "会诊后提请镇党委政府拍板" });
    const resolved = await step(township, { type: "resolve", summary: "镇党委政府拍板，双方签订协议" });
    expect(resolved).toMatchObject({ status: "resolved", step: 4, settledStep: 4, outcome: "resolved" });
    const detail = (await call(env, township, { method: "GET", url: `/api/v1/cases/${c.code}` })).json();
    expect(detail.timeline.map((e: { type: string }) => e.type)).toEqual([
      "case.submitted",
      "case.accepted",
      "case.mediation_recorded",
      "case.escalated",
      "case.escalated",
      "case.escalated",
      "case.resolved",
    ]);
    expect(detail.clocks.filter((k: { kind: string; stoppedAt: string | null }) => !k.stoppedAt)).toEqual([]);
  });

  it("refuses an illegal transition with INVALID_TRANSITION and changes nothing", async () => {
    const c = await createCase();
    const res = await command(township, c.id, { type: "close", version: c.version });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toBe("INVALID_TRANSITION");
    const after = (await call(env, township, { method: "GET", url: `/api/v1/cases/${c.id}` })).json();
    expect(after.version).toBe(c.version);
    expect(after.timeline).toHaveLength(1);
  });

  it("refuses a stale version with 409 CONFLICT — except for a note, which two people may add at once", async () => {
    const c = await createCase();
    expect((await command(grid, c.id, { type: "accept", version: c.version })).statusCode).toBe(200);
    const res = await command(grid, c.id, { type: "pause", reason: "当事人外出", version: c.version });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toBe("CONFLICT");
    // Two notes sent on the version both writers saw: both land, in order, each bumping the version.
    const a = await command(grid, c.id, { type: "note", text: "再次联系", version: c.version });
    const b = await command(township, c.id, { type: "note", text: "镇里已知悉", version: c.version });
    expect([a.statusCode, b.statusCode]).toEqual([200, 200]);
    expect(b.json().version).toBe(a.json().version + 1);
    const detail = (await call(env, township, { method: "GET", url: `/api/v1/cases/${c.id}` })).json();
    expect(detail.timeline.filter((e: { type: string }) => e.type === "case.noted")).toHaveLength(2);
    expect(detail.status).toBe("accepted");
  });

  it("requires a reason to reject, and keeps rejected apart from resolved", async () => {
    const c = await createCase();
    const blank = await command(township, c.id, { type: "reject", reason: "   ", version: c.version });
    expect(blank.statusCode).toBe(400);
    const ok = await command(township, c.id, {
      type: "reject",
      reason: "不属于受理范围",
      version: c.version,
    });
    expect(ok.json()).toMatchObject({ status: "closed", outcome: "rejected", settledStep: null });
  });

  it("pausing stops the clocks and resuming moves the deadlines by the paused time", async () => {
    const c = await createCase();
    const paused = (
      await command(grid, c.id, { type: "pause", reason: "当事人外出", version: c.version })
    ).json();
    await env.ctx.clock.advance(5 * 3600_000);
    const resumed = (await command(grid, c.id, { type: "resume", version: paused.version })).json();
    const shift = Date.parse(resumed.stepDueAt) - Date.parse(c.stepDueAt);
    expect(shift).toBeGreaterThanOrEqual(5 * 3600_000);
    expect(shift).toBeLessThan(5 * 3600_000 + 60_000);
    expect(Date.parse(resumed.overallDueAt) - Date.parse(c.overallDueAt)).toBe(shift);
  });

  it("merges a duplicate into another case and reopens a closed one", async () => {
    const a = await createCase();
    const b = await createCase();
    const merged = (
      await command(township, b.id, { type: "merge", intoCode: a.code, version: b.version })
    ).json();
    expect(merged).toMatchObject({ status: "closed", outcome: "merged", mergedInto: a.code });
    const reopened = await command(township, b.id, {
      type: "reopen",
      reason: "并非重复",
      version: merged.version,
    });
    expect(reopened.json()).toMatchObject({ status: "accepted", outcome: null, reopenCount: 1 });
    expect(reopened.json().stepDueAt).not.toBeNull();
  });

  it("a grid worker may not resolve at the township's step (403), nor see another grid's case (404)", async () => {
    const c = await createCase();
    let v = c.version;
    for (const reason of ["a", "b", "c"]) {
      v = (await command(township, c.id, { type: "escalate", reason, version: v })).json().version;
    }
    const res = await command(grid, c.id, { type: "resolve", summary: "x", version: v });
    expect(res.statusCode).toBe(403);
    const other = await createCase({ regionCode: tree.otherGrid });
    expect((await call(env, grid, { method: "GET", url: `/api/v1/cases/${other.id}` })).statusCode).toBe(404);
    expect((await command(grid, other.id, { type: "accept", version: other.version })).statusCode).toBe(404);
  });

  it("reveals full contacts only on request, and logs the reveal in the timeline", async () => {
    const c = await createCase();
    const res = await call(env, grid, { method: "POST", url: `/api/v1/cases/${c.id}/contacts` });
    expect(res.json().reporter.phone).toBe("13800001234");
    const detail = (await call(env, grid, { method: "GET", url: `/api/v1/cases/${c.id}` })).json();
    expect(detail.timeline.at(-1).type).toBe("case.contacts_revealed");
  });
});

describe("case list", () => {
  it("filters, searches Chinese text and pages with a cursor", async () => {
    const special = await createCase({
      title: "养殖场粪污异味扰民",
      description: "村东养殖场夏季异味严重",
      category: "pollution",
    });
    const search = (
      await call(env, township, { method: "GET", url: `/api/v1/cases?q=${encodeURIComponent("养殖场")}` })
    ).json();
    expect(search.items.map((i: { id: string }) => i.id)).toEqual([special.id]);
    const byCat = (
      await call(env, township, { method: "GET", url: "/api/v1/cases?category=pollution" })
    ).json();
    expect(byCat.items.every((i: { category: string }) => i.category === "pollution")).toBe(true);
    const seen = new Set<string>();
    let cursor: string | null = null;
    let pages = 0;
    do {
      const url: string = `/api/v1/cases?limit=3${cursor ? `&cursor=${cursor}` : ""}`;
      const page = (await call(env, township, { method: "GET", url })).json();
      for (const i of page.items) {
        expect(seen.has(i.id)).toBe(false);
        seen.add(i.id);
      }
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor && pages < 100);
    const all = (await call(env, township, { method: "GET", url: "/api/v1/cases?limit=200" })).json();
    expect(seen.size).toBe(all.items.length);
  });

  it("shows a grid worker only the cases of their grid", async () => {
    await createCase({ regionCode: tree.otherGrid });
    const list = (await call(env, grid, { method: "GET", url: "/api/v1/cases?limit=200" })).json();
    expect(list.items.length).toBeGreaterThan(0);
    expect(list.items.every((i: { regionCode: string }) => i.regionCode === tree.grid)).toBe(true);
  });
});

describe("API documentation", () => {
  it("serves an OpenAPI document generated from the route schemas", async () => {
    const res = await env.app.inject({ method: "GET", url: "/api/docs/json" });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(["/api/v1/cases", "/api/v1/cases/{ref}/commands"]),
    );
    expect(JSON.stringify(doc.paths["/api/v1/cases"].post)).toContain("regionCode");
  });
});
