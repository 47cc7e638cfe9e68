import { type LetterKind, localDate, type PetitionCommand, type PetitionState } from "@fengqiao/core";
import { esc, printPage } from "../places/html";

// The written notices a petition sends (《信访工作条例》: 书面告知, 处理意见书, 复查/复核意见书). The text is
// rendered once, when sent, and stored; the print page shows the stored text with the case code.

/** 2026年10月8日, in Beijing time. */
export function cnDate(d: Date): string {
  const [y, m, day] = localDate(d).split("-");
  return `${Number(y)}年${Number(m)}月${Number(day)}日`;
}
/** A statutory period ends at 24:00 of its last day: the letter names that day. */
const lastDay = (due: Date | null) => (due ? cnDate(new Date(due.getTime() - 1)) : "—");

const CHANNEL_WORDS: Record<string, string> = {
  letter: "来信",
  visit: "来访",
  online: "网上信访",
  phone: "电话",
};
const RESULT_WORDS: Record<string, string> = {
  support: "请求事实清楚，符合规定，予以支持",
  explain: "请求事由合理但缺乏法律依据，作出解释说明",
  reject: "请求缺乏事实根据或者不符合规定，不予支持",
};

export const LETTER_TITLES: Record<LetterKind, string> = {
  acceptance: "信访事项受理告知书",
  non_acceptance: "信访事项不予受理告知书",
  extension: "信访事项延期办理告知书",
  reply: "信访事项处理意见书",
  review_decision: "信访事项复查意见书",
  recheck_decision: "信访事项复核意见书",
};

export interface LetterFacts {
  caseCode: string;
  petitionerName: string;
  channel: string;
  receivedAt: Date;
  matter: string;
  office: string;
  now: Date;
}

/** The letter's paragraphs for this step; `next` is the petition after it (its new deadline). */
export function letterText(
  kind: LetterKind,
  f: LetterFacts,
  c: PetitionCommand,
  next: PetitionState,
): string[] {
  const opening = `你（们）于${cnDate(f.receivedAt)}以${CHANNEL_WORDS[f.channel] ?? f.channel}形式反映的“${f.matter}”一事（案件编号 ${f.caseCode}）`;
  const track = `你可凭案件编号和手机号后四位（或查询码）在“案件查询”页面查询办理进度并评价。`;
  const lines = [`${f.petitionerName}：`];
  switch (kind) {
    case "acceptance":
      lines.push(
        `${opening}，本机关已于${cnDate(f.now)}依法受理。依据《信访工作条例》第三十四条，该信访事项将自受理之日起60日内办结，办理期限至${lastDay(next.dueAt)}。`,
        track,
      );
      break;
    case "non_acceptance":
      lines.push(
        `${opening}，经审查，本机关决定不予受理。理由：${"reason" in c ? c.reason : ""}。`,
        `建议你通过以下途径提出：${c.type === "notAccept" ? c.channel : ""}。`,
      );
      break;
    case "extension":
      if (c.type === "extend")
        lines.push(
          `${opening}，因${c.reason}，经${c.approvedBy}批准，依据《信访工作条例》第三十四条，办理期限延长${c.days}日，至${lastDay(next.dueAt)}。`,
          track,
        );
      break;
    case "reply":
    case "review_decision":
    case "recheck_decision": {
      const words = "result" in c ? (RESULT_WORDS[c.result] ?? "") : "";
      const heading =
        kind === "reply"
          ? "经调查核实，处理意见如下"
          : kind === "review_decision"
            ? "经复查，复查意见如下"
            : "经复核，复核意见如下";
      lines.push(`${opening}，${heading}：${words}。`, "opinion" in c ? c.opinion : "");
      if (kind === "reply")
        lines.push(
          `如不服本处理意见，可以自收到本意见书之日起30日内向本机关的上一级机关请求复查（《信访工作条例》第三十五条），即至${lastDay(next.dueAt)}。`,
        );
      else if (kind === "review_decision")
        lines.push(
          `如不服本复查意见，可以自收到本意见书之日起30日内向复查机关的上一级机关请求复核（《信访工作条例》第三十六条），即至${lastDay(next.dueAt)}。`,
        );
      else
        lines.push(
          "依据《信访工作条例》第三十六条，信访人对复核意见不服，仍以同一事实和理由提出投诉请求的，不再受理。",
        );
      break;
    }
  }
  lines.push(`${f.office}`, cnDate(f.now));
  return lines;
}

const CSS = `@page { size: A4; margin: 25mm 22mm; }
body { font-family: "SimSun", "Songti SC", "WenQuanYi Micro Hei", serif; font-size: 16px; line-height: 1.9; color: #000; max-width: 170mm; margin: 0 auto; }
h1 { text-align: center; font-size: 22px; margin: 0 0 4px; letter-spacing: 2px; }
.code { text-align: center; font-size: 13px; margin-bottom: 24px; }
p { margin: 0 0 10px; text-indent: 2em; }
p.to { text-indent: 0; }
p.sign { text-align: right; text-indent: 0; }
@media print { .noprint { display: none; } }`;

/** The stored letter as an A4 page: title, case code, the text as sent. */
export function letterPage(l: { title: string; body: string; caseCode: string }): string {
  const paras = l.body.split("\n");
  const last = paras.length - 2;
  const html = paras
    .map((p, i) => `<p class="${i === 0 ? "to" : i >= last ? "sign" : ""}">${esc(p)}</p>`)
    .join("");
  return printPage(
    `${l.title} ${l.caseCode}`,
    CSS,
    `<h1>${esc(l.title)}</h1><div class="code">案件编号：${esc(l.caseCode)}</div>${html}
<p class="noprint sign"><button onclick="window.print()">打印 / Print</button></p>`,
  );
}
