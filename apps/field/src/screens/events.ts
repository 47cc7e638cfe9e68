// Timeline sentences: core's (packages/core/src/event-words.ts), the same words the console uses;
// a note's, a mediation's or an escalation's own text follows the sentence.
import { eventText } from "../../../../packages/core/src/event-words";
import { lang } from "../i18n";

export function eventWords(e: { type: string; data: Record<string, unknown> }): string {
  const head = eventText(e, lang() === "en" ? "en" : "zh");
  const detail = e.data.text ?? e.data.summary ?? e.data.reason;
  return typeof detail === "string" && detail ? `${head}：${detail}` : head;
}
