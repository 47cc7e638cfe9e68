// 住户与排查 in the console at 390 × 844 (issue 12): the village cadre finds a household of 梁家墩村
// with its members masked and reveals the contacts (logged); the township sees its running
// 婚恋家庭纠纷排查 with progress by village, and the page never scrolls sideways.
import { describe, expect, it } from "vitest";
import { consoleSuite, PHONE, shot } from "./console-harness";

const suite = consoleSuite();
const as = (username: string) => suite.as(username, PHONE);

describe("住户与排查 on a phone", () => {
  it("the village cadre searches a household, sees it masked and reveals the contacts", async () => {
    const { page } = await as("cadre");
    await page.goto("/field");
    const search = page.getByPlaceholder("地址、姓名或手机尾号后4位");
    await search.fill("1201");
    await search.press("Enter");
    const card = page.getByTestId("household-card").filter({ hasText: "梁家墩村一组12号" });
    await card.waitFor();
    expect(await page.getByTestId("household-card").count()).toBe(1);
    await expect.poll(() => card.textContent()).toContain("赵**");
    expect(await card.textContent()).not.toContain("赵桂英");
    await card.getByTestId("household-reveal").click();
    await page.locator(".ant-popconfirm .ant-btn-primary").click();
    await page.getByText("赵桂英").waitFor();
    expect(await page.getByText("13909361201").count()).toBeGreaterThan(0);
    expect(
      await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
    ).toBeLessThanOrEqual(0);
    await shot(page, "field-households-phone");
  });

  it("the township sees its screening campaign's progress by village", async () => {
    const { page } = await as("township");
    await page.goto("/field");
    await page.getByRole("tab", { name: "排查" }).click();
    const card = page.getByTestId("campaign-card").filter({ hasText: "婚恋家庭纠纷排查" });
    await card.waitFor();
    await expect.poll(() => card.textContent()).toContain("1/");
    expect(await card.textContent()).toContain("进行中");
    expect(await page.locator("h1").first().textContent()).toBe("住户与排查");
    await card.click();
    await page.getByTestId("campaign-by-region").filter({ hasText: "梁家墩村" }).waitFor();
    expect(await page.getByTestId("campaign-create").count()).toBe(1);
    expect(
      await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
    ).toBeLessThanOrEqual(0);
    await shot(page, "field-campaigns-phone");
  });

  it("no page logged an error", () => {
    expect(suite.sessions.flatMap((s) => s.errors)).toEqual([]);
  });
});
