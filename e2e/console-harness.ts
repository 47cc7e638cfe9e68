// Test harness for the console journeys: a real server on a fresh embedded PostgreSQL, Debian's
// Chromium through playwright-core, and a per-page record of console errors.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
} from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const SHOTS = path.join(ROOT, "test-results");
export const PASSWORD = "fengqiao2026";

function newestMtime(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** Builds apps/web when dist is missing or older than its sources (or core's). */
export function ensureWebBuilt() {
  const index = path.join(ROOT, "apps/web/dist/index.html");
  const sources = Math.max(
    newestMtime(path.join(ROOT, "apps/web/src")),
    newestMtime(path.join(ROOT, "packages/core/src")),
  );
  if (existsSync(index) && statSync(index).mtimeMs > sources) return;
  // vitest sets NODE_ENV=test, which would make Vite emit React's development build.
  execFileSync("npm", ["run", "build", "-w", "@fengqiao/web"], {
    cwd: ROOT,
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "production" },
  });
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === "object" && addr ? resolve(addr.port) : reject(new Error("no port"))));
    });
  });
}

export interface RunningServer {
  url: string;
  /** FENGQIAO_DATA_DIR; its pg.json has the embedded PostgreSQL's port and password. */
  dataDir: string;
  stop: () => Promise<void>;
}

/** `env` overrides the e2e defaults (bench/web-tti.ts runs the real sweep interval and clock). */
export async function startServer(env: NodeJS.ProcessEnv = {}): Promise<RunningServer> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "fq-e2e-"));
  // As root, embedded PostgreSQL runs as an unprivileged user that must traverse this directory.
  chmodSync(dataDir, 0o755);
  const port = await freePort();
  const child: ChildProcess = spawn("node", ["apps/server/bin/fengqiao.mjs", "start"], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: "test",
      FENGQIAO_DATA_DIR: dataDir,
      PORT: String(port),
      FENGQIAO_TEST_CLOCK: "1",
      FENGQIAO_SWEEP_MS: "500",
      LOG_LEVEL: "warn",
      ...env,
    },
    stdio: ["ignore", "inherit", "inherit"],
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/health`)).ok) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error("server did not become healthy in 90 s");
    await new Promise((r) => setTimeout(r, 250));
  }
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (child.exitCode === null) child.kill("SIGKILL");
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  return { url, dataDir, stop };
}

export async function launchBrowser(): Promise<Browser> {
  mkdirSync(SHOTS, { recursive: true });
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  });
}

// Expected answers the browser logs as failed loads: /auth/me says "not signed in" with 401, and a
// case outside the user's jurisdiction is 404. Any other console error fails the test.
const EXPECTED = /Failed to load resource: the server responded with a status of (401|404)/;

export interface Session {
  context: BrowserContext;
  page: Page;
  errors: string[];
}

export const PHONE = { width: 390, height: 844 };

export async function openSession(
  browser: Browser,
  baseURL: string,
  viewport = { width: 1280, height: 860 },
): Promise<Session> {
  const context = await browser.newContext({
    baseURL,
    viewport,
    locale: "zh-CN",
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error" && !EXPECTED.test(m.text())) errors.push(`${page.url()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => errors.push(`${page.url()}: ${e.message}`));
  return { context, page, errors };
}

export async function login(s: Session, username: string) {
  await s.page.goto("/login");
  await s.page.locator("#username").fill(username);
  await s.page.locator("#password").fill(PASSWORD);
  await s.page.getByTestId("login-submit").click();
  // Each user's first screen: the workbench, or the dashboard for a leader.
  await s.page.locator('[data-testid="workbench"], [data-testid="dashboard"]').first().waitFor();
}

type Viewport = { width: number; height: number };

/**
 * One real server and one Chromium per test file, started before and stopped after its tests;
 * `as(user)` opens a session logged in as a demo user. Every session is kept, so a file can check
 * that no page it visited logged a console error.
 */
export function consoleSuite() {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  const sessions: Session[] = [];
  beforeAll(async () => {
    ensureWebBuilt();
    server = await startServer();
    browser = await launchBrowser();
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });
  const started = () => {
    if (!server || !browser) throw new Error("consoleSuite: used before its beforeAll ran");
    return { server, browser };
  };
  const open = async (viewport?: Viewport) => {
    const { server, browser } = started();
    const s = await openSession(browser, server.url, viewport);
    sessions.push(s);
    return s;
  };
  return {
    sessions,
    url: () => started().server.url,
    open,
    as: async (username: string, viewport?: Viewport) => {
      const s = await open(viewport);
      await login(s, username);
      return s;
    },
  };
}

/**
 * Saves a full-page screenshot to test-results/ for people to look at (it asserts nothing). Chromium
 * on a starved CI machine once hung 30 s "taking page screenshot" of a page with a ticking countdown:
 * a shot that times out is taken again of the viewport alone, rather than failing the journey.
 */
export async function saveShot(page: Page, file: string) {
  const at = path.join(SHOTS, file);
  try {
    await page.screenshot({ path: at, fullPage: true, animations: "disabled", timeout: 20_000 });
  } catch (err) {
    if (!(err instanceof Error && err.name === "TimeoutError")) throw err;
    await page.screenshot({ path: at, animations: "disabled", timeout: 20_000 });
  }
}

export const shot = (page: Page, name: string) => saveShot(page, `console-${name}.png`);

/** Runs one case action from the detail page and waits until its event is on the timeline. */
export async function runAction(page: Page, action: string, fill?: (page: Page) => Promise<void>) {
  const events = page.getByTestId("event");
  const before = await events.count();
  await page.locator(`[data-action="${action}"]`).click();
  if (fill) {
    await fill(page);
    await page.locator(".ant-modal-footer .ant-btn-primary").click();
  } else {
    await page.locator(".ant-popconfirm-buttons .ant-btn-primary").click();
  }
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="event"]').length > n, before, {
    timeout: 15_000,
  });
}

/**
 * The dropdown that belongs to an antd select (`field`: the select or its input). rc-select gives its input
 * an id and its popup a listbox with that id + `_list`; matching on it avoids another select's dropdown
 * that is still fading out (on a loaded machine it is still in the page, invisible, with the same options).
 */
async function dropdownOf(page: Page, field: Locator) {
  const root = field.locator(
    "xpath=ancestor-or-self::*[contains(concat(' ', normalize-space(@class), ' '), ' ant-select ')][1]",
  );
  const id = await root.locator("input[role=combobox]").getAttribute("id");
  if (!id) throw new Error("the select has no input id to find its dropdown by");
  return { root, dropdown: page.locator(`.ant-select-dropdown:has([id="${id}_list"])`) };
}

/** Clicks `label` in the dropdown of a select that is open (single or multiple). */
export async function pickIn(page: Page, field: Locator, label: string) {
  const { dropdown } = await dropdownOf(page, field);
  await dropdown.locator(".ant-select-item-option").filter({ hasText: label }).first().click();
}

/**
 * Chooses `label` in an antd single select (`field`: the select or its input) and checks that the select
 * shows it. On a loaded CI machine a click made while the dropdown is still opening can be lost — the
 * form then fails validation with an empty field — so it opens the dropdown again, up to three times.
 */
export async function choose(page: Page, field: Locator, label: string) {
  const { root, dropdown } = await dropdownOf(page, field);
  for (let attempt = 1; ; attempt++) {
    try {
      if (!(await dropdown.isVisible())) await field.click();
      await dropdown
        .locator(".ant-select-item-option")
        .filter({ hasText: label })
        .first()
        .click({ timeout: 10_000 });
      await root.filter({ hasText: label }).waitFor({ timeout: 3_000 });
      return;
    } catch (err) {
      if (attempt === 3) throw err;
    }
  }
}

export const fillText = (label: string, text: string) => async (page: Page) => {
  await page.locator(".ant-modal").getByLabel(label).fill(text);
};

/** A JSON call with the session's cookie and CSRF token (for set-up the journey itself does not cover). */
export async function apiCall(page: Page, method: "GET" | "POST" | "PUT", url: string, data?: unknown) {
  const me = await page.request.get("/api/v1/auth/me");
  const { csrfToken } = (await me.json()) as { csrfToken: string };
  const res = await page.request.fetch(`/api/v1${url}`, {
    method,
    headers: { "x-csrf-token": csrfToken },
    ...(data === undefined ? {} : { data }),
  });
  if (!res.ok()) throw new Error(`${method} ${url}: ${res.status()} ${await res.text()}`);
  return res.json() as Promise<Record<string, unknown>>;
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

let axeSource: string | null = null;

/**
 * Runs axe-core (injected from its npm package) on the page as it stands and returns the violations
 * that matter here: every serious or critical one, and any missing or duplicated h1.
 */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  axeSource ??= readFileSync(path.join(ROOT, "node_modules/axe-core/axe.min.js"), "utf8");
  // Evaluated over the DevTools protocol, not as an inline <script>: the console's CSP (script-src
  // 'self') rightly refuses inline scripts, and a test must not weaken it.
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (o: unknown) => Promise<{ violations: unknown[] }> } })
      .axe;
    const r = await axe.run({ resultTypes: ["violations"] });
    return r.violations as AxeViolation[];
  });
  const h1s = await page.locator("h1").count();
  const extra: AxeViolation[] =
    h1s === 1 ? [] : [{ id: "one-h1", impact: "serious", help: `${h1s} h1 elements`, nodes: [] }];
  return [
    ...violations.filter(
      (v) => v.impact === "serious" || v.impact === "critical" || v.id === "page-has-heading-one",
    ),
    ...extra,
  ];
}

/** A compact line per violation and node, readable in a failed assertion. */
export const describeViolations = (vs: AxeViolation[]) =>
  vs.flatMap((v) =>
    v.nodes.length
      ? v.nodes
          .slice(0, 5)
          .map((n) => `${v.id} (${v.impact}): ${n.target.join(" ")} — ${n.failureSummary ?? v.help}`)
      : [`${v.id} (${v.impact}): ${v.help}`],
  );
