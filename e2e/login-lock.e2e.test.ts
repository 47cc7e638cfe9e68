// A login lock-out as staff meet it (issue 7, item 3): the locked user reads why and until when on the
// login page; the administrator sees "登录锁定至 …" in 管理 › 用户 and lifts it with 解锁.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ensureWebBuilt,
  launchBrowser,
  login,
  openSession,
  PASSWORD,
  type RunningServer,
  type Session,
  shot,
  startServer,
} from "./console-harness";

let server: RunningServer;
let browser: Browser;
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

const tryLogin = (password: string) =>
  fetch(`${server.url}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username: "mediator", password }),
  });

describe("login lock-out", () => {
  it("tells the locked user, shows the lock to the admin, who unlocks it", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await tryLogin("not-the-password")).status);
    expect(statuses).toEqual([401, 401, 401, 401, 429]);

    const user = await openSession(browser, server.url);
    sessions.push(user);
    await user.page.goto("/login");
    await user.page.locator("#username").fill("mediator");
    await user.page.locator("#password").fill(PASSWORD);
    await user.page.getByTestId("login-submit").click();
    await user.page.getByText("该账号已暂时锁定").waitFor();

    const admin = await openSession(browser, server.url);
    sessions.push(admin);
    await login(admin, "admin");
    await admin.page.goto("/admin/users");
    const row = admin.page.getByRole("row").filter({ hasText: "mediator" });
    await row.getByText("登录锁定至").waitFor();
    await shot(admin.page, "admin-user-locked");
    await row.getByRole("button", { name: /解\s*锁/ }).click();
    await row.getByText("登录锁定至").waitFor({ state: "detached" });

    await login(user, "mediator");
    expect([...user.errors.filter((e) => !/status of 429/.test(e)), ...admin.errors]).toEqual([]);
  });
});
