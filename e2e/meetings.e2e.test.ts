// The township center convenes a 会诊 from a case at step 3, records it held with a decision for the
// justice office, and the case's timeline and meeting card say so; the meetings list fits a phone.
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

const { as, sessions } = consoleSuite();
let code = "";
let meetingPath = "";

describe("会诊 from a case (issue 9)", () => {
  it("convenes a 会诊 from a case standing at the center's step", async () => {
    const center = await as("center");
    const created = await apiCall(center.page, "POST", "/cases", {
      channel: "walk_in",
      category: "forest_land",
      title: "承包地边界纠纷",
      description: "两户村民对承包地界桩位置各执一词，村里调解未果。",
      regionCode: "620702100201001",
      parties: [],
    });
    code = String(created.code);
    for (let i = 0; i < 2; i++) {
      const c = await apiCall(center.page, "GET", `/cases/${code}`);
      await apiCall(center.page, "POST", `/cases/${code}/commands`, {
        type: "escalate",
        reason: "村里调解不成",
        version: c.version,
      });
    }
    const page = center.page;
    await page.goto(`/cases/${code}`);
    await page.getByTestId("convene-consultation").click();
    const form = page.getByTestId("convene-form");
    await form.getByLabel("地点").fill("镇综治中心会议室");
    await form.getByLabel("邀请单位").click();
    await page.locator(".ant-select-item-option").filter({ hasText: "梁家墩司法所" }).click();
    await page.keyboard.press("Escape");
    await page.locator(".ant-modal-footer .ant-btn-primary").click();
    await page.getByTestId("meeting-detail").waitFor();
    meetingPath = new URL(page.url()).pathname;
    expect(meetingPath).toMatch(/^\/meetings\/[0-9a-f-]{36}$/);
    await expect(page.getByTestId("meeting-state").textContent()).resolves.toBe("待召开");
    await shot(page, "meeting-planned");
  });

  it("records it held with a decision; the decision counts down and the case's timeline says so", async () => {
    const page = (await as("center")).page;
    await page.goto(meetingPath);
    await page.getByTestId("meeting-hold").click();
    const form = page.getByTestId("hold-form");
    await form.getByLabel("会议记录").fill("司法所释法说理，双方同意现场勘界。");
    await page.getByTestId("add-decision").click();
    await form.getByLabel("事项").fill("司法所三日内组织现场勘界");
    await choose(page, form.getByLabel("承办单位"), "梁家墩司法所");
    await page.locator(".ant-modal-footer .ant-btn-primary").click();
    await page.getByTestId("meeting-decision").waitFor();
    await expect(page.getByTestId("meeting-state").textContent()).resolves.toBe("已召开");
    await expect(page.getByTestId("decision-due").textContent()).resolves.toMatch(/剩余/);
    await shot(page, "meeting-held");
    const print = await page.request.get(`/api/v1${meetingPath}/minutes.html`);
    expect(await print.text()).toContain(code);

    await page.goto(`/cases/${code}`);
    await page.getByTestId("timeline").getByText("会诊已召开，形成决定1项").waitFor();
    await page.getByTestId("case-meetings").getByText("未办结事项 1").waitFor();
  });

  it("lists meetings on a phone as cards, without sideways scrolling or serious axe violations", async () => {
    const phone = await as("center", PHONE);
    await phone.page.goto("/meetings");
    await phone.page.getByTestId("meetings-cards").waitFor();
    const overflow = await phone.page.evaluate(
      () => document.documentElement.scrollWidth - window.innerWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await phone.page.goto(meetingPath);
    await phone.page.getByTestId("meeting-decision").waitFor();
    const detailOverflow = await phone.page.evaluate(
      () => document.documentElement.scrollWidth - window.innerWidth,
    );
    expect(detailOverflow).toBeLessThanOrEqual(0);
    expect(describeViolations(await axeViolations(phone.page))).toEqual([]);
    await shot(phone.page, "meeting-phone");
    // The case's meeting card, with its 召集 buttons, fits the phone too.
    await phone.page.goto(`/cases/${code}`);
    await phone.page.getByTestId("case-meetings").getByText("未办结事项 1").waitFor();
    const caseOverflow = await phone.page.evaluate(
      () => document.documentElement.scrollWidth - window.innerWidth,
    );
    expect(caseOverflow).toBeLessThanOrEqual(0);
    await shot(phone.page, "meeting-case-card-phone");
    expect(sessions.flatMap((s) => s.errors)).toEqual([]);
  });
});
