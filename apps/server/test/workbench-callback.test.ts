import { beforeAll, describe, expect, it } from "vitest";
import { sweepClocks } from "../src/jobs/clock-sweep";
import { createPlace, reportBody, submit } from "./citizen-fixtures";
import { call, login, makeTree, type Session, sampleCase, type TestEnv, type Tree, testEnv } from "./helpers";

interface QueueItem {
  code: string;
  warning: string;
  callbackDueAt: string | null;
  callbackMissed: boolean;
}
interface Wb {
  counts: Record<string, number>;
  queue: QueueItem[];
  redCount: number;
}

let env: TestEnv;
let tree: Tree;
let cadre: Session;
let center: Session;
let grid: Session;

beforeAll(async () => {
  env = await testEnv();
  tree = await makeTree(env.ctx);
  cadre = await login(env, { roles: ["village_cadre"], region: tree.village });
  center = await login(env, { roles: ["center_staff"], region: tree.township });
  grid = await login(env, { roles: ["grid_worker"], region: tree.grid });
});

async function workbench(who: Session): Promise<Wb> {
  const res = await call(env, who, { method: "GET", url: "/api/v1/workbench" });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

describe("码上反映 on the workbench", () => {
  it("puts a new QR case in the cadre's queue with its countdown, and a missed callback in red up the chain", async () => {
    const place = await createPlace(env, cadre, tree.grid);
    const res = await submit(env, reportBody(place.token));
    expect(res.statusCode, res.body).toBe(201);
    const code = res.json().code as string;

    const before = await workbench(cadre);
    const item = before.queue.find((c) => c.code === code);
    expect(item?.callbackDueAt).toBe(res.json().callbackDueAt);
    expect(item?.callbackMissed).toBe(false);
    expect(before.counts.new).toBe(1);
    expect(before.counts.callbackDue).toBe(1);
    expect(before.counts.callbackMissed).toBe(0);
    // The township center answers only once the callback is missed.
    expect((await workbench(center)).queue.map((c) => c.code)).not.toContain(code);

    await env.ctx.clock.advance(31 * 60_000);
    expect((await sweepClocks(env.ctx)).callbacksOverdue).toBe(1);
    for (const who of [cadre, center]) {
      const after = await workbench(who);
      const row = after.queue.find((c) => c.code === code);
      expect(row).toMatchObject({ warning: "red", callbackMissed: true, callbackDueAt: null });
      expect(after.counts.callbackMissed).toBe(1);
      expect(after.counts.red).toBeGreaterThanOrEqual(1);
    }
    const detail = (await call(env, cadre, { method: "GET", url: `/api/v1/cases/${code}` })).json();
    expect(detail.timeline.map((e: { type: string }) => e.type)).toContain("case.warning_changed");

    // Calling back takes it off the center's desk; the grid still holds its ladder step.
    const cb = await call(env, cadre, {
      method: "POST",
      url: `/api/v1/cases/${code}/callback`,
      payload: { reached: true, note: "已回电" },
    });
    expect(cb.statusCode, cb.body).toBe(200);
    expect((await workbench(center)).queue.map((c) => c.code)).not.toContain(code);
    expect((await workbench(cadre)).counts.callbackMissed).toBe(0);
  });
});

describe("workbench figures", () => {
  it("each counter equals the case list its link opens", async () => {
    const create = async (extra: Record<string, unknown> = {}) => {
      const r = await call(env, grid, {
        method: "POST",
        url: "/api/v1/cases",
        payload: sampleCase(tree.grid, extra),
      });
      expect(r.statusCode, r.body).toBe(201);
      return r.json();
    };
    await create();
    await create({ highRisk: true });
    const late = await create();
    await env.ctx.clock.advance(25 * 3600_000);
    const up = await create();
    await call(env, grid, {
      method: "POST",
      url: `/api/v1/cases/${up.id}/commands`,
      payload: { type: "escalate", reason: "调解不成", version: up.version },
    });
    expect(late.id).toBeTruthy();
    const links: Record<string, string> = {
      new: "queue=mine&status=submitted",
      dueSoon: "queue=mine&warning=yellow",
      overdue: "queue=mine&overdue=1",
      escalatedToMe: "queue=mine&escalated=1",
      red: "queue=mine&warning=red",
      callbackDue: "queue=mine&callback=due",
      callbackMissed: "queue=mine&callback=missed",
    };
    for (const who of [grid, cadre, center]) {
      const wb = await workbench(who);
      for (const [key, query] of Object.entries(links)) {
        const list = await call(env, who, { method: "GET", url: `/api/v1/cases?${query}&limit=200` });
        expect(list.statusCode, list.body).toBe(200);
        expect(list.json().items.length, key).toBe(wb.counts[key]);
      }
      const red = await call(env, who, {
        method: "GET",
        url: "/api/v1/cases?warning=red&status=submitted,accepted,mediating,paused&limit=200",
      });
      expect(red.json().items.length).toBe(wb.redCount);
    }
    expect((await workbench(grid)).counts.overdue).toBeGreaterThan(0);
    expect((await workbench(cadre)).counts.escalatedToMe).toBeGreaterThan(0);
  });
});
