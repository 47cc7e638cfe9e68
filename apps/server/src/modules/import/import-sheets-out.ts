import { type ImportError, SHEET_DEFS, type SheetKey } from "@fengqiao/core";
import ExcelJS from "exceljs";
import type { Credential } from "./import-write";

export const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

const bold = (ws: ExcelJS.Worksheet) => {
  ws.getRow(1).font = { bold: true };
  ws.views = [{ state: "frozen", ySplit: 1 }];
};

async function toBuffer(wb: ExcelJS.Workbook): Promise<Buffer> {
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** 导入错误报告: one line per problem (工作表 / 行 / 列 / 问题), in the file's order. */
export async function errorReport(errors: readonly ImportError[], total: number): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("错误报告");
  ws.columns = [
    { header: "工作表", key: "sheet", width: 22 },
    { header: "行", key: "row", width: 8 },
    { header: "列", key: "column", width: 18 },
    { header: "问题", key: "zh", width: 70 },
    { header: "代码", key: "code", width: 18 },
  ];
  bold(ws);
  for (const e of errors) ws.addRow({ ...e, row: e.row || "" });
  if (total > errors.length)
    ws.addRow({ zh: `另有 ${total - errors.length} 个问题未列出：请先改正以上问题后重新导入` });
  return toBuffer(wb);
}

/** New accounts and their initial passwords: handed out once, to be changed at first sign-in. */
export async function credentialsSheet(list: readonly Credential[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("新账号初始密码");
  ws.columns = [
    { header: "用户名", key: "username", width: 20 },
    { header: "姓名", key: "displayName", width: 14 },
    { header: "初始密码", key: "password", width: 18 },
  ];
  bold(ws);
  for (const c of list) ws.addRow(c);
  ws.addRow({});
  ws.addRow({
    username:
      "请将初始密码当面告知本人，妥善保管本表；本表只能下载一次。初始密码只能用一次：本人首次登录时须先改为自己的密码；遗失时由管理员在“管理 › 用户”中重置。",
  });
  return toBuffer(wb);
}

/** 导入模板: the sheets with their headers and a sample row, and a 填写说明 sheet in Chinese. */
export async function templateWorkbook(only?: SheetKey): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const defs = SHEET_DEFS.filter((d) => !only || d.key === only);
  for (const d of defs) {
    const ws = wb.addWorksheet(d.name);
    ws.columns = d.columns.map((c) => ({
      header: c.header,
      key: c.key,
      width: Math.max(12, c.header.length * 2 + 4),
      // Codes, phones and ID numbers as text: a number cell drops an ID number's last digits.
      style: { numFmt: "@" },
    }));
    bold(ws);
    ws.addRow(Object.fromEntries(d.columns.map((c) => [c.key, c.sample])));
    if (d.key === "households") {
      ws.addRow({ code: "LJD-0001", relation: "配偶", name: "李四", phone: "", idNumber: "" });
    }
  }
  const notes = wb.addWorksheet("填写说明");
  notes.columns = [
    { header: "工作表", key: "sheet", width: 16 },
    { header: "列", key: "column", width: 16 },
    { header: "必填", key: "required", width: 8 },
    { header: "说明", key: "note", width: 80 },
  ];
  bold(notes);
  for (const d of defs) {
    notes.addRow({ sheet: d.name, note: d.note });
    for (const c of d.columns)
      notes.addRow({ column: c.header, required: c.required ? "是" : "", note: c.note });
  }
  notes.addRow({});
  for (const line of [
    "1. 工作表名称和列名请保持与模板一致（列的顺序可调整，可增加本县自用的列，导入时忽略）。",
    "2. 可放在一个工作簿的多个工作表中，也可分成多个工作簿一起上传。",
    "3. 任何一行有错，整个文件都不会导入；请下载错误报告（工作表/行/列/问题）逐条改正后重新上传。",
    "4. 可以重复导入：区划按代码、单位按单位编码、人员按用户名、户按户编号、点位按点位编号更新，不会重复。",
    "5. 代码、电话、身份证号列请设为“文本”格式，否则 Excel 会丢失身份证号的末几位。",
  ]) {
    notes.addRow({ sheet: line });
  }
  return toBuffer(wb);
}
