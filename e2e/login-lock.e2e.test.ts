import { describe, expect, it } from "vitest";
import { consoleSuite, login, PASSWORD, shot } from "./console-harness";

const { sessions, url, open } = consoleSuite();

const tryLogin = (password: string) =>
  fetch(`${url()}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username: "mediator", password }),
  });

describe("login lock-out", () => {
  it("tells the locked user, shows the lock to the admin, who unlocks it", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await tryLogin("not-the-password")).status);
    expect(statuses).toEqual([401, 401, 401, 401, 429]);

    const user = await open();
    sessions.push(user);
    await user.page.goto("/login");
    await user.page.locator("#username").fill("mediator");
    await user.page.locator("#password").fill(PASSWORD);
    await user.page.getByTestId("login-submit").click();
    await user.page.getByText("该账号已暂时锁定").waitFor();

    const admin = await open();
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
