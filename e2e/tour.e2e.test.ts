// 旅游警务 on a 390 × 844 phone: a tourist reports from the scenic spot's QR code; the post's officer
// (杨警官, also 梁家墩村's resident officer) sees who is on duty today and the waiting report on the
// workbench, edits tomorrow's duty on the roster and opens the A4 print.
import { describe, expect, it } from "vitest";
import { apiCall, consoleSuite, PHONE, shot } from "./console-harness";

const suite = consoleSuite();
const { sessions } = suite;

describe("旅游警务 on a phone", () => {
  it("duty today and the waiting report on the workbench; the roster edited and printed", async () => {
    const cadre = await suite.as("cadre");
    const places = await apiCall(cadre.page, "GET", "/places");
    const spot = (places.items as { name: string; token: string }[]).find((p) => p.name.includes("湿地公园"));
    const report = await cadre.page.request.post("/api/public/reports", {
      headers: { "idempotency-key": `tour-e2e-${Date.now()}` },
      data: {
        token: spot?.token,
        kind: "case",
        category: "tourism",
        description: "景区停车场乱收费，与管理员发生争执。",
        name: "游客王先生",
        phone: "13909361234",
        consent: true,
        website: "",
      },
    });
    expect(report.status()).toBe(201);
    await cadre.context.close();

    const police = await suite.as("police", PHONE);
    const page = police.page;
    const duty = page.getByTestId("duty-today").first();
    await duty.waitFor();
    expect(await duty.textContent()).toContain("杨警官");
    expect(await duty.textContent()).toMatch(/待响应游客求助 1 件/);

    await page.goto("/tour");
    await page.getByTestId("roster-editor").waitFor();
    const row = page.locator('[data-testid^="roster-20"]').nth(1);
    await row.locator("input").first().fill("3");
    await page.getByTestId("roster-save").click();
    await page.locator(".ant-message-success").waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await shot(page, "tour-roster-phone");

    const [tab] = await Promise.all([
      page.context().waitForEvent("page"),
      page.getByText("打印执勤表").click(),
    ]);
    await tab.waitForLoadState();
    expect(await tab.locator("h1").textContent()).toContain("湿地公园旅游警务室 执勤表");
    expect(await tab.locator("body").textContent()).toContain("3");
    await tab.close();
    expect(sessions.flatMap((s) => s.errors)).toEqual([]);
  });
});
