import { randomBytes } from "node:crypto";
import ExcelJS from "exceljs";
import { call, type Session, type TestEnv, type Tree } from "./helpers";

export type Rows = (string | number)[][];

/** A workbook from sheets of rows (the first row the headers), as a county would keep it. */
export async function workbook(sheets: Record<string, Rows>): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) {
    const ws = wb.addWorksheet(name);
    for (const r of rows) ws.addRow(r);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A new township with a village and two grids under the test county, its staff, households and a place. */
export function countyBook(
  tree: Tree,
  o: { broken?: boolean; villageName?: string; memberName?: string } = {},
) {
  const t = `${tree.county}102`;
  const v = `${t}201`;
  const g1 = `${v}001`;
  const g2 = `${v}002`;
  const regions: Rows = [
    ["代码", "名称", "上级代码", "层级"],
    [t, "新河镇", tree.county, "乡镇"],
    [v, o.villageName ?? "新河村", t, "村"],
    [g1, "新河村第一网格", v, "网格"],
    // broken: a grid whose code does not start with its village's code, and a parent nobody has.
    [o.broken ? `${tree.county}103201002` : g2, "新河村第二网格", v, "网格"],
    ...(o.broken ? [[`${t}202`, "无主村", `${tree.county}109`, "村"]] : []),
  ];
  const units: Rows = [
    ["单位编码", "单位名称", "类型", "所属区划代码", "入驻方式"],
    ["XH-SFS", "新河镇司法所", "司法所", t, "常驻"],
  ];
  const staff: Rows = [
    ["用户名", "姓名", "工作电话", "职务", "角色", "所属区划代码", "所属单位编码"],
    ["xh_grid1", "王网格", "13900001111", "网格员", "网格员", g1, ""],
    ["xh_cadre", "赵书记", "0936-8212345", "书记", "村干部", v, ""],
    ["xh_police", "钱警官", o.broken ? "139-0000" : "13900002222", "驻村民警", "民警", v, "XH-SFS"],
  ];
  const households: Rows = [
    [
      "户编号",
      "网格代码",
      "楼栋/院落",
      "地址",
      "户标签",
      "与户主关系",
      "姓名",
      "电话",
      "身份证号",
      "成员标签",
    ],
    [
      "XH-0001",
      g1,
      "一组1号院",
      "新河村一组1号",
      "独居老人",
      "户主",
      o.memberName ?? "张三丰",
      "13800001234",
      "11010519491231002X",
      "",
    ],
    ["XH-0001", "", "", "", "", "配偶", "李四娘", "", "", "残疾"],
    ["XH-0002", g2, "", "新河村二组5号", "", "户主", "刘五", "", o.broken ? "110105194912310021" : "", ""],
  ];
  const places: Rows = [
    ["点位编号", "点位名称", "类型", "网格代码", "覆盖户数"],
    ["XH-QR-1", "新河村便民服务站", "服务窗口", g1, 80],
  ];
  return {
    codes: { t, v, g1, g2 },
    buffer: workbook({ 区划与网格: regions, 单位: units, 人员: staff, 户: households, 码上反映点位: places }),
  };
}

/** Files as multipart/form-data (field "file", repeated), built by hand. */
export function multipartFiles(files: { name: string; data: Buffer }[]) {
  const boundary = `----fq${randomBytes(8).toString("hex")}`;
  const parts = files.flatMap((f) => [
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${f.name}"\r\nContent-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n`,
    ),
    f.data,
    Buffer.from("\r\n"),
  ]);
  return {
    payload: Buffer.concat([...parts, Buffer.from(`--${boundary}--\r\n`)]),
    headers: { "content-type": `multipart/form-data; boundary=${boundary}` },
  };
}

export interface JobView {
  id: string;
  status: string;
  rowsTotal: number;
  rowsValidated: number;
  rowsWritten: number;
  errorCount: number;
  errors: { sheet: string; row: number; column: string; code: string; zh: string }[];
  counts: Record<string, { created: number; updated: number } | number> | null;
  credentialsReady: boolean;
}

/** Uploads and waits for the job to end, as the page does (polling). */
export async function importFiles(env: TestEnv, s: Session, files: { name: string; data: Buffer }[]) {
  const res = await call(env, s, { method: "POST", url: "/api/v1/import", ...multipartFiles(files) });
  if (res.statusCode !== 202) return { res, job: null };
  let job = res.json() as JobView;
  for (let i = 0; i < 200 && ["reading", "validating", "writing"].includes(job.status); i++) {
    await new Promise((r) => setTimeout(r, 50));
    job = (await call(env, s, { method: "GET", url: `/api/v1/import/jobs/${job.id}` })).json() as JobView;
  }
  return { res, job };
}

/** Rows of the first sheet of an xlsx answer. */
export async function sheetRows(buf: Buffer): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  const out: string[][] = [];
  wb.worksheets[0]?.eachRow((row) => {
    out.push((row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? "" : String(v))));
  });
  return out;
}
