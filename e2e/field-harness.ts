// Helpers for 网格通 (/g/) journeys and its bench: a phone-sized Chromium context, the app's login,
// its service worker taking control, and plain API sessions for set-up and for "another device".
import { type Browser, type Page, request } from "playwright-core";
import { PASSWORD, PHONE, type Session } from "./console-harness";

// Expected failures: 401 from /auth/me before login, 404 from FIELD-API routes this server may lack,
// 409 for a queued write on a case that moved on (shown to the worker as a conflict), and every
// request tried while the test has switched the network off.
const EXPECTED =
  /Failed to load resource: (the server responded with a status of (401|404|409)|net::ERR_INTERNET_DISCONNECTED)/;

export async function openPhone(browser: Browser, baseURL: string): Promise<Session> {
  const context = await browser.newContext({
    baseURL,
    viewport: PHONE,
    locale: "zh-CN",
    serviceWorkers: "allow",
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error" && !EXPECTED.test(m.text())) errors.push(`${page.url()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => errors.push(`${page.url()}: ${e.message}`));
  return { context, page, errors };
}

/** Signs in on the phone app and waits for 今日 and for the service worker to control the page. */
export async function loginPhone(page: Page, username: string) {
  await page.goto("/g/");
  await page.locator("#username").fill(username);
  await page.locator("#password").fill(PASSWORD);
  await page.getByTestId("login-submit").click();
  await page.getByTestId("today").waitFor();
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (navigator.serviceWorker.controller) return;
    await new Promise((r) => navigator.serviceWorker.addEventListener("controllerchange", r, { once: true }));
  });
}

export type Call = (method: "GET" | "POST", url: string, data?: unknown) => Promise<Record<string, unknown>>;

/** A signed-in API session outside the browser (set-up, or the same worker on another device). */
export async function apiAs(
  baseURL: string,
  username: string,
): Promise<{ call: Call; dispose: () => Promise<void> }> {
  const ctx = await request.newContext({ baseURL });
  const res = await ctx.post("/api/v1/auth/login", { data: { username, password: PASSWORD } });
  if (!res.ok()) throw new Error(`login ${username}: ${res.status()}`);
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  const call: Call = async (method, url, data) => {
    const r = await ctx.fetch(`/api/v1${url}`, {
      method,
      headers: { "x-csrf-token": csrfToken },
      ...(data === undefined ? {} : { data }),
    });
    if (!r.ok()) throw new Error(`${method} ${url}: ${r.status()} ${await r.text()}`);
    return r.json() as Promise<Record<string, unknown>>;
  };
  return { call, dispose: () => ctx.dispose() };
}

export const GRID = "620702100201001";

/** A fresh hotline case in the demo grid worker's grid; returns its code. */
export async function gridCase(call: Call, title: string): Promise<string> {
  const c = await call("POST", "/cases", {
    channel: "hotline",
    category: "neighbour",
    title,
    description: "邻居在院墙边堆放柴草，担心失火，双方多次争吵。",
    regionCode: GRID,
  });
  return String(c.code);
}

/** Queues a note from the open case screen. */
export async function queueNote(page: Page, text: string) {
  await page.locator('[data-action="note"]').click();
  await page.locator('textarea[name="text"]').fill(text);
  await page.getByTestId("action-submit").click();
  await page.getByTestId("case-actions").waitFor();
}

/** Items on the phone not yet delivered (any state but done), read from the outbox screen's source. */
export const openItems = (page: Page) =>
  page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const req = indexedDB.open("fengqiao-field");
        req.onerror = () => reject(req.error);
        req.onsuccess = () => {
          const all = req.result.transaction("outbox").objectStore("outbox").getAll();
          all.onsuccess = () => {
            resolve((all.result as { state: string }[]).filter((i) => i.state !== "done").length);
            req.result.close();
          };
        };
      }),
  );
