// 导入 county onboarding (issue 12) on a 390 × 844 phone: the admin uploads a workbook with errors,
// sees the problems (sheet, row, column) and the report link, uploads the corrected file and sees the
// counts — and the page never scrolls sideways. Then the imported grid worker signs in with the one-time
// initial password from the accounts sheet, is asked to change it first, does, and lands in the console;
// after an administrator's reset the same happens on the phone app (/g/).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { afterAll, describe, expect, it } from "vitest";
import { ensureFieldBuilt } from "../bench/field-size";
import { consoleSuite, PHONE, saveShot, shot } from "./console-harness";
import { openPhone } from "./field-harness";

ensureFieldBuilt(); // the phone app's part below (the console is built by consoleSuite)
const { as, open, sessions, url } = consoleSuite();
const dir = mkdtempSync(path.join(os.tmpdir(), "fq-e2e-import-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const T = "620702190";
const V = `${T}201`;
const G = `${V}001`;

async function book(name: string, broken: boolean): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const regions = wb.addWorksheet("区划与网格");
  regions.addRow(["代码", "名称", "上级代码", "层级"]);
  regions.addRow([T, "新河镇", "620702", "乡镇"]);
  regions.addRow([V, "新河村", T, "村"]);
  regions.addRow([G, "新河村第一网格", broken ? "620702191201" : V, "网格"]);
  const staff = wb.addWorksheet("人员");
  staff.addRow(["用户名", "姓名", "工作电话", "职务", "角色", "所属区划代码"]);
  staff.addRow(["xinhe_grid", "王网格", broken ? "12345" : "13900001111", "网格员", "网格员", G]);
  const hh = wb.addWorksheet("户");
  hh.addRow(["户编号", "网格代码", "地址", "与户主关系", "姓名", "电话", "身份证号"]);
  hh.addRow([
    "XH-1",
    G,
    "新河村一组1号",
    "户主",
    "张三",
    "13800001234",
    broken ? "110105194912310021" : "11010519491231002X",
  ]);
  const file = path.join(dir, name);
  writeFileSync(file, Buffer.from(await wb.xlsx.writeBuffer()));
  return file;
}

describe("批量导入 on a phone", () => {
  it("a file with errors is refused with its report; the corrected file imports and shows the counts", async () => {
    const admin = await as("admin", PHONE);
    const { page } = admin;
    await page.goto("/import");
    await page.getByTestId("import-page").waitFor();
    await expect(page.getByTestId("import-template").getAttribute("href")).resolves.toContain(
      "/import/template.xlsx",
    );

    await page.locator('input[type="file"]').setInputFiles(await book("新河镇.xlsx", true));
    await page.getByTestId("import-start").click();
    await page.locator('[data-testid="import-job"][data-status="refused"]').waitFor({ timeout: 30_000 });
    const errors = page.getByTestId("import-errors");
    await expect(errors.textContent()).resolves.toMatch(/区划与网格 · 第 4 行 · C 上级代码/);
    await expect(errors.textContent()).resolves.toContain("工作电话");
    await expect(errors.textContent()).resolves.toContain("校验位");
    await expect(page.getByTestId("import-report").getAttribute("href")).resolves.toMatch(/\/errors\.xlsx$/);
    expect(
      await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
    ).toBeLessThanOrEqual(0);
    await shot(page, "phone-import-refused");

    await page.locator('input[type="file"]').setInputFiles(await book("新河镇-改.xlsx", false));
    await page.getByTestId("import-start").click();
    await page.locator('[data-testid="import-job"][data-status="done"]').waitFor({ timeout: 30_000 });
    const counts = (await page.getByTestId("import-counts").textContent()) ?? "";
    expect(counts).toContain("新增 3 · 更新 0"); // three regions
    expect(counts).toContain("新增 1 · 更新 0"); // one account, one household
    await expect(page.getByTestId("import-credentials").isVisible()).resolves.toBe(true);
    expect(
      await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
    ).toBeLessThanOrEqual(0);
    await shot(page, "phone-import-done");

    // The new accounts' one-time passwords, as the admin downloads them.
    const href = (await page.getByTestId("import-credentials").getAttribute("href")) as string;
    const sheet = await page.request.get(href);
    expect(sheet.status()).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Uint8Array.from(await sheet.body()).buffer);
    let initial = "";
    wb.worksheets[0]?.eachRow((row) => {
      const cells = (row.values as unknown[]).map(String);
      if (cells.includes("xinhe_grid")) initial = cells.find((c) => /^[a-zA-Z0-9]{12}$/.test(c)) ?? "";
    });
    expect(initial).toMatch(/^[a-zA-Z0-9]{12}$/);

    // The grid worker signs in with it: the first-password form, not the app.
    const worker = await open(PHONE);
    await worker.page.goto("/login");
    await worker.page.locator("#username").fill("xinhe_grid");
    await worker.page.locator("#password").fill(initial);
    await worker.page.getByTestId("login-submit").click();
    await worker.page.getByTestId("first-password").waitFor();
    await worker.page.locator("#pw-current").fill(initial);
    await worker.page.locator("#pw-next").fill("Xinhe-grid-2026");
    await worker.page.locator("#pw-repeat").fill("Xinhe-grid-2027");
    await worker.page.getByTestId("first-password-submit").click();
    await expect(worker.page.getByRole("alert").textContent()).resolves.toContain("不一致");
    await worker.page.locator("#pw-repeat").fill("Xinhe-grid-2026");
    await shot(worker.page, "phone-first-password");
    await worker.page.getByTestId("first-password-submit").click();
    await worker.page.getByTestId("workbench").waitFor();
    expect(
      await worker.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
    ).toBeLessThanOrEqual(0);

    // An administrator's reset: the same question on the phone app.
    const id = await page.evaluate(async () => {
      const r = await fetch("/api/v1/users", { credentials: "same-origin" });
      const body = (await r.json()) as { items: { id: string; username: string }[] };
      return body.items.find((u) => u.username === "xinhe_grid")?.id ?? "";
    });
    expect(id).not.toBe("");
    const csrf = await page.evaluate(async () => {
      const r = await fetch("/api/v1/auth/me", { credentials: "same-origin" });
      return ((await r.json()) as { csrfToken: string }).csrfToken;
    });
    const reset = await page.request.post(`/api/v1/users/${id}/reset-password`, {
      headers: { "x-csrf-token": csrf },
      data: { password: "Reset-by-admin-1" },
    });
    expect(reset.status()).toBe(204);
    const browser = page.context().browser();
    if (!browser) throw new Error("no browser");
    const phone = await openPhone(browser, url());
    sessions.push(phone);
    await phone.page.goto("/g/");
    await phone.page.locator("#username").fill("xinhe_grid");
    await phone.page.locator("#password").fill("Reset-by-admin-1");
    await phone.page.getByTestId("login-submit").click();
    await phone.page.getByTestId("first-password").waitFor();
    await phone.page.locator("#pw-current").fill("Reset-by-admin-1");
    await phone.page.locator("#pw-next").fill("Xinhe-phone-2026");
    await phone.page.locator("#pw-repeat").fill("Xinhe-phone-2026");
    await saveShot(phone.page, "field-first-password.png");
    await phone.page.getByTestId("first-password-submit").click();
    await phone.page.getByTestId("today").waitFor();
    expect(
      await phone.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
    ).toBeLessThanOrEqual(0);
    expect(sessions.flatMap((s) => s.errors)).toEqual([]);
  });
});
