import type { Role } from "@fengqiao/core";
import { beforeAll, describe, expect, it } from "vitest";
import {
  call,
  HOME_LEVEL,
  login,
  makeTree,
  type Session,
  sampleCase,
  type TestEnv,
  type Tree,
  testEnv,
} from "./helpers";

// The ladder half of the access matrix: who may act on a case in their jurisdiction at each rung —
// 1 接单 (grid), 2 组团 (village), 3 会诊 (center), 4 拍板 (township), 5 上交 beyond the township.
// Each rung's people and everyone above may act; leaders and administrators watch, never handle.
type Action = "accept" | "escalate";
const R = (...codes: number[]) => codes;
const EXPECTED: Record<Role, Record<Action, number[]>> = {
  grid_worker: { accept: R(200, 403, 403, 403, 403), escalate: R(200, 403, 403, 403, 403) },
  village_cadre: { accept: R(200, 200, 403, 403, 403), escalate: R(200, 200, 403, 403, 403) },
  mediator: { accept: R(200, 200, 403, 403, 403), escalate: R(200, 200, 403, 403, 403) },
  police: { accept: R(200, 200, 403, 403, 403), escalate: R(200, 200, 403, 403, 403) },
  // The center assists at 拍板: it may pass the case on, not take it over.
  center_staff: { accept: R(200, 200, 200, 403, 403), escalate: R(200, 200, 200, 200, 403) },
  // Beyond the last step only people decide, and there is nowhere further to escalate: 409.
  township_leader: { accept: R(200, 200, 200, 200, 200), escalate: R(200, 200, 200, 200, 409) },
  leader: { accept: R(403, 403, 403, 403, 403), escalate: R(403, 403, 403, 403, 403) },
  admin: { accept: R(403, 403, 403, 403, 403), escalate: R(403, 403, 403, 403, 403) },
  department_handler: { accept: R(404, 404, 404, 404, 404), escalate: R(404, 404, 404, 404, 404) },
};

let env: TestEnv;
let tree: Tree;
let clerk: Session;
let chief: Session;
const sessions = new Map<Role, Session>();

beforeAll(async () => {
  env = await testEnv();
  tree = await makeTree(env.ctx);
  clerk = await login(env, { roles: ["center_staff"], region: tree.county });
  chief = await login(env, { roles: ["township_leader"], region: tree.township });
  const unit = await env.ctx.db
    .insertInto("units")
    .values({ kind: "department", name: "人社局", region_code: tree.county, stationing: "rotating" })
    .returning("id")
    .executeTakeFirstOrThrow();
  for (const role of Object.keys(EXPECTED) as Role[]) {
    sessions.set(
      role,
      await login(env, {
        roles: [role],
        region: tree[HOME_LEVEL[role]],
        unitId: role === "department_handler" ? unit.id : null,
      }),
    );
  }
});

/** A new case in tree.grid, carried up to `rung` by the township leader (who may escalate anywhere). */
async function caseAtRung(rung: number): Promise<{ id: string; version: number }> {
  let c = (
    await call(env, clerk, { method: "POST", url: "/api/v1/cases", payload: sampleCase(tree.grid) })
  ).json();
  for (let step = 1; step < rung; step++) {
    const res = await call(env, chief, {
      method: "POST",
      url: `/api/v1/cases/${c.id}/commands`,
      payload: { type: "escalate", reason: "需上级协调", version: c.version },
    });
    expect(res.statusCode, res.body).toBe(200);
    c = res.json();
  }
  expect(c.step).toBe(rung);
  return c;
}

const cells = (Object.keys(EXPECTED) as Role[]).flatMap((role) =>
  (["accept", "escalate"] as const).flatMap((action) =>
    [1, 2, 3, 4, 5].map((rung) => [role, action, rung, EXPECTED[role][action][rung - 1]] as const),
  ),
);

describe("role × rung × action, in jurisdiction", () => {
  it.each(cells)("%s %s at rung %i → %i", async (role, action, rung, status) => {
    const c = await caseAtRung(rung);
    const payload = action === "accept" ? { type: "accept" } : { type: "escalate", reason: "超出本级能力" };
    const res = await call(env, sessions.get(role) as Session, {
      method: "POST",
      url: `/api/v1/cases/${c.id}/commands`,
      payload: { ...payload, version: c.version },
    });
    expect(res.statusCode, res.body).toBe(status);
  });
});
