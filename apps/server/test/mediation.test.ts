import JSZip from "jszip";
import { beforeAll, describe, expect, it } from "vitest";
import { sweepClocks } from "../src/jobs/clock-sweep";
import { call, makeTree, type TestEnv, type Tree, testEnv } from "./helpers";
import {
  acceptedCase,
  agreementBody,
  type MediationWorld,
  mediationWorld,
  wageCase,
} from "./mediation-fixtures";

// 多元调解 → 调解协议书 → 司法确认 through the API: the wage-arrears journey, the clocks on the sweep,
// and who may do what.

const DAY = 86_400_000;
let env: TestEnv;
let tree: Tree;
let w: MediationWorld;

beforeAll(async () => {
  env = await testEnv();
  tree = await makeTree(env.ctx);
  w = await mediationWorld(env, tree);
});

const panel = async (code: string, s = w.center) =>
  (await call(env, s, { method: "GET", url: `/api/v1/cases/${code}/mediation` })).json();
const events = async (code: string) =>
  (await call(env, w.center, { method: "GET", url: `/api/v1/cases/${code}` }))
    .json()
    .timeline.map((e: { type: string }) => e.type) as string[];
const caseRow = (code: string) =>
  env.ctx.db.selectFrom("cases").selectAll().where("code", "=", code).executeTakeFirstOrThrow();

async function handed(code: string) {
  const r = await call(env, w.center, {
    method: "POST",
    url: `/api/v1/cases/${code}/mediation/handings`,
    payload: { roomId: w.roomId, reason: "欠薪纠纷" },
  });
  expect(r.statusCode).toBe(201);
}

const session = (outcome: string) => ({
  at: new Date(env.ctx.clock.now()).toISOString(),
  place: "梁家墩镇综治中心调解室",
  mediatorIds: [w.mediatorId],
  partiesPresent: ["李四", "甘州某建筑公司"],
  minutes: "双方陈述事实，调解员释法析理。",
  outcome,
});

async function effectiveAgreement(code: string) {
  const a = await call(env, w.mediator, {
    method: "POST",
    url: `/api/v1/cases/${code}/agreements`,
    payload: agreementBody(),
  });
  expect(a.statusCode).toBe(201);
  const id = a.json().id as string;
  for (const party of [0, 1]) {
    const version = (await call(env, w.mediator, { method: "GET", url: `/api/v1/agreements/${id}` })).json()
      .version;
    const s = await call(env, w.mediator, {
      method: "POST",
      url: `/api/v1/agreements/${id}/signatures`,
      payload: { party, signed: true, on: "2026-12-01", version },
    });
    expect(s.statusCode).toBe(200);
  }
  return id;
}

describe("the wage-arrears journey in 热心大姐调解室", () => {
  it("room → sessions → agreement printed, Word, signed → 司法确认 day 25 → accepted day 2 → confirmed day 14", async () => {
    const code = await acceptedCase(env, w.center, wageCase(tree.grid));
    await handed(code);
    let p = await panel(code);
    expect(p.room.name).toBe("热心大姐调解室");
    expect(p.clocks.find((k: { kind: string }) => k.kind === "mediation.term").basis).toContain("一个月");

    // The room's mediator (from the other township) holds the sessions.
    for (const outcome of ["adjourned", "agreement"]) {
      const r = await call(env, w.mediator, {
        method: "POST",
        url: `/api/v1/cases/${code}/mediation/sessions`,
        payload: session(outcome),
      });
      expect(r.statusCode).toBe(201);
    }
    expect((await caseRow(code)).status).toBe("mediating");

    const a = await call(env, w.mediator, {
      method: "POST",
      url: `/api/v1/cases/${code}/agreements`,
      payload: agreementBody(),
    });
    expect(a.statusCode).toBe(201);
    const id = a.json().id as string;
    const view = (await call(env, w.mediator, { method: "GET", url: `/api/v1/agreements/${id}` })).json();
    expect(view.parties[0].idNumber).toBe("6207**********1234");
    expect(view.parties[0].phone).toBe("139****2222");

    const print = await call(env, w.center, { method: "GET", url: `/api/v1/agreements/${id}/print` });
    expect(print.headers["content-type"]).toContain("text/html");
    for (const words of [
      "人民调解协议书",
      "620702199002021234",
      "纠纷主要事实、争议事项",
      "履行方式、地点、期限",
      "热心大姐调解室（印）",
      code,
    ])
      expect(print.body).toContain(words);
    const docx = await call(env, w.center, { method: "GET", url: `/api/v1/agreements/${id}/docx` });
    expect(docx.statusCode).toBe(200);
    const xml = await (await JSZip.loadAsync(docx.rawPayload)).file("word/document.xml")?.async("string");
    expect(xml).toContain("李四");
    expect(xml).toContain("甘州某建筑公司");

    for (const party of [0, 1]) {
      const version = (await call(env, w.mediator, { method: "GET", url: `/api/v1/agreements/${id}` })).json()
        .version;
      const r = await call(env, w.mediator, {
        method: "POST",
        url: `/api/v1/agreements/${id}/signatures`,
        payload: { party, signed: true, on: "2026-12-01", version },
      });
      expect(r.statusCode).toBe(200);
    }
    expect((await caseRow(code)).status).toBe("resolved");
    p = await panel(code);
    const running = p.clocks
      .filter((k: { stoppedAt: string | null }) => !k.stoppedAt)
      .map((k: { kind: string }) => k.kind);
    expect(running.sort()).toEqual(["agreement.followup", "jc.apply"]);

    await env.ctx.clock.advance(25 * DAY);
    const applied = await call(env, w.center, {
      method: "POST",
      url: `/api/v1/agreements/${id}/judicial-confirmation`,
      payload: { courtUnitId: w.courtId, jointly: true },
    });
    expect(applied.statusCode).toBe(201);
    const jcId = applied.json().id;

    await env.ctx.clock.advance(2 * DAY);
    const accepted = await call(env, w.clerk, {
      method: "POST",
      url: `/api/v1/judicial-confirmations/${jcId}/acceptance`,
      payload: { accepted: true },
    });
    expect(accepted.statusCode).toBe(200);
    await env.ctx.clock.advance(12 * DAY);
    await sweepClocks(env.ctx);
    const ruled = await call(env, w.clerk, {
      method: "POST",
      url: `/api/v1/judicial-confirmations/${jcId}/ruling`,
      payload: { confirmed: true },
    });
    expect(ruled.statusCode).toBe(200);

    p = await panel(code);
    expect(p.confirmations[0]).toMatchObject({
      status: "confirmed",
      overdue: false,
      court: { name: "甘州区人民法院梁家墩法庭" },
    });
    const types = await events(code);
    for (const t of [
      "mediation.handed",
      "mediation.session_recorded",
      "case.mediation_recorded",
      "agreement.drafted",
      "agreement.revealed",
      "agreement.effective",
      "case.resolved",
      "jc.applied",
      "jc.accepted",
      "jc.confirmed",
    ])
      expect(types).toContain(t);
    expect(types).not.toContain("jc.accept_overdue");
  });
});

describe("refusals", () => {
  it("规定第四条: a family agreement settling a marriage is refused NOT_CONFIRMABLE (422) with the reason", async () => {
    const code = await acceptedCase(env, w.center, wageCase(tree.grid, { category: "marriage_family" }));
    await handed(code);
    const missing = await call(env, w.mediator, {
      method: "POST",
      url: `/api/v1/cases/${code}/agreements`,
      payload: agreementBody(),
    });
    expect(missing.json()).toMatchObject({ error: "INVALID_INPUT" });
    const a = await call(env, w.mediator, {
      method: "POST",
      url: `/api/v1/cases/${code}/agreements`,
      payload: agreementBody({ statusMatter: "marriage" }),
    });
    const id = a.json().id;
    for (const party of [0, 1]) {
      const version = (await call(env, w.mediator, { method: "GET", url: `/api/v1/agreements/${id}` })).json()
        .version;
      await call(env, w.mediator, {
        method: "POST",
        url: `/api/v1/agreements/${id}/signatures`,
        payload: { party, signed: true, on: "2026-12-01", version },
      });
    }
    const r = await call(env, w.center, {
      method: "POST",
      url: `/api/v1/agreements/${id}/judicial-confirmation`,
      payload: { courtUnitId: w.courtId, jointly: true },
    });
    expect(r.statusCode).toBe(422);
    expect(r.json().error).toBe("NOT_CONFIRMABLE");
    expect(r.json().message).toContain("婚姻关系");
    expect((await panel(code)).clocks.some((k: { kind: string }) => k.kind === "jc.apply")).toBe(false);
  });

  it("a signed agreement cannot be edited; a half-written agreement is never stored", async () => {
    const code = await acceptedCase(env, w.center, wageCase(tree.grid));
    await handed(code);
    const bad = await call(env, w.mediator, {
      method: "POST",
      url: `/api/v1/cases/${code}/agreements`,
      payload: agreementBody({ terms: [] }),
    });
    expect(bad.statusCode).toBe(400);
    const id = await effectiveAgreement(code);
    const version = (await call(env, w.mediator, { method: "GET", url: `/api/v1/agreements/${id}` })).json()
      .version;
    const edit = await call(env, w.mediator, {
      method: "PUT",
      url: `/api/v1/agreements/${id}`,
      payload: { ...agreementBody(), version },
    });
    expect(edit.json()).toMatchObject({ error: "INVALID_TRANSITION" });
  });
});

describe("the clocks on the sweep", () => {
  it("the 司法确认 window warns at day 20, the follow-up comes due, and a breach refers the case to court", async () => {
    const code = await acceptedCase(env, w.center, wageCase(tree.grid));
    await handed(code);
    const id = await effectiveAgreement(code);
    await env.ctx.clock.advance(21 * DAY);
    await sweepClocks(env.ctx);
    const types = await events(code);
    expect(types).toContain("jc.apply_reminder");
    expect(types).toContain("agreement.followup_due");
    const r = await call(env, w.mediator, {
      method: "POST",
      url: `/api/v1/agreements/${id}/followup`,
      payload: { honoured: false, next: "litigate", note: "公司拒付余款" },
    });
    expect(r.statusCode).toBe(200);
    expect(await caseRow(code)).toMatchObject({ status: "closed", outcome: "referred" });
  });

  it("a failed session turns the case red (the workflow's rule); the room's board shows the case and its term", async () => {
    const code = await acceptedCase(env, w.center, wageCase(tree.grid));
    await handed(code);
    const r = await call(env, w.mediator, {
      method: "POST",
      url: `/api/v1/cases/${code}/mediation/sessions`,
      payload: session("failed"),
    });
    expect(r.statusCode).toBe(201);
    expect(await caseRow(code)).toMatchObject({ warning: "red", failed_mediation: true });
    const board = (
      await call(env, w.mediator, { method: "GET", url: `/api/v1/mediation/rooms/${w.roomId}/board` })
    ).json();
    const row = board.cases.find((c: { code: string }) => c.code === code);
    expect(row).toMatchObject({ sessions: 1, lastOutcome: "failed", termOverdue: false });
    expect(row.clocks.map((k: { kind: string }) => k.kind)).toEqual(["mediation.term"]);
  });

  it("a mediation term running out turns the case red", async () => {
    const code = await acceptedCase(env, w.center, wageCase(tree.grid));
    await handed(code);
    await env.ctx.clock.advance(32 * DAY);
    await sweepClocks(env.ctx);
    expect((await caseRow(code)).warning).toBe("red");
    expect(await events(code)).toContain("mediation.term_overdue");
  });
});
