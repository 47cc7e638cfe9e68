import type { UnitKind } from "./categories";
import type { SheetKey } from "./import-sheets";
import type { RegionLevel } from "./regions";
import type { Role } from "./roles";

/** One data row of a sheet: its Excel row number and its cells by column key (text, trimmed later). */
export interface RawRow {
  row: number;
  cells: Record<string, string>;
}

/** A sheet as read from a workbook: `name` as the county named it (errors cite it), `headers` as found. */
export interface RawSheet {
  key: SheetKey;
  name: string;
  /** Column key → its header text and letter in this sheet (the error report cites both). */
  columns: Record<string, { header: string; letter: string }>;
  rows: RawRow[];
}

export const IMPORT_ERROR_CODES = [
  "NO_SHEETS",
  "MISSING_COLUMN",
  "REQUIRED",
  "BAD_FORMAT",
  "BAD_REGION_CODE",
  "BAD_LEVEL",
  "PARENT_NOT_FOUND",
  "PARENT_MISMATCH",
  "REGION_MOVED",
  "OUT_OF_SCOPE",
  "DUPLICATE",
  "REGION_NOT_FOUND",
  "NOT_A_GRID",
  "UNIT_NOT_FOUND",
  "BAD_VALUE",
  "BAD_PHONE",
  "BAD_ID_NUMBER",
  "HEAD_COUNT",
  "INCONSISTENT",
  "SELF_LOCKOUT",
] as const;
export type ImportErrorCode = (typeof IMPORT_ERROR_CODES)[number];

/** What is wrong, where: 工作表 / 行 / 列 / 问题 in the downloadable report. */
export interface ImportError {
  sheet: string;
  /** Excel's row number (the header is row 1); 0 for the workbook as a whole. */
  row: number;
  /** The column's header (with its letter when the sheet has it, e.g. "C 电话"); "" for a whole row. */
  column: string;
  code: ImportErrorCode;
  zh: string;
  en: string;
}

export interface KnownRegion {
  level: RegionLevel;
  parentCode: string | null;
  path: string;
}

/** What the database already holds of the codes a file names (looked up before validating). */
export interface ImportKnown {
  regions: ReadonlyMap<string, KnownRegion>;
  units: ReadonlyMap<string, { regionPath: string }>;
  users: ReadonlyMap<string, { regionPath: string }>;
}

export interface ImportScope {
  /** The importing admin's jurisdiction; null for the command line (the whole database). */
  path: string | null;
  /** The importing admin: a row may not take away their own admin role. */
  actorUsername: string | null;
  /** ID numbers with a birth year after this are refused (the current year, passed in: core has no clock). */
  maxBirthYear: number;
}

export interface PlanRegion {
  code: string;
  name: string;
  parentCode: string | null;
  level: RegionLevel;
  path: string;
  households: number | null;
}
export interface PlanUnit {
  code: string;
  name: string;
  kind: UnitKind;
  regionCode: string;
  stationing: "resident" | "rotating" | "on_call" | null;
}
export interface PlanStaff {
  username: string;
  displayName: string;
  phone: string | null;
  title: string | null;
  roles: Role[];
  regionCode: string;
  unitCode: string | null;
}
export interface PlanMember {
  relation: string;
  name: string;
  phone: string | null;
  idNumber: string | null;
  tags: string[];
}
export interface PlanHousehold {
  code: string;
  gridCode: string;
  building: string | null;
  address: string;
  tags: string[];
  members: PlanMember[];
}
export interface PlanPlace {
  code: string;
  name: string;
  kind: "building" | "village_group" | "scenic_spot" | "window";
  gridCode: string;
  households: number | null;
}

/** The validated content, parents before children: what the server writes in one transaction. */
export interface ImportPlan {
  regions: PlanRegion[];
  units: PlanUnit[];
  staff: PlanStaff[];
  households: PlanHousehold[];
  places: PlanPlace[];
}
