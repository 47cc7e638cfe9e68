// 信访 journey (issue 10, 《信访工作条例》2022) in Chromium on the test clock: a petition registered at the
// window, accepted, extended once with the notice printed, answered on day 85, 复查 requested and decided,
// 复核 decided — and a fourth filing on the same matter refused with the earlier case code shown.

import path from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import {
  apiCall,
  axeViolations,
  choose,
  consoleSuite,
  describeViolations,
  PHONE,
  SHOTS,
  shot,
} from "./console-harness";

const { as, sessions } = consoleSuite();
const MATTER = "梁家墩村某工地拖欠农民工工资";
let code = "";

async function register(page: Page, matter: string) {
  await page.goto("/petitions");
  await page.getByTestId("pet-register").click();
  const dialog = page.getByRole("dialog");
  await dialog.locator("#category").click();
  await page.keyboard.type("劳动争议");
  await page.keyboard.press("Enter");
  await dialog.locator("#matter").fill(matter);
  await dialog.locator("#title").fill("讨要拖欠工资");
  await dialog.locator("#description").fill("在工地务工三个月，工资至今未结清，多次讨要无果。");
  await dialog.locator("#regionCode").click();
  await page.keyboard.type("梁家墩镇");
  await page.locator(".ant-select-tree-treenode", { hasText: "梁家墩镇" }).first().click();
  await dialog.locator("#name").fill("王建国");
  await dialog.locator("#phone").fill("13977770001");
  await page.getByTestId("pet-register-submit").click();
}

/** One stage action from the petition panel: its button, its form, then the stage it leads to. */
async function step(
  page: Page,
  action: string,
  stage: string,
  fill?: (d: ReturnType<Page["getByRole"]>) => Promise<void>,
) {
  await page.getByTestId(`pet-action-${action}`).click();
  const dialog = page.getByRole("dialog");
  await dialog.waitFor();
  if (fill) await fill(dialog);
  await page.getByTestId("pet-submit").click();
  await page.getByTestId("pet-stage").filter({ hasText: stage }).waitFor({ timeout: 15_000 });
}

const opinion = (text: string) => async (d: ReturnType<Page["getByRole"]>) => {
  await choose(d.page(), d.locator("#result"), "予以支持");
  await d.locator("#opinion").fill(text);
};

async function advance(by: string) {
  const admin = await as("admin");
  const r = await apiCall(admin.page, "POST", "/admin/clock/advance", { by });
  expect(r).toBeTruthy();
  await admin.context.close();
}

describe("信访 petitions (《信访工作条例》)", () => {
  it("registers at the window and accepts: 60 days of 第三十四条 on the countdown", async () => {
    const { page } = await as("center");
    await register(page, MATTER);
    await page.getByTestId("petition-panel").waitFor();
    code = ((await page.getByTestId("case-code").textContent()) ?? "").trim();
    expect(code).toMatch(/^620702-\d{6}-\d{7}$/);
    await expect(page.getByTestId("pet-basis").textContent()).resolves.toBe(
      "《信访工作条例》第二十二条：15日",
    );
    await step(page, "accept", "办理中");
    await expect(page.getByTestId("pet-basis").textContent()).resolves.toBe(
      "《信访工作条例》第三十四条：60日",
    );
    await page.getByTestId("pet-letter-acceptance").waitFor();
    await page.getByTestId("timeline").getByText("送达《信访事项受理告知书》").waitFor();
  });

  it("extends once by 30 days with the head's approval, and the extension notice prints on A4", async () => {
    const { page, context } = await as("center");
    await page.goto(`/cases/${code}`);
    await step(page, "extend", "办理中", async (d) => {
      await d.locator("#reason").fill("涉及施工总包和分包多个单位，需要调查核实");
      await d.locator("#approvedBy").fill("梁家墩镇 陈书记");
    });
    await page.getByTestId("pet-basis").filter({ hasText: "第三十四条：60日，延长30日" }).waitFor();
    // Extended once: the button is gone.
    expect(await page.getByTestId("pet-action-extend").count()).toBe(0);
    const [letter] = await Promise.all([
      context.waitForEvent("page"),
      page.getByTestId("pet-letter-extension").click(),
    ]);
    await letter.waitForLoadState();
    expect(await letter.locator("h1").textContent()).toBe("信访事项延期办理告知书");
    const text = (await letter.locator("body").textContent()) ?? "";
    expect(text).toContain(code);
    expect(text).toContain("涉及施工总包和分包多个单位，需要调查核实");
    expect(text).toContain("延长30日");
    await letter.pdf({ path: path.join(SHOTS, "petition-extension-notice.pdf"), format: "A4" });
    await letter.close();
  });

  it("answers on day 85, inside the extended 90 days: still on time", async () => {
    await advance("P85D");
    const { page } = await as("center");
    await page.goto(`/cases/${code}`);
    await page.getByTestId("petition-panel").waitFor();
    expect(await page.getByTestId("pet-stage").textContent()).not.toContain("已超期");
    await step(page, "reply", "已答复", opinion("责成施工单位十日内结清全部工资。"));
    await page.getByTestId("pet-letter-reply").waitFor();
    await page.getByTestId("pet-basis").filter({ hasText: "第三十五条" }).waitFor();
  });

  it("takes the 复查 request and decides it, then the 复核: the matter is concluded", async () => {
    const { page } = await as("center");
    await page.goto(`/cases/${code}`);
    await step(page, "requestReview", "复查中");
    await step(page, "decideReview", "已复查", opinion("维持原处理意见。"));
    await step(page, "requestRecheck", "复核中");
    await step(page, "decideRecheck", "复核终结", opinion("维持复查意见。"));
    expect(await page.getByTestId("pet-letter-recheck_decision").count()).toBe(1);
    await page.getByTestId("timeline").getByText("作出复核意见，信访事项终结").waitFor();
    await shot(page, "petition-concluded");
  });

  it("refuses a fourth filing on the same matter, showing the earlier case code", async () => {
    const { page } = await as("center");
    await register(page, `${MATTER}。`);
    const refused = page.getByTestId("pet-refused");
    await refused.waitFor();
    const text = (await refused.textContent()) ?? "";
    expect(text).toContain(code);
    expect(text).toContain("不再受理");
    await shot(page, "petition-refused");
  });

  it("lists the petition on the workbench with its basis, usable on a phone", async () => {
    const s = await as("center", PHONE);
    await s.page.goto("/petitions");
    const row = s.page.getByTestId("petition-row").filter({ hasText: code });
    await row.waitFor();
    expect(await row.textContent()).toContain("复核终结");
    const overflow = await s.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await shot(s.page, "petitions-phone");
    expect(describeViolations(await axeViolations(s.page))).toEqual([]);
    await row.getByRole("link", { name: code }).click();
    await s.page.getByTestId("petition-panel").waitFor();
    const wide = await s.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(wide).toBeLessThanOrEqual(0);
    await shot(s.page, "petition-detail-phone");
    const desk = await as("center");
    await desk.page.goto("/petitions");
    await desk.page.getByTestId("petition-row").first().waitFor();
    expect(describeViolations(await axeViolations(desk.page))).toEqual([]);
    // The refused fourth filing is the one failed load this journey expects (409 PETITION_CONCLUDED).
    const errors = sessions.flatMap((x) => x.errors).filter((e) => !/\/petitions: .*status of 409/.test(e));
    expect(errors.join("\n")).toBe("");
  });
});
