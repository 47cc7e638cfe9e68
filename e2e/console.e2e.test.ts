// End-to-end journeys of the staff console (issue #3), against the real server and Chromium.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Page } from "playwright-core";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { consoleSuite, fillText, runAction, shot } from "./console-harness";

const { as, sessions, open } = consoleSuite();
let ladderCode = "";
let tmp = "";

async function openCase(page: Page, code: string) {
  await page.goto(`/cases/${code}`);
  await page.getByTestId("case-detail").waitFor();
}

const recordFailedMediation = (summary: string) => async (page: Page) => {
  await page.locator(".ant-modal").getByText("调解未成功").click();
  await fillText("情况摘要", summary)(page);
};

beforeAll(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), "fq-e2e-"));
});

afterAll(async () => {
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

describe("staff console", () => {
  it("shows the demo accounts on the login page", async () => {
    const s = await open();
    sessions.push(s);
    await s.page.goto("/login");
    await s.page.getByText("演示账号").waitFor();
    await shot(s.page, "login");
  });

  it("runs a dispute up the 四级七天 ladder to the township's decision", async () => {
    const hotline = await as("hotline");
    const { page } = hotline;
    await page.goto("/cases/new");
    await page.locator("#reporterPhone").fill("13900001111");
    await page.locator("#reporterName").fill("张建华");
    await page.getByTestId("phone-lookup").waitFor();
    await page.locator("#category").click();
    await page.keyboard.type("邻里");
    await page.keyboard.press("Enter");
    await page.locator("#regionCode").click();
    await page.keyboard.type("梁家墩村第一网格");
    await page.locator(".ant-select-tree-treenode", { hasText: "梁家墩村第一网格" }).first().click();
    await page.locator("#title").fill("邻居装修噪音扰民");
    await page.locator("#description").fill("楼上邻居连续一周夜间装修，多次沟通无果，请求调解。");
    // The caller's photo, sent by WeChat to the clerk: attached while registering.
    const photo = path.join(tmp, "噪音现场.png");
    await writeFile(
      photo,
      await sharp({ create: { width: 64, height: 48, channels: 3, background: "#c84" } })
        .png()
        .toBuffer(),
    );
    await page.getByTestId("new-case-attachments").locator('input[type="file"]').setInputFiles(photo);
    await page.locator(".ant-upload-list-item", { hasText: "噪音现场.png" }).waitFor();
    await shot(page, "new-case");
    await page.getByTestId("new-case-submit").click();
    await page.getByTestId("case-detail").waitFor();
    ladderCode = ((await page.getByTestId("case-code").textContent()) ?? "").trim();
    expect(ladderCode).toMatch(/\w{6,}/);
    const attachments = page.getByTestId("case-attachments");
    await attachments.locator('img[alt="噪音现场.png"]').waitFor();
    expect(await attachments.locator("img").count()).toBe(1);
    expect(await page.getByTestId("timeline").textContent()).toContain("上传附件");

    const grid = await as("grid");
    await shot(grid.page, "workbench-grid");
    await openCase(grid.page, ladderCode);
    await runAction(grid.page, "accept");
    await runAction(
      grid.page,
      "recordMediation",
      recordFailedMediation("首调：双方意见分歧较大，未能达成一致"),
    );
    await runAction(grid.page, "escalate", fillText("理由", "首调未成功，上报村调委会组团调解"));

    const cadre = await as("cadre");
    await openCase(cadre.page, ladderCode);
    await runAction(
      cadre.page,
      "recordMediation",
      recordFailedMediation("组团调解：村书记、民警参与，仍未达成协议"),
    );
    await runAction(cadre.page, "escalate", fillText("理由", "组团调解未成功，提请综治中心会诊"));

    const center = await as("center");
    await openCase(center.page, ladderCode);
    await runAction(center.page, "recordMediation", recordFailedMediation("会诊：司法所、派出所联合研判"));
    await runAction(center.page, "escalate", fillText("理由", "会诊后需乡镇党委政府拍板"));

    const township = await as("township");
    await openCase(township.page, ladderCode);
    await runAction(
      township.page,
      "resolve",
      fillText("情况摘要", "镇党委拍板：限定施工时间，赔偿损失，双方签订协议"),
    );
    const p = township.page;
    await expect(p.getByTestId("settled-step").textContent()).resolves.toBe("4");
    await expect(p.getByTestId("case-code").textContent()).resolves.toContain(ladderCode);
    const timeline = await p.getByTestId("timeline").textContent();
    for (const step of [
      "第 1 级 → 第 2 级",
      "第 2 级 → 第 3 级",
      "第 3 级 → 第 4 级",
      "办结",
      "登记",
      "受理",
    ]) {
      expect(timeline).toContain(step);
    }
    await shot(p, "case-detail-settled");
  });

  it("turns an overdue case red and puts it in the next level's queue", async () => {
    const hotline = await as("hotline");
    const me = await hotline.page.request.get("/api/v1/auth/me");
    const { csrfToken } = (await me.json()) as { csrfToken: string };
    const created = await hotline.page.request.post("/api/v1/cases", {
      headers: { "x-csrf-token": csrfToken },
      data: {
        channel: "hotline",
        category: "labour",
        title: "工地拖欠农民工工资",
        description: "某工地拖欠三名工人两个月工资，工人多次讨要未果。",
        regionCode: "620702100201001",
      },
    });
    expect(created.status()).toBe(201);
    const { code } = (await created.json()) as { code: string };

    const admin = await as("admin");
    await admin.page.goto("/admin/clock");
    await admin.page.getByTestId("clock-by").fill("P1DT1H");
    await admin.page.getByTestId("clock-advance").click();
    await admin.page.getByText("已保存").waitFor();
    await shot(admin.page, "admin-clock");

    const cadre = await as("cadre");
    const row = cadre.page.locator("tr", { hasText: code });
    await row.waitFor();
    await expect(row.locator("[data-warning]").first().getAttribute("data-warning")).resolves.toBe("red");
    await cadre.page.getByTestId("red-banner").waitFor();
    await shot(cadre.page, "workbench-red");
  });

  it("answers a grid worker typing another grid's case URL with the not-found page", async () => {
    // A case of 周丽's grid, found on its own: this journey must not depend on the ladder journey's case.
    const grid = await as("grid");
    const mine = await grid.page.request.get("/api/v1/cases?limit=1");
    const [other] = ((await mine.json()) as { items: { code: string }[] }).items;
    expect(other?.code).toBeTruthy();
    const grid2 = await as("grid2");
    await grid2.page.goto(`/cases/${other?.code}`);
    await grid2.page.getByTestId("not-found").waitFor();
    await shot(grid2.page, "not-found");
  });

  it("switches the UI to English and back", async () => {
    const s = await as("center");
    await s.page.goto("/cases");
    await s.page.getByText("案件列表").first().waitFor();
    await s.page.getByTestId("lang-toggle").click();
    await s.page.getByText("Cases").first().waitFor();
    await s.page.getByText("Workbench").first().waitFor();
    await shot(s.page, "cases-en");
    await s.page.getByTestId("lang-toggle").click();
    await s.page.getByText("工作台").first().waitFor();
  });

  it("opens every administration tab", async () => {
    const s = await as("admin");
    for (const tab of ["regions", "units", "users", "policies", "calendar", "audit"]) {
      await s.page.goto(`/admin/${tab}`);
      await s.page.getByRole("tabpanel").first().waitFor();
      await s.page.waitForLoadState("networkidle");
    }
    await s.page.getByTestId("audit-verify").click();
    await s.page.getByText("审计链完整").waitFor();
    await shot(s.page, "admin-audit");
  });

  it("fits a tablet and opens a case from the keyboard", async () => {
    const s = await as("township");
    await s.page.setViewportSize({ width: 768, height: 1024 });
    await s.page.goto("/");
    await s.page.getByTestId("workbench").waitFor();
    const overflow = () => s.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(await overflow()).toBeLessThanOrEqual(0);
    const link = s.page.getByTestId("case-link").first();
    await link.focus();
    await s.page.keyboard.press("Enter");
    await s.page.getByTestId("case-detail").waitFor();
    expect(await overflow()).toBeLessThanOrEqual(0);
    await shot(s.page, "case-detail-tablet");
  });

  it("logs no console errors on any page visited", () => {
    expect(sessions.flatMap((s) => s.errors)).toEqual([]);
  });
});
