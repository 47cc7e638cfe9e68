import type { Role } from "@fengqiao/core";
import fc from "fast-check";
import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { hostileHeaders, hostileQuery, hostileSegment, mutated, rawBody } from "./fuzz-inputs";
import {
  call,
  HOME_LEVEL,
  login,
  makeTree,
  type Session,
  sampleCase,
  type TestEnv,
  testEnv,
} from "./helpers";
import { type Hints, type Operation, operations, sample } from "./openapi-routes";

// Issue 13, "hostile input, everywhere": every route of the OpenAPI document, for every role and for
// no one, gets bodies, queries, path parameters and headers no client should send. Whatever comes
// in, the answer is a 2xx or a 4xx with a machine-readable code and zh/en words, never a 5xx or a
// stack, and a refused request leaves the main tables as they were.
// FENGQIAO_FUZZ_RUNS = tries per route, each as a random role or no one (`npm test`: 2;
// `npm run fuzz`: 100).
const RUNS = Number(process.env.FENGQIAO_FUZZ_RUNS ?? 2);
// `npm test` replays one fixed seed (the same inputs in every CI run); `npm run fuzz` draws new ones.
const SEED =
  process.env.FENGQIAO_FUZZ_SEED === "random" ? undefined : Number(process.env.FENGQIAO_FUZZ_SEED ?? 13);
// FENGQIAO_FUZZ_ONLY=/villages/ (a regular expression) narrows the run to the routes it matches.
const ONLY = process.env.FENGQIAO_FUZZ_ONLY ?? "";

const ROLES = Object.keys(HOME_LEVEL) as Role[];
type Who = Role | "anonymous";

let env: TestEnv;
let sessions: Record<Who, Session | null>;
let hints: Hints;
let ops: Operation[] = [];

// The main tables, and the versions of cases: a refused request must not have moved any of them.
const COUNTED = [
  "cases",
  "case_events",
  "clocks",
  "users",
  "regions",
  "units",
  "places",
  "opinions",
  "attachments",
  "tasks",
  "meetings",
  "petitions",
  "mediation_agreements",
  "api_clients",
  "calendar_days",
] as const;

async function snapshot(): Promise<string> {
  const counts = COUNTED.map((t) => sql`(SELECT count(*) FROM ${sql.table(t)})`);
  const row = await sql<{ s: string }>`SELECT concat_ws(',', ${sql.join(counts)},
    (SELECT coalesce(sum(version), 0) FROM cases)) AS s`.execute(env.ctx.db);
  return row.rows[0]?.s ?? "";
}

// A Node stack frame, a source path or a PostgreSQL message must never reach a client.
const LEAK =
  /\n\s+at [\w<.]+ \(|node_modules|apps\/server\/src|\.ts:\d+|syntax error at or near|violates .* constraint/;

/** What every answer must be, whatever was sent. */
function expectSafe(
  op: Operation,
  res: { statusCode: number; body: string; headers: Record<string, unknown> },
  sent: string,
) {
  const where = `${sent} → ${res.statusCode} ${res.body.slice(0, 300)}`;
  expect(res.statusCode, where).toBeLessThan(500);
  expect(res.body, where).not.toMatch(LEAK);
  if (res.statusCode < 400) return;
  if (op.path.startsWith("/open311/")) {
    // GeoReport's own error shape: a list of {code, description}, in JSON or XML.
    expect(res.body, where).toMatch(/"code":"4\d\d"|<code>4\d\d<\/code>/);
    return;
  }
  const body = JSON.parse(res.body) as { error?: unknown; messages?: { zh?: unknown; en?: unknown } };
  expect(body.error, where).toMatch(/^[A-Z][A-Z0-9_]+$/);
  expect(typeof body.messages?.zh === "string" && body.messages.zh.length > 0, where).toBe(true);
  expect(typeof body.messages?.en === "string" && body.messages.en.length > 0, where).toBe(true);
}

beforeAll(async () => {
  env = await testEnv();
  const tree = await makeTree(env.ctx);
  sessions = { anonymous: null } as Record<Who, Session | null>;
  for (const role of ROLES)
    sessions[role] = await login(env, { roles: [role], region: tree[HOME_LEVEL[role]] });
  const clerk = sessions.center_staff as Session;
  const created = await call(env, clerk, {
    method: "POST",
    url: "/api/v1/cases",
    payload: sampleCase(tree.grid),
  });
  expect(created.statusCode, created.body).toBe(201);
  hints = {
    ref: created.json().code,
    code: tree.village,
    regionCode: tree.grid,
    version: created.json().version,
  };
  // Logging out would end the session the other routes use: it is fuzzed without one.
  ops = (await operations(env.app)).filter(
    (o) => !o.path.startsWith("/api/docs") && new RegExp(ONLY).test(o.path),
  );
});

const KINDS = ["mutated", "raw", "none"] as const;

function request(op: Operation) {
  const base = op.body ? sample(op.body, hints) : undefined;
  const pathNames = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string);
  return fc.record({
    kind: fc.constantFrom(...(op.body ? KINDS : (["none", "raw"] as const))),
    body: mutated(base),
    raw: rawBody(base),
    segments: fc.tuple(...pathNames.map((n) => hostileSegment(hints[n] as string | undefined))),
    query: hostileQuery(op),
    headers: hostileHeaders,
    keepCsrf: fc.boolean(),
  });
}

type Req = ReturnType<typeof request> extends fc.Arbitrary<infer T> ? T : never;

async function send(op: Operation, who: Who, r: Req) {
  let i = 0;
  const url = op.path.replace(/\{\w+\}/g, () => r.segments[i++] ?? "x") + (r.query ? `?${r.query}` : "");
  const s = op.path === "/api/v1/auth/logout" ? null : sessions[who];
  const headers: Record<string, string> = { ...r.headers };
  if (s) {
    headers.cookie = s.cookie;
    // Mostly the right CSRF token, so the request gets past it to the route.
    headers["x-csrf-token"] = r.keepCsrf || op.method === "GET" ? s.csrf : "wrong";
  }
  const method = op.method as "GET";
  let payload: string | Buffer | undefined;
  if (r.kind === "raw" && op.method !== "GET") {
    headers["content-type"] = r.raw.contentType;
    payload = r.raw.payload;
  } else if (r.kind === "mutated" && op.method !== "GET") {
    headers["content-type"] = "application/json";
    payload = JSON.stringify(r.body ?? null);
  }
  const res = await env.app.inject({ method, url, headers, payload });
  // What was sent, short enough to read in a failure.
  const cut = (x: unknown) => String(x).slice(0, 120);
  const hs = Object.entries(r.headers).map(([k, v]) => `${k}: ${cut(v)}`);
  return { res, sent: `${who} ${method} ${cut(url)} [${hs.join("; ")}] ${cut(payload ?? "")}` };
}

describe("the OpenAPI fuzzer", () => {
  it("finds the routes of the OpenAPI document", () => {
    expect(ops.length).toBeGreaterThan(ONLY ? 0 : 100);
  });

  it("every route, every role and no one: 2xx or a coded 4xx, no stack, nothing half-stored", async () => {
    const failures: string[] = [];
    let last = await snapshot();
    for (const op of ops) {
      const out = await fc.check(
        fc.asyncProperty(fc.constantFrom<Who>(...ROLES, "anonymous"), request(op), async (who, r) => {
          const { res, sent } = await send(op, who, r);
          expectSafe(op, res, sent);
          const now = await snapshot();
          if (res.statusCode >= 400) expect(now, `${op.method} ${op.path} ${who}: ${res.body}`).toBe(last);
          last = now;
          // A "__proto__" key in a body must stay data, never become every object's property.
          expect(({} as Record<string, unknown>).polluted).toBeUndefined();
        }),
        { numRuns: RUNS, seed: SEED, endOnFailure: true },
      );
      // Every route is tried even after one fails: the report lists them all, with the seed to replay.
      if (out.failed) {
        const e = out.errorInstance as Error | undefined;
        failures.push(`${op.method} ${op.path} (seed ${out.seed}): ${String(e?.message).slice(0, 600)}`);
        last = await snapshot();
      }
    }
    expect(failures).toEqual([]);
  }, 600_000);
});
