import ExcelJS from "exceljs";
import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { call, login, makeTree, type Session, sampleCase, type TestEnv, type Tree, testEnv } from "./helpers";

let env: TestEnv;
let tree: Tree;
let clerk: Session;

beforeAll(async () => {
  env = await testEnv();
  tree = await makeTree(env.ctx);
  clerk = await login(env, { roles: ["center_staff"], region: tree.county });
  for (const [regionCode, category] of [
    [tree.grid, "neighbour"],
    [tree.grid, "labour"],
    [tree.otherGrid, "neighbour"],
    [tree.otherTownshipGrid, "neighbour"],
  ] as const) {
    const res = await call(env, clerk, {
      method: "POST",
      url: "/api/v1/cases",
      payload: sampleCase(regionCode, { category }),
    });
    expect(res.statusCode, res.body).toBe(201);
  }
});

async function readSheet(body: Buffer): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as unknown as ArrayBuffer);
  const sheet = wb.getWorksheet("案件");
  const rows: string[][] = [];
  sheet?.eachRow((row) => {
    const values = row.values as unknown[];
    rows.push(values.slice(1).map((v) => String(v ?? "")));
  });
  return rows;
}

const exportUrl = (query: string) => `/api/v1/cases-export.xlsx${query}`;

describe("GET /cases-export.xlsx", () => {
  it("exports the filtered list with Chinese headers and masked phones, and audits the export", async () => {
    const res = await call(env, clerk, { method: "GET", url: exportUrl("?category=neighbour") });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers["content-type"]).toBe(
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    );
    expect(res.headers["content-disposition"]).toMatch(/^attachment; filename="cases-\d{8}\.xlsx"$/);
    const rows = await readSheet(res.rawPayload);
    expect(rows[0]).toEqual([
      "案件编号",
      "标题",
      "类别",
      "渠道",
      "省",
      "市",
      "县（区）",
      "乡镇（街道）",
      "村（社区）",
      "网格",
      "状态",
      "当前层级",
      "预警",
      "登记时间",
      "当前步骤期限",
      "反映人",
      "联系电话",
    ]);
    expect(rows).toHaveLength(4);
    expect(rows[1]?.slice(2, 4)).toEqual(["邻里", "热线"]);
    // Region columns at every level: the township and village of the case, by name.
    expect(rows[1]?.[7]).toMatch(/^township-/);
    expect(rows[1]?.[8]).toMatch(/^village-/);
    expect(rows[1]?.slice(10, 13)).toEqual(["待受理", "网格", "蓝色"]);
    expect(rows[1]?.[15]).toBe("张*");
    expect(rows[1]?.[16]).toBe("138****1234");
    expect(res.rawPayload.toString("latin1")).not.toContain("13800001234");
    expect(JSON.stringify(rows)).not.toContain("13800001234");

    const log = await env.ctx.db
      .selectFrom("audit_log")
      .selectAll()
      .where("action", "=", "cases.exported")
      .orderBy("id", "desc")
      .executeTakeFirstOrThrow();
    expect(log.actor_id).toBe(clerk.userId);
    expect(log.data).toMatchObject({ rows: 3, filter: { category: ["neighbour"] } });
  });

  it("keeps to the caller's jurisdiction", async () => {
    const grid = await login(env, { roles: ["grid_worker"], region: tree.grid });
    const rows = await readSheet((await call(env, grid, { method: "GET", url: exportUrl("") })).rawPayload);
    expect(rows).toHaveLength(3);
  });

  it("walks the list's cursor past one page (200 rows)", async () => {
    const village = `${tree.otherVillage}001`;
    for (let batch = 0; batch < 21; batch++) {
      await Promise.all(
        Array.from({ length: 10 }, () =>
          call(env, clerk, { method: "POST", url: "/api/v1/cases", payload: sampleCase(village) }),
        ),
      );
    }
    const res = await call(env, clerk, {
      method: "GET",
      url: exportUrl(`?region=${tree.otherVillage}&limit=1`),
    });
    const rows = await readSheet(res.rawPayload);
    expect(rows).toHaveLength(211);
    expect(new Set(rows.map((r) => r[0])).size).toBe(211);
    expect(res.headers["x-export-rows"]).toBe("210");
  });

  it("answers 404 for a region outside jurisdiction and 400 for a bad filter", async () => {
    const grid = await login(env, { roles: ["grid_worker"], region: tree.grid });
    const outside = await call(env, grid, { method: "GET", url: exportUrl(`?region=${tree.otherGrid}`) });
    expect(outside.statusCode).toBe(404);
    const bad = await call(env, clerk, { method: "GET", url: exportUrl("?status=lost") });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toBe("INVALID_INPUT");
  });

  it("refuses department handlers, whose list is by unit, not by region (403)", async () => {
    const handler = await login(env, { roles: ["department_handler"], region: tree.county });
    expect((await call(env, handler, { method: "GET", url: exportUrl("") })).statusCode).toBe(403);
  });

  it("limits exports per person, not per address: one office behind one NAT keeps working", async () => {
    // Every request here comes from one address, as a township office's staff do behind its NAT.
    await sql`DELETE FROM rate_limits`.execute(env.ctx.db);
    const a = await login(env, { roles: ["center_staff"], region: tree.township });
    const b = await login(env, { roles: ["center_staff"], region: tree.township });
    const codes: number[] = [];
    for (let i = 0; i < 11; i += 1)
      codes.push((await call(env, a, { method: "GET", url: exportUrl("") })).statusCode);
    expect(codes.slice(0, 10)).toEqual(Array(10).fill(200));
    expect(codes[10]).toBe(429);
    expect((await call(env, b, { method: "GET", url: exportUrl("") })).statusCode).toBe(200);
  });
});
