// 交办督办 in the console: the township center gives a task to the 人社局 from a case's page; the
// department's handler, on a phone, finds it on the workbench, signs for it and answers; the case's
// timeline says so in words.
import { describe, expect, it } from "vitest";
import { apiCall, choose, consoleSuite, PHONE, shot } from "./console-harness";

const { as, sessions } = consoleSuite();
const UNIT = "区人社局（劳动监察）";

describe("console: 交办督办", () => {
  it("dispatch → the department signs and answers on its phone → the timeline says so", async () => {
    const center = await as("center");
    const list = await apiCall(center.page, "GET", "/cases?status=accepted,mediating&limit=1");
    const code = (list.items as { code: string }[])[0]?.code as string;
    expect(code).toBeTruthy();

    await center.page.goto(`/cases/${code}`);
    await center.page.getByTestId("task-dispatch").click();
    const modal = center.page.locator(".ant-modal");
    await choose(center.page, modal.getByTestId("task-unit"), UNIT);
    await modal.getByTestId("task-instructions").fill("核实欠薪人数和金额，三日内答复");
    await modal.locator(".ant-modal-footer .ant-btn-primary").click();
    const card = center.page.getByTestId("task-card").filter({ hasText: UNIT });
    await card.waitFor();
    await expect(card.getByTestId("task-status").textContent()).resolves.toBe("待签收");
    await expect(card.getByTestId("task-countdown").textContent()).resolves.toMatch(/签收期限.*剩余/);
    await shot(center.page, "task-dispatched");

    const dept = await as("dept", PHONE);
    const mine = dept.page.getByTestId("unit-tasks").getByTestId("task-card").filter({ hasText: code });
    await mine.waitFor();
    await mine.locator('[data-task-action="sign"]').click();
    await dept.page.locator(".ant-popconfirm-buttons .ant-btn-primary").click();
    await dept.page.getByTestId("unit-tasks").locator('[data-task-action="answer"]').first().waitFor();
    await dept.page
      .getByTestId("unit-tasks")
      .getByTestId("task-card")
      .filter({ hasText: code })
      .locator('[data-task-action="answer"]')
      .click();
    await dept.page.locator(".ant-modal textarea").fill("已核实：欠薪 12 人，共 8.6 万元，已责令限期支付");
    await dept.page.locator(".ant-modal-footer .ant-btn-primary").click();
    // Answered tasks leave the open list.
    await dept.page
      .getByTestId("unit-tasks")
      .getByTestId("task-card")
      .filter({ hasText: code })
      .waitFor({ state: "detached" });
    const wide = await dept.page.evaluate(() => document.documentElement.scrollWidth);
    expect(wide).toBeLessThanOrEqual(PHONE.width);
    await shot(dept.page, "task-answered-phone");

    await center.page.reload();
    const done = center.page.getByTestId("task-card").filter({ hasText: UNIT }).last();
    await expect(done.getByTestId("task-status").textContent()).resolves.toBe("已答复");
    const timeline = center.page.getByTestId("timeline");
    await timeline.getByText(`${UNIT}签收交办任务`).waitFor();
    await timeline.getByText(`${UNIT}答复：已核实：欠薪 12 人`, { exact: false }).waitFor();
    expect(await timeline.textContent()).not.toContain("task.");
    expect(sessions.flatMap((s) => s.errors)).toEqual([]);
  });
});
