// The citizen's journey (issue #4) in Chromium at phone size: scan a poster → report with a photo →
// the code on screen → the cadre, in the console, sees the case with its 30-minute callback clock,
// records the callback and resolves it → the citizen rates 不满意 → the console shows it reopened.
import { execFileSync } from "node:child_process";
import type { Browser, BrowserContext, Page } from "playwright-core";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ensureWebBuilt,
  fillText,
  launchBrowser,
  login,
  openSession,
  PASSWORD,
  ROOT,
  type RunningServer,
  runAction,
  type Session,
  saveShot,
  startServer,
} from "./console-harness";

let server: RunningServer;
let browser: Browser;
let phone: BrowserContext;
let console_: Session | undefined;
const errors: string[] = [];

interface Staff {
  cookie: string;
  csrf: string;
}

async function staffLogin(username: string): Promise<Staff> {
  const res = await fetch(`${server.url}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  const cookie = (res.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  return { cookie, csrf: (await res.json()).csrfToken };
}

async function staffCall(s: Staff, method: string, url: string, body?: unknown) {
  const res = await fetch(`${server.url}${url}`, {
    method,
    headers: {
      cookie: s.cookie,
      "x-csrf-token": s.csrf,
      ...(body ? { "content-type": "application/json" } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  expect(res.status, `${method} ${url}`).toBeLessThan(300);
  return res.json();
}

const shot = (page: Page, name: string) => saveShot(page, `citizen-${name}.png`);
const shotDesk = (page: Page, name: string) => saveShot(page, `citizen-console-${name}.png`);

beforeAll(async () => {
  // vitest sets NODE_ENV=test; the citizen bundle is built as for production.
  execFileSync("npm", ["run", "build", "-w", "@fengqiao/citizen"], {
    cwd: ROOT,
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "production" },
  });
  ensureWebBuilt();
  server = await startServer();
  browser = await launchBrowser();
  phone = await browser.newContext({
    baseURL: server.url,
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
    locale: "zh-CN",
    permissions: ["clipboard-read", "clipboard-write"],
  });
}, 240_000);

afterAll(async () => {
  await console_?.context.close();
  await browser?.close();
  await server?.stop();
});

describe("citizen doors", () => {
  it("report by QR with a photo, callback clock, resolve, 不满意 reopens", async () => {
    const cadre = await staffLogin("cadre");
    const place = await staffCall(cadre, "POST", "/api/v1/places", {
      kind: "village_group",
      name: "三组",
      regionCode: "620702100201001",
      households: 31,
    });
    const page = await phone.newPage();
    page.on("pageerror", (e) => errors.push(e.message));

    await page.goto(place.url.replace(/^https?:\/\/[^/]+/, ""));
    await page.getByText("我要报事").waitFor();
    await page.locator("select").selectOption("neighbour");
    await page.locator("textarea").fill("邻居家狗夜里一直叫，沟通多次无果。");
    const photo = await sharp({ create: { width: 3000, height: 2000, channels: 3, background: "#8a6" } })
      .jpeg()
      .toBuffer();
    await page
      .locator('input[type="file"]')
      .setInputFiles({ name: "dog.jpg", mimeType: "image/jpeg", buffer: photo });
    await page.locator(".thumb img").waitFor();
    await page.locator('input[type="tel"]').fill("13912340000");
    await page.getByText("我已阅读并同意").click();
    await expect.poll(() => page.getByTestId("submit").textContent(), { timeout: 20_000 }).toBe("提交");
    await shot(page, "report");
    await page.getByTestId("submit").click();
    const code = (await page.getByTestId("case-code").textContent())?.trim() ?? "";
    expect(code).toMatch(/^\d{6}-\d{6}-\d{7}$/);
    // The done page words the status as tracking does (one source: the server's status text).
    expect(await page.getByTestId("done-status").textContent()).toBe("已登记，待受理");
    await shot(page, "done");

    const detail = await staffCall(cadre, "GET", `/api/v1/cases/${code}`);
    expect(detail).toMatchObject({ channel: "qr", policyKey: "mashang-fanying" });
    const callback = detail.clocks.find((k: { kind: string }) => k.kind === "callback");
    expect(Date.parse(callback.dueAt) - Date.parse(callback.startedAt)).toBe(30 * 60_000);
    const received = detail.timeline.find((e: { type: string }) => e.type === "case.qr_received");
    expect(received.data.photos).toHaveLength(1);

    // The cadre, in the console: the case list → the case, with its callback countdown and the photo.
    console_ = await openSession(browser, server.url);
    const desk = console_.page;
    await login(console_, "cadre");
    await desk.goto("/cases");
    await desk.getByTestId("case-link").filter({ hasText: code }).click();
    await desk.getByTestId("case-detail").waitFor();
    await desk.getByTestId("channel-qr").getByText("码上反映").waitFor();
    const card = desk.getByTestId("callback-card");
    expect(await card.getAttribute("data-state")).toBe("pending");
    expect(await desk.getByTestId("callback-countdown").textContent()).toMatch(/^剩余 (29|30)分\d+秒$/);
    await desk.locator('[data-testid="case-attachments"] img').first().waitFor();
    expect(await desk.locator('[data-testid="case-attachments"] img').count()).toBe(1);
    await shotDesk(desk, "callback-due");

    await desk.getByTestId("record-callback").click();
    await fillText("回电情况", "已电话联系，约好明天上门了解")(desk);
    // The call is recorded once the server answers; a click on a modal still opening on a loaded
    // machine can be lost (no request at all), so the test clicks again then — and, failing, says
    // what the modal showed instead of timing out on the card.
    const recorded = (r: { url(): string; request(): { method(): string } }) =>
      r.url().endsWith("/callback") && r.request().method() === "POST";
    for (let attempt = 1; ; attempt++) {
      const answer = desk.waitForResponse(recorded, { timeout: 10_000 });
      await desk.locator(".ant-modal-footer .ant-btn-primary").click();
      const res = await answer.catch(() => null);
      if (res) {
        expect(res.status(), await res.text()).toBe(200);
        break;
      }
      if (attempt === 3)
        throw new Error(`no callback request: ${await desk.locator(".ant-modal").textContent()}`);
    }
    await expect.poll(() => card.getAttribute("data-state"), { timeout: 20_000 }).toBe("done");
    await desk.locator('[data-testid="event"][data-type="case.called_back"]').waitFor();

    // Exactly the buttons the server allows: accept first when it is offered, then resolve.
    if (await desk.locator('[data-action="accept"]').count()) await runAction(desk, "accept");
    await runAction(desk, "resolve", fillText("情况摘要", "已协调邻居夜间关好狗"));
    await desk.getByTestId("case-detail").getByText("已办结").first().waitFor();
    await shotDesk(desk, "resolved");

    await page.goto(`/m/track?code=${code}`);
    await page.locator('input[type="tel"]').fill("0000");
    await page.getByRole("button", { name: "查询" }).click();
    await page.getByRole("button", { name: "不满意" }).click();
    await page.locator(".rate textarea").fill("狗还在叫");
    await page.getByRole("button", { name: "提交评价" }).click();
    await page.getByText("重新办理").waitFor();
    expect(await page.getByTestId("rating-thanks").textContent()).toContain("感谢您的评价");
    await shot(page, "reopened");

    const after = await staffCall(cadre, "GET", `/api/v1/cases/${code}`);
    expect(after).toMatchObject({ status: "accepted", reopenCount: 1 });
    expect(after.timeline.at(-1).data.reason).toContain("狗还在叫");

    // Back in the console: reopened, with the citizen's rating and comment on the timeline.
    await desk.reload();
    await desk.locator('[data-testid="event"][data-type="case.reopened"]').waitFor();
    await desk.locator('[data-testid="event"][data-type="case.rated"]').getByText("不满意").waitFor();
    await desk.getByTestId("case-detail").getByText("已受理").first().waitFor();
    await desk.getByText("狗还在叫").first().waitFor();
    // An unhappy citizen is owed a fresh call back within the same 30 minutes.
    expect(await desk.getByTestId("callback-card").getAttribute("data-state")).toBe("pending");
    await desk.getByTestId("record-callback").waitFor();
    await shotDesk(desk, "reopened");
    expect(errors).toEqual([]);
    expect(console_.errors).toEqual([]);
  });

  it("anonymous 事件类 report: tabs, grouped categories, keyboard photo, PIN, copy, tracking by PIN", async () => {
    const cadre = await staffLogin("cadre");
    const place = await staffCall(cadre, "POST", "/api/v1/places", {
      kind: "building",
      name: "5号楼",
      regionCode: "620702100201001",
      households: 20,
    });
    const page = await phone.newPage();
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(place.url.replace(/^https?:\/\/[^/]+/, ""));

    // The two report kinds are ARIA tabs controlling the form's panel; arrow keys move between them.
    const caseTab = page.getByRole("tab", { name: "我要报事" });
    await caseTab.waitFor();
    expect(await page.getByRole("tab").count()).toBe(2);
    expect(await caseTab.getAttribute("aria-selected")).toBe("true");
    expect(await caseTab.getAttribute("aria-controls")).toBe("report-panel");
    expect(await page.getByRole("tabpanel").getAttribute("aria-labelledby")).toBe("tab-case");
    await caseTab.focus();
    await page.keyboard.press("ArrowRight");
    expect(await page.getByRole("tab", { name: "我有话说" }).getAttribute("aria-selected")).toBe("true");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("tab-opinion");
    await page.keyboard.press("ArrowLeft");
    expect(await caseTab.getAttribute("aria-selected")).toBe("true");

    // 事件类 first, then 矛盾纠纷类: a rubbish report need not pick a dispute type.
    const groups = await page
      .locator("select optgroup")
      .evaluateAll((gs) => gs.map((g) => g.getAttribute("label")));
    expect(groups).toEqual(["事件类", "矛盾纠纷类"]);
    await page.locator("select").selectOption("sanitation");

    // A validation error goes away once the field it names is fixed.
    await page.getByTestId("submit").click();
    const alert = page.getByRole("alert");
    expect(await alert.textContent()).toContain("至少 5 个字");
    await page.locator("textarea").fill("小区门口垃圾堆放三天无人清运，气味很大。");
    await alert.waitFor({ state: "detached" });

    // The photo picker is reached with Tab and opened with the keyboard.
    await page.locator("textarea").focus();
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.type)).toBe("file");
    const photo = await sharp({ create: { width: 800, height: 600, channels: 3, background: "#596" } })
      .jpeg()
      .toBuffer();
    const [chooser] = await Promise.all([page.waitForEvent("filechooser"), page.keyboard.press("Space")]);
    await chooser.setFiles({ name: "rubbish.jpg", mimeType: "image/jpeg", buffer: photo });
    await page.locator(".thumb img").waitFor();

    await page.locator("label.check").filter({ hasText: "匿名反映" }).click();
    await page.getByText("我已阅读并同意").click();
    await expect.poll(() => page.getByTestId("submit").textContent(), { timeout: 20_000 }).toBe("提交");
    await page.getByTestId("submit").click();

    // The done page: status as tracking words it, the code on one line with a copy button, the 查询码.
    const codeEl = page.getByTestId("case-code");
    const code = (await codeEl.textContent())?.trim() ?? "";
    expect(code).toMatch(/^\d{6}-\d{6}-\d{7}$/);
    expect(await page.getByTestId("done-status").textContent()).toBe("已登记，待受理");
    const pin = (await page.getByTestId("tracking-pin").textContent())?.trim() ?? "";
    expect(pin).toMatch(/^\d{6}$/);
    const lines = await codeEl.evaluate((el) => {
      const r = document.createRange();
      r.selectNodeContents(el);
      return new Set(Array.from(r.getClientRects(), (b) => Math.round(b.top))).size;
    });
    expect(lines).toBe(1);
    expect(await codeEl.evaluate((el) => el.scrollWidth <= el.clientWidth + 1)).toBe(true);
    await page.getByRole("button", { name: "复制受理编号" }).click();
    await expect.poll(() => page.getByTestId("copy-status").textContent()).toBe("已复制");
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(code);
    await shot(page, "done-anonymous");

    // Tracking by code + 查询码 from a fresh tab, as the citizen would days later.
    const later = await phone.newPage();
    later.on("pageerror", (e) => errors.push(e.message));
    await later.goto(`/m/track?code=${code}`);
    const secret = later.locator('input[type="tel"]');
    await secret.fill("12");
    await later.getByRole("button", { name: "查询" }).click();
    const missing = later.getByRole("alert");
    expect(await missing.textContent()).toContain("6 位查询码");
    await secret.fill(pin);
    await missing.waitFor({ state: "detached" });
    await later.getByRole("button", { name: "查询" }).click();
    const status = later.getByTestId("status");
    await status.waitFor();
    expect(await status.locator(".status").textContent()).toBe("已登记，待受理");
    expect(await status.getByText("办理单位").textContent()).toBe("办理单位：梁家墩村第一网格");
    await shot(later, "track-pin");
    expect(errors).toEqual([]);
  });
});
