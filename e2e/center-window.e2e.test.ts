// 一站式窗口 on a phone (issue 9): the center's clerk takes a ticket and calls it, the hall board
// shows it, the visit is registered with two services, the 受理回执 prints with its code and 查询码,
// the case detail shows its referrals card, and the county clerk puts a rotating unit on today's roster.
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import {
  apiCall,
  axeViolations,
  choose,
  consoleSuite,
  describeViolations,
  PHONE,
  shot,
} from "./console-harness";

const suite = consoleSuite();
const overflow = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

describe("一站式窗口", () => {
  it("take a ticket, call it, register the visit and print the receipt", async () => {
    const s = await suite.as("center", PHONE);
    const { page } = s;
    await page.goto("/window");
    await page.getByTestId("take-ticket").click();
    const taken = page.getByTestId("ticket-taken");
    await taken.waitFor();
    expect(await taken.textContent()).toContain("B001");
    await page.getByTestId("call-next").click();
    await page.getByTestId("serving").first().waitFor();
    expect(await page.getByTestId("serving").first().textContent()).toBe("B001");
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await page.mouse.move(0, 0); // a hovered button is lighter than at rest
    expect(describeViolations(await axeViolations(page))).toEqual([]);
    await shot(page, "window-phone");

    await page.goto("/window/board");
    await page.getByTestId("hall-now").first().waitFor();
    expect(await page.getByTestId("hall-now").first().textContent()).toContain("B001");
    expect(await overflow(page)).toBeLessThanOrEqual(0);

    const queue = (await apiCall(page, "GET", "/window/queue")) as { called: { id: string }[] };
    const ticketId = queue.called[0]?.id;
    const res = (await apiCall(page, "POST", "/window/intake", {
      center: "620702100",
      ticketId,
      services: ["mediation", "legal"],
      serviceFields: { legal: { question: "宅基地边界怎么认定" } },
      case: {
        category: "housing_homestead",
        title: "宅基地边界纠纷",
        description: "两户因宅基地边界发生争执，来中心窗口求助。",
        regionCode: "620702100201001",
        reporter: { name: "赵六", phone: "13912345678" },
      },
    })) as { case: { code: string }; pin: string; receiptUrl: string };
    await page.goto(res.receiptUrl);
    await page.locator("h1").waitFor();
    expect(await page.locator(".code").textContent()).toContain(res.case.code);
    expect(await page.locator("#pin").textContent()).toBe(res.pin);
    expect(await page.locator("body").textContent()).toContain("多元调解、法律服务");
    await shot(page, "receipt");

    await page.goto(`/cases/${res.case.code}`);
    await page.getByTestId("case-center-card").waitFor();
    expect(await page.getByTestId("event").allTextContents()).toEqual(
      expect.arrayContaining([expect.stringContaining("一站式窗口受理")]),
    );
  });

  it("the county clerk puts the rotating unit on today's roster; today's board shows it", async () => {
    const s = await suite.as("hotline", PHONE);
    const { page } = s;
    await page.goto("/window/roster");
    await choose(page, page.getByTestId("roster-unit"), "人社");
    const today = (await apiCall(page, "GET", "/centers/today")) as { day: string };
    await page.getByTestId(`roster-day-${today.day}`).click();
    await page.getByTestId(`roster-day-${today.day}`).locator(".ant-tag").waitFor();
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    const board = (await apiCall(page, "GET", "/centers/today")) as { rotating: { name: string }[] };
    expect(board.rotating.map((u) => u.name)).toEqual(["区人社局（劳动监察）"]);
  });

  it("the summoned unit acknowledges from its inbox; the countdown stops", async () => {
    const center = await suite.as("center", PHONE);
    const units = (await apiCall(center.page, "GET", "/units")) as { items: { id: string; name: string }[] };
    const hrss = units.items.find((u) => u.name.includes("人社"));
    const c = (await apiCall(center.page, "POST", "/cases", {
      channel: "walk_in",
      category: "labour",
      title: "农民工讨薪",
      description: "工地拖欠三个月工资，需人社部门到场。",
      regionCode: "620702100201001",
    })) as { id: string };
    await apiCall(center.page, "POST", `/cases/${c.id}/summons`, {
      unitId: hrss?.id,
      reason: "欠薪需劳动监察到场",
      place: "梁家墩镇综治中心一号调解室",
      appearBy: new Date(Date.now() + 3 * 3600_000).toISOString(),
    });
    const dept = await suite.as("dept", PHONE);
    await dept.page.goto("/window");
    const mine = dept.page.getByTestId("my-summonses");
    await mine.getByText("欠薪需劳动监察到场").waitFor();
    expect(await mine.locator(".fq-countdown").count()).toBeGreaterThan(0);
    expect(await overflow(dept.page)).toBeLessThanOrEqual(0);
    await dept.page.mouse.move(0, 0);
    expect(describeViolations(await axeViolations(dept.page))).toEqual([]);
    await mine.getByRole("button", { name: /响应/ }).first().click();
    await mine.getByText("已响应").first().waitFor();
    await shot(dept.page, "unit-inbox");
  });

  it("logged no console errors", () => {
    expect(suite.sessions.flatMap((x) => x.errors)).toEqual([]);
  });
});
