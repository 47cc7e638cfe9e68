// The center at work (issue 9): a land-contract dispute climbs to 会诊; the township center convenes
// the justice office, the district's natural-resources bureau and the village; the meeting decides
// two tasks; the bureau lets its task run over → yellow, then red 督办单 (printed); it answers; the
// township's 拍板 meeting settles the case; the scorecard shows the late unit.
// Set-up (units, users, escalations, the answers) goes through the API; convening, the decisions,
// the 督办单 and the scorecard are done in the browser.
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { apiCall, choose, consoleSuite, PASSWORD, pickIn, type Session, shot } from "./console-harness";

const { as, sessions } = consoleSuite();
const BUREAU = "区自然资源局";
const JUSTICE = "梁家墩司法所";
const VILLAGE = "梁家墩村人民调解委员会";

let code = "";
let caseId = "";
let meetingPath = "";
const taskOf: Record<string, string> = {};

const advance = async (by: string) => {
  const admin = await as("admin");
  const r = await apiCall(admin.page, "POST", "/admin/clock/advance", { by });
  await admin.context.close();
  return new Date(String(r.now));
};

async function escalate(s: Session, times: number) {
  for (let i = 0; i < times; i++) {
    const c = await apiCall(s.page, "GET", `/cases/${code}`);
    await apiCall(s.page, "POST", `/cases/${code}/commands`, {
      type: "escalate",
      reason: "调解不成，提请上一级",
      version: c.version,
    });
  }
}

/** Opens the 督办单 from the bureau's task card in the case's page; returns the printed text. */
async function printNotice(page: Page) {
  await page.goto(`/cases/${code}`);
  const card = page.getByTestId("task-card").filter({ hasText: BUREAU });
  const [tab] = await Promise.all([
    page.context().waitForEvent("page"),
    card.getByTestId("task-notice").click(),
  ]);
  await tab.waitForLoadState();
  const text = (await tab.locator("body").textContent()) ?? "";
  await tab.close();
  return text;
}

describe("the center at work: 会诊 → 交办 → 督办 → 拍板 → 效果联评", () => {
  it("sets up the bureau and its handler, and brings a land-contract dispute to 会诊 (step 3)", async () => {
    const admin = await as("admin");
    const bureau = await apiCall(admin.page, "POST", "/units", {
      kind: "department",
      name: BUREAU,
      regionCode: "620702",
      stationing: "on_call",
    });
    const units = (await apiCall(admin.page, "GET", "/units")).items as { id: string; name: string }[];
    const justice = units.find((u) => u.name === JUSTICE)?.id;
    for (const [username, unitId] of [
      ["zrzy", bureau.id],
      ["sfs", justice],
    ])
      await apiCall(admin.page, "POST", "/users", {
        username,
        displayName: `${username}经办人`,
        password: PASSWORD,
        roles: ["department_handler"],
        regionCode: username === "zrzy" ? "620702" : "620702100",
        unitId,
      });

    const center = await as("center");
    const created = await apiCall(center.page, "POST", "/cases", {
      channel: "walk_in",
      category: "forest_land",
      title: "土地承包经营权纠纷",
      description: "两户村民对承包地四至界线各执一词，村里两次调解未果。",
      regionCode: "620702100201001",
      parties: [],
    });
    code = String(created.code);
    caseId = String(created.id);
    await escalate(center, 2);
    expect((await apiCall(center.page, "GET", `/cases/${code}`)).step).toBe(3);
  });

  it("convenes the 会诊 with the justice office, the bureau and the village, in the browser", async () => {
    const page = (await as("center")).page;
    await page.goto(`/cases/${code}`);
    await page.getByTestId("convene-consultation").click();
    const form = page.getByTestId("convene-form");
    await form.getByLabel("地点").fill("梁家墩镇综治中心会议室");
    const invited = form.getByLabel("邀请单位");
    await invited.click();
    for (const name of [JUSTICE, BUREAU, VILLAGE]) await pickIn(page, invited, name);
    await page.keyboard.press("Escape");
    await page.locator(".ant-modal-footer .ant-btn-primary").click();
    await page.getByTestId("meeting-detail").waitFor();
    meetingPath = new URL(page.url()).pathname;
    const m = await apiCall(page, "GET", meetingPath);
    expect((m.invitees as { name: string }[]).map((i) => i.name).sort()).toEqual(
      [BUREAU, JUSTICE, VILLAGE].sort(),
    );
  });

  it("records two decisions and gives each to its unit as a 交办 task", async () => {
    await advance("PT2H");
    const page = (await as("center")).page;
    await page.goto(meetingPath);
    await page.getByTestId("meeting-hold").click();
    const form = page.getByTestId("hold-form");
    await form.getByLabel("会议记录").fill("三方核对承包合同和确权图，司法所释法说理。");
    const decisions: [string, string][] = [
      [JUSTICE, "司法所组织双方再次调解，出具调解意见"],
      [BUREAU, "区自然资源局依确权图现场勘界，出具勘测结论"],
    ];
    for (const [i, [unit, text]] of decisions.entries()) {
      const row = page.getByTestId("decision-row").nth(i);
      // A click on the modal while it is still opening can be lost on a loaded machine: click again.
      for (let attempt = 1; ; attempt++) {
        await page.getByTestId("add-decision").click();
        const shown = await row.waitFor({ timeout: 5_000 }).then(
          () => true,
          () => false,
        );
        if (shown || attempt === 3 || (await page.getByTestId("decision-row").count()) > i) break;
      }
      await row.getByLabel("事项").fill(text);
      await choose(page, row.getByLabel("承办单位"), unit);
    }
    await page.locator(".ant-modal-footer .ant-btn-primary").click();
    await page.getByTestId("meeting-decision").nth(1).waitFor();
    for (const [unit] of decisions) {
      const row = page.getByTestId("meeting-decision").filter({ hasText: unit });
      await row.getByTestId("decision-to-task").click();
      await page.locator(".ant-popconfirm-buttons .ant-btn-primary").click();
      await row.getByText("已转交办任务").waitFor();
    }
    await shot(page, "journey-decisions-tasked");
    const tasks = (await apiCall(page, "GET", `/cases/${code}/tasks`)).items as {
      id: string;
      unitName: string;
      status: string;
    }[];
    for (const t of tasks) taskOf[t.unitName] = t.id;
    expect(Object.keys(taskOf).sort()).toEqual([BUREAU, JUSTICE].sort());
    await page.goto(`/cases/${code}`);
    await page.getByTestId("timeline").getByText(`会议决定转为交办任务，交${BUREAU}办理`).waitFor();
  });

  it("the justice office answers in time; the bureau lets its task run over → yellow, then red 督办单", async () => {
    const sfs = await as("sfs");
    await apiCall(sfs.page, "POST", `/tasks/${taskOf[JUSTICE]}/sign`);
    await apiCall(sfs.page, "POST", `/tasks/${taskOf[JUSTICE]}/answer`, {
      result: "已组织再次调解，出具调解意见",
    });

    // 签收 within 1 working day: past it, the yellow 督办单.
    await advance("P1DT2H");
    const center = await as("center");
    const yellow = await apiCall(center.page, "GET", `/tasks/${taskOf[BUREAU]}`);
    expect(yellow.supervision).toBe("yellow");
    const y = await printNotice(center.page);
    expect(y).toContain(code);
    expect(y).toContain(BUREAU);
    expect(y).toContain("黄色");

    // Still not signed 2 working days later: the red one, and the case turns red.
    await advance("P4D");
    const red = await apiCall(center.page, "GET", `/tasks/${taskOf[BUREAU]}`);
    expect(red.supervision).toBe("red");
    const r = await printNotice(center.page);
    expect(r).toContain(code);
    expect(r).toContain(BUREAU);
    expect(r).toContain("红色");
    await center.page
      .getByTestId("timeline")
      .getByText(`向${BUREAU}发出红色督办单`, { exact: false })
      .waitFor();
    await shot(center.page, "journey-red-notice-case");
  });

  it("the bureau answers; the township's 拍板 settles the case", async () => {
    const zrzy = await as("zrzy");
    await apiCall(zrzy.page, "POST", `/tasks/${taskOf[BUREAU]}/sign`);
    await apiCall(zrzy.page, "POST", `/tasks/${taskOf[BUREAU]}/answer`, {
      result: "已现场勘界，四至以确权图为准",
    });
    const center = await as("center");
    const meeting = await apiCall(center.page, "GET", meetingPath);
    expect((meeting.decisions as { status: string }[]).map((d) => d.status)).toEqual(["done", "done"]);
    expect(meeting.state).toBe("closed");

    const township = await as("township");
    const c = await apiCall(township.page, "GET", `/cases/${code}`);
    if (Number(c.step) < 4) await escalate(center, 4 - Number(c.step));
    const now = await advance("PT1M");
    const paiban = await apiCall(township.page, "POST", "/meetings", {
      kind: "decision",
      title: "梁家墩镇土地承包纠纷拍板会",
      startsAt: new Date(now.getTime() + 600_000).toISOString(),
      place: "梁家墩镇党委会议室",
      caseIds: [caseId],
      invitees: [],
    });
    await advance("PT20M");
    await apiCall(township.page, "POST", `/meetings/${paiban.id}/hold`, {
      minutes: "依勘测结论和调解意见，镇党委政府拍板：按确权图确定四至。",
      attendance: [],
      decisions: [],
      outcomes: [{ caseId, type: "resolve", text: "按确权图确定四至，双方签字认可" }],
    });
    expect((await apiCall(township.page, "GET", `/cases/${code}`)).status).toBe("resolved");
  });

  it("the scorecard shows the late bureau: not signed in time, one red notice", async () => {
    const page = (await as("center")).page;
    await page.goto("/scorecards");
    const row = page.getByTestId("scorecards").locator("tr").filter({ hasText: BUREAU });
    await row.waitFor();
    const cells = (await row.locator("td").allTextContents()).map((s) => s.trim());
    const heads = (await page.getByTestId("scorecards").locator("thead th").allTextContents()).map((s) =>
      s.trim(),
    );
    const col = (name: string) => heads.indexOf(name);
    expect(col("红色督办")).toBeGreaterThan(0);
    // One task, not signed in time, one red notice.
    expect([cells[col("交办任务")], cells[col("按时签收")], cells[col("红色督办")]]).toEqual(["1", "0", "1"]);
    const justice = page.getByTestId("scorecards").locator("tr").filter({ hasText: JUSTICE });
    const jc = (await justice.locator("td").allTextContents()).map((s) => s.trim());
    expect([jc[col("按时签收")], jc[col("红色督办")]]).toEqual(["1", "0"]);
    await shot(page, "journey-scorecards");
    expect(sessions.flatMap((s) => s.errors)).toEqual([]);
  });
});
