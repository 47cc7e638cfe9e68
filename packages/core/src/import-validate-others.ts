import { UNIT_KIND_CODES, type UnitKind } from "./categories";
import { CODE_RE, cleanCell, normalizePhoneCell, splitList, USERNAME_RE } from "./import-checks";
import { parseCount, type RegionIndex, SheetReporter } from "./import-reporter";
import { PLACE_KIND_WORDS, ROLE_WORDS, STATIONING_WORDS, UNIT_KIND_WORDS } from "./import-sheets";
import type { ImportError, PlanPlace, PlanStaff, PlanUnit, RawRow, RawSheet } from "./import-types";
import { ROLES, type Role } from "./roles";

/** Codes of one kind seen so far in the file: a second row with the same code is a duplicate. */
class Seen {
  private readonly at = new Map<string, string>();
  dup(rep: SheetReporter, r: RawRow, key: string, value: string, what: string): boolean {
    const first = this.at.get(value);
    if (first) {
      rep.add(
        r.row,
        key,
        "DUPLICATE",
        `${what} ${value} 重复（与${first}相同）`,
        `Duplicate ${key} ${value}`,
      );
      return true;
    }
    this.at.set(value, `${rep.sheet.name}第${r.row}行`);
    return false;
  }
}

function code(rep: SheetReporter, r: RawRow, key: string): string {
  const v = rep.need(r, key);
  if (v && !CODE_RE.test(v)) {
    rep.add(
      r.row,
      key,
      "BAD_FORMAT",
      `编码“${v}”只能含字母、数字、-、_、.，最长40位`,
      "Codes may hold letters, digits, - _ . only",
    );
    return "";
  }
  return v;
}

function units(errors: ImportError[], sheets: RawSheet[], regions: RegionIndex, seen: Seen) {
  const out: PlanUnit[] = [];
  for (const sheet of sheets) {
    const rep = new SheetReporter(errors, sheet);
    for (const r of sheet.rows) {
      const c = code(rep, r, "code");
      const name = rep.need(r, "name");
      const kindText = rep.need(r, "kind");
      const region = rep.need(r, "region");
      const kind: UnitKind | undefined =
        UNIT_KIND_WORDS[kindText] ?? UNIT_KIND_CODES.find((k) => k === kindText);
      if (kindText && !kind)
        rep.add(
          r.row,
          "kind",
          "BAD_VALUE",
          `单位类型“${kindText}”无法识别`,
          `Unknown unit kind "${kindText}"`,
        );
      const stText = cleanCell(r.cells.stationing);
      const stationing = stText ? (STATIONING_WORDS[stText] ?? null) : null;
      if (stText && !stationing)
        rep.add(
          r.row,
          "stationing",
          "BAD_VALUE",
          `入驻方式“${stText}”应为 常驻、轮驻 或 随叫随驻`,
          "Unknown stationing",
        );
      const existing = c ? regions.known.units.get(c) : undefined;
      if (existing && !regions.inScope(existing.regionPath)) {
        rep.add(
          r.row,
          "code",
          "OUT_OF_SCOPE",
          `单位编码 ${c} 已被辖区外的单位使用`,
          `Unit code ${c} belongs to a unit outside your jurisdiction`,
        );
        continue;
      }
      if (!c || !name || !kind || !region || (stText && !stationing)) continue;
      if (seen.dup(rep, r, "code", c, "单位编码")) continue;
      if (!regions.check(rep, r, "region", region, false)) continue;
      out.push({ code: c, name, kind, regionCode: region, stationing });
    }
  }
  return out;
}

function staff(errors: ImportError[], sheets: RawSheet[], regions: RegionIndex, unitCodes: Set<string>) {
  const out: PlanStaff[] = [];
  const seen = new Seen();
  for (const sheet of sheets) {
    const rep = new SheetReporter(errors, sheet);
    for (const r of sheet.rows) {
      const username = rep.need(r, "username");
      const displayName = rep.need(r, "name");
      const rolesText = rep.need(r, "roles");
      const region = rep.need(r, "region");
      if (username && !USERNAME_RE.test(username)) {
        rep.add(
          r.row,
          "username",
          "BAD_FORMAT",
          "用户名应为3–50位字母、数字、_ . -",
          "Username: 3–50 letters, digits, _ . -",
        );
        continue;
      }
      const roles: Role[] = [];
      for (const w of splitList(rolesText)) {
        const role = ROLE_WORDS[w] ?? ROLES.find((x) => x === w);
        if (!role) rep.add(r.row, "roles", "BAD_VALUE", `角色“${w}”无法识别`, `Unknown role "${w}"`);
        else if (!roles.includes(role)) roles.push(role);
      }
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
      const unitCode = cleanCell(r.cells.unit) || null;
      if (unitCode && !unitCodes.has(unitCode) && !regions.known.units.has(unitCode)) {
        rep.add(
          r.row,
          "unit",
          "UNIT_NOT_FOUND",
          `单位编码 ${unitCode} 在本文件和系统中都不存在`,
          `Unit ${unitCode} not found`,
        );
        continue;
      }
      const existing = username ? regions.known.users.get(username) : undefined;
      if (existing && !regions.inScope(existing.regionPath)) {
        rep.add(
          r.row,
          "username",
          "OUT_OF_SCOPE",
          `用户名 ${username} 已被辖区外的人员使用`,
          `Username ${username} is taken outside your jurisdiction`,
        );
        continue;
      }
      if (username && username === regions.scope.actorUsername && roles.length && !roles.includes("admin")) {
        rep.add(
          r.row,
          "roles",
          "SELF_LOCKOUT",
          "不能通过导入取消您自己的管理员角色",
          "You cannot drop your own admin role by import",
        );
        continue;
      }
      if (!username || !displayName || !region || roles.length === 0 || (phoneText && !phone)) continue;
      if (seen.dup(rep, r, "username", username, "用户名")) continue;
      if (!regions.check(rep, r, "region", region, false)) continue;
      const title = cleanCell(r.cells.title) || null;
      out.push({ username, displayName, phone, title, roles, regionCode: region, unitCode });
    }
  }
  return out;
}

function places(errors: ImportError[], sheets: RawSheet[], regions: RegionIndex) {
  const out: PlanPlace[] = [];
  const seen = new Seen();
  for (const sheet of sheets) {
    const rep = new SheetReporter(errors, sheet);
    for (const r of sheet.rows) {
      const c = code(rep, r, "code");
      const name = rep.need(r, "name");
      const kindText = rep.need(r, "kind");
      const grid = rep.need(r, "grid");
      const kind = PLACE_KIND_WORDS[kindText] ?? Object.values(PLACE_KIND_WORDS).find((k) => k === kindText);
      if (kindText && !kind)
        rep.add(
          r.row,
          "kind",
          "BAD_VALUE",
          `点位类型“${kindText}”应为 楼栋、村民小组、景区 或 服务窗口`,
          "Unknown place kind",
        );
      const households = parseCount(rep, r, "households");
      if (!c || !name || !kind || !grid) continue;
      if (seen.dup(rep, r, "code", c, "点位编号")) continue;
      if (!regions.check(rep, r, "grid", grid, true)) continue;
      out.push({ code: c, name, kind, gridCode: grid, households });
    }
  }
  return out;
}

/** 单位, 人员 and 码上反映点位 (the regions are validated first: these point into them). */
export function validateOthers(errors: ImportError[], book: readonly RawSheet[], regions: RegionIndex) {
  const of = (k: RawSheet["key"]) => book.filter((s) => s.key === k);
  const unitPlan = units(errors, of("units"), regions, new Seen());
  // A unit row with an error still counts as "in the file" for staff, so its error is reported once.
  const unitCodes = new Set(of("units").flatMap((s) => s.rows.map((r) => cleanCell(r.cells.code))));
  return {
    units: unitPlan,
    staff: staff(errors, of("staff"), regions, unitCodes),
    places: places(errors, of("places"), regions),
  };
}
