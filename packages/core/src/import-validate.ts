import {
  cleanCell,
  HOUSEHOLD_CODE_RE,
  idNumberProblem,
  normalizePhoneCell,
  splitList,
} from "./import-checks";
import { parseCount, RegionIndex, SheetReporter } from "./import-reporter";
import { LEVEL_WORDS, LEVEL_ZH, RELATIONS, type SheetKey, sheetDef } from "./import-sheets";
import type {
  ImportError,
  ImportKnown,
  ImportPlan,
  ImportScope,
  PlanHousehold,
  PlanRegion,
  RawRow,
  RawSheet,
} from "./import-types";
import { validateOthers } from "./import-validate-others";
import {
  childLevel,
  inSubtree,
  REGION_LEVELS,
  type RegionLevel,
  regionPath,
  validChildCode,
  validRegionCode,
} from "./regions";

const sheetsOf = (book: readonly RawSheet[], key: SheetKey) => book.filter((s) => s.key === key);

/** Missing required columns: the whole sheet is unreadable, reported once at its header row. */
function checkColumns(errors: ImportError[], sheet: RawSheet): boolean {
  const missing = sheetDef(sheet.key).columns.filter((c) => c.required && !sheet.columns[c.key]);
  for (const c of missing) {
    errors.push({
      sheet: sheet.name,
      row: 1,
      column: c.header,
      code: "MISSING_COLUMN",
      zh: `缺少必填列“${c.header}”`,
      en: `Required column "${c.header}" is missing`,
    });
  }
  return missing.length === 0;
}

const LEVEL_BY_LENGTH: Record<number, RegionLevel> = { 9: "township", 12: "village", 15: "grid" };
function inferLevel(code: string): RegionLevel | null {
  if (code.length !== 6) return LEVEL_BY_LENGTH[code.length] ?? null;
  return (["province", "city", "county"] as const).find((l) => validRegionCode(l, code)) ?? null;
}

/** 区划与网格: codes by level, each under an existing parent one level up, in scope, not moved. */
function validateRegions(errors: ImportError[], sheets: RawSheet[], known: ImportKnown, scope: ImportScope) {
  const rows: { rep: SheetReporter; r: RawRow; region: Omit<PlanRegion, "path"> }[] = [];
  const seen = new Map<string, string>();
  for (const sheet of sheets) {
    const rep = new SheetReporter(errors, sheet);
    for (const r of sheet.rows) {
      const code = rep.need(r, "code");
      const name = rep.need(r, "name");
      const parentCode = cleanCell(r.cells.parent) || null;
      const levelText = cleanCell(r.cells.level);
      const level = levelText ? (LEVEL_WORDS[levelText] ?? null) : code ? inferLevel(code) : null;
      if (!code || !name) continue;
      if (!level) {
        rep.add(
          r.row,
          levelText ? "level" : "code",
          "BAD_LEVEL",
          `无法确定层级“${levelText || code}”：请填 县、乡镇、村、网格`,
          "Unknown level",
        );
        continue;
      }
      if (!validRegionCode(level, code)) {
        rep.add(
          r.row,
          "code",
          "BAD_REGION_CODE",
          `代码 ${code} 不是有效的${LEVEL_ZH[level]}代码（县6位、乡镇9位、村12位、网格15位）`,
          `${code} is not a valid ${level} code`,
        );
        continue;
      }
      const dup = seen.get(code);
      if (dup) {
        rep.add(
          r.row,
          "code",
          "DUPLICATE",
          `代码 ${code} 重复（与${dup}相同）`,
          `Duplicate code ${code} (also ${dup})`,
        );
        continue;
      }
      seen.set(code, `${sheet.name}第${r.row}行`);
      if (!parentCode && level !== "province") {
        rep.need(r, "parent");
        continue;
      }
      const households = parseCount(rep, r, "households");
      rows.push({ rep, r, region: { code, name, parentCode, level, households } });
    }
  }
  // Parents first: a township's path is known before its villages are placed under it.
  rows.sort((a, b) => REGION_LEVELS.indexOf(a.region.level) - REGION_LEVELS.indexOf(b.region.level));
  const file = new Map<string, PlanRegion>();
  const ok: PlanRegion[] = [];
  for (const { rep, r, region } of rows) {
    const before = known.regions.get(region.code);
    if (before && before.level !== region.level) {
      rep.add(
        r.row,
        "level",
        "BAD_LEVEL",
        `${region.code} 在系统中是${LEVEL_ZH[before.level]}，不能改为${LEVEL_ZH[region.level]}`,
        "The level of an existing region cannot change",
      );
      continue;
    }
    if (before && before.parentCode !== region.parentCode) {
      rep.add(
        r.row,
        "parent",
        "REGION_MOVED",
        `${region.code} 在系统中的上级是 ${before.parentCode ?? "（无）"}；调整上级请在“区划管理”中移动`,
        "An existing region cannot be moved by import",
      );
      continue;
    }
    let path: string;
    if (region.parentCode === null) path = before?.path ?? regionPath(null, region.code);
    else {
      const parent = file.get(region.parentCode) ?? known.regions.get(region.parentCode);
      if (!parent) {
        const zh = seen.has(region.parentCode)
          ? `上级 ${region.parentCode} 本身有错误，请先改正上级`
          : `上级代码 ${region.parentCode} 在本文件和系统中都不存在`;
        rep.add(r.row, "parent", "PARENT_NOT_FOUND", zh, `Parent ${region.parentCode} not found`);
        continue;
      }
      if (
        childLevel(parent.level) !== region.level ||
        !validChildCode(parent.level, region.parentCode, region.code)
      ) {
        rep.add(
          r.row,
          "parent",
          "PARENT_MISMATCH",
          `上级 ${region.parentCode} 是${LEVEL_ZH[parent.level]}，与${LEVEL_ZH[region.level]} ${region.code} 的代码不对应（下级代码须以上级代码开头、层级相邻）`,
          `Parent ${region.parentCode} does not fit ${region.code}`,
        );
        continue;
      }
      path = before?.path ?? regionPath(parent.path, region.code);
    }
    if (scope.path !== null && !inSubtree(path, scope.path)) {
      rep.add(
        r.row,
        "code",
        "OUT_OF_SCOPE",
        `区划 ${region.code} 不在您的辖区内`,
        `Region ${region.code} is outside your jurisdiction`,
      );
      continue;
    }
    const planned = { ...region, path };
    file.set(region.code, planned);
    ok.push(planned);
  }
  return ok;
}

/** 户: rows grouped by 户编号 into households with their members; personal fields checked. */
function validateHouseholds(
  errors: ImportError[],
  sheets: RawSheet[],
  regions: RegionIndex,
): PlanHousehold[] {
  const byCode = new Map<
    string,
    { h: PlanHousehold; heads: number; first: { rep: SheetReporter; row: number }; bad: boolean }
  >();
  const ids = new Map<string, string>();
  const relations = new Set<string>(RELATIONS);
  for (const sheet of sheets) {
    const rep = new SheetReporter(errors, sheet);
    for (const r of sheet.rows) {
      const code = rep.need(r, "code");
      if (!code) continue;
      if (!HOUSEHOLD_CODE_RE.test(code)) {
        rep.add(r.row, "code", "BAD_FORMAT", "户编号不能含空格，最长40字", "Bad household code");
        continue;
      }
      let g = byCode.get(code);
      const grid = cleanCell(r.cells.grid);
      const address = cleanCell(r.cells.address);
      const building = cleanCell(r.cells.building) || null;
      if (!g) {
        const gridOk = rep.need(r, "grid") !== "" && regions.check(rep, r, "grid", grid, true);
        const addressOk = rep.need(r, "address") !== "";
        const h = {
          code,
          gridCode: grid,
          building,
          address,
          tags: splitList(cleanCell(r.cells.tags)),
          members: [],
        };
        g = { h, heads: 0, first: { rep, row: r.row }, bad: !gridOk || !addressOk };
        byCode.set(code, g);
      } else {
        // Household fields are written on the first row; a later row may repeat them, not contradict them.
        const at = `（第${g.first.row}行为“${code}”写的是`;
        if (grid && grid !== g.h.gridCode)
          rep.add(
            r.row,
            "grid",
            "INCONSISTENT",
            `同一户的网格代码不一致${at} ${g.h.gridCode}）`,
            "Grid differs within the household",
          );
        if (address && address !== g.h.address)
          rep.add(
            r.row,
            "address",
            "INCONSISTENT",
            `同一户的地址不一致${at}“${g.h.address}”）`,
            "Address differs within the household",
          );
      }
      const relation = rep.need(r, "relation");
      const name = rep.need(r, "name");
      if (relation && !relations.has(relation)) {
        rep.add(
          r.row,
          "relation",
          "BAD_VALUE",
          `与户主关系“${relation}”无法识别：可填 ${RELATIONS.join("、")}`,
          `Unknown relation "${relation}"`,
        );
      }
      if (relation === "户主") g.heads += 1;
      const phoneText = cleanCell(r.cells.phone);
      const phone = phoneText ? normalizePhoneCell(phoneText) : null;
      if (phoneText && !phone)
        rep.add(
          r.row,
          "phone",
          "BAD_PHONE",
          `电话“${phoneText}”格式不正确：手机11位，座机如 0936-8212345`,
          "Bad phone number",
        );
      const idText = cleanCell(r.cells.idNumber).toUpperCase();
      if (idText) {
        const p = idNumberProblem(idText, regions.scope.maxBirthYear);
        if (p) {
          const zh = {
            format:
              "身份证号应为18位（最后一位可为X）；若Excel显示为科学计数法，请将该列设为文本格式后重新填写",
            birth: "身份证号中的出生日期不存在",
            check: "身份证号校验位不正确，请核对",
          }[p];
          rep.add(r.row, "idNumber", "BAD_ID_NUMBER", zh, `Invalid ID number (${p})`);
        } else {
          const dup = ids.get(idText);
          if (dup)
            rep.add(r.row, "idNumber", "DUPLICATE", `身份证号重复（与${dup}相同）`, "Duplicate ID number");
          else ids.set(idText, `${sheet.name}第${r.row}行`);
        }
      }
      if (name && relation)
        g.h.members.push({
          relation,
          name,
          phone,
          idNumber: idText || null,
          tags: splitList(cleanCell(r.cells.memberTags)),
        });
    }
  }
  const out: PlanHousehold[] = [];
  for (const g of byCode.values()) {
    if (g.heads !== 1) {
      const zh =
        g.heads === 0 ? `户 ${g.h.code} 没有户主` : `户 ${g.h.code} 有 ${g.heads} 名户主，应只有一名`;
      g.first.rep.add(
        g.first.row,
        "relation",
        "HEAD_COUNT",
        zh,
        `Household ${g.h.code} needs exactly one head`,
      );
    }
    if (!g.bad) out.push(g.h);
  }
  return out;
}

/**
 * Row-by-row validation of a county's workbooks against what the database holds. Pure: the
 * server reads the files and looks up `known`; nothing is written when `errors` is not empty.
 */
export function validateImport(
  book: readonly RawSheet[],
  known: ImportKnown,
  scope: ImportScope,
): { errors: ImportError[]; plan: ImportPlan } {
  const errors: ImportError[] = [];
  const empty: ImportPlan = { regions: [], units: [], staff: [], households: [], places: [] };
  if (book.length === 0) {
    const zh =
      "文件中没有可识别的工作表：请使用模板中的工作表名称（区划与网格、单位、人员、户、码上反映点位）";
    errors.push({ sheet: "", row: 0, column: "", code: "NO_SHEETS", zh, en: "No sheet with a known name" });
    return { errors, plan: empty };
  }
  const usable = book.filter((s) => checkColumns(errors, s));
  const regions = validateRegions(errors, sheetsOf(usable, "regions"), known, scope);
  const index = new RegionIndex(new Map(regions.map((r) => [r.code, r])), known, scope);
  const others = validateOthers(errors, usable, index);
  const households = validateHouseholds(errors, sheetsOf(usable, "households"), index);
  // In the file's order (sheet, then row), as a person corrects them; stable, so a row's columns keep theirs.
  const sheetOrder = new Map(book.map((s, i) => [s.name, i]));
  errors.sort((a, b) => (sheetOrder.get(a.sheet) ?? -1) - (sheetOrder.get(b.sheet) ?? -1) || a.row - b.row);
  return { errors, plan: { regions, ...others, households } };
}

/** Every code a book names, so the server can look up just those before validating. */
export function referencedKeys(book: readonly RawSheet[]) {
  const regionCodes = new Set<string>();
  const unitCodes = new Set<string>();
  const usernames = new Set<string>();
  const add = (set: Set<string>, v: string | undefined) => {
    const c = cleanCell(v);
    if (c) set.add(c);
  };
  for (const s of book) {
    for (const r of s.rows) {
      const c = r.cells;
      if (s.key === "regions") {
        add(regionCodes, c.code);
        add(regionCodes, c.parent);
      } else if (s.key === "units") {
        add(unitCodes, c.code);
        add(regionCodes, c.region);
      } else if (s.key === "staff") {
        add(usernames, c.username);
        add(regionCodes, c.region);
        add(unitCodes, c.unit);
      } else add(regionCodes, c.grid);
    }
  }
  return { regionCodes: [...regionCodes], unitCodes: [...unitCodes], usernames: [...usernames] };
}

export const IMPORT_TOTAL_ROWS = (book: readonly RawSheet[]) => book.reduce((n, s) => n + s.rows.length, 0);
