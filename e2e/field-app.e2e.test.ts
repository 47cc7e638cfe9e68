// 网格通 (/g/, issue 12) in Chromium at 390 × 844: sign in on the phone, open a case, switch the
// network off, queue a note and an accept, reload offline (the service worker opens the app and the
// queue is still there), reconnect: both reach the server in order and show on the timeline. Then a
// write made offline while the case moved on from another device is shown as a conflict — with the
// case's new state and the worker's choices — and re-applied, not dropped. Plus the first-load budget.

import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FIELD_LIMIT_BYTES, fieldGzipSize } from "../bench/field-size";
import { launchBrowser, type RunningServer, type Session, saveShot, startServer } from "./console-harness";
import { apiAs, type Call, gridCase, loginPhone, openItems, openPhone, queueNote } from "./field-harness";

let server: RunningServer;
let browser: Browser;
let phone: Session;
let hotline: Call;
let code = "";

beforeAll(async () => {
  fieldGzipSize(); // builds apps/field when its dist is missing or stale
  server = await startServer();
  browser = await launchBrowser();
  hotline = (await apiAs(server.url, "hotline")).call;
  code = await gridCase(hotline, "院墙边堆放柴草引发争吵");
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const shot = (page: Page, name: string) => saveShot(page, `field-${name}.png`);

const timeline = async (call: Call) =>
  ((await call("GET", `/cases/${code}`)).timeline as { type: string; data: { text?: string } }[]).map(
    (e) => `${e.type}${e.data.text ? `:${e.data.text}` : ""}`,
  );

describe("网格通 offline at 390 × 844", () => {
  it("first load stays within 150 KB of gzipped JS+CSS", () => {
    const size = fieldGzipSize();
    expect(size.gzipBytes, JSON.stringify(size.files)).toBeLessThanOrEqual(FIELD_LIMIT_BYTES);
  });

  it("serves the app at every /g/ path, and a service worker that lists its shell", async () => {
    const deep = await fetch(`${server.url}/g/c/${code}`);
    expect(deep.status).toBe(200);
    expect(await deep.text()).toContain("枫桥网格通");
    const sw = await fetch(`${server.url}/g/sw.js`);
    expect(sw.headers.get("cache-control")).toBe("no-cache");
    const precache = /const PRECACHE = (\[.*\]);/.exec(await sw.text())?.[1] ?? "[]";
    expect(JSON.parse(precache)).toEqual(
      expect.arrayContaining(["/g/index.html", expect.stringMatching(/^\/g\/assets\/index-.+\.js$/)]),
    );
    const manifest = (await (await fetch(`${server.url}/g/manifest.webmanifest`)).json()) as Record<
      string,
      unknown
    >;
    expect(manifest).toMatchObject({ name: "枫桥网格通", start_url: "/g/", display: "standalone" });
  });

  it("queues a note and an accept offline, survives a reload, and syncs them in order", async () => {
    phone = await openPhone(browser, server.url);
    const { page, context } = phone;
    await loginPhone(page, "grid");
    const card = page.locator(`[data-testid="case-card"][data-code="${code}"]`);
    await card.waitFor();
    await shot(page, "today");
    await card.click();
    await page.getByTestId("case").waitFor();
    await page.locator('[data-action="accept"]').waitFor();

    await context.setOffline(true);
    await queueNote(page, "离线备注：已到现场，双方同意清理柴草");
    await page.locator('[data-action="accept"]').click();
    await page.getByTestId("action-submit").click();
    await expect.poll(() => openItems(page)).toBe(2);

    // Closed and opened again with no network: the shell from the service worker, the case from the
    // phone's cache, the two writes still waiting.
    await page.reload();
    await page.getByTestId("case").waitFor();
    await expect.poll(() => page.getByTestId("stale").isVisible()).toBe(true);
    expect(await page.getByTestId("net").textContent()).toContain("离线");
    await shot(page, "case-offline");
    await page.getByTestId("tab-outbox").click();
    await expect
      .poll(() => page.locator('[data-testid="outbox-item"][data-state="pending"]').count())
      .toBe(2);
    expect(await page.locator('[data-testid="outbox-item"] b').allTextContents()).toEqual([
      "备注：离线备注：已到现场，双方同意清理柴草",
      "受理",
    ]);

    await context.setOffline(false);
    await expect.poll(() => openItems(page), { timeout: 15_000 }).toBe(0);
    const events = await timeline(hotline);
    const note = events.indexOf("case.noted:离线备注：已到现场，双方同意清理柴草");
    expect(note).toBeGreaterThan(-1);
    expect(events.indexOf("case.accepted")).toBeGreaterThan(note);

    await page.goBack();
    await expect
      .poll(() => page.locator('[data-testid="event"] .words').allTextContents(), { timeout: 5000 })
      .toContain("添加备注：离线备注：已到现场，双方同意清理柴草");
  });

  it("shows a conflict when the case moved on meanwhile, and re-applies it on the worker's word", async () => {
    const { page, context } = phone;
    await context.setOffline(true);
    // A note never conflicts (it changes nothing a later change could contradict): queue a step that does.
    await page.locator('[data-action="startMediation"]').click();
    await page.getByTestId("action-submit").click();
    await page.getByTestId("case-actions").waitFor();
    // Meanwhile the same worker on another device (online) writes on the case: its version moves on.
    const other = await apiAs(server.url, "grid");
    const now = await other.call("GET", `/cases/${code}`);
    await other.call("POST", `/cases/${code}/commands`, {
      type: "note",
      text: "另一台设备的备注",
      version: now.version,
    });
    await other.dispose();

    await context.setOffline(false);
    const conflict = page.getByTestId("conflict");
    await conflict.waitFor({ timeout: 15_000 });
    await shot(page, "conflict");
    const text = (await conflict.textContent()) ?? "";
    expect(text).toContain("案件现状：已受理");
    expect(text).toContain("最新变化：添加备注");
    expect(await openItems(page)).toBe(1); // shown, not dropped
    expect(await timeline(hotline)).not.toContain("case.mediation_started");

    await page.getByTestId("reapply").click();
    await expect.poll(() => openItems(page), { timeout: 15_000 }).toBe(0);
    expect(await timeline(hotline)).toContain("case.mediation_started");
    expect(phone.errors).toEqual([]);
  });
});
