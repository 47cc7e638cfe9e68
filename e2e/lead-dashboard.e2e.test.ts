// The leaders' dashboard (issue 11): a county leader's first screen, drill-down on the map, a red
// case from the list, the weekly brief and the Excel export.
import { describe, expect, it } from "vitest";
import { consoleSuite, shot } from "./console-harness";

const { as, sessions } = consoleSuite();

describe("leaders' dashboard", () => {
  it("a leader lands on the dashboard, drills from county to a grid on the map, opens a red case", async () => {
    const s = await as("leader");
    const { page } = s;
    expect(new URL(page.url()).pathname).toBe("/dashboard");
    const crumbs = page.getByTestId("crumbs");
    await crumbs.getByText("甘州区").waitFor();
    const received = Number(
      await page.getByTestId("kpi-received").locator(".ant-statistic-content-value").textContent(),
    );
    expect(received).toBeGreaterThan(0);
    await page.getByTestId("region-map").locator("svg").waitFor();
    await shot(page, "dashboard-county");

    // County → township → village → grid, each by a click on the map.
    for (const [name, level] of [
      ["梁家墩镇", "township"],
      ["梁家墩村", "village"],
    ] as const) {
      await page.getByTestId("region-map").locator("svg text", { hasText: name }).first().click();
      await crumbs.getByText(name).waitFor();
      expect(level).toBeTruthy();
    }
    const gridLabel = page.getByTestId("region-map").locator("svg text").first();
    const gridName = ((await gridLabel.textContent()) ?? "").trim();
    expect(gridName).toContain("网格");
    await gridLabel.click();
    await crumbs.getByText(gridName).waitFor();
    expect(await crumbs.locator(".ant-breadcrumb-link, li").count()).toBeGreaterThanOrEqual(4);
    await shot(page, "dashboard-grid");

    // Back to the county by the breadcrumb; open the first red case from the list.
    await crumbs.getByText("甘州区").click();
    await page.getByTestId("red-row").first().waitFor();
    const redCount = await page.getByTestId("red-row").count();
    expect(redCount).toBeGreaterThan(0);
    await page.getByTestId("red-row").first().locator("a").first().click();
    await page.getByTestId("case-detail").waitFor();
    expect(new URL(page.url()).pathname).toMatch(/^\/cases\/\d{6}-\d{6}-\d{7}$/);
  });

  it("every KPI card opens exactly the list it counts", async () => {
    const s = await as("leader");
    const { page } = s;
    const resolved = Number(
      await page.getByTestId("kpi-resolved").locator(".ant-statistic-content-value").textContent(),
    );
    const href = await page.getByTestId("kpi-resolved").getAttribute("href");
    expect(href).toContain("outcome=resolved");
    const api = await page.request.get(`/api/v1/cases${(href ?? "").replace(/^\/cases/, "")}&limit=200`);
    expect((await api.json()).items.length).toBe(resolved);
  });

  it("downloads the weekly brief (page and PDF) and the Excel export with the township column", async () => {
    const s = await as("leader");
    const { page } = s;
    const briefHref = await page.getByTestId("brief-link").getAttribute("href");
    const brief = await page.request.get(briefHref ?? "");
    expect(brief.status()).toBe(200);
    expect(await brief.text()).toContain("甘州区矛盾纠纷调处化解工作周报");
    const [pdf] = await Promise.all([page.waitForEvent("download"), page.getByTestId("brief-pdf").click()]);
    expect(pdf.suggestedFilename()).toMatch(/^brief-620702-\d{4}-\d{2}-\d{2}\.pdf$/);
    const [xlsx] = await Promise.all([
      page.waitForEvent("download"),
      page.getByTestId("dashboard-export").click(),
    ]);
    expect(xlsx.suggestedFilename()).toMatch(/\.xlsx$/);
  });

  it("logged no console errors", () => {
    expect(sessions.flatMap((s) => s.errors)).toEqual([]);
  });
});
