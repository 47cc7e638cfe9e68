import { beforeAll, describe, expect, it } from "vitest";
import { fillMissingPinyin } from "../src/modules/regions/regions.search";
import { call, login, makeTree, type Session, sampleCase, type TestEnv, type Tree, testEnv } from "./helpers";

let env: TestEnv;
let tree: Tree;
let county: Session;
let other: Session;

interface Found {
  code: string;
  name: string;
  pathNames: string[];
}

beforeAll(async () => {
  env = await testEnv();
  tree = await makeTree(env.ctx);
  // Real names, written the way a bulk import does: without pinyin, which the next start-up fills.
  const names: [string, string][] = [
    [tree.township, "党寨镇"],
    [tree.village, "梁家墩村"],
    [tree.grid, "梁家墩村第一网格"],
    [tree.otherTownship, "长安镇"],
  ];
  for (const [code, name] of names)
    await env.ctx.db.updateTable("regions").set({ name }).where("code", "=", code).execute();
  await fillMissingPinyin(env.ctx.db);
  county = await login(env, { roles: ["center_staff"], region: tree.county });
  other = await login(env, { roles: ["center_staff"], region: tree.otherTownship });
});

const search = async (who: Session, q: string) => {
  const res = await call(env, who, { method: "GET", url: `/api/v1/regions?q=${encodeURIComponent(q)}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items as Found[];
};

describe("GET /regions?q=", () => {
  it("finds a village by its name, with the path below the user's region", async () => {
    const items = await search(county, "梁家墩村");
    expect(items[0]).toMatchObject({
      code: tree.village,
      name: "梁家墩村",
      pathNames: ["党寨镇", "梁家墩村"],
    });
    expect(items.map((r) => r.code)).toContain(tree.grid);
    expect(items.find((r) => r.code === tree.grid)?.pathNames).toEqual([
      "党寨镇",
      "梁家墩村",
      "梁家墩村第一网格",
    ]);
  });

  it("finds it by pinyin initials and by full pinyin", async () => {
    expect((await search(county, "ljd"))[0]?.code).toBe(tree.village);
    expect((await search(county, "LJDC")).map((r) => r.code)).toContain(tree.village);
    expect((await search(county, "liangjiadun")).map((r) => r.code)).toContain(tree.village);
    expect((await search(county, "caz")).map((r) => r.code)).toContain(tree.otherTownship);
  });

  it("does not find regions outside the user's jurisdiction, nor treat % as a wildcard", async () => {
    expect(await search(other, "梁家墩村")).toEqual([]);
    expect(await search(other, "ljd")).toEqual([]);
    expect(await search(county, "%")).toEqual([]);
  });

  it("keeps pinyin in step with a rename", async () => {
    const admin = await login(env, { roles: ["admin"], region: tree.county });
    const res = await call(env, admin, {
      method: "PATCH",
      url: `/api/v1/regions/${tree.otherVillage}`,
      payload: { name: "上秦村" },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect((await search(county, "sqc")).map((r) => r.code)).toEqual([tree.otherVillage]);
  });
});

describe("registering a case needs a grid or a village", () => {
  it("refuses the county or a township for a ladder that starts at the grid", async () => {
    for (const region of [tree.county, tree.township]) {
      const res = await call(env, county, {
        method: "POST",
        url: "/api/v1/cases",
        payload: sampleCase(region),
      });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ error: "INVALID_INPUT" });
      expect(res.json().messages.en).toContain("grid or village");
    }
    for (const region of [tree.village, tree.grid]) {
      const res = await call(env, county, {
        method: "POST",
        url: "/api/v1/cases",
        payload: sampleCase(region),
      });
      expect(res.statusCode, res.body).toBe(201);
    }
  });
});
