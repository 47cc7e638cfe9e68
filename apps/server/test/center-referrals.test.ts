import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { sweepClocks } from "../src/jobs/clock-sweep";
import { call, login, makeTree, type Session, sampleCase, type TestEnv, type Tree, testEnv } from "./helpers";

// 三调对接 both ways: out to the court's fast track (速裁快审) with the outcome back in the sender's
// timeline; a police station handing a neighbour dispute to the village mediation committee (a case of
// its own on the receiving side, the origin kept); a court's 诉前调解 received on paper; the
// acknowledgement clock (1 working day) run by the sweep.

let env: TestEnv;
let tree: Tree;
let clerk: Session;
let judge: Session;
let officer: Session;
let mediator: Session;
const units: Record<string, string> = {};

beforeAll(async () => {
  env = await testEnv();
  tree = await makeTree(env.ctx);
  for (const [key, kind, name, region] of [
    ["court", "court", "梁家墩人民法庭", tree.township],
    ["police", "police_station", "梁家墩派出所", tree.township],
    ["committee", "mediation_committee", "村人民调解委员会", tree.village],
    ["village", "village_committee", "村委会", tree.village],
  ] as const) {
    const u = await env.ctx.db
      .insertInto("units")
      .values({ kind, name, region_code: region, stationing: null })
      .returning("id")
      .executeTakeFirstOrThrow();
    units[key] = u.id;
  }
  clerk = await login(env, { roles: ["center_staff"], region: tree.township });
  judge = await login(env, { roles: ["department_handler"], region: tree.township, unitId: units.court });
  officer = await login(env, { roles: ["police"], region: tree.village, unitId: units.police });
  mediator = await login(env, { roles: ["mediator"], region: tree.village, unitId: units.committee });
});

const post = (url: string, payload: object, who: Session = clerk) =>
  call(env, who, { method: "POST", url: `/api/v1${url}`, payload });
const get = (url: string, who: Session = clerk) => call(env, who, { method: "GET", url: `/api/v1${url}` });
const newCase = async (who: Session = clerk) => (await post("/cases", sampleCase(tree.grid), who)).json();
const types = async (ref: string, who: Session = clerk) =>
  (await get(`/cases/${ref}`, who)).json().timeline.map((e: { type: string }) => e.type) as string[];

describe("诉调对接: 速裁快审 at the court, the outcome back to the sender", () => {
  it("sent, acknowledged by the court, judged: each step in the sender's timeline; the case waits open", async () => {
    const c = await newCase();
    const sent = await post(`/cases/${c.id}/referrals`, {
      toUnitId: units.court,
      purpose: "fast_track",
      reason: "小额欠款，事实清楚",
    });
    expect(sent.statusCode, sent.body).toBe(201);
    const id = sent.json().id;
    const inbox = (await get("/referrals?box=in", judge)).json().items;
    expect(inbox[0]).toMatchObject({
      id,
      docking: "litigation",
      purpose: "fast_track",
      originCode: c.code,
      status: "sent",
    });
    expect((await post(`/referrals/${id}/result`, { outcome: "judged", text: "x" }, judge)).statusCode).toBe(
      409,
    );
    expect((await post(`/referrals/${id}/acknowledge`, {}, judge)).statusCode).toBe(200);
    const res = await post(
      `/referrals/${id}/result`,
      { outcome: "judged", text: "速裁判决被告七日内还款" },
      judge,
    );
    expect(res.statusCode, res.body).toBe(200);
    const tl = await types(c.id);
    expect(tl).toEqual(
      expect.arrayContaining(["referral.sent", "referral.acknowledged", "referral.result_returned"]),
    );
    const list = (await get(`/cases/${c.id}/referrals`)).json().items;
    expect(list[0]).toMatchObject({
      status: "returned",
      outcome: "judged",
      resultText: "速裁判决被告七日内还款",
    });
    expect((await get(`/cases/${c.id}`)).json().status).toBe("submitted");
  });

  it("速裁快审 only goes to a court; two ordinary units are not 三调对接", async () => {
    const c = await newCase();
    const toPolice = await post(`/cases/${c.id}/referrals`, {
      toUnitId: units.police,
      purpose: "fast_track",
      reason: "r",
    });
    expect(toPolice.statusCode).toBe(400);
    const toVillage = await post(`/cases/${c.id}/referrals`, {
      toUnitId: units.village,
      purpose: "handling",
      reason: "r",
    });
    expect(toVillage.statusCode).toBe(400);
  });

  it("移交 closes the sender's case as referred out, not resolved", async () => {
    const c = await newCase();
    const sent = await post(`/cases/${c.id}/referrals`, {
      toUnitId: units.court,
      purpose: "handling",
      reason: "当事人坚持起诉",
      handOver: true,
    });
    expect(sent.statusCode, sent.body).toBe(201);
    expect((await get(`/cases/${c.id}`)).json()).toMatchObject({ status: "closed", outcome: "referred" });
  });
});

describe("警调对接: a police station hands a neighbour dispute to the village mediation committee", () => {
  it("acknowledging brings a case of the committee's own (channel referral); its result returns to the police case", async () => {
    const c = await newCase(officer);
    const sent = await post(
      `/cases/${c.id}/referrals`,
      { toUnitId: units.committee, purpose: "mediation", reason: "邻里噪音，宜调解" },
      officer,
    );
    expect(sent.statusCode, sent.body).toBe(201);
    const id = sent.json().id;
    expect((await post(`/referrals/${id}/acknowledge`, { note: "已签收" }, mediator)).statusCode).toBe(200);
    const r = (await get(`/cases/${c.id}/referrals`, officer)).json().items[0];
    expect(r).toMatchObject({ docking: "police", status: "acknowledged", originCode: c.code });
    expect(r.targetCode).toBeTruthy();
    const target = (await get(`/cases/${r.targetCode}`, mediator)).json();
    expect(target).toMatchObject({ channel: "referral", regionCode: tree.village });
    expect(target.parties[0].phone).toBe("138****1234");
    expect(target.timeline.map((e: { type: string }) => e.type)).toContain("referral.received");
    await post(`/referrals/${id}/result`, { outcome: "settled", text: "双方达成调解协议" }, mediator);
    expect(await types(c.id, officer)).toContain("referral.result_returned");
    expect(await types(r.targetCode, mediator)).toContain("referral.result_recorded");
    const notice = await env.ctx.db
      .selectFrom("outbox")
      .select("payload")
      .where("topic", "=", "referral.result")
      .where(sql<boolean>`payload->>'referralId' = ${id}`)
      .executeTakeFirstOrThrow();
    expect(notice.payload).toMatchObject({ unitId: units.police, outcome: "settled" });
  });

  it("someone outside the receiving unit cannot answer (404); a decline returns to the sender with its reason", async () => {
    const c = await newCase(officer);
    const id = (
      await post(
        `/cases/${c.id}/referrals`,
        { toUnitId: units.committee, purpose: "mediation", reason: "r" },
        officer,
      )
    ).json().id;
    expect((await post(`/referrals/${id}/acknowledge`, {}, judge)).statusCode).toBe(404);
    expect((await post(`/referrals/${id}/decline`, { reason: "不属本村" }, mediator)).statusCode).toBe(200);
    expect(await types(c.id, officer)).toContain("referral.declined");
  });
});

describe("诉前调解 received from the court on paper", () => {
  it("registers a referral case with the court as sender; the result notifies the court", async () => {
    const { channel: _c, ...body } = sampleCase(tree.grid);
    const res = await post(
      "/referrals/incoming",
      {
        fromUnitId: units.court,
        toUnitId: units.committee,
        purpose: "pre_litigation",
        externalRef: "(2026)甘0702民诉前123号",
        case: body,
      },
      clerk,
    );
    expect(res.statusCode, res.body).toBe(201);
    const r = (await get("/referrals?box=in", mediator))
      .json()
      .items.find((x: { id: string }) => x.id === res.json().id);
    expect(r).toMatchObject({
      docking: "litigation",
      status: "acknowledged",
      externalRef: "(2026)甘0702民诉前123号",
    });
    const target = (await get(`/cases/${r.targetCode}`)).json();
    expect(target.channel).toBe("referral");
    await post(`/referrals/${r.id}/result`, { outcome: "settled", text: "诉前调解成功" }, mediator);
    const n = await env.ctx.db
      .selectFrom("outbox")
      .select("payload")
      .where("topic", "=", "referral.result")
      .where(sql<boolean>`payload->>'referralId' = ${r.id}`)
      .executeTakeFirstOrThrow();
    expect(n.payload).toMatchObject({ unitId: units.court });
  });
});

describe("referral.ack: 1 working day, run by the sweep", () => {
  it("a referral not signed for in time turns the sender's case red; signing later is recorded as late", async () => {
    const c = await newCase();
    const id = (
      await post(`/cases/${c.id}/referrals`, { toUnitId: units.court, purpose: "fast_track", reason: "r" })
    ).json().id;
    const ref = (await get(`/cases/${c.id}/referrals`)).json().items[0];
    const clock = await env.ctx.db
      .selectFrom("clocks")
      .select(["due_at", "basis"])
      .where("subject_id", "=", id)
      .executeTakeFirstOrThrow();
    expect(clock.basis).toBe("referral.ack:P1D（工作日）");
    expect(clock.due_at.toISOString()).toBe(ref.ackDueAt);
    await env.ctx.clock.advance(clock.due_at.getTime() - env.ctx.clock.now().getTime() + 60_000);
    await sweepClocks(env.ctx);
    const detail = (await get(`/cases/${c.id}`)).json();
    expect(detail.warning).toBe("red");
    expect(detail.timeline.map((e: { type: string }) => e.type)).toContain("referral.ack_missed");
    await post(`/referrals/${id}/acknowledge`, {}, judge);
    const ack = (await get(`/cases/${c.id}`))
      .json()
      .timeline.find((e: { type: string }) => e.type === "referral.acknowledged");
    expect(ack.data.late).toBe(true);
  });
});
