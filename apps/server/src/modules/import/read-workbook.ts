import type { Readable } from "node:stream";
import {
  matchHeaders,
  type RawRow,
  type RawSheet,
  sheetDef,
  sheetKeyByHeaders,
  sheetKeyOf,
} from "@fengqiao/core";
import ExcelJS from "exceljs";

/** Excel column letter of a 1-based column number (1 → A, 27 → AA). */
export function columnLetter(n: number): string {
  let s = "";
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

/**
 * A cell as the text a person sees. A long number (an ID number typed into a number cell) has lost
 * its last digits already: it comes out in exponent form, which validation refuses with a hint.
 */
export function cellText(v: ExcelJS.CellValue | undefined): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "string") return v;
  if (typeof v === "number")
    return Number.isInteger(v) && !Number.isSafeInteger(v) ? v.toExponential() : String(v);
  if (typeof v === "boolean") return v ? "是" : "否";
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === "object") {
    if ("richText" in v && Array.isArray(v.richText)) return v.richText.map((t) => t.text).join("");
    if ("result" in v) return cellText(v.result as ExcelJS.CellValue);
    if ("text" in v) return cellText(v.text as ExcelJS.CellValue);
  }
  return "";
}

// A county's sheet may have a title row or two above the headers ("梁家墩镇人员名单"): the header
// row is the first of the top rows naming at least two of our columns.
const HEADER_SEARCH_ROWS = 5;

/** Rows of every sheet we know by name, streamed (a 200,000-row sheet is never held as a workbook). */
export async function readWorkbook(
  input: string | Readable,
  label: string | null,
  onRows?: (n: number) => void,
): Promise<RawSheet[]> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    sharedStrings: "cache",
    hyperlinks: "ignore",
    styles: "ignore",
    worksheets: "emit",
    entries: "ignore",
  });
  // exceljs's stream reader loses the workbook's sheet list when xl/workbook.xml is the zip's last
  // entry (as exceljs itself writes it) and then fails on `model.sheets`; with an empty list in place
  // such a sheet keeps its default name and is recognised by its header row instead.
  (reader as unknown as { model?: unknown }).model = { sheets: [] };
  const sheets: RawSheet[] = [];
  let count = 0;
  for await (const ws of reader) {
    // exceljs sets the sheet's name on its stream reader but does not declare it.
    const wsName = (ws as unknown as { name?: string }).name ?? "";
    const named = /^Sheet\d+$/.test(wsName) ? null : sheetKeyOf(wsName);
    let sheet: RawSheet | null = null;
    // (cell index, column key) of each column we read, worked out once from the header row.
    let keys: [number, string][] | null = null;
    for await (const row of ws) {
      const values = row.values as ExcelJS.CellValue[];
      if (!keys) {
        if (row.number > HEADER_SEARCH_ROWS) continue; // not one of ours: read through (the zip is one stream)
        const headers = values.map((v) => cellText(v).trim());
        const key = named ?? sheetKeyByHeaders(headers);
        const found = key ? matchHeaders(key, headers) : [];
        if (!key || found.filter(Boolean).length < 2) continue;
        const name = named ? wsName : sheetDef(key).name;
        sheet = { key, name: label ? `${name}（${label}）` : name, columns: {}, rows: [] };
        keys = [];
        for (const [i, k] of found.entries()) {
          if (!k || sheet.columns[k]) continue; // a repeated header: the first column counts
          sheet.columns[k] = { header: headers[i] ?? k, letter: columnLetter(i) };
          keys.push([i, k]);
        }
        continue;
      }
      const cells: Record<string, string> = {};
      let any = false;
      for (const [i, k] of keys) {
        const t = cellText(values[i]);
        if (t.trim()) any = true;
        cells[k] = t;
      }
      if (!any) continue; // blank rows between blocks are not errors
      sheet?.rows.push({ row: row.number, cells } satisfies RawRow);
      if (++count % 5000 === 0) onRows?.(count);
    }
    if (sheet) sheets.push(sheet);
  }
  onRows?.(count);
  return sheets;
}
