import type ExcelJS from "exceljs";

/**
 * exceljs, loaded on the first workbook read or written rather than at start-up: it is the heaviest
 * module the server has (about 2 s to load on a busy 2-core machine), and every `fengqiao` command and
 * every app node would pay for it before its first request, most of them never needing it.
 */
let loaded: Promise<typeof ExcelJS> | null = null;
export const excel = () => {
  loaded ??= import("exceljs").then((m) => m.default);
  return loaded;
};
