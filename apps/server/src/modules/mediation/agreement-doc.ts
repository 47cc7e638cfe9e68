import type { Signature, TAgreementTerm } from "@fengqiao/core";
import { AlignmentType, Document, Packer, Paragraph, TextRun } from "docx";
import type { PersonalData } from "../../lib/personal-data";
import { esc, printPage } from "../places/html";
import type { AgreementRow, StoredAgreementParty } from "./agreements.commands";

// 人民调解协议书, printed (HTML, A4) and as a Word file, from one model: the law needs the parties'
// full particulars on the paper (《人民调解法》第二十九条), so both carry them unmasked — the caller
// records the reveal on the case's audit chain before either leaves the server.

const ROLE_WORDS: Record<string, string> = { applicant: "申请人", respondent: "被申请人", other: "当事人" };

export interface AgreementDoc {
  title: string;
  number: string;
  caseCode: string;
  parties: { label: string; lines: string[]; signature: Signature | null }[];
  facts: string;
  dispute: string;
  responsibilities: string;
  terms: TAgreementTerm[];
  mediators: string[];
  organisation: string;
  effectiveOn: string | null;
}

export function agreementDoc(a: AgreementRow, caseCode: string, pd: PersonalData): AgreementDoc {
  const parties = a.parties as StoredAgreementParty[];
  const signatures = a.signatures as (Signature | null)[];
  const open = (v: string | null) => (v ? pd.decrypt(v) : "—");
  return {
    title: "人民调解协议书",
    number: a.number,
    caseCode,
    parties: parties.map((p, i) => ({
      label: `${ROLE_WORDS[p.role] ?? "当事人"}${parties.length > 2 ? i + 1 : ""}`,
      lines: [
        `姓名（名称）：${p.name}`,
        `身份证号码：${open(p.idEnc)}`,
        `联系电话：${open(p.phoneEnc)}`,
        `住址：${open(p.addressEnc)}`,
      ],
      signature: signatures[i] ?? null,
    })),
    facts: a.facts,
    dispute: a.dispute,
    responsibilities: a.responsibilities,
    terms: a.terms as TAgreementTerm[],
    mediators: a.mediator_names,
    organisation: a.organisation,
    effectiveOn: a.effective_at ? new Date(a.effective_at).toISOString().slice(0, 10) : null,
  };
}

const termLine = (t: TAgreementTerm, i: number) => `${i + 1}. ${t.what}`;
const wayLine = (t: TAgreementTerm, i: number) =>
  `${i + 1}. 方式：${t.how}；地点：${t.where}；期限：${t.by}前`;
const signLine = (p: AgreementDoc["parties"][number]) =>
  `${p.label}（签名/按指印）：${p.signature ? (p.signature.signed ? `已签署 ${p.signature.on}` : `拒绝签署 ${p.signature.on}`) : "____________"}`;

const CSS = `@page { size: A4; margin: 25mm 22mm; }
body { font-family: "SimSun", "Songti SC", "Noto Serif CJK SC", "WenQuanYi Micro Hei", serif; font-size: 14pt; line-height: 1.8; color: #000; max-width: 170mm; margin: 0 auto; }
h1 { text-align: center; font-size: 22pt; letter-spacing: 0.3em; margin: 0 0 4mm; font-family: "SimHei", "Heiti SC", sans-serif; }
.no { text-align: right; font-size: 12pt; }
h2 { font-size: 14pt; margin: 5mm 0 1mm; font-family: "SimHei", "Heiti SC", sans-serif; }
p { margin: 0; text-indent: 2em; white-space: pre-wrap; }
.party p, .sig p { text-indent: 0; }
.party { margin-bottom: 2mm; }
.sig { margin-top: 8mm; }
.seal { text-align: right; margin-top: 10mm; }
.foot { margin-top: 8mm; font-size: 11pt; }
@media print { .noprint { display: none; } }`;

export function agreementHtml(d: AgreementDoc): string {
  const para = (s: string) => `<p>${esc(s)}</p>`;
  const body = `
<div class="noprint" style="text-align:right"><button onclick="window.print()">打印 / Print</button></div>
<h1>${esc(d.title)}</h1>
<div class="no">编号：${esc(d.number)}　案件编号：${esc(d.caseCode)}</div>
<h2>当事人</h2>
${d.parties.map((p) => `<div class="party"><p><b>${esc(p.label)}</b></p>${p.lines.map(para).join("")}</div>`).join("")}
<h2>纠纷主要事实、争议事项</h2>${para(d.facts)}${para(d.dispute)}
<h2>各方责任</h2>${para(d.responsibilities)}
<h2>协议内容</h2><p>经人民调解委员会主持调解，当事人自愿达成如下协议：</p>${d.terms.map((t, i) => para(termLine(t, i))).join("")}
<h2>履行方式、地点、期限</h2>${d.terms.map((t, i) => para(wayLine(t, i))).join("")}
<p>本协议一式${d.parties.length + 1}份，当事人各执一份，人民调解委员会留存一份。本协议自各方当事人签名（按指印）、人民调解员签名并加盖人民调解委员会印章之日起生效。</p>
<div class="sig">${d.parties.map((p) => para(signLine(p))).join("")}
<p>人民调解员（签名）：${esc(d.mediators.join("、"))}</p></div>
<div class="seal"><p>${esc(d.organisation)}（印）</p><p>${esc(d.effectiveOn ?? "　　年　　月　　日")}</p></div>`;
  return printPage(`${d.title} ${d.number}`, CSS, body);
}

const run = (text: string, o: { bold?: boolean; size?: number } = {}) =>
  new TextRun({ text, bold: o.bold, size: o.size ?? 28, font: { eastAsia: "SimSun", ascii: "SimSun" } });
const line = (text: string, o: { bold?: boolean; indent?: boolean; align?: "center" | "right" } = {}) =>
  new Paragraph({
    children: [run(text, { bold: o.bold })],
    indent: o.indent ? { firstLine: 560 } : undefined,
    alignment:
      o.align === "center" ? AlignmentType.CENTER : o.align === "right" ? AlignmentType.RIGHT : undefined,
    spacing: { after: 80 },
  });

/** The same agreement as a .docx (the `docx` library writes the OOXML package). */
export async function agreementDocx(d: AgreementDoc): Promise<Buffer> {
  const heading = (t: string) => line(t, { bold: true });
  const children = [
    new Paragraph({ children: [run(d.title, { bold: true, size: 44 })], alignment: AlignmentType.CENTER }),
    line(`编号：${d.number}　案件编号：${d.caseCode}`, { align: "right" }),
    heading("当事人"),
    ...d.parties.flatMap((p) => [line(p.label, { bold: true }), ...p.lines.map((l) => line(l))]),
    heading("纠纷主要事实、争议事项"),
    line(d.facts, { indent: true }),
    line(d.dispute, { indent: true }),
    heading("各方责任"),
    line(d.responsibilities, { indent: true }),
    heading("协议内容"),
    line("经人民调解委员会主持调解，当事人自愿达成如下协议：", { indent: true }),
    ...d.terms.map((t, i) => line(termLine(t, i), { indent: true })),
    heading("履行方式、地点、期限"),
    ...d.terms.map((t, i) => line(wayLine(t, i), { indent: true })),
    line(
      `本协议一式${d.parties.length + 1}份，当事人各执一份，人民调解委员会留存一份。本协议自各方当事人签名（按指印）、人民调解员签名并加盖人民调解委员会印章之日起生效。`,
      { indent: true },
    ),
    ...d.parties.map((p) => line(signLine(p))),
    line(`人民调解员（签名）：${d.mediators.join("、")}`),
    line(`${d.organisation}（印）`, { align: "right" }),
    line(d.effectiveOn ?? "　　年　　月　　日", { align: "right" }),
  ];
  const doc = new Document({
    creator: "Fengqiao 枫桥",
    title: `${d.title} ${d.number}`,
    sections: [
      {
        properties: {
          page: {
            size: { width: 11906, height: 16838 },
            margin: { top: 1418, bottom: 1418, left: 1247, right: 1247 },
          },
        },
        children,
      },
    ],
  });
  return Packer.toBuffer(doc);
}
