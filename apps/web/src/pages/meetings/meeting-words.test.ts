import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createInstance } from "i18next";
import { describe, expect, it } from "vitest";
import type { TimelineEvent } from "../../api/types";
import { en } from "../../i18n/en";
import { meet } from "../../i18n/meet";
import { zh } from "../../i18n/zh";
import { eventSentence } from "../../lib/event-words";

// Every event a meeting writes on a case's timeline reads as a sentence in zh and en, with its
// numbers and names filled in — never a raw key or an empty placeholder.

const FILES = [
  join(import.meta.dirname, "../../../../../packages/core/src/meetings-effects.ts"),
  join(import.meta.dirname, "../../../../server/src/modules/meetings/meetings.commands.ts"),
  join(import.meta.dirname, "../../../../../packages/core/src/meeting-tasks.ts"),
];
/** Event types: the `meeting.*` literals on lines that set an event's `type` (not notice topics or clock kinds). */
const written = [
  ...new Set(
    FILES.flatMap((f) =>
      readFileSync(f, "utf8")
        .split("\n")
        .filter((line) => /\btype: /.test(line))
        .flatMap((line) => [...line.matchAll(/"(meeting\.[a-z_]+)"/g)].map((m) => m[1] as string)),
    ),
  ),
].sort();

async function translator(lng: "zh" | "en") {
  const i = createInstance();
  const base = lng === "zh" ? zh : en;
  await i.init({
    lng,
    resources: { [lng]: { translation: { ...base, ...meet[lng] } } },
    interpolation: { escapeValue: false },
  });
  return i.t;
}

const ev = (type: string, data: Record<string, unknown>): TimelineEvent => ({
  seq: 1,
  type,
  at: "2026-12-01T02:00:00.000Z",
  actor: null,
  data,
});

const DATA = {
  meetingId: "m1",
  kind: "consultation",
  title: "土地纠纷会诊",
  venue: "镇综治中心",
  decisions: 3,
  names: ["司法所", "自然资源所"],
  text: "现场勘界",
  result: "已勘界",
  unit: "县自然资源局",
  reason: "当事人已和解",
};

describe("meeting events on the timeline", () => {
  it("finds the event types the meetings write", () => {
    expect(written).toEqual([
      "meeting.cancelled",
      "meeting.closed",
      "meeting.decision_done",
      "meeting.decision_dropped",
      "meeting.decision_due_soon",
      "meeting.decision_overdue",
      "meeting.decision_tasked",
      "meeting.held",
      "meeting.invited",
      "meeting.planned",
    ]);
  });

  it.each(["zh", "en"] as const)("every one reads as a sentence in %s", async (lng) => {
    const t = await translator(lng);
    for (const type of written) {
      const s = eventSentence(ev(type, DATA), { t, en: lng === "en" });
      expect(s, type).not.toMatch(/\{\{|meeting\.|其他记录|Other record/);
    }
  });

  it("says what a 会诊 decided: 会诊已召开，形成决定3项", async () => {
    const t = await translator("zh");
    expect(eventSentence(ev("meeting.held", DATA), { t, en: false })).toBe("会诊已召开，形成决定3项");
    const e = await translator("en");
    expect(
      eventSentence(ev("meeting.held", { ...DATA, kind: "decision", decisions: 0 }), { t: e, en: true }),
    ).toBe("Township decision held: 0 decision(s) on this case");
  });
});
