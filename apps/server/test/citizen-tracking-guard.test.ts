import { Writable } from "node:stream";
import type { AppError } from "@fengqiao/core";
import pino from "pino";
import { beforeAll, describe, expect, it } from "vitest";
import { verifyTracking, WRONG_PER_MINUTE_GLOBAL } from "../src/modules/tracking/tracking-guard";
import { createPlace, freshIp, freshPhone, idemKey, reportBody, submit } from "./citizen-fixtures";
import { login, makeTree, type TestEnv, testEnv } from "./helpers";

let env: TestEnv;
let token: string;
const HOUR = 3600_000;

beforeAll(async () => {
  env = await testEnv();
  const tree = await makeTree(env.ctx);
  const cadre = await login(env, { roles: ["village_cadre"], region: tree.village });
  token = (await createPlace(env, cadre, tree.grid)).token;
});

const track = (payload: Record<string, unknown>) =>
  env.app.inject({
    method: "POST",
    url: "/api/public/track",
    payload,
    headers: { "x-forwarded-for": freshIp() },
  });

async function report(extra: Record<string, unknown> = {}) {
  const phone = freshPhone();
  const res = await submit(env, reportBody(token, { phone, ...extra }));
  expect(res.statusCode, res.body).toBe(201);
  return { code: res.json().code as string, last4: phone.slice(-4), pin: res.json().pin as string };
}

const wrong = (last4: string) => (last4 === "0000" ? "0001" : "0000");

describe("tracking lock-out per case code", () => {
  it("locks a code after 5 wrong guesses: the 6th try is 429 even with the right digits", async () => {
    const { code, last4 } = await report();
    for (let i = 0; i < 4; i++)
      expect((await track({ code, phoneLast4: wrong(last4) })).statusCode).toBe(404);
    const fifth = await track({ code, phoneLast4: wrong(last4) });
    expect(fifth.statusCode).toBe(429);
    const sixth = await track({ code, phoneLast4: last4 });
    expect(sixth.statusCode).toBe(429);
    expect(sixth.json().message).toMatch(/错误次数过多.*请于 \d\d:\d\d 后再试/);
    expect(sixth.json()).toMatchObject({ error: "RATE_LIMITED", details: { retryAt: expect.any(String) } });

    // Other codes are unaffected.
    const other = await report();
    expect((await track({ code: other.code, phoneLast4: other.last4 })).statusCode).toBe(200);

    // After the hour the right digits work again.
    await env.ctx.clock.advance(HOUR + 1000);
    const later = await track({ code, phoneLast4: last4 });
    expect(later.statusCode, later.body).toBe(200);
  });

  it("counts parallel guesses one by one: 12 at once record exactly 5 wrong attempts", async () => {
    const { code, last4 } = await report();
    const all = await Promise.all(
      Array.from({ length: 12 }, () => track({ code, phoneLast4: wrong(last4) })),
    );
    expect(all.filter((r) => r.statusCode === 404)).toHaveLength(4);
    expect(all.filter((r) => r.statusCode === 429)).toHaveLength(8);
    const n = await env.ctx.db
      .withTables<{ tracking_failures: { code: string } }>()
      .selectFrom("tracking_failures")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .where("code", "=", code)
      .executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(5);
    await env.ctx.clock.advance(HOUR + 1000);
  });
});

describe("the lock-out log", () => {
  it("warns once with the case code when a code is locked, never with the digits", async () => {
    const lines: Record<string, unknown>[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(JSON.parse(String(chunk)));
        done();
      },
    });
    const log = pino({ level: "info" }, sink);
    const { code, last4 } = await report();
    const guesses = ["1357", "2468", "9753", "8642", "1470"].filter((g) => g !== last4).slice(0, 4);
    const tried = [...guesses, wrong(last4)];
    const errs: string[] = [];
    for (const phoneLast4 of tried) {
      await verifyTracking(env.ctx, { code, phoneLast4 }, log).catch((e: AppError) => errs.push(e.code));
    }
    expect(errs).toEqual([
      "NOT_FOUND_OR_NO_ACCESS",
      "NOT_FOUND_OR_NO_ACCESS",
      "NOT_FOUND_OR_NO_ACCESS",
      "NOT_FOUND_OR_NO_ACCESS",
      "RATE_LIMITED",
    ]);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 40, caseCode: code, msg: "tracking locked for a case code" });
    // Only the code and the lock's end: no field carries what was tried.
    expect(Object.keys(lines[0] ?? {}).sort()).toEqual([
      "caseCode",
      "hostname",
      "level",
      "msg",
      "pid",
      "time",
      "until",
    ]);
    await env.ctx.clock.advance(HOUR + 1000);
  });
});

describe("查询码 for anonymous reports", () => {
  it("gives an anonymous reporter a 6-digit PIN that opens tracking; digits and a wrong PIN do not", async () => {
    const key = idemKey();
    const res = await submit(
      env,
      reportBody(token, { anonymous: true, phone: undefined, name: undefined }),
      key,
    );
    expect(res.statusCode, res.body).toBe(201);
    const { code, pin, statusText } = res.json();
    expect(pin).toMatch(/^\d{6}$/);
    expect(statusText).toBe("已登记，待受理");
    const ok = await track({ code, pin });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ code, status: "submitted", statusText });
    expect((await track({ code, pin: pin === "000000" ? "000001" : "000000" })).statusCode).toBe(404);
    expect((await track({ code, phoneLast4: "1234" })).statusCode).toBe(404);
    expect((await track({ code })).statusCode).toBe(400);

    // A retried submit answers the same PIN; neither table holds it in clear.
    const again = await submit(
      env,
      reportBody(token, { anonymous: true, phone: undefined, name: undefined }),
      key,
    );
    expect(again.json()).toMatchObject({ code, pin });
    const stored = await env.ctx.db
      .withTables<{ idempotency_keys: { key: string; response: unknown } }>()
      .selectFrom("idempotency_keys")
      .select("response")
      .where("key", "=", `report:${key}`)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(stored.response)).not.toContain(pin);
    const hashes = await env.ctx.db
      .withTables<{ case_tracking_pins: { pin_hash: string } }>()
      .selectFrom("case_tracking_pins")
      .select("pin_hash")
      .execute();
    expect(hashes.some((h) => h.pin_hash.includes(pin))).toBe(false);
  });

  it("lets a named reporter use the PIN as well as the phone digits", async () => {
    const { code, last4, pin } = await report();
    expect((await track({ code, pin })).statusCode).toBe(200);
    expect((await track({ code, phoneLast4: last4 })).statusCode).toBe(200);
  });
});

describe("the global cap on wrong attempts", () => {
  it("pauses all tracking for a minute after too many wrong guesses across codes", async () => {
    const fresh = await report();
    const others = await Promise.all(Array.from({ length: 8 }, () => report()));
    for (let i = 0; i < WRONG_PER_MINUTE_GLOBAL; i++) {
      const o = others[i % others.length];
      if (!o) throw new Error("no case");
      await track({ code: o.code, pin: "999999" === o.pin ? "999998" : "999999" });
    }
    const refused = await track({ code: fresh.code, phoneLast4: fresh.last4 });
    expect(refused.statusCode).toBe(429);
    expect(refused.json().message).toContain("查询人数过多");
    await env.ctx.clock.advance(61_000);
    expect((await track({ code: fresh.code, phoneLast4: fresh.last4 })).statusCode).toBe(200);
  });
});
