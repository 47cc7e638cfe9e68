// The console on a 390 × 844 phone (issue 7 items 14, 16, 19, 21): no route scrolls sideways, the
// countdown and 红黄蓝 tag are on screen, the menu is a drawer, case detail has a pinned action bar,
// and axe finds no serious or critical problem (labels, contrast, one h1) on the main routes.
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import {
  apiCall,
  axeViolations,
  consoleSuite,
  describeViolations,
  PHONE,
  type Session,
  shot,
} from "./console-harness";

const suite = consoleSuite();
const { sessions, open } = suite;
/** Staff on a phone unless a test asks for another viewport. */
const as = (username: string, viewport = PHONE) => suite.as(username, viewport);
let pausedCode = "";
let runningCode = "";
const EMPTY_VILLAGE = { code: "620702100299", name: "新建移民村" };

/** Nothing wider than the screen: the page itself never scrolls sideways. */
const overflow = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

/** The first element matching `selector` lies entirely inside the viewport (no scrolling needed). */
async function inViewport(page: Page, selector: string) {
  const el = page.locator(selector).first();
  await el.waitFor();
  const box = await el.boundingBox();
  expect(box, selector).not.toBeNull();
  const { width, height } = page.viewportSize() ?? PHONE;
  expect(box?.x ?? -1, selector).toBeGreaterThanOrEqual(0);
  expect((box?.x ?? 0) + (box?.width ?? 0), selector).toBeLessThanOrEqual(width);
  expect((box?.y ?? 0) + (box?.height ?? 0), selector).toBeLessThanOrEqual(height);
}

async function settle(page: Page, marker: string) {
  await page.locator(marker).first().waitFor();
  await page.waitForLoadState("networkidle");
}

beforeAll(async () => {
  // Set-up through the API: one running and one paused case in the grid worker's grid, and a village
  // nobody works in yet, whose contact card would print blank.
  const admin = await as("admin");
  await apiCall(admin.page, "POST", "/regions", { parentCode: "620702100", ...EMPTY_VILLAGE });
  const hotline = await as("hotline");
  const create = (title: string) =>
    apiCall(hotline.page, "POST", "/cases", {
      channel: "hotline",
      category: "neighbour",
      title,
      description: "邻居在楼道堆放杂物，影响通行，多次沟通未果。",
      regionCode: "620702100201001",
    });
  const running = await create("楼道堆放杂物影响通行");
  runningCode = String(running.code);
  const paused = await create("宅基地边界争议待当事人返乡");
  pausedCode = String(paused.code);
  const grid = await as("grid");
  await apiCall(grid.page, "POST", `/cases/${pausedCode}/commands`, {
    type: "pause",
    reason: "当事人外出务工，春节返乡后调解",
    version: paused.version,
  });
}, 240_000);

describe("staff console on a 390 × 844 phone", () => {
  it("shows the workbench as cards with the clock and tag first, and a drawer menu", async () => {
    const { page } = await as("grid");
    await settle(page, '[data-testid="case-card"]');
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    // The rail is gone; the menu opens from the top bar.
    expect(await page.locator(".ant-layout-sider").count()).toBe(0);
    await inViewport(page, '[data-testid="case-card"] [data-warning]');
    await inViewport(page, '[data-testid="case-card"] .fq-countdown');
    await inViewport(page, "h1");
    await shot(page, "phone-workbench");
    await page.getByTestId("nav-toggle").click();
    await page.locator(".fq-nav-drawer").getByText("案件列表").click();
    await page.waitForURL(/\/cases$/);
    await page.locator('[data-testid="case-card"]').first().waitFor();
    await shot(page, "phone-cases");
  });

  it("says a paused case is paused, not overdue", async () => {
    const { page } = await as("grid");
    await page.goto("/cases?status=paused");
    const card = page.locator('[data-testid="case-card"]', { hasText: pausedCode });
    await card.waitFor();
    await expect(card.getByTestId("paused-for").textContent()).resolves.toMatch(/^暂停中 · 已暂停 /);
    expect(await card.textContent()).not.toContain("已超期");
    await page.goto(`/cases/${pausedCode}`);
    await page.getByTestId("case-detail").waitFor();
    await expect(page.getByTestId("paused-for").first().textContent()).resolves.toMatch(/^暂停中/);
  });

  it("pins the case actions to the bottom, full width, and names the region", async () => {
    const { page } = await as("grid");
    await page.goto(`/cases/${runningCode}`);
    await settle(page, '[data-testid="case-detail"]');
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await inViewport(page, '[data-testid="case-detail"] [data-warning]');
    await inViewport(page, '[data-testid="case-detail"] .fq-countdown');
    const bar = await page.getByTestId("action-bar").boundingBox();
    expect(bar).toMatchObject({ x: 0, width: PHONE.width });
    expect((bar?.y ?? 0) + (bar?.height ?? 0)).toBeCloseTo(PHONE.height, 0);
    await expect(page.getByTestId("case-region").textContent()).resolves.toContain("梁家墩镇 › 梁家墩村 › ");
    await shot(page, "phone-case-detail");
  });

  it("warns before printing contact cards that have nobody on them", async () => {
    const { page } = await as("admin");
    await page.goto("/places");
    await settle(page, '[data-testid="contact-cards"] tbody tr.ant-table-row');
    await expect(page.getByTestId("cards-missing").textContent()).resolves.toContain(EMPTY_VILLAGE.name);
    await page.locator(`[data-testid="print-cards"][data-village="${EMPTY_VILLAGE.code}"]`).click();
    const dialog = page.getByTestId("cards-missing-dialog");
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain(EMPTY_VILLAGE.name);
    await shot(page, "phone-cards-warning");
    await page.locator(".ant-modal-confirm-btns .ant-btn").first().click();
    await dialog.waitFor({ state: "hidden" });
  });

  const ROUTES: [user: string, route: string, marker: string, clock: boolean][] = [
    ["grid", "/workbench", '[data-testid="workbench"]', true],
    ["grid", "/cases", '[data-testid="case-card"]', true],
    ["grid", "/cases?sort=due", '[data-testid="case-card"]', true],
    ["hotline", "/cases/new", "#title", false],
    ["cadre", "/workbench", '[data-testid="workbench"]', false],
    ["cadre", "/places", '[data-testid="places-page"]', false],
    ["admin", "/admin/regions", '[role="tabpanel"]', false],
    ["admin", "/admin/units", '[role="tabpanel"] tbody tr.ant-table-row', false],
    ["admin", "/admin/users", '[role="tabpanel"] tbody tr.ant-table-row', false],
    ["admin", "/admin/policies", '[role="tabpanel"]', false],
    ["admin", "/admin/calendar", '[role="tabpanel"]', false],
    ["admin", "/admin/audit", '[role="tabpanel"]', false],
    ["admin", "/admin/clock", '[role="tabpanel"]', false],
    ["admin", "/places", '[data-testid="contact-cards"]', false],
    ["center", "/supervision", '[data-testid="supervision"]', false],
    ["center", "/scorecards", '[data-testid="scorecards"]', false],
    ["dept", "/workbench", '[data-testid="unit-tasks"]', false],
  ];

  it("fits every route without sideways scrolling, with no serious accessibility violation", async () => {
    const byUser = new Map<string, Session>();
    const problems: string[] = [];
    for (const [user, route, marker, clock] of ROUTES) {
      const s = byUser.get(user) ?? (await as(user));
      byUser.set(user, s);
      await s.page.goto(route);
      await settle(s.page, marker);
      const over = await overflow(s.page);
      if (over > 0) problems.push(`${user} ${route}: ${over}px wider than the screen`);
      if (clock) await inViewport(s.page, "[data-warning]");
      const name = `phone-${user}${route.replace(/[/?=&]+/g, "-")}`;
      await shot(s.page, name);
      for (const v of describeViolations(await axeViolations(s.page)))
        problems.push(`${user} ${route}: ${v}`);
    }
    // Case detail: the ladder, parties and timeline too.
    const grid = byUser.get("grid");
    if (grid) {
      await grid.page.goto(`/cases/${runningCode}`);
      await settle(grid.page, '[data-testid="timeline"]');
      for (const v of describeViolations(await axeViolations(grid.page))) problems.push(`detail: ${v}`);
    }
    expect(problems).toEqual([]);
  }, 600_000);

  it("passes axe on the desktop routes as well", async () => {
    const login = await open();
    sessions.push(login);
    await login.page.goto("/login");
    await settle(login.page, "#username");
    const problems = describeViolations(await axeViolations(login.page)).map((v) => `/login: ${v}`);
    const { page } = await as("center", { width: 1280, height: 860 });
    for (const [route, marker] of [
      // The center's own queue may be empty in the demo county: wait for its counters instead.
      ["/workbench", '[data-testid="count-new"]'],
      ["/cases", '[data-testid="case-search"]'],
      [`/cases/${runningCode}`, '[data-testid="timeline"]'],
      ["/cases/new", "#title"],
      ["/places", '[data-testid="contact-cards"] tbody tr.ant-table-row'],
      ["/supervision", '[data-testid="supervision"]'],
      ["/scorecards", '[data-testid="scorecards"]'],
    ] as const) {
      await page.goto(route);
      await settle(page, marker);
      for (const v of describeViolations(await axeViolations(page))) problems.push(`${route}: ${v}`);
    }
    expect(problems).toEqual([]);
  }, 300_000);

  it("logs no console errors on any page visited", () => {
    expect(sessions.flatMap((s) => s.errors)).toEqual([]);
  });
});
