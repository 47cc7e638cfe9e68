import { describe, expect, it } from "vitest";
import { handlingUnit } from "../src/modules/tracking/tracking.presenter";

const names = (grid: string) =>
  new Map([
    ["county", "甘州区"],
    ["township", "梁家墩镇"],
    ["village", "梁家墩村"],
    ["grid", grid],
  ]);

describe("the handling unit's name", () => {
  it.each([
    ["梁家墩村第一网格", "grid", "梁家墩村第一网格"],
    ["第一网格", "grid", "梁家墩村第一网格"],
    ["三组", "grid", "梁家墩村三组网格"],
    ["梁家墩村第一网格", "village", "梁家墩村调解委员会"],
    ["梁家墩村第一网格", "center", "梁家墩镇综治中心"],
    ["梁家墩村第一网格", "township", "梁家墩镇党委政府"],
    ["梁家墩村第一网格", null, "甘州区综治中心"],
  ])("grid %s at level %s reads %s", (grid, level, expected) => {
    expect(handlingUnit(names(grid), level)).toBe(expected);
  });
});
