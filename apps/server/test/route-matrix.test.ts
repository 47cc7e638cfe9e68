import { mkdirSync, writeFileSync } from "node:fs";
import type { Role } from "@fengqiao/core";
import { beforeAll, describe, expect, it } from "vitest";
import { type TestEnv, testEnv } from "./helpers";
import { type Operation, operations, routeKey } from "./openapi-routes";
import { OPEN, type Relation, ROLE_ORDER, ROUTE_MATRIX, type Row, SESSIONLESS, SLOW } from "./route-matrix";
import { buildWorld, isRegional, probe, type World } from "./route-matrix-probe";

// Issue 13: the role × jurisdiction matrix, generated from the app's route table (the OpenAPI
// document @fastify/swagger builds from every registered route) and checked against ONE declared
// table, apps/server/test/route-matrix.ts.
let env: TestEnv;
let world: World;
let ops: Operation[];

beforeAll(async () => {
  env = await testEnv();
  world = await buildWorld(env);
  ops = (await operations(env.app)).filter((o) => !o.path.startsWith("/api/docs"));
});

const staffRoutes = () => ops.filter((o) => !SESSIONLESS.some((re) => re.test(o.path)));

describe("the route matrix", () => {
  it("has exactly one row for every staff route, and none for a route that is gone", () => {
    const keys = staffRoutes().map((o) => routeKey(o.method, o.path));
    expect(
      keys.filter((k) => !(k in ROUTE_MATRIX)),
      "routes without a row",
    ).toEqual([]);
    expect(
      Object.keys(ROUTE_MATRIX).filter((k) => !keys.includes(k)),
      "rows without a route",
    ).toEqual([]);
  });

  // 401 — or 400 where the sample body is not valid enough for the schema, which Fastify checks first.
  it("without a session no staff route answers 2xx but the open ones", async () => {
    const wrong: string[] = [];
    for (const op of staffRoutes()) {
      const got = await probe(env, world, op, null, "own");
      const want = OPEN.includes(routeKey(op.method, op.path)) ? "2" : "U4";
      if (!want.includes(got)) wrong.push(`${routeKey(op.method, op.path)} → ${got}`);
    }
    expect(wrong).toEqual([]);
  });

  it("every role in every region relation gets what its row declares", async () => {
    const observed: Record<string, Row> = {};
    const wrong: string[] = [];
    const slow: [number, string][] = [];
    for (const op of staffRoutes()) {
      const key = routeKey(op.method, op.path);
      const t0 = Date.now();
      // A role refused in its own region is not asked again elsewhere: "-".
      const one = (r: Role, rel: Relation, only: string | undefined, i: number) =>
        only && !"24".includes(only[i] ?? "") ? "-" : probe(env, world, op, r, rel);
      // Reads in parallel; writes one role after another, in ROLE_ORDER, so the answers do not race.
      const row = async (rel: Relation, only?: string) => {
        if (op.method === "GET") return Promise.all(ROLE_ORDER.map((r: Role, i) => one(r, rel, only, i)));
        const out: string[] = [];
        for (const [i, r] of ROLE_ORDER.entries()) out.push(await one(r, rel, only, i));
        return out;
      };
      if (isRegional(op) && !SLOW.includes(key)) {
        const own = (await row("own")).join("");
        observed[key] = {
          own,
          neighbour: (await row("neighbour", own)).join(""),
          parent: (await row("parent", own)).join(""),
        };
      } else {
        observed[key] = { any: (await row("own")).join("") };
      }
      slow.push([Date.now() - t0, key]);
      const declared = ROUTE_MATRIX[key];
      // 2 and 4 both say "past role and jurisdiction"; which of the roles' parallel writes wins (2)
      // and which meets its conflict (4) is chance, so they are compared alike.
      const passed = (r: Row | undefined) => JSON.stringify(r).replace(/4/g, "2");
      if (declared && passed(declared) !== passed(observed[key])) {
        wrong.push(`${key}: declared ${JSON.stringify(declared)}, got ${JSON.stringify(observed[key])}`);
      }
    }
    if (process.env.FENGQIAO_MATRIX_PRINT) {
      console.log(slow.sort((a, b) => b[0] - a[0]).slice(0, 15));
      mkdirSync("test-results", { recursive: true });
      const lines = Object.entries(observed).map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)},`);
      writeFileSync("test-results/route-matrix.observed.ts", `{\n${lines.join("\n")}\n}\n`);
    }
    expect(wrong).toEqual([]);
    expect(
      Object.values(observed)
        .flatMap((r) => Object.values(r))
        .join(""),
    ).not.toContain("5");
  }, 400_000);
});
