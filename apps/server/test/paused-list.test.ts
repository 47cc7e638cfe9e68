// Issue 7 items 16 and 19: a paused case sorts after running ones and carries since when it is
// paused; every list row and the detail name the region instead of showing its code.
import { beforeAll, describe, expect, it } from "vitest";
import { call, login, makeTree, type Session, sampleCase, type TestEnv, type Tree, testEnv } from "./helpers";

let env: TestEnv;
let tree: Tree;
let clerk: Session;
let grid: Session;

interface Summary {
  id: string;
  code: string;
  version: number;
  status: string;
  pausedAt: string | null;
  regionName: string | null;
}

beforeAll(async () => {
  env = await testEnv();
  tree = await makeTree(env.ctx);
  clerk = await login(env, { roles: ["center_staff"], region: tree.county });
  grid = await login(env, { roles: ["grid_worker"], region: tree.grid });
});

async function createCase(): Promise<Summary> {
  const res = await call(env, clerk, {
    method: "POST",
    url: "/api/v1/cases",
    payload: sampleCase(tree.grid),
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

const get = async (who: Session, url: string) => {
  const res = await call(env, who, { method: "GET", url });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};
const ids = (items: Summary[]) => items.map((c) => c.id);

describe("paused cases in lists", () => {
  it("sort after running cases by due date, with the time they were paused", async () => {
    // Created first, so due first: by the old due date it would lead both lists.
    const early = await createCase();
    await env.ctx.clock.advance(60_000);
    const late = await createCase();
    const before = env.ctx.clock.now().getTime();
    const pause = await call(env, grid, {
      method: "POST",
      url: `/api/v1/cases/${early.id}/commands`,
      payload: { type: "pause", reason: "当事人外出务工", version: early.version },
    });
    expect(pause.statusCode, pause.body).toBe(200);
    const after = env.ctx.clock.now().getTime();
    await env.ctx.clock.advance(3 * 3600_000);

    const list = await get(grid, "/api/v1/cases?sort=due");
    expect(ids(list.items)).toEqual([late.id, early.id]);
    expect(list.items[1].status).toBe("paused");
    const pausedAt: string = list.items[1].pausedAt;
    expect(Date.parse(pausedAt)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(pausedAt)).toBeLessThanOrEqual(after);
    expect(list.items[0].pausedAt).toBeNull();

    // Paged one at a time, the cursor walks past the paused case too.
    const first = await get(grid, "/api/v1/cases?sort=due&limit=1");
    const second = await get(grid, `/api/v1/cases?sort=due&limit=1&cursor=${first.nextCursor}`);
    expect([...ids(first.items), ...ids(second.items)]).toEqual([late.id, early.id]);

    const wb = await get(grid, "/api/v1/workbench");
    expect(ids(wb.queue)).toEqual([late.id, early.id]);
    expect(wb.queue[1].pausedAt).toBe(pausedAt);

    const detail = await get(grid, `/api/v1/cases/${early.code}`);
    expect(detail.pausedAt).toBe(pausedAt);
  });

  it("names the region from the township down in lists, the workbench and the detail", async () => {
    const c = await createCase();
    // makeTree names regions "<level>-<code>": the grid's name does not repeat the village's.
    const names = `township-${tree.township} › village-${tree.village} › grid-${tree.grid}`;
    const list = await get(grid, "/api/v1/cases");
    expect(list.items.find((x: Summary) => x.id === c.id).regionName).toBe(names);
    const wb = await get(grid, "/api/v1/workbench");
    expect(wb.queue.find((x: Summary) => x.id === c.id).regionName).toBe(names);
    expect((await get(grid, `/api/v1/cases/${c.code}`)).regionName).toBe(names);
  });
});
