import {
  durationMs,
  MEETING_KIND_NAMES,
  type MeetingKind,
  parseDuration,
  policyStep,
  type TPolicy,
} from "@fengqiao/core";
import type { TFunction } from "i18next";
import type { CaseSummary, TimelineEvent } from "../api/types";
import { taskSentence } from "./task-words";

/** Every timeline event type the server writes that is not a workflow command (those are COMMAND_EVENTS). */
export const SERVER_EVENT_TYPES = [
  "case.submitted",
  "case.contacts_revealed",
  "case.qr_received",
  "case.called_back",
  "case.callback_overdue",
  "case.rated",
  "case.open311_update",
  "case.attachment_added",
  "case.anonymised",
  "case.step_overdue",
  "case.overall_overdue",
  "case.warning_changed",
  "case.risk_flagged",
  "case.from_visit",
  "case.from_screening",
] as const;

/** The i18n key of an event type's sentence (flow.ev.*). */
export const eventKey = (type: string) => `flow.ev.${type.replace(/^case\./, "")}`;

function fmtLimit(limit: string, en: boolean): string {
  const ms = durationMs(parseDuration(limit));
  const days = ms / 86_400_000;
  if (Number.isInteger(days)) return en ? `${days} day${days === 1 ? "" : "s"}` : `${days}天`;
  const hours = Math.round(ms / 3_600_000);
  return en ? `${hours} h` : `${hours}小时`;
}

/** "组团（第 2 步）" / "Form a team (step 2)": a step by its policy name, or its number alone. */
export function stepWords(t: TFunction, step: number, policy: TPolicy | null | undefined, en: boolean) {
  if (policy && step > policy.steps.length) return t("flow.ev.beyond");
  const s = policy ? policyStep(policy, step) : null;
  return s
    ? t("flow.ev.stepName", { name: en ? s.name.en : s.name.zh, n: step })
    : t("flow.ev.stepN", { n: step });
}

interface Ctx {
  t: TFunction;
  en: boolean;
  policy?: TPolicy | null;
  /** Other events of the same sweep (same instant): they say why a warning changed. */
  siblings?: TimelineEvent[];
}

const RANK: Record<string, number> = { blue: 0, yellow: 1, red: 2 };

/** Why a warning changed, read from the event itself or from what the same sweep recorded. */
function warningWhy(e: TimelineEvent, c: Ctx): string | null {
  const { t } = c;
  if (e.data.reason === "callback") return t("flow.why.callback");
  for (const s of c.siblings ?? []) {
    if (s.type === "case.step_overdue") return t("flow.why.stepOverdue", { step: s.data.step });
    if (s.type === "case.overall_overdue") return t("flow.why.overallOverdue");
    if (s.type === "case.callback_overdue") return t("flow.why.callback");
    if (s.type === "meeting.decision_overdue") return t("flow.why.meetingDecision");
    if (s.type === "case.risk_flagged") return t("flow.why.highRisk");
    if (s.type === "case.escalated" && typeof s.data.fromStep === "number")
      return t("flow.why.stepOverdue", { step: s.data.fromStep });
  }
  return e.data.to === "yellow" ? t("flow.why.yellow") : null;
}

/** A joint meeting's event on a case's timeline: "会诊已召开，形成决定3项". */
function meetingSentence(e: TimelineEvent, t: TFunction, en: boolean): string {
  const d = e.data;
  const names = MEETING_KIND_NAMES[d.kind as MeetingKind];
  const str = (v: unknown) => (typeof v === "string" ? v : "");
  return t(`flow.ev.${e.type}`, {
    kind: names ? (en ? names.en : names.zh) : "",
    title: str(d.title),
    venue: str(d.venue),
    n: typeof d.decisions === "number" ? d.decisions : 0,
    names: Array.isArray(d.names) ? d.names.join(en ? ", " : "、") : "",
    result: str(d.result),
    unit: str(d.unit),
    defaultValue: t("flow.ev.unknown", { type: e.type }),
  });
}

/** One human sentence per timeline event, in the user's language: never the raw type or reason key. */
export function eventSentence(e: TimelineEvent, c: Ctx): string {
  const { t, en, policy } = c;
  const d = e.data;
  // 信访: each petition event says its facts (basis, reason, letter title) in its sentence.
  if (e.type.startsWith("petition.")) {
    const words = Object.fromEntries(
      Object.entries(d).map(([k, v]) => [k, typeof v === "object" ? "" : String(v)]),
    );
    return t(eventKey(e.type), { ...words, defaultValue: t("flow.ev.unknown", { type: e.type }) });
  }
  switch (e.type) {
    case "case.escalated": {
      const to = typeof d.toStep === "number" ? stepWords(t, d.toStep, policy, en) : "";
      return t(d.auto === true ? "flow.ev.escalatedAuto" : "flow.ev.escalated", { to });
    }
    case "case.risk_flagged": {
      const why = d.why as { zh?: string; en?: string } | undefined;
      return t("flow.ev.risk_flagged", { why: (en ? why?.en : why?.zh) ?? "" });
    }
    case "case.merged":
      return t("flow.ev.merged", { code: d.intoCode ?? "" });
    case "case.referred":
      return t("flow.ev.referred", { to: d.to ?? "" });
    case "case.step_overdue":
      return t("flow.ev.step_overdue", { step: d.step ?? "" });
    case "case.overall_overdue":
      return policy?.overallLimit
        ? t("flow.ev.overall_overdue", { limit: fmtLimit(policy.overallLimit, en) })
        : t("flow.ev.overallNoLimit");
    case "case.warning_changed": {
      const to = t(`warning.${String(d.to)}`);
      if ((RANK[String(d.to)] ?? 0) < (RANK[String(d.from)] ?? 0)) return t("flow.ev.warningDown", { to });
      const why = warningWhy(e, c);
      return why ? t("flow.ev.warningWhy", { to, why }) : t("flow.ev.warning_changed", { to });
    }
    default: {
      if (e.type.startsWith("task.")) return taskSentence(e, t);
      if (e.type.startsWith("meeting.")) return meetingSentence(e, t, en);
      // A procedure's sentence may name its room, court, party or number (plain text values only).
      const vars = Object.fromEntries(Object.entries(d).filter(([, v]) => typeof v === "string"));
      return t(eventKey(e.type), { ...vars, defaultValue: t("flow.ev.unknown", { type: e.type }) });
    }
  }
}

/** Why a case is red, for the tag's tooltip: every reason that holds, in the user's language. */
export function redReasons(c: CaseSummary, now: Date, t: TFunction): string[] {
  const out: string[] = [];
  const open = c.status !== "paused" && c.status !== "resolved" && c.status !== "closed";
  if (open && c.stepDueAt && new Date(c.stepDueAt) <= now)
    out.push(t("flow.why.stepOverdue", { step: c.step }));
  if (open && c.overallDueAt && new Date(c.overallDueAt) <= now) out.push(t("flow.why.overallOverdue"));
  if (c.failedMediation) out.push(t("flow.why.failedMediation"));
  if (c.highRisk) out.push(t("flow.why.highRisk"));
  // The workbench says so directly; a case's detail page tells it from its timeline.
  const x = c as { callbackMissed?: boolean; timeline?: TimelineEvent[] };
  const tl = x.timeline ?? [];
  const callback =
    x.callbackMissed === true ||
    (tl.some((e) => e.type === "case.callback_overdue") && !tl.some((e) => e.type === "case.called_back"));
  if (callback) out.push(t("flow.why.callback"));
  else if (c.missedDeadline && out.length === 0) out.push(t("flow.why.missedDeadline"));
  return out;
}
