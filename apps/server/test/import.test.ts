import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { importCommand } from "../src/modules/import/import-cli";
import { call, login, makeTree, type Session, type TestEnv, type Tree, testEnv } from "./helpers";
import { countyBook, importFiles, sheetRows, workbook } from "./import-fixtures";

let env: TestEnv;
let tree: Tree;
let admin: Session;
const count = async (table: "regions" | "users" | "households" | "household_members" | "places" | "units") =>
  Number(
    (
      await env.ctx.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as("n"))
        .executeTakeFirstOrThrow()
    ).n,
  );

beforeAll(async () => {
  env = await testEnv();
  tree = await makeTree(env.ctx);
  admin = await login(env, { roles: ["admin"], region: tree.county, username: "county_admin" });
});

describe("导入 county onboarding", () => {
  it("a file with errors is refused whole: the report lists sheet, row, column and problem; nothing is written", async () => {
    const before = await Promise.all([count("regions"), count("users"), count("households"), count("units")]);
    const { buffer } = countyBook(tree, { broken: true });
    const { job } = await importFiles(env, admin, [{ name: "新河镇.xlsx", data: await buffer }]);
    expect(job?.status).toBe("refused");
    const got = job?.errors.map((e) => [e.sheet, e.row, e.column, e.code]);
    expect(got).toEqual([
      ["区划与网格", 5, "C 上级代码", "PARENT_MISMATCH"],
      ["区划与网格", 6, "C 上级代码", "PARENT_NOT_FOUND"],
      ["人员", 4, "C 工作电话", "BAD_PHONE"],
      ["户", 4, "B 网格代码", "REGION_NOT_FOUND"],
      ["户", 4, "I 身份证号", "BAD_ID_NUMBER"],
    ]);
    expect(job?.errors[4]?.zh).toContain("校验位");
    expect(
      await Promise.all([count("regions"), count("users"), count("households"), count("units")]),
    ).toEqual(before);

    const report = await call(env, admin, {
      method: "GET",
      url: `/api/v1/import/jobs/${job?.id}/errors.xlsx`,
    });
    expect(report.statusCode).toBe(200);
    const rows = await sheetRows(report.rawPayload);
    expect(rows[0]?.slice(0, 4)).toEqual(["工作表", "行", "列", "问题"]);
    expect(rows[3]?.slice(0, 3)).toEqual(["人员", "4", "C 工作电话"]);
    expect(rows[3]?.[3]).toContain("139-0000");
  });

  it("the fixed file imports in one go: regions with paths, units, accounts, sealed households, a QR place", async () => {
    const { buffer, codes } = countyBook(tree);
    const { job } = await importFiles(env, admin, [{ name: "新河镇.xlsx", data: await buffer }]);
    expect(job?.status).toBe("done");
    expect(job?.counts).toMatchObject({
      regions: { created: 4, updated: 0 },
      units: { created: 1, updated: 0 },
      staff: { created: 3, updated: 0 },
      households: { created: 2, updated: 0 },
      members: 3,
      buildings: 1,
      places: { created: 1, updated: 0 },
    });
    expect(job?.rowsWritten).toBe(job?.rowsTotal);
    const grid = await env.ctx.db
      .selectFrom("regions")
      .selectAll()
      .where("code", "=", codes.g1)
      .executeTakeFirstOrThrow();
    expect(grid.path.endsWith(`${tree.county}.${codes.t}.${codes.v}.${codes.g1}`)).toBe(true);
    const police = await env.ctx.db
      .selectFrom("users as u")
      .innerJoin("units as n", "n.id", "u.unit_id")
      .select(["u.roles", "u.work_phone", "u.work_title", "n.code"])
      .where("u.username", "=", "xh_police")
      .executeTakeFirstOrThrow();
    expect(police).toEqual({
      roles: ["police"],
      work_phone: "13900002222",
      work_title: "驻村民警",
      code: "XH-SFS",
    });

    // Initial passwords: once, and they sign in.
    const sheet = await call(env, admin, {
      method: "GET",
      url: `/api/v1/import/jobs/${job?.id}/credentials.xlsx`,
    });
    const accounts = await sheetRows(sheet.rawPayload);
    const grid1 = accounts.find((r) => r[0] === "xh_grid1");
    expect(grid1?.[2]).toMatch(/^[A-Za-z2-9]{12}$/);
    const signIn = await env.app.inject({
      method: "POST",
      url: "/api/v1/auth/login",
      payload: { username: "xh_grid1", password: grid1?.[2] },
    });
    expect(signIn.statusCode).toBe(200);
    // …once: the one-time password must be changed before anything else (first-password.test.ts).
    expect(signIn.json().mustChangePassword).toBe(true);
    const hashed = await env.ctx.db
      .selectFrom("users")
      .select("password_hash")
      .where("username", "=", "xh_grid1")
      .executeTakeFirstOrThrow();
    expect(hashed.password_hash).toMatch(/^\$argon2id\$v=19\$m=4096,t=1,p=1\$/);
    const again = await call(env, admin, {
      method: "GET",
      url: `/api/v1/import/jobs/${job?.id}/credentials.xlsx`,
    });
    expect(again.statusCode).toBe(404);

    const audit = await env.ctx.db
      .selectFrom("audit_log")
      .select(["action", "data"])
      .where("entity", "=", "import")
      .where("entity_id", "=", job?.id ?? "")
      .execute();
    expect(audit.map((a) => a.action).sort()).toEqual(["import.completed", "import.credentials_downloaded"]);
  });

  it("household members are sealed: ciphertext and lookup hash, masked name, last four of the phone", async () => {
    const m = await env.ctx.db
      .selectFrom("household_members as m")
      .innerJoin("households as h", "h.id", "m.household_id")
      .selectAll("m")
      .select(["h.tags as htags", "h.building_id"])
      .where("h.code", "=", "XH-0001")
      .orderBy("m.position")
      .execute();
    const [head, spouse] = m;
    expect(head?.name_enc).not.toContain("张三丰");
    expect(env.ctx.pd.decrypt(head?.name_enc ?? "")).toBe("张三丰");
    expect(head?.name_masked).toBe("张**");
    expect(head?.phone_last4).toBe("1234");
    expect(head?.phone_enc).not.toContain("13800001234");
    expect(head?.phone_hash).toBe(env.ctx.pd.lookupHash("13800001234"));
    expect(env.ctx.pd.decrypt(head?.id_number_enc ?? "")).toBe("11010519491231002X");
    expect(head?.htags).toEqual(["独居老人"]);
    expect(head?.building_id).not.toBeNull();
    expect(spouse).toMatchObject({ relation: "配偶", name_masked: "李**", phone_enc: null, tags: ["残疾"] });
  });

  it("re-running upserts: no duplicates, changed names updated, changed members replaced, the QR token kept", async () => {
    const token = (
      await env.ctx.db
        .selectFrom("places")
        .select("token")
        .where("code", "=", "XH-QR-1")
        .executeTakeFirstOrThrow()
    ).token;
    const before = await Promise.all(
      ["regions", "users", "households", "household_members", "places", "units"].map((t) =>
        count(t as "regions"),
      ),
    );
    const memberIds = (code: string) =>
      env.ctx.db
        .selectFrom("household_members as m")
        .innerJoin("households as h", "h.id", "m.household_id")
        .select("m.id")
        .where("h.code", "=", code)
        .orderBy("m.position")
        .execute();
    const [changed, same] = [await memberIds("XH-0001"), await memberIds("XH-0002")];
    const { buffer, codes } = countyBook(tree, { villageName: "新河社区", memberName: "张三" });
    const { job } = await importFiles(env, admin, [{ name: "新河镇-第二版.xlsx", data: await buffer }]);
    expect(job?.status).toBe("done");
    expect(job?.counts).toMatchObject({
      regions: { created: 0, updated: 4 },
      staff: { created: 0, updated: 3 },
      households: { created: 0, updated: 2 },
    });
    expect(job?.credentialsReady).toBe(false);
    const after = await Promise.all(
      ["regions", "users", "households", "household_members", "places", "units"].map((t) =>
        count(t as "regions"),
      ),
    );
    expect(after).toEqual(before);
    const v = await env.ctx.db
      .selectFrom("regions")
      .select(["name", "pinyin"])
      .where("code", "=", codes.v)
      .executeTakeFirstOrThrow();
    expect(v).toEqual({ name: "新河社区", pinyin: "xhsq xinheshequ" });
    const head = await env.ctx.db
      .selectFrom("household_members as m")
      .innerJoin("households as h", "h.id", "m.household_id")
      .select("m.name_enc")
      .where("h.code", "=", "XH-0001")
      .where("m.relation", "=", "户主")
      .executeTakeFirstOrThrow();
    expect(env.ctx.pd.decrypt(head.name_enc)).toBe("张三");
    // The household whose members changed got new rows; the one the file repeats unchanged kept its own.
    expect(await memberIds("XH-0001")).not.toEqual(changed);
    expect(await memberIds("XH-0002")).toEqual(same);
    expect(
      (
        await env.ctx.db
          .selectFrom("places")
          .select("token")
          .where("code", "=", "XH-QR-1")
          .executeTakeFirstOrThrow()
      ).token,
    ).toBe(token);
  });

  it("the print page holds every village's posters and a sheet of its contact cards", async () => {
    const res = await call(env, admin, {
      method: "GET",
      url: `/api/v1/import/print.html?region=${tree.county}102`,
    });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain("码上反映");
    expect(res.body).toContain("新河村便民服务站");
    expect(res.body).toContain("新河社区 便民联系卡");
    expect(res.body).toContain("赵书记");
    expect(res.body.match(/class="page"/g)?.length).toBe(2); // one poster, one card sheet
  });

  it("only an admin imports; another county's admin cannot see the job; rows outside the admin's county are refused", async () => {
    const cadre = await login(env, { roles: ["village_cadre"], region: tree.village });
    const { buffer } = countyBook(tree);
    const data = await buffer;
    expect((await importFiles(env, cadre, [{ name: "x.xlsx", data }])).res.statusCode).toBe(403);
    expect((await call(env, cadre, { method: "GET", url: "/api/v1/import/template.xlsx" })).statusCode).toBe(
      403,
    );
    const townAdmin = await login(env, { roles: ["admin"], region: tree.otherTownship });
    const { job } = await importFiles(env, townAdmin, [{ name: "x.xlsx", data }]);
    expect(job?.status).toBe("refused");
    // Among the workbook's errors, in whatever order the checks report them (seen first: another row's).
    expect(job?.errors).toContainEqual(
      expect.objectContaining({ sheet: "区划与网格", row: 2, code: "OUT_OF_SCOPE" }),
    );
    // 户编号 and 点位编号 already kept by the county's township: another township cannot take them over.
    const otherGrid = tree.otherTownshipGrid;
    const grab = await workbook({
      户: [
        [
          "户编号",
          "网格代码",
          "楼栋/院落",
          "地址",
          "户标签",
          "与户主关系",
          "姓名",
          "电话",
          "身份证号",
          "成员标签",
        ],
        ["XH-0001", otherGrid, "", "别处1号", "", "户主", "冒名", "", "", ""],
      ],
      码上反映点位: [
        ["点位编号", "点位名称", "类型", "网格代码", "覆盖户数"],
        ["XH-QR-1", "改名的点位", "服务窗口", otherGrid, 10],
      ],
    });
    const townGrab = await login(env, { roles: ["admin"], region: tree.otherTownship });
    const grabbed = await importFiles(env, townGrab, [{ name: "grab.xlsx", data: grab }]);
    expect(grabbed.job?.status).toBe("refused");
    expect(grabbed.job?.errors[0]).toMatchObject({ code: "OUT_OF_SCOPE" });
    expect(grabbed.job?.errors[0]?.zh).toContain("XH-0001");
    const kept = await env.ctx.db
      .selectFrom("households")
      .select(["grid_code", "address"])
      .where("code", "=", "XH-0001")
      .executeTakeFirstOrThrow();
    expect(kept.address).toBe("新河村一组1号");
    const mine = await importFiles(env, admin, [{ name: "x.xlsx", data }]);
    const peek = await call(env, townAdmin, { method: "GET", url: `/api/v1/import/jobs/${mine.job?.id}` });
    expect(peek.statusCode).toBe(404);
  });

  it("a file that is not a workbook is refused with a readable reason; templates carry headers and notes", async () => {
    const { job } = await importFiles(env, admin, [{ name: "名单.xls", data: Buffer.from("not a zip") }]);
    expect(job?.status).toBe("refused");
    expect(job?.errors[0]?.zh).toContain(".xlsx");
    const tpl = await call(env, admin, {
      method: "GET",
      url: "/api/v1/import/template.xlsx?sheet=households",
    });
    const rows = await sheetRows(tpl.rawPayload);
    expect(rows[0]).toEqual([
      "户编号",
      "网格代码",
      "楼栋/院落",
      "地址",
      "户标签",
      "与户主关系",
      "姓名",
      "电话",
      "身份证号",
      "成员标签",
    ]);
  });

  it("the command line imports the same workbooks and refuses a broken one with a report file", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "fq-import-cli-"));
    try {
      const file = path.join(dir, "county.xlsx");
      writeFileSync(
        file,
        await workbook({
          区划与网格: [
            ["代码", "名称", "上级代码"],
            [`${tree.county}105`, "东湖镇", tree.county],
          ],
        }),
      );
      const report = path.join(dir, "errors.xlsx");
      expect(await importCommand(env.ctx, [file, "--report", report])).toBe(0);
      const r = await env.ctx.db
        .selectFrom("regions")
        .select("level")
        .where("code", "=", `${tree.county}105`)
        .executeTakeFirst();
      expect(r?.level).toBe("township");
      writeFileSync(
        file,
        await workbook({
          区划与网格: [
            ["代码", "名称", "上级代码"],
            [`${tree.county}106`, "", tree.county],
          ],
        }),
      );
      expect(await importCommand(env.ctx, [file, "--report", report])).toBe(1);
      expect((await sheetRows((await import("node:fs")).readFileSync(report)))[1]?.slice(0, 3)).toEqual([
        "区划与网格",
        "2",
        "B 名称",
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
