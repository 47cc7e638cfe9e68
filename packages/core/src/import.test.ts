import { describe, expect, it } from "vitest";
import { idCheckChar, idNumberProblem, normalizePhoneCell, splitList } from "./import-checks";
import { matchHeaders, sheetDef, sheetKeyOf } from "./import-sheets";
import type { ImportKnown, ImportScope, RawSheet } from "./import-types";
import { referencedKeys, validateImport } from "./import-validate";

const COUNTY = "620702";
const known = (extra: Partial<ImportKnown> = {}): ImportKnown => ({
  regions: new Map([
    ["620000", { level: "province", parentCode: null, path: "620000" }],
    ["620700", { level: "city", parentCode: "620000", path: "620000.620700" }],
    [COUNTY, { level: "county", parentCode: "620700", path: "620000.620700.620702" }],
    ["620703", { level: "county", parentCode: "620700", path: "620000.620700.620703" }],
  ]),
  units: new Map(),
  users: new Map(),
  ...extra,
});
const scope: ImportScope = { path: "620000.620700.620702", actorUsername: "admin", maxBirthYear: 2026 };

const LETTERS = "ABCDEFGHIJ";
/** A sheet from rows of cells keyed by column; every column of the first row gets a letter. */
function sheet(
  key: RawSheet["key"],
  name: string,
  rows: Record<string, string>[],
  headers?: string[],
): RawSheet {
  const keys = headers ?? Object.keys(rows[0] ?? {});
  const header = (k: string) => sheetDef(key).columns.find((c) => c.key === k)?.header ?? k;
  const columns = Object.fromEntries(
    keys.map((k, i) => [k, { header: header(k), letter: LETTERS[i] as string }]),
  );
  return { key, name, columns, rows: rows.map((cells, i) => ({ row: i + 2, cells })) };
}
const T = "620702100";
const V = "620702100201";
const G = "620702100201001";
const regionsSheet = (extra: Record<string, string>[] = []) =>
  sheet("regions", "区划与网格", [
    { code: T, name: "梁家墩镇", parent: COUNTY, level: "乡镇", households: "" },
    { code: V, name: "梁家墩村", parent: T, level: "村", households: "300" },
    { code: G, name: "第一网格", parent: V, level: "", households: "" },
    ...extra,
  ]);
const member = (o: Record<string, string>) => ({
  code: "H1",
  grid: G,
  building: "",
  address: "一组1号",
  tags: "",
  relation: "户主",
  name: "张三",
  phone: "",
  idNumber: "",
  memberTags: "",
  ...o,
});

describe("import field checks", () => {
  it.each([
    ["13800001234", "13800001234"],
    ["+86 138 0000 1234", "13800001234"],
    ["0936-8212345", "0936-8212345"],
    ["09368212345", "0936-8212345"],
    ["010-12345678-801", "010-12345678-801"],
    ["12800001234", null], // no mobile numbers start 12
    ["1380000123", null],
    ["8212345", null],
  ])("phone %s → %s", (raw, want) => expect(normalizePhoneCell(raw)).toBe(want));

  it.each([
    // GB 11643-1999's own example: check character X.
    ["11010519491231002X", null],
    ["620702198001011231", null],
    ["440304199003070018", null],
    ["620702198001011232", "check"],
    ["620702198002301231", "birth"], // 30 February
    ["620702203001011231", "birth"], // born after the import's year
    ["62070219800101123", "format"],
    ["6.20702198001011E+17", "format"], // what Excel makes of a number cell
    ["020702198001011231", "format"],
  ] as const)("居民身份证号码 %s (GB 11643 check character, MOD 11-2) → %s", (id, want) =>
    expect(idNumberProblem(id, 2026)).toBe(want),
  );

  it("check character of the 17 digits", () => expect(idCheckChar("11010519491231002")).toBe("X"));
  it("lists split on Chinese and ASCII separators", () =>
    expect(splitList("独居老人、留守儿童，低保户;独居老人")).toEqual(["独居老人", "留守儿童", "低保户"]));
  it("sheets and headers are found by their Chinese names, variants and spacing aside", () => {
    expect(sheetKeyOf(" 区划与网格 ")).toBe("regions");
    expect(sheetKeyOf("户成员")).toBe("households");
    expect(sheetKeyOf("Sheet1")).toBeNull();
    expect(matchHeaders("staff", ["用户名", "姓名*", "备注", "手机号"])).toEqual([
      "username",
      "name",
      null,
      "phone",
    ]);
  });
});

describe("validateImport", () => {
  it("a clean book becomes a plan, parents before children, paths computed", () => {
    const { errors, plan } = validateImport([regionsSheet()], known(), scope);
    expect(errors).toEqual([]);
    expect(plan.regions.map((r) => [r.code, r.level, r.path])).toEqual([
      [T, "township", `620000.620700.620702.${T}`],
      [V, "village", `620000.620700.620702.${T}.${V}`],
      [G, "grid", `620000.620700.620702.${T}.${V}.${G}`],
    ]);
    expect(plan.regions[1]?.households).toBe(300);
  });

  it.each([
    [
      { code: "620702100202", name: "村", parent: "620702100999", level: "村" },
      "PARENT_NOT_FOUND",
      "C 上级代码",
    ],
    [{ code: "62070210020", name: "村", parent: T, level: "村" }, "BAD_REGION_CODE", "A 代码"],
    [{ code: "620702101201", name: "村", parent: T, level: "村" }, "PARENT_MISMATCH", "C 上级代码"], // not under 620702100
    [{ code: "620702100201002", name: "网格", parent: T, level: "网格" }, "PARENT_MISMATCH", "C 上级代码"], // skips the village
    [{ code: "620703100", name: "邻县镇", parent: "620703", level: "乡镇" }, "OUT_OF_SCOPE", "A 代码"],
    [{ code: G, name: "again", parent: V, level: "网格" }, "DUPLICATE", "A 代码"],
    [{ code: "620702100202", name: "村", parent: T, level: "大队" }, "BAD_LEVEL", "D 层级"],
    [{ code: "620702100202", name: "", parent: T, level: "村" }, "REQUIRED", "B 名称"],
  ])("region row %j → %s at %s", (row, code, column) => {
    const { errors } = validateImport([regionsSheet([{ households: "", ...row }])], known(), scope);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ sheet: "区划与网格", row: 5, column, code });
    expect(errors[0]?.zh).toMatch(/[\u4e00-\u9fa5]/);
  });

  it("an existing region keeps its parent: moving is the region screen's job", () => {
    const k = known();
    (k.regions as Map<string, unknown>).set(T, { level: "township", parentCode: "620703", path: "x" });
    const { errors } = validateImport([regionsSheet()], k, { ...scope, path: null });
    expect(errors.map((e) => e.code)).toEqual(["REGION_MOVED"]);
  });

  it("units, staff and places point into regions of the file or the database, in scope", () => {
    const book = [
      regionsSheet(),
      sheet("units", "单位", [
        { code: "SFS-1", name: "司法所", kind: "司法所", region: T, stationing: "常驻" },
        { code: "SFS-1", name: "又一个", kind: "司法所", region: T, stationing: "" },
        { code: "PCS 1", name: "派出所", kind: "派出所", region: T, stationing: "" },
        { code: "X-1", name: "某局", kind: "某局", region: "620703", stationing: "偶尔" },
      ]),
      sheet("staff", "人员", [
        {
          username: "grid01",
          name: "王",
          phone: "13800001234",
          title: "",
          roles: "网格员",
          region: G,
          unit: "",
        },
        {
          username: "grid02",
          name: "李",
          phone: "1234",
          title: "",
          roles: "网格员、神仙",
          region: G,
          unit: "NOPE",
        },
        { username: "admin", name: "我", phone: "", title: "", roles: "网格员", region: COUNTY, unit: "" },
        {
          username: "cad01",
          name: "赵",
          phone: "",
          title: "书记",
          roles: "village_cadre",
          region: V,
          unit: "SFS-1",
        },
      ]),
      sheet("places", "码上反映点位", [
        { code: "QR-1", name: "服务站", kind: "服务窗口", grid: G, households: "" },
        { code: "QR-2", name: "村口", kind: "村民小组", grid: V, households: "十" },
      ]),
    ];
    const { errors, plan } = validateImport(book, known(), scope);
    const got = errors.map((e) => [e.sheet, e.row, e.column, e.code]);
    expect(got).toEqual([
      ["单位", 3, "A 单位编码", "DUPLICATE"],
      ["单位", 4, "A 单位编码", "BAD_FORMAT"],
      ["单位", 5, "C 类型", "BAD_VALUE"],
      ["单位", 5, "E 入驻方式", "BAD_VALUE"],
      ["人员", 3, "E 角色", "BAD_VALUE"],
      ["人员", 3, "C 工作电话", "BAD_PHONE"],
      ["人员", 3, "G 所属单位编码", "UNIT_NOT_FOUND"],
      ["人员", 4, "E 角色", "SELF_LOCKOUT"],
      ["码上反映点位", 3, "E 覆盖户数", "BAD_VALUE"],
      ["码上反映点位", 3, "D 网格代码", "NOT_A_GRID"],
    ]);
    expect(plan.units.map((u) => u.code)).toEqual(["SFS-1"]);
    expect(plan.staff.map((s) => [s.username, s.roles])).toEqual([
      ["grid01", ["grid_worker"]],
      ["cad01", ["village_cadre"]],
    ]);
    expect(plan.places).toHaveLength(1);
  });

  it("a unit or username already used outside the jurisdiction is refused, not taken over", () => {
    const k = known({
      units: new Map([["U-1", { regionPath: "620000.620700.620703" }]]),
      users: new Map([["zhang", { regionPath: "620000.620700.620703" }]]),
    });
    const book = [
      sheet("units", "单位", [{ code: "U-1", name: "局", kind: "职能部门", region: COUNTY, stationing: "" }]),
      sheet("staff", "人员", [{ username: "zhang", name: "张", roles: "领导", region: COUNTY }]),
    ];
    expect(validateImport(book, k, scope).errors.map((e) => e.code)).toEqual([
      "OUT_OF_SCOPE",
      "OUT_OF_SCOPE",
    ]);
  });

  it("households: one row per member grouped by 户编号; one head; consistent fields; ID numbers once", () => {
    const book = [
      regionsSheet(),
      sheet("households", "户", [
        member({ tags: "独居老人、低保户", idNumber: "620702198001011231", phone: "13800001234" }),
        member({ relation: "配偶", name: "李四", grid: "", address: "", memberTags: "残疾" }),
        member({ code: "H2", relation: "子女", name: "张小", address: "二组2号" }),
        member({ code: "H3", relation: "户主", address: "三组", idNumber: "620702198001011231" }),
        member({ code: "H3", relation: "户主", address: "别处", phone: "12345" }),
        member({ code: "H4", relation: "叔叔", grid: T, idNumber: "620702198001011232" }),
      ]),
    ];
    const { errors, plan } = validateImport(book, known(), scope);
    expect(errors.map((e) => [e.row, e.column, e.code])).toEqual([
      [4, "F 与户主关系", "HEAD_COUNT"],
      [5, "I 身份证号", "DUPLICATE"],
      [5, "F 与户主关系", "HEAD_COUNT"],
      [6, "D 地址", "INCONSISTENT"],
      [6, "H 电话", "BAD_PHONE"],
      [7, "B 网格代码", "NOT_A_GRID"],
      [7, "F 与户主关系", "BAD_VALUE"],
      [7, "I 身份证号", "BAD_ID_NUMBER"],
      [7, "F 与户主关系", "HEAD_COUNT"],
    ]);
    const h1 = plan.households.find((h) => h.code === "H1");
    expect(h1?.tags).toEqual(["独居老人", "低保户"]);
    expect(h1?.members.map((m) => [m.relation, m.name, m.phone, m.tags])).toEqual([
      ["户主", "张三", "13800001234", []],
      ["配偶", "李四", null, ["残疾"]],
    ]);
  });

  it("a sheet without a required column is reported once at its header, and an empty book is refused", () => {
    const s = sheet("staff", "人员", [{ username: "a1b", name: "x" }]);
    const { errors } = validateImport([s], known(), scope);
    expect(errors.map((e) => [e.row, e.column, e.code])).toEqual([
      [1, "角色", "MISSING_COLUMN"],
      [1, "所属区划代码", "MISSING_COLUMN"],
    ]);
    expect(validateImport([], known(), scope).errors[0]?.code).toBe("NO_SHEETS");
  });

  it("referencedKeys lists every code the book names, for one lookup each", () => {
    const keys = referencedKeys([
      regionsSheet(),
      sheet("staff", "人员", [{ username: "u1", region: G, unit: "U" }]),
    ]);
    expect(keys.regionCodes.sort()).toEqual([COUNTY, T, G, V].sort());
    expect(keys.usernames).toEqual(["u1"]);
    expect(keys.unitCodes).toEqual(["U"]);
  });
});
