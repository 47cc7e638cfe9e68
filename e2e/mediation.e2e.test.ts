// Issue 10's mediation journey on the test clock: a wage-arrears dispute is mediated in 热心大姐调解室,
// the 调解协议书 is printed (and rendered to PDF by Chromium), downloaded as Word and signed, 司法确认 is
// applied for on day 25, the court accepts on day 2 and rules on day 14: confirmed.
import JSZip from "jszip";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { apiCall, choose, consoleSuite, PASSWORD, PHONE, shot } from "./console-harness";

const { as, sessions } = consoleSuite();
const GRID = "620702100201001";
let code = "";

const open = new Map<string, Page>();
/** One logged-in page per user for the whole journey (a login costs seconds on a busy machine). */
async function session(user: string, viewport?: { width: number; height: number }): Promise<Page> {
  const known = open.get(user);
  if (known) return known;
  const s = await as(user, viewport);
  // The machine running the suite may be shared and slow: wait for the page, not for a stopwatch.
  s.page.setDefaultTimeout(90_000);
  open.set(user, s.page);
  return s.page;
}
const SLOW = 400_000;

async function advance(page: Page, by: string) {
  await apiCall(page, "POST", "/admin/clock/advance", { by });
}

/** The detail page of the case, its mediation panel loaded. */
async function openCase(page: Page) {
  await page.goto(`/cases/${code}`);
  await page.getByTestId("mediation-panel").waitFor();
}

describe("mediation to 司法确认 (issue 10)", () => {
  it(
    "sets up a court and its clerk, and 热心大姐调解室 with 马大姐",
    async () => {
      const admin = { page: await session("admin") };
      const court = await apiCall(admin.page, "POST", "/units", {
        kind: "court",
        name: "甘州区人民法院梁家墩人民法庭",
        regionCode: "620702",
      });
      await apiCall(admin.page, "POST", "/users", {
        username: "court",
        displayName: "法庭书记员 何静",
        password: PASSWORD,
        roles: ["department_handler"],
        regionCode: "620702",
        unitId: court.id,
      });
      const mediator = { page: await session("mediator", PHONE) };
      const me = await apiCall(mediator.page, "GET", "/auth/me");
      const center = { page: await session("center") };
      await apiCall(center.page, "POST", "/mediation/rooms", {
        kind: "room",
        name: "热心大姐调解室",
        partners: "妇联+综治",
        regionCode: "620702100",
        mediatorIds: [me.id],
      });
      await center.page.goto("/mediation");
      await center.page.getByTestId("med-room").filter({ hasText: "热心大姐调解室" }).waitFor();
      const created = await apiCall(center.page, "POST", "/cases", {
        channel: "walk_in",
        category: "labour",
        title: "建筑工地拖欠农民工工资",
        description: "李四在某建筑公司工地务工三个月，被拖欠工资一万二千元。",
        regionCode: GRID,
        parties: [{ role: "applicant", name: "李四", phone: "13900002222" }],
      });
      code = String(created.code);
      await apiCall(center.page, "POST", `/cases/${code}/commands`, {
        type: "accept",
        version: created.version,
      });
    },
    SLOW,
  );

  it(
    "hands the case to the room; the term shows its basis",
    async () => {
      const center = { page: await session("center") };
      await openCase(center.page);
      await choose(center.page, center.page.getByTestId("med-room-select"), "热心大姐调解室");
      await center.page.getByTestId("med-hand").click();
      await center.page.getByTestId("med-room-name").filter({ hasText: "热心大姐调解室" }).waitFor();
      const basis = center.page.getByTestId("med-clock-mediation.term").getByTestId("med-clock-basis");
      await expect(basis.getAttribute("data-basis")).resolves.toContain("一个月");
    },
    SLOW,
  );

  it(
    "the mediator records a session and drafts the agreement on a phone",
    async () => {
      const m = { page: await session("mediator", PHONE) };
      await openCase(m.page);
      await m.page.getByTestId("med-session-open").click();
      await m.page.getByTestId("med-session-place").fill("梁家墩镇综治中心热心大姐调解室");
      await m.page.getByTestId("med-session-present").fill("李四，甘州某建筑公司");
      await m.page
        .getByTestId("med-session-minutes")
        .fill("双方陈述事实，调解员释法析理，公司同意分两次支付。");
      await m.page.getByTestId("med-session-save").click();
      await m.page.getByTestId("med-session").first().waitFor();

      await m.page.getByTestId("med-agreement-open").click();
      const parties = m.page.getByTestId("med-party");
      const fillParty = async (i: number, v: string[]) => {
        const p = parties.nth(i);
        for (const [j, id] of [
          "med-party-name",
          "med-party-id",
          "med-party-phone",
          "med-party-address",
        ].entries())
          if (v[j]) await p.getByTestId(id).fill(v[j] as string);
      };
      await fillParty(0, ["李四", "620702199002021234", "13900002222", "甘州区梁家墩镇五号村三社12号"]);
      await fillParty(1, ["甘州某建筑公司", "", "09318000000", "甘州区工业园区8号"]);
      await m.page.getByTestId("med-facts").fill("李四在甘州某建筑公司工地务工，公司拖欠其工资12000元。");
      await m.page.getByTestId("med-dispute").fill("拖欠工资数额及支付期限。");
      await m.page.getByTestId("med-responsibilities").fill("公司应按约定支付工资，承担主要责任。");
      await m.page.getByTestId("med-term-what").fill("甘州某建筑公司向李四支付工资12000元");
      await m.page.getByTestId("med-term-how").fill("银行转账");
      await m.page.getByTestId("med-term-where").fill("梁家墩镇综治中心");
      await m.page.getByTestId("med-term-by").click();
      await m.page.keyboard.type("2027-01-05");
      await m.page.keyboard.press("Enter");
      await m.page.getByTestId("med-mediator-names").fill("马大姐");
      await shot(m.page, "mediation-agreement-form-phone");
      await m.page.getByTestId("med-agreement-save").click();
      await m.page.getByTestId("med-agreement").waitFor();
      // On screen the identifiers are masked.
      await expect(m.page.getByTestId("med-agreement-party").first().textContent()).resolves.toContain(
        "6207**********1234",
      );
    },
    SLOW,
  );

  it(
    "prints the agreement (A4 → PDF in Chromium) and downloads it as Word with the parties' names",
    async () => {
      const center = { page: await session("center") };
      await openCase(center.page);
      const href = await center.page.getByTestId("med-print").getAttribute("href");
      const print = await center.page.context().newPage();
      await print.goto(String(href));
      const text = await print.locator("body").textContent();
      for (const words of [
        "人民调解协议书",
        "620702199002021234",
        "纠纷主要事实、争议事项",
        "履行方式、地点、期限",
        "热心大姐调解室（印）",
        code,
      ])
        expect(text).toContain(words);
      const pdf = await print.pdf({ format: "A4" });
      expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
      await print.close();
      const wordHref = await center.page.getByTestId("med-word").getAttribute("href");
      const word = await center.page.request.get(String(wordHref));
      const xml = await (await JSZip.loadAsync(await word.body())).file("word/document.xml")?.async("string");
      expect(xml).toContain("李四");
      expect(xml).toContain("甘州某建筑公司");
    },
    SLOW,
  );

  it(
    "both parties sign: the agreement takes effect and the 司法确认 window opens",
    async () => {
      const m = { page: await session("mediator", PHONE) };
      await openCase(m.page);
      for (const i of [0, 1]) {
        await m.page.getByTestId(`med-sign-${i}`).click();
        await m.page.getByTestId("med-agreement-party").nth(i).locator(".ant-tag-green").waitFor();
      }
      await m.page.getByTestId("med-agreement-status").filter({ hasText: "已生效" }).waitFor();
      const basis = m.page.getByTestId("med-clock-jc.apply").getByTestId("med-clock-basis");
      await expect(basis.getAttribute("data-basis")).resolves.toContain("第三十三条");
    },
    SLOW,
  );

  it(
    "day 25: the parties apply jointly through the center",
    async () => {
      await advance(await session("admin"), "P25D");
      const center = await session("center");
      await openCase(center);
      await choose(center, center.getByTestId("jc-court"), "梁家墩人民法庭");
      await center.getByTestId("jc-apply").click();
      await center.getByTestId("jc-status").filter({ hasText: "已申请" }).waitFor();
    },
    SLOW,
  );

  it(
    "day 2: the court's clerk accepts; the 15-day review clock shows its article",
    async () => {
      await advance(await session("admin"), "P2D");
      const clerk = await session("court");
      await clerk.goto("/mediation");
      const item = clerk.getByTestId("jc-list-item").filter({ hasText: code });
      await item.getByTestId("jc-accept").click();
      await item.getByTestId("jc-status").filter({ hasText: "已受理" }).waitFor();
      const basis = item.getByTestId("med-clock-jc.rule").getByTestId("med-clock-basis");
      await expect(basis.getAttribute("data-basis")).resolves.toContain("第六条");
    },
    SLOW,
  );

  it(
    "day 14: confirmed, and the case's timeline says so in words",
    async () => {
      await advance(await session("admin"), "P12D");
      const clerk = await session("court");
      await clerk.reload();
      const item = clerk.getByTestId("jc-list-item").filter({ hasText: code });
      await item.getByTestId("jc-confirm").click();
      await item.getByTestId("jc-status").filter({ hasText: "确认有效" }).waitFor();
      await shot(clerk, "jc-confirmed");
      const center = await session("center");
      await openCase(center);
      const timeline = center.getByTestId("timeline");
      await timeline.getByText("人民法院裁定调解协议有效").waitFor();
      await timeline.getByText("交热心大姐调解室调解").waitFor();
      expect(await timeline.textContent()).not.toContain("jc.");
    },
    SLOW,
  );

  it("logs no console errors on any page visited", () => {
    expect(sessions.flatMap((s) => s.errors)).toEqual([]);
  });
});
