import type { UnitKind } from "./categories";
import type { RegionLevel } from "./regions";
import type { Role } from "./roles";

// The county's own workbooks (issue 12): which sheets, which columns, and the words people type in
// them. Headers are matched by their Chinese name (a few common variants too), never by position, so
// a county may reorder columns or keep its own extra columns beside ours.

export const IMPORT_SHEETS = ["regions", "units", "staff", "households", "places"] as const;
export type SheetKey = (typeof IMPORT_SHEETS)[number];

export interface ColumnDef {
  key: string;
  /** The template's header; `aliases` are other headers accepted for the same column. */
  header: string;
  aliases?: readonly string[];
  required: boolean;
  /** Shown in the template's notes sheet. */
  note: string;
  sample: string;
}

export interface SheetDef {
  key: SheetKey;
  name: string;
  aliases: readonly string[];
  columns: readonly ColumnDef[];
  note: string;
}

const col = (
  key: string,
  header: string,
  required: boolean,
  note: string,
  sample: string,
  aliases: string[] = [],
): ColumnDef => ({ key, header, required, note, sample, aliases });

export const SHEET_DEFS: readonly SheetDef[] = [
  {
    key: "regions",
    name: "区划与网格",
    aliases: ["区划", "网格", "区划网格"],
    note: "每行一个区划（县、乡镇、村/社区、网格）；上级可在本表或系统中已有。按代码更新：再次导入时名称被更新。",
    columns: [
      col("code", "代码", true, "GB/T 2260 县级6位 + 乡镇3位 + 村3位 + 网格3位", "620702100201001", [
        "区划代码",
        "网格代码",
      ]),
      col("name", "名称", true, "区划或网格的名称", "梁家墩村第一网格", ["区划名称", "网格名称"]),
      col("parent", "上级代码", true, "上一级区划的代码（省级可空）", "620702100201", ["上级区划代码"]),
      col("level", "层级", false, "县、乡镇、村、网格（可空：按代码位数推断）", "网格", ["级别"]),
      col("households", "户数", false, "村或网格的户数（可空）", "120"),
    ],
  },
  {
    key: "units",
    name: "单位",
    aliases: ["单位名单", "部门"],
    note: "综治中心、职能部门、派出所、调委会等。按单位编码更新。",
    columns: [
      col("code", "单位编码", true, "本县自定的编码：字母、数字、-、_", "GZ-SFS-01", ["编码"]),
      col("name", "单位名称", true, "单位全称", "梁家墩镇司法所", ["名称"]),
      col(
        "kind",
        "类型",
        true,
        "综治中心、职能部门、调解委员会、村（居）委会、派出所、法庭、司法所、信访办、乡镇党委政府",
        "司法所",
        ["单位类型"],
      ),
      col("region", "所属区划代码", true, "单位所在区划的代码", "620702100", ["区划代码"]),
      col("stationing", "入驻方式", false, "常驻、轮驻、随叫随驻（可空）", "常驻"),
    ],
  },
  {
    key: "staff",
    name: "人员",
    aliases: ["人员名单", "工作人员", "用户"],
    note: "系统账号。按用户名更新；新账号的初始密码在导入结果中给出一次，请发给本人并提醒首次登录后修改。",
    columns: [
      col("username", "用户名", true, "登录名：3–50 位字母、数字、_ . -", "ljd_grid01", ["账号"]),
      col("name", "姓名", true, "显示的姓名", "王小红"),
      col("phone", "工作电话", false, "印在便民联系卡上的工作电话（手机或座机）", "13800001234", [
        "电话",
        "手机号",
      ]),
      col("title", "职务", false, "印在联系卡上的职务，如 书记、主任、驻村民警", "网格员"),
      col(
        "roles",
        "角色",
        true,
        "网格员、村干部、调解员、民警、综治中心、乡镇领导、部门经办人、领导、管理员；多个用、分隔",
        "网格员",
      ),
      col("region", "所属区划代码", true, "负责的区划（辖区）代码", "620702100201001", ["区划代码"]),
      col("unit", "所属单位编码", false, "所在单位的编码（单位表或系统中已有）", "", ["单位编码"]),
    ],
  },
  {
    key: "households",
    name: "户",
    aliases: ["户籍", "住户", "户成员", "人口"],
    note: "每行一名成员，同一户编号的各行为同一户；户的字段写在第一行即可。按户编号更新，成员整体替换。姓名、电话、身份证号加密保存。",
    columns: [
      col("code", "户编号", true, "本县的户编号", "LJD-0001"),
      col("grid", "网格代码", true, "户所在网格的代码", "620702100201001"),
      col("building", "楼栋/院落", false, "楼栋或院落名称（可空）", "一组3号院", ["楼栋", "院落"]),
      col("address", "地址", true, "门牌地址", "梁家墩村一组3号", ["住址"]),
      col("tags", "户标签", false, "独居老人、留守儿童、重点人员、低保户等；多个用、分隔", "独居老人"),
      col("relation", "与户主关系", true, "户主、配偶、子女、父母、孙子女、兄弟姐妹、其他", "户主", ["关系"]),
      col("name", "姓名", true, "成员姓名", "张三", ["成员姓名"]),
      col("phone", "电话", false, "手机或座机（可空）", "13800001234", ["手机号", "联系电话"]),
      col("idNumber", "身份证号", false, "18位居民身份证号码（请设为文本格式）", "620702198001011238", [
        "身份证号码",
      ]),
      col("memberTags", "成员标签", false, "多个用、分隔（可空）", ""),
    ],
  },
  {
    key: "places",
    name: "码上反映点位",
    aliases: ["点位", "二维码点位"],
    note: "张贴码上反映二维码的地方。按点位编号更新；新点位自动生成二维码。",
    columns: [
      col("code", "点位编号", true, "本县自定的编号", "LJD-QR-01", ["编号"]),
      col("name", "点位名称", true, "张贴地点", "梁家墩村便民服务站", ["名称"]),
      col("kind", "类型", true, "楼栋、村民小组、景区、服务窗口", "服务窗口"),
      col("grid", "网格代码", true, "点位所在网格的代码", "620702100201001"),
      col("households", "覆盖户数", false, "可空", "120", ["户数"]),
    ],
  },
];

export const sheetDef = (key: SheetKey): SheetDef => SHEET_DEFS.find((s) => s.key === key) as SheetDef;

const bare = (s: string) => s.replace(/[\s（）()*＊]/g, "");

/** Which of our sheets a workbook's sheet is, by its name; null for a sheet we do not read. */
export function sheetKeyOf(name: string): SheetKey | null {
  const n = bare(name);
  for (const s of SHEET_DEFS) if ([s.name, ...s.aliases].some((a) => bare(a) === n)) return s.key;
  return null;
}

/** Column index → column key for a header row; unknown headers map to null (kept, ignored). */
export function matchHeaders(key: SheetKey, headers: readonly string[]): (string | null)[] {
  const def = sheetDef(key);
  return headers.map((h) => {
    const n = bare(h ?? "");
    if (!n) return null;
    const c = def.columns.find((c) => [c.header, ...(c.aliases ?? [])].some((a) => bare(a) === n));
    return c?.key ?? null;
  });
}

/**
 * Which sheet a header row belongs to when its name says nothing ("Sheet1"): the one whose required
 * columns are all present, most columns matched; null when none fits.
 */
export function sheetKeyByHeaders(headers: readonly string[]): SheetKey | null {
  let best: { key: SheetKey; n: number } | null = null;
  for (const d of SHEET_DEFS) {
    const found = new Set(matchHeaders(d.key, headers).filter(Boolean));
    if (!d.columns.every((c) => !c.required || found.has(c.key))) continue;
    if (!best || found.size > best.n) best = { key: d.key, n: found.size };
  }
  return best?.key ?? null;
}

export const LEVEL_WORDS: Record<string, RegionLevel> = {
  省: "province",
  province: "province",
  市: "city",
  city: "city",
  县: "county",
  区: "county",
  "县（区）": "county",
  县区: "county",
  county: "county",
  乡镇: "township",
  乡: "township",
  镇: "township",
  街道: "township",
  乡镇街道: "township",
  township: "township",
  村: "village",
  社区: "village",
  "村（社区）": "village",
  村社区: "village",
  village: "village",
  网格: "grid",
  grid: "grid",
};

export const LEVEL_ZH: Record<RegionLevel, string> = {
  province: "省",
  city: "市",
  county: "县（区）",
  township: "乡镇（街道）",
  village: "村（社区）",
  grid: "网格",
};

export const ROLE_WORDS: Record<string, Role> = {
  网格员: "grid_worker",
  村干部: "village_cadre",
  村书记: "village_cadre",
  村主任: "village_cadre",
  书记: "village_cadre",
  调解员: "mediator",
  人民调解员: "mediator",
  民警: "police",
  驻村民警: "police",
  社区民警: "police",
  综治中心: "center_staff",
  综治中心工作人员: "center_staff",
  乡镇领导: "township_leader",
  部门经办人: "department_handler",
  经办人: "department_handler",
  领导: "leader",
  管理员: "admin",
};

export const UNIT_KIND_WORDS: Record<string, UnitKind> = {
  综治中心: "center",
  职能部门: "department",
  部门: "department",
  调解委员会: "mediation_committee",
  调委会: "mediation_committee",
  "村（居）委会": "village_committee",
  村居委会: "village_committee",
  村委会: "village_committee",
  居委会: "village_committee",
  派出所: "police_station",
  法庭: "court",
  人民法庭: "court",
  司法所: "justice_office",
  信访办: "petition_office",
  乡镇党委政府: "government",
  乡镇政府: "government",
};

export const STATIONING_WORDS: Record<string, "resident" | "rotating" | "on_call"> = {
  常驻: "resident",
  轮驻: "rotating",
  随叫随驻: "on_call",
};

export const PLACE_KIND_WORDS: Record<string, "building" | "village_group" | "scenic_spot" | "window"> = {
  楼栋: "building",
  村民小组: "village_group",
  景区: "scenic_spot",
  服务窗口: "window",
  便民服务站: "window",
};

/** 与户主关系 as households record it (公安户籍 words, shortened to what a grid worker writes). */
export const RELATIONS = [
  "户主",
  "配偶",
  "子女",
  "儿子",
  "女儿",
  "父母",
  "父亲",
  "母亲",
  "孙子女",
  "祖父母",
  "儿媳",
  "女婿",
  "兄弟姐妹",
  "其他",
] as const;
