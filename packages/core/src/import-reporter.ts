import { cleanCell } from "./import-checks";
import { LEVEL_ZH, sheetDef } from "./import-sheets";
import type {
  ImportError,
  ImportErrorCode,
  ImportKnown,
  ImportScope,
  PlanRegion,
  RawRow,
  RawSheet,
} from "./import-types";
import { inSubtree, type RegionLevel } from "./regions";

/** Reports problems for one sheet: cites the sheet's own name and the column as the county wrote it. */
export class SheetReporter {
  constructor(
    readonly errors: ImportError[],
    readonly sheet: RawSheet,
  ) {}
  column(key: string): string {
    const c = this.sheet.columns[key];
    if (c) return `${c.letter} ${c.header}`;
    return sheetDef(this.sheet.key).columns.find((d) => d.key === key)?.header ?? key;
  }
  add(row: number, key: string, code: ImportErrorCode, zh: string, en: string) {
    this.errors.push({ sheet: this.sheet.name, row, column: key ? this.column(key) : "", code, zh, en });
  }
  /** The cell's text, or "" after reporting it when a required cell is empty. */
  need(r: RawRow, key: string): string {
    const v = cleanCell(r.cells[key]);
    if (!v) this.add(r.row, key, "REQUIRED", `“${this.column(key)}”不能为空`, `"${key}" is required`);
    return v;
  }
}

/** Where regions of the file and of the database are looked up while validating the other sheets. */
export class RegionIndex {
  constructor(
    readonly file: Map<string, PlanRegion>,
    readonly known: ImportKnown,
    readonly scope: ImportScope,
  ) {}
  get(code: string): { level: RegionLevel; path: string } | null {
    return this.file.get(code) ?? this.known.regions.get(code) ?? null;
  }
  inScope(path: string): boolean {
    return this.scope.path === null || inSubtree(path, this.scope.path);
  }
  /** A region the row points at: exists, lies in scope and (when asked) is a grid; else reported. */
  check(rep: SheetReporter, r: RawRow, key: string, code: string, grid: boolean): boolean {
    const found = this.get(code);
    if (!found) {
      rep.add(
        r.row,
        key,
        "REGION_NOT_FOUND",
        `区划代码 ${code} 在本文件和系统中都不存在`,
        `Region ${code} not found`,
      );
      return false;
    }
    if (!this.inScope(found.path)) {
      rep.add(
        r.row,
        key,
        "OUT_OF_SCOPE",
        `区划 ${code} 不在您的辖区内`,
        `Region ${code} is outside your jurisdiction`,
      );
      return false;
    }
    if (grid && found.level !== "grid") {
      rep.add(
        r.row,
        key,
        "NOT_A_GRID",
        `${code} 是${LEVEL_ZH[found.level]}，这里需要网格代码`,
        `${code} is not a grid`,
      );
      return false;
    }
    return true;
  }
}

export function parseCount(rep: SheetReporter, r: RawRow, key: string): number | null {
  const v = cleanCell(r.cells[key]);
  if (!v) return null;
  if (/^\d{1,7}$/.test(v)) return Number(v);
  rep.add(r.row, key, "BAD_VALUE", `“${v}”不是有效的数字`, `"${v}" is not a whole number`);
  return null;
}
