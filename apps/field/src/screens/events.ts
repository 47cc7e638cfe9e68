// Timeline sentences for the events a grid worker meets most; any other type shows its code.
import { lang } from "../i18n";

const WORDS: Record<string, [string, string]> = {
  "case.submitted": ["登记案件", "Case registered"],
  "case.accepted": ["受理案件", "Accepted"],
  "case.noted": ["添加备注", "Note"],
  "case.mediation_started": ["开始调解", "Mediation started"],
  "case.mediation_recorded": ["记录一次调解", "Mediation recorded"],
  "case.paused": ["暂停办理", "Paused"],
  "case.resumed": ["恢复办理", "Resumed"],
  "case.escalated": ["上报", "Escalated"],
  "case.resolved": ["办结（已化解）", "Resolved"],
  "case.closed": ["结案", "Closed"],
  "case.attachment_added": ["添加附件", "Attachment added"],
  "case.assigned": ["指派", "Assigned"],
  "case.from_visit": ["由入户走访立案", "Opened from a home visit"],
};

export function eventWords(e: { type: string; data: Record<string, unknown> }): string {
  const w = WORDS[e.type];
  const head = w ? (lang() === "en" ? w[1] : w[0]) : e.type;
  const detail = e.data.text ?? e.data.summary ?? e.data.reason;
  return typeof detail === "string" && detail ? `${head}：${detail}` : head;
}
