// One sentence per case timeline event, zh and en, for both the console (its i18n tree flow.ev,
// apps/web/src/i18n) and the field app (apps/field/src/screens/events.ts): a case reads the same on
// the phone and on the desk. {{name}} is filled from the event's data (i18next's syntax, so the
// console's t() fills them too). No imports: the phone's bundle takes this file alone.

type Words = { zh: string; en: string };

/** Keyed by the type without "case." (the console's flow.ev keys). */
export const CASE_EVENT_WORDS = {
  submitted: { zh: "登记案件", en: "Case registered" },
  accepted: { zh: "受理案件", en: "Case accepted" },
  noted: { zh: "添加备注", en: "Note added" },
  mediation_started: { zh: "开始调解", en: "Mediation started" },
  mediation_recorded: { zh: "记录一次调解", en: "Mediation attempt recorded" },
  paused: { zh: "暂停办理（等待当事人）", en: "Paused (waiting for the parties)" },
  resumed: { zh: "恢复办理", en: "Resumed" },
  escalated: { zh: "上报至{{to}}", en: "Escalated to {{to}}" },
  resolved: { zh: "办结（已化解）", en: "Resolved" },
  closed: { zh: "结案", en: "Closed" },
  rejected: { zh: "不予受理", en: "Not accepted" },
  merged: { zh: "合并至案件 {{code}}", en: "Merged into case {{code}}" },
  referred: { zh: "移交至 {{to}}", en: "Referred to {{to}}" },
  reopened: { zh: "重新办理", en: "Reopened" },
  assigned: { zh: "指派承办单位或人员", en: "Unit or person assigned" },
  contacts_revealed: { zh: "查看了完整联系方式（已记录）", en: "Full contact details viewed (logged)" },
  qr_received: { zh: "群众扫码反映（码上反映）", en: "Citizen report by QR code" },
  called_back: { zh: "已回电群众", en: "Citizen called back" },
  from_visit: {
    zh: "由{{by}}入户走访转为案件（{{visitedAt}}，{{address}}）",
    en: "Opened from a household visit by {{by}} ({{visitedAt}}, {{address}})",
  },
  from_screening: {
    zh: "由“{{campaign}}”排查发现转为案件（{{address}}）",
    en: "Opened from a finding of the screening “{{campaign}}” ({{address}})",
  },
  callback_overdue: {
    zh: "回电超时：未在时限内给群众回电",
    en: "Callback missed: nobody called the citizen back in time",
  },
  rated: { zh: "群众评价办理结果", en: "Citizen rated the handling" },
  open311_update: { zh: "经 Open311 接口更新", en: "Updated through Open311" },
  attachment_added: { zh: "上传附件", en: "Attachment added" },
  anonymised: {
    zh: "保存期满，已清除当事人个人信息和照片（统计数据保留）",
    en: "Retention period over: personal data and photos removed (statistics kept)",
  },
  step_overdue: { zh: "第 {{step}} 步已超期", en: "Step {{step}} is overdue" },
  overall_overdue: { zh: "超过总时限（{{limit}}）", en: "Overall time limit ({{limit}}) exceeded" },
  warning_changed: { zh: "预警升为{{to}}", en: "Warning raised to {{to}}" },
  risk_flagged: { zh: "风险预警：{{why}}", en: "Risk warning: {{why}}" },
} as const satisfies Record<string, Words>;
export type CaseEventKey = keyof typeof CASE_EVENT_WORDS;

/** The sentences in one language, for an i18n tree (the console spreads them into flow.ev). */
export const caseEventWords = (lang: "zh" | "en") =>
  Object.fromEntries(Object.entries(CASE_EVENT_WORDS).map(([k, w]) => [k, w[lang]])) as Record<
    CaseEventKey,
    string
  >;

/**
 * Events of the other procedures on a case's timeline (交办, 会诊, 信访 …), by family: the console
 * words each one exactly; the phone says which procedure moved, never its type code.
 */
export const EVENT_FAMILY_WORDS: Record<string, Words> = {
  task: { zh: "交办督办记录", en: "Task record" },
  meeting: { zh: "联席会议记录", en: "Joint meeting record" },
  petition: { zh: "信访办理记录", en: "Petition record" },
  window: { zh: "一站式窗口受理", en: "Received at the one-stop window" },
  summons: { zh: "随叫随驻记录", en: "On-call unit record" },
  referral: { zh: "三调对接记录", en: "Referral record" },
  mediation: { zh: "调解组织办理记录", en: "Mediation body record" },
  agreement: { zh: "调解协议书记录", en: "Mediation agreement record" },
  jc: { zh: "司法确认记录", en: "Judicial confirmation record" },
  police: { zh: "治安类事项，已分派驻村民警", en: "Public-order matter: given to the village officer" },
  tourism: { zh: "游客求助记录", en: "Tourist help record" },
};

const WARNING_WORDS: Record<string, Words> = {
  blue: { zh: "蓝色", en: "blue" },
  yellow: { zh: "黄色", en: "yellow" },
  red: { zh: "红色", en: "red" },
};
const OTHER: Words = { zh: "其他记录", en: "Other record" };

/** "{{name}}" filled from `vars`: strings and numbers as they are, {zh, en} in the language, else "". */
export function fillWords(template: string, vars: Record<string, unknown>, lang: "zh" | "en"): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_, k: string) => {
    const v = vars[k];
    if (typeof v === "string" || typeof v === "number") return String(v);
    if (v && typeof v === "object" && lang in v) return String((v as Words)[lang]);
    return "";
  });
}

/** A plain sentence for any timeline event (the phone's; the console adds step names and reasons). */
export function eventText(e: { type: string; data: Record<string, unknown> }, lang: "zh" | "en"): string {
  const [family = "", key = ""] = e.type.split(".", 2);
  const words = family === "case" ? (CASE_EVENT_WORDS as Record<string, Words>)[key] : undefined;
  if (!words) return (EVENT_FAMILY_WORDS[family] ?? OTHER)[lang];
  const d = e.data;
  const vars: Record<string, unknown> = { ...d };
  if (key === "escalated")
    vars.to = typeof d.toStep === "number" ? (lang === "en" ? `step ${d.toStep}` : `第 ${d.toStep} 步`) : "";
  if (key === "warning_changed") vars.to = WARNING_WORDS[String(d.to)] ?? "";
  // The event holds the due time, not the limit (the console words it from the policy).
  if (key === "overall_overdue") return lang === "en" ? "Overall time limit exceeded" : "超过总时限";
  return fillWords(words[lang], vars, lang);
}
