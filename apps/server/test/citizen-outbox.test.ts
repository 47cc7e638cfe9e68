import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deliverOutbox, webhookAdapter } from "../src/jobs/outbox";
import { createPlace, reportBody, submit } from "./citizen-fixtures";
import { call, login, makeTree, type Session, type TestEnv, testEnv } from "./helpers";

let env: TestEnv;
let admin: Session;
let server: Server;
let url: string;
let failNext = true;
const received: { topic: string; payload: Record<string, unknown> }[] = [];

beforeAll(async () => {
  env = await testEnv();
  const tree = await makeTree(env.ctx);
  admin = await login(env, { roles: ["admin"], region: tree.county });
  const cadre = await login(env, { roles: ["village_cadre"], region: tree.village });
  const token = (await createPlace(env, cadre, tree.grid)).token;
  // The gateway is down at first, then answers: the notice must survive the outage.
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => {
      body += c;
    });
    req.on("end", () => {
      if (failNext) {
        res.statusCode = 503;
        return res.end();
      }
      received.push(JSON.parse(body));
      res.end("ok");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sms`;
  expect((await submit(env, reportBody(token, { phone: "13912345678" }))).statusCode).toBe(201);
});

afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe("webhook notices", () => {
  it("retries after a failure, shows the failure to admins, then delivers with the phone opened", async () => {
    const adapter = webhookAdapter({ url, pd: env.ctx.pd, timeoutMs: 2000 });
    await deliverOutbox(env.ctx, adapter);
    const failed = await call(env, admin, { method: "GET", url: "/api/v1/admin/outbox?failed=1" });
    expect(failed.statusCode).toBe(200);
    const items = failed.json().items as { topic: string; lastError: string; attempts: number }[];
    expect(items.find((i) => i.topic === "sms.case_received")).toMatchObject({ attempts: 1 });
    expect(items[0]?.lastError).toContain("503");
    expect(failed.body).not.toContain("13912345678");

    failNext = false;
    await env.ctx.clock.advance(60_000);
    await deliverOutbox(env.ctx, adapter);
    const sms = received.find((r) => r.topic === "sms.case_received");
    expect(sms?.payload.to).toEqual({ phone: "13912345678" });
    const after = await call(env, admin, { method: "GET", url: "/api/v1/admin/outbox?failed=1" });
    expect(after.json().items).toEqual([]);
  });

  it("keeps the failed-deliveries list for admins only", async () => {
    const staff = await login(env, { roles: ["center_staff"], region: (await makeTree(env.ctx)).county });
    const res = await call(env, staff, { method: "GET", url: "/api/v1/admin/outbox?failed=1" });
    expect(res.statusCode).toBe(403);
  });
});
