// Journeys of issue 7's console items: 码上反映 callbacks on the workbench, figures that open their
// own set, region search by pinyin, the escalate dialog's destination, and timeline sentences.
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { consoleSuite, fillText, runAction, shot } from "./console-harness";

const { as, sessions, url } = consoleSuite();
let qrCode = "";

async function csrf(page: Page): Promise<string> {
  const me = await page.request.get("/api/v1/auth/me");
  return ((await me.json()) as { csrfToken: string }).csrfToken;
}

async function count(page: Page, key: string): Promise<number> {
  const text = await page.getByTestId(`count-${key}`).locator(".ant-statistic-content-value").textContent();
  return Number(text?.replace(/\D/g, ""));
}

describe("console workflow (issue 7)", () => {
  it("puts a citizen's QR report on the cadre's workbench with its callback countdown", async () => {
    const cadre = await as("cadre");
    const places = await cadre.page.request.get("/api/v1/places");
    const { items } = (await places.json()) as { items: { token: string }[] };
    // The citizen's phone: no staff cookie (a cookie would make the API ask for a CSRF token).
    const report = await fetch(`${url()}/api/public/reports`, {
      method: "POST",
      headers: { "content-type": "application/json", "idempotency-key": `e2e-${Date.now()}` },
      body: JSON.stringify({
        token: items[0]?.token,
        kind: "case",
        category: "neighbour",
        description: "楼上邻居夜间装修噪音很大，影响老人休息。",
        name: "李四",
        phone: "13912340001",
        consent: true,
        website: "",
      }),
    });
    expect(report.status).toBe(201);
    qrCode = ((await report.json()) as { code: string }).code;
    await cadre.page.reload();
    const row = cadre.page.getByTestId("callback-row").filter({ hasText: qrCode });
    await row.waitFor();
    await expect(row.getAttribute("data-missed")).resolves.toBe("false");
    await expect(row.textContent()).resolves.toMatch(/回电剩余\s*剩余 (2\d|30)分/);
    expect(await count(cadre.page, "callbackDue")).toBeGreaterThanOrEqual(1);
    expect(await count(cadre.page, "new")).toBeGreaterThanOrEqual(1);
    await shot(cadre.page, "workbench-callback");
  });

  it("shows a missed callback red on the cadre's and the township center's workbench", async () => {
    const admin = await as("admin");
    const res = await admin.page.request.post("/api/v1/admin/clock/advance", {
      headers: { "x-csrf-token": await csrf(admin.page) },
      data: { by: "PT31M" },
    });
    expect(res.status()).toBe(200);
    for (const who of ["cadre", "center"]) {
      const s = await as(who);
      const row = s.page.getByTestId("callback-row").filter({ hasText: qrCode });
      await row.waitFor();
      await expect(row.getAttribute("data-missed")).resolves.toBe("true");
      expect(await count(s.page, "callbackMissed")).toBeGreaterThanOrEqual(1);
      await shot(s.page, `workbench-callback-missed-${who}`);
    }
    const cadre = sessions.find((s) => s.page.url().endsWith("/")) ?? (await as("cadre"));
    await cadre.page.goto(`/cases/${qrCode}`);
    const timeline = cadre.page.getByTestId("timeline");
    // Once, with five browser suites at once on two cores, this page never showed the event within 30 s
    // (not reproduced since; the sweep commits it with callback_missed, which the workbench just showed):
    // a stalled first load gets a few reloads. A missing event still fails below.
    const red = timeline.getByText("预警升为红色：回电超时");
    for (let i = 0; i < 10 && !(await red.isVisible()); i++) {
      await cadre.page.waitForTimeout(1_000);
      await cadre.page.reload();
      await timeline.waitFor();
    }
    await red.waitFor();
    await timeline.getByText("回电超时：未在时限内给群众回电").waitFor();
    expect(await timeline.textContent()).not.toContain("case.");
    const tag = cadre.page.locator('[data-warning="red"]').first();
    await expect(tag.getAttribute("data-why")).resolves.toContain("回电超时");
  });

  it("opens exactly the set a workbench figure counts", async () => {
    const s = await as("cadre");
    const n = await count(s.page, "callbackMissed");
    await s.page.getByTestId("count-callbackMissed").click();
    await s.page.getByTestId("scope-note").waitFor();
    await s.page.getByTestId("case-link").first().waitFor();
    expect(await s.page.getByTestId("case-link").count()).toBe(n);
    expect(s.page.url()).toContain("callback=missed");
  });

  it("finds a village by pinyin initials in 登记's region picker, with its path", async () => {
    const s = await as("hotline");
    await s.page.goto("/cases/new");
    await s.page.locator("#regionCode").click();
    await s.page.keyboard.type("ljd");
    const hit = s.page.locator(".ant-select-tree-treenode", { hasText: "梁家墩镇 › 梁家墩村" }).first();
    await hit.waitFor();
    await shot(s.page, "region-search-pinyin");
    await s.page.locator(".ant-select-tree-treenode", { hasText: "梁家墩村第一网格" }).first().click();
    await expect(s.page.locator("#regionCode").locator("..").textContent()).resolves.toBeDefined();
  });

  it("tells a village cadre where an escalation goes and lets them go above their own level", async () => {
    const hotline = sessions.find((x) => x.page.url().includes("/cases/new")) ?? (await as("hotline"));
    const created = await hotline.page.request.post("/api/v1/cases", {
      headers: { "x-csrf-token": await csrf(hotline.page) },
      data: {
        channel: "hotline",
        category: "housing_homestead",
        title: "宅基地边界争议",
        description: "两户因宅基地边界砌墙发生争议。",
        regionCode: "620702100201001",
      },
    });
    expect(created.status()).toBe(201);
    const { code } = (await created.json()) as { code: string };
    const cadre = await as("cadre");
    await cadre.page.goto(`/cases/${code}`);
    await cadre.page.getByTestId("case-detail").waitFor();
    await runAction(cadre.page, "escalate", async (page) => {
      const choice = page.getByTestId("escalate-choice");
      await choice.getByText("接手：移到我这一级（组团（梁家墩村））").waitFor();
      await choice.getByText("上报至上级：会诊（梁家墩镇）").click();
      await shot(page, "escalate-choice");
      await fillText("理由", "涉及多户，需综治中心会诊")(page);
      // A tablet turned mid-dialog crosses the phone breakpoint: the dialog and what was typed stay.
      const wide = page.viewportSize();
      await page.setViewportSize({ width: 390, height: 844 });
      await page.getByTestId("action-bar").waitFor();
      if (wide) await page.setViewportSize(wide);
      await expect(page.locator(".ant-modal").getByLabel("理由").inputValue()).resolves.toBe(
        "涉及多户，需综治中心会诊",
      );
    });
    const timeline = cadre.page.getByTestId("timeline");
    await timeline.getByText("上报至会诊（第 3 步）").waitFor();
  });

  it("logs no console errors on any page visited", () => {
    expect(sessions.flatMap((s) => s.errors)).toEqual([]);
  });
});
