import { writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import type { AppContext } from "../../context";
import { type ImportProgress, runImport } from "./import-run";
import { credentialsSheet, errorReport } from "./import-sheets-out";

export const IMPORT_USAGE =
  "fengqiao import FILE.xlsx [FILE2.xlsx …] [--region CODE] [--report errors.xlsx] [--accounts accounts.xlsx]";

/**
 * `fengqiao import`: the admin page's import from a terminal. Progress on stderr; a refused file
 * leaves an error report (工作表/行/列/问题); new accounts' initial passwords go to a file readable
 * by the owner only, never to the terminal's scrollback.
 */
export async function importCommand(ctx: AppContext, args: string[], now = new Date()): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { region: { type: "string" }, report: { type: "string" }, accounts: { type: "string" } },
  });
  if (positionals.length === 0) {
    console.error(`usage: ${IMPORT_USAGE}`);
    return 2;
  }
  let regionPath: string | null = null;
  if (values.region) {
    const r = await ctx.db
      .selectFrom("regions")
      .select("path")
      .where("code", "=", values.region)
      .executeTakeFirst();
    if (!r) {
      console.error(`区划 ${values.region} 不存在 / no region ${values.region}`);
      return 2;
    }
    regionPath = r.path;
  }
  const started = performance.now();
  let last = 0;
  let state: ImportProgress = { status: "reading", rowsTotal: 0, rowsValidated: 0, rowsWritten: 0 };
  const progress = (p: Partial<ImportProgress>) => {
    state = { ...state, ...p };
    if (!p.status && performance.now() - last < 1000) return;
    last = performance.now();
    const s = ((last - started) / 1000).toFixed(1);
    const what =
      state.status === "writing"
        ? `写入 writing ${state.rowsWritten}/${state.rowsTotal}`
        : state.status === "validating"
          ? `校验 validating ${state.rowsTotal} 行`
          : `读取 reading ${state.rowsTotal} 行`;
    process.stderr.write(`[${s}s] ${what}\n`);
  };
  const out = await runImport({
    ctx,
    files: positionals.map((f) => ({ path: f, name: path.basename(f) })),
    actor: { userId: null, username: null, regionPath },
    progress,
  });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const stamp = now.toISOString().slice(0, 19).replace(/[-:T]/g, "");
  if (!out.ok) {
    const report = values.report ?? `import-errors-${stamp}.xlsx`;
    await writeFile(report, await errorReport(out.errors, out.errors.length));
    for (const e of out.errors.slice(0, 20)) console.error(`${e.sheet} 第${e.row}行 ${e.column}：${e.zh}`);
    if (out.errors.length > 20) console.error(`… 共 ${out.errors.length} 个问题`);
    console.error(
      `导入被拒绝，未写入任何数据；错误报告：${report} (refused: ${out.errors.length} problems, nothing written)`,
    );
    return 1;
  }
  const c = out.counts;
  if (c) {
    const t = (x: { created: number; updated: number }) => `新增 ${x.created} / 更新 ${x.updated}`;
    console.log(`导入完成 imported ${out.rows} rows in ${seconds}s`);
    console.log(`  区划与网格 ${t(c.regions)}\n  单位 ${t(c.units)}\n  人员 ${t(c.staff)}`);
    console.log(
      `  户 ${t(c.households)}，成员 ${c.members}，楼栋/院落新增 ${c.buildings}\n  码上反映点位 ${t(c.places)}`,
    );
  }
  if (out.credentials.length) {
    const file = values.accounts ?? `import-accounts-${stamp}.xlsx`;
    await writeFile(file, await credentialsSheet(out.credentials), { mode: 0o600 });
    console.log(`${out.credentials.length} 个新账号的初始密码已写入 ${file}（仅本人可读，请妥善分发后删除）`);
  }
  return 0;
}
