import { describe, expect, it } from "vitest";
import { CATEGORIES, CATEGORY_FAMILY_CODES, categoriesOf, categoryFamily } from "./categories";

// The dispute codes stored on cases since the start: they must never change.
const DISPUTES = [
  "marriage_family",
  "neighbour",
  "housing_homestead",
  "contract",
  "business",
  "damages",
  "forest_land",
  "land_acquisition",
  "pollution",
  "labour",
  "consumer",
  "medical",
  "traffic",
  "property_mgmt",
  "village_affairs",
  "finance",
  "tourism",
  "other",
];

describe("categories", () => {
  it("keeps every dispute code, in the 矛盾纠纷类 family", () => {
    expect(categoriesOf("dispute")).toEqual(DISPUTES);
  });

  it.each([
    ["road_facilities", "道路交通设施"],
    ["sanitation", "环境卫生"],
    ["utilities", "水电气暖"],
    ["public_order", "治安秩序"],
    ["public_services", "公共服务"],
    ["city_appearance", "城市管理（市容）"],
    ["other_incident", "其他事件"],
  ])("has the 事件类 request kind %s (%s)", (code, zh) => {
    expect(CATEGORIES.find((c) => c.code === code)).toMatchObject({ family: "incident", zh });
    expect(categoryFamily(code)).toBe("incident");
  });

  it("gives every category a known family, a unique code and names in zh and en", () => {
    expect(new Set(CATEGORIES.map((c) => c.code)).size).toBe(CATEGORIES.length);
    for (const c of CATEGORIES) {
      expect(CATEGORY_FAMILY_CODES).toContain(c.family);
      expect(c.zh.length).toBeGreaterThan(0);
      expect(c.en.length).toBeGreaterThan(0);
    }
    expect(categoryFamily("neighbour")).toBe("dispute");
  });
});
