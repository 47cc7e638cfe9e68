// 导入 county onboarding (issue 12) on a 390 × 844 phone: the admin uploads a workbook with errors,
// sees the problems (sheet, row, column) and the report link, uploads the corrected file and sees the
// counts — and the page never scrolls sideways.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { afterAll, describe, expect, it } from "vitest";
import { consoleSuite, PHONE, shot } from "./console-harness";

const { as, sessions } = consoleSuite();
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
    expect(sessions.flatMap((s) => s.errors)).toEqual([]);
  });
});
