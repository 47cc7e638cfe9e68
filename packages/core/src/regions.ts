import { AppError } from "./errors";

/** Administrative levels, top to bottom; a grid (网格) sits below its village/community. */
export const REGION_LEVELS = ["province", "city", "county", "township", "village", "grid"] as const;
export type RegionLevel = (typeof REGION_LEVELS)[number];

export function childLevel(level: RegionLevel): RegionLevel | null {
  return REGION_LEVELS[REGION_LEVELS.indexOf(level) + 1] ?? null;
}

// GB/T 2260 codes are 6 digits (省 xx0000, 市 xxxx00, 县 xxxxxx); the statistics division codes
// extend them to 9 (乡镇街道) and 12 (村/社区) digits; grids add 3 more below their village.
// A township's first 6 digits may be a city code (东莞 441900, 中山 442000 have no counties).
const CODE_PATTERNS: Record<RegionLevel, RegExp> = {
  province: /^[1-9]\d0000$/,
  city: /^[1-9]\d(?!00)\d{2}00$/,
  county: /^[1-9]\d{3}(?!00)\d{2}$/,
  township: /^[1-9]\d{5}(?!000)\d{3}$/,
  village: /^[1-9]\d{8}(?!000)\d{3}$/,
  grid: /^[1-9]\d{11}(?!000)\d{3}$/,
};

/** How many leading digits identify a region of this level inside its children's codes. */
const SIGNIFICANT_DIGITS: Record<RegionLevel, number> = {
  province: 2,
  city: 4,
  county: 6,
  township: 9,
  village: 12,
  grid: 15,
};

export function validRegionCode(level: RegionLevel, code: string): boolean {
  return CODE_PATTERNS[level].test(code);
}

/** A child's code must lie inside its parent's code space, one level down. */
export function validChildCode(parentLevel: RegionLevel, parentCode: string, childCode: string): boolean {
  const level = childLevel(parentLevel);
  if (level === null) return false;
  if (!validRegionCode(parentLevel, parentCode) || !validRegionCode(level, childCode)) return false;
  return childCode.startsWith(parentCode.slice(0, SIGNIFICANT_DIGITS[parentLevel]));
}

/** Materialized path ("620000.620700.620702") so a subtree is one prefix query. */
export function regionPath(parentPath: string | null, code: string): string {
  if (!/^\d+$/.test(code)) {
    throw new AppError("INVALID_INPUT", { zh: `区划代码无效：${code}`, en: `Invalid region code: ${code}` });
  }
  return parentPath ? `${parentPath}.${code}` : code;
}

/** The "." guard keeps 620702 from matching 6207021 as a false descendant. */
export function inSubtree(path: string, scopePath: string): boolean {
  return path === scopePath || path.startsWith(`${scopePath}.`);
}

/**
 * A region path as people read it: "梁家墩镇 › 梁家墩村 › 第一网格". A child whose name repeats its
 * parent's (梁家墩村第一网格 under 梁家墩村) is cut to its own part, so the chain does not stutter.
 */
export function regionChainName(names: readonly string[]): string {
  return names
    .map((n, i) => {
      const parent = names[i - 1];
      return parent && n.length > parent.length && n.startsWith(parent) ? n.slice(parent.length) : n;
    })
    .join(" › ");
}
