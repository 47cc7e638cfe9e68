import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  childLevel,
  inSubtree,
  REGION_LEVELS,
  type RegionLevel,
  regionChainName,
  regionPath,
  validChildCode,
  validRegionCode,
} from "./regions";

describe("regions", () => {
  it.each([
    ["province", "city"],
    ["city", "county"],
    ["county", "township"],
    ["township", "village"],
    ["village", "grid"],
    ["grid", null],
  ] as const)("childLevel(%s) = %s", (level, child) => {
    expect(childLevel(level)).toBe(child);
  });

  it.each<[RegionLevel, string, boolean]>([
    ["province", "620000", true], // 甘肃省
    ["province", "620700", false],
    ["province", "000000", false],
    ["province", "62000", false],
    ["city", "620700", true], // 张掖市
    ["city", "110100", true], // 北京市市辖区
    ["city", "620000", false],
    ["city", "620702", false],
    ["county", "620702", true], // 甘州区
    ["county", "620700", false],
    ["county", "62070a", false],
    ["township", "620702001", true],
    ["township", "441900003", true], // 东莞: towns directly under the city
    ["township", "620702000", false],
    ["township", "6207020010", false],
    ["village", "620702001001", true],
    ["village", "620702001000", false],
    ["grid", "620702001001001", true],
    ["grid", "620702001001000", false],
    ["grid", "620702001001", false],
  ])("validRegionCode(%s, %s) = %s", (level, code, ok) => {
    expect(validRegionCode(level, code)).toBe(ok);
  });

  it.each<[RegionLevel, string, string, boolean]>([
    ["province", "620000", "620700", true],
    ["province", "620000", "610100", false],
    ["city", "620700", "620702", true],
    ["city", "620700", "620802", false],
    ["county", "620702", "620702001", true],
    ["county", "620702", "620703001", false],
    ["township", "620702001", "620702001001", true],
    ["township", "620702001", "620702002001", false],
    ["village", "620702001001", "620702001001001", true],
    ["village", "620702001001", "620702001001", false],
    ["grid", "620702001001001", "620702001001001001", false],
    ["province", "620700", "620702", false], // parent code invalid for its level
  ])("validChildCode(%s, %s, %s) = %s", (level, parent, child, ok) => {
    expect(validChildCode(level, parent, child)).toBe(ok);
  });

  it.each([
    [null, "620000", "620000"],
    ["620000", "620700", "620000.620700"],
    ["620000.620700", "620702", "620000.620700.620702"],
  ])("regionPath(%s, %s) = %s", (parent, code, path) => {
    expect(regionPath(parent, code)).toBe(path);
  });

  it.each(["", "62.07", "abc"])("regionPath refuses %j", (code) => {
    expect(() => regionPath("620000", code)).toThrow(expect.objectContaining({ code: "INVALID_INPUT" }));
  });

  it.each([
    ["620000.620700", "620000", true],
    ["620000", "620000", true],
    ["620000", "620000.620700", false],
    ["620000.6207001", "620000.620700", false], // a shared prefix is not a subtree
    ["610000.610100", "620000", false],
  ])("inSubtree(%s, %s) = %s", (path, scope, ok) => {
    expect(inSubtree(path, scope)).toBe(ok);
  });

  it("every child code built from a valid parent prefix is accepted", () => {
    const digits = (n: number) => fc.stringMatching(new RegExp(`^[0-9]{${n}}$`));
    fc.assert(
      fc.property(digits(6), digits(3), (county, suffix) => {
        const c = `6207${county.slice(4)}`;
        fc.pre(validRegionCode("county", c) && suffix !== "000");
        expect(validChildCode("county", c, c + suffix)).toBe(true);
      }),
    );
  });

  it("levels are listed top to bottom", () => {
    expect(REGION_LEVELS[0]).toBe("province");
    expect(REGION_LEVELS.at(-1)).toBe("grid");
  });
});

describe("regionChainName", () => {
  it("joins the names and drops a parent's name a child repeats", () => {
    expect(regionChainName(["梁家墩镇", "梁家墩村", "梁家墩村第一网格"])).toBe(
      "梁家墩镇 › 梁家墩村 › 第一网格",
    );
    expect(regionChainName(["梁家墩镇", "上秦村", "第二网格"])).toBe("梁家墩镇 › 上秦村 › 第二网格");
    // A name equal to its parent's stays whole: there would be nothing left.
    expect(regionChainName(["新区", "新区"])).toBe("新区 › 新区");
    expect(regionChainName([])).toBe("");
  });
});
