import { beforeAll, describe, expect, it } from "vitest";
import { call, login, makeTree, type Session, sampleCase, type TestEnv, testEnv } from "./helpers";

let env: TestEnv;
let clerk: Session;

beforeAll(async () => {
  env = await testEnv();
  const tree = await makeTree(env.ctx);
  clerk = await login(env, { roles: ["center_staff"], region: tree.county });
  for (let i = 0; i < 3; i++) {
    const res = await call(env, clerk, {
      method: "POST",
      url: "/api/v1/cases",
      payload: sampleCase(tree.grid),
    });
    expect(res.statusCode, res.body).toBe(201);
  }
});

const cursorOf = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
const ID = "00000000-0000-4000-8000-000000000000";
const list = (query: string) => call(env, clerk, { method: "GET", url: `/api/v1/cases?${query}` });

describe("GET /cases cursor", () => {
  it.each([
    ["a key that is not a time", { k: "not-a-date", id: ID }],
    ["an impossible date", { k: "2026-02-31T00:00:00.000Z", id: ID }],
    ["a number as key", { k: 12, id: ID }],
    ["SQL in the key", { k: "2026-01-01'); DROP TABLE cases; --", id: ID }],
    ["no id", { k: null }],
    ["not an object", null],
    ["not JSON", "%%%"],
  ])("answers 400 INVALID_INPUT for %s", async (_label, cursor) => {
    for (const sort of ["created", "due"]) {
      const raw = typeof cursor === "string" ? cursor : cursorOf(cursor);
      const res = await list(`sort=${sort}&cursor=${encodeURIComponent(raw)}`);
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().error).toBe("INVALID_INPUT");
    }
  });

  it("still pages with the cursors it hands out, in both orders", async () => {
    for (const sort of ["created", "due"]) {
      const first = (await list(`sort=${sort}&limit=2`)).json();
      expect(first.nextCursor).toEqual(expect.any(String));
      const second = await list(`sort=${sort}&limit=2&cursor=${first.nextCursor}`);
      expect(second.statusCode, second.body).toBe(200);
      const ids = [...first.items, ...second.json().items].map((i: { id: string }) => i.id);
      expect(new Set(ids).size).toBe(ids.length);
    }
  });
});
