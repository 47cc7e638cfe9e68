import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { COMMAND_EVENTS, SIJI_QITIAN } from "@fengqiao/core";
import { createInstance } from "i18next";
import { describe, expect, it } from "vitest";
import type { CaseSummary, TimelineEvent } from "../api/types";
import { en } from "../i18n/en";
import { zh } from "../i18n/zh";
import { eventKey, eventSentence, redReasons, SERVER_EVENT_TYPES } from "./event-words";

// Events are written by core's transition and named by the server for facts it records.
const SOURCES = [
  join(import.meta.dirname, "../../../server/src"),
  join(import.meta.dirname, "../../../../packages/core/src"),
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((f) =>
    f.isDirectory() ? sourceFiles(join(dir, f.name)) : f.name.endsWith(".ts") ? [join(dir, f.name)] : [],
  );
}

/** Every event type the server writes to a timeline: `type: "case.…"` literals and named constants. */
function serverEventTypes(): string[] {
  const found = new Set<string>(Object.values(COMMAND_EVENTS));
  for (const file of SOURCES.flatMap(sourceFiles).filter((f) => !f.endsWith(".test.ts"))) {
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(/(?:type|event):\s*"(case\.[a-z0-9_]+)"/g)) found.add(m[1] as string);
    for (const m of text.matchAll(/const [A-Z_]+ = "(case\.[a-z0-9_]+)"/g)) found.add(m[1] as string);
  }
  return [...found].sort();
}

const lookup = (messages: object, key: string): unknown =>
  key.split(".").reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], messages);

async function translator(lng: "zh" | "en") {
  const i = createInstance();
  await i.init({
    lng,
    resources: { [lng]: { translation: lng === "zh" ? zh : en } },
    interpolation: { escapeValue: false },
  });
  return i.t;
}

const ev = (type: string, data: Record<string, unknown>, seq = 1): TimelineEvent => ({
  seq,
  type,
  at: "2026-11-30T10:00:00.000Z",
  actor: null,
  data,
});

describe("timeline words", () => {
  it("has a zh and an en sentence for every event type the server writes", () => {
    const types = serverEventTypes();
    expect(types.length).toBeGreaterThan(20);
    const missing = types.flatMap((type) =>
      [zh, en].flatMap((m, i) =>
        typeof lookup(m, eventKey(type)) === "string" ? [] : [`${["zh", "en"][i]}:${type}`],
      ),
    );
    expect(missing).toEqual([]);
    // The list the web keeps of non-command events stays in step with the server.
    const commands = new Set<string>(Object.values(COMMAND_EVENTS));
    expect(types.filter((x) => !commands.has(x))).toEqual([...SERVER_EVENT_TYPES].sort());
  });

  it("says where an automatic escalation went and why a warning turned red, never the raw keys", async () => {
    const zt = await translator("zh");
    const et = await translator("en");
    const auto = ev("case.escalated", {
      reason: "超时自动上报 / overdue",
      auto: true,
      fromStep: 1,
      toStep: 2,
    });
    expect(eventSentence(auto, { t: zt, en: false, policy: SIJI_QITIAN })).toBe(
      "超时自动上报至组团（第 2 步）",
    );
    expect(eventSentence(auto, { t: et, en: true, policy: SIJI_QITIAN })).toBe(
      "Overdue: escalated automatically to Form a team (step 2)",
    );
    const red = ev("case.warning_changed", { from: "blue", to: "red" }, 2);
    const overdue = ev("case.step_overdue", { step: 4 }, 3);
    expect(eventSentence(red, { t: zt, en: false, siblings: [overdue] })).toBe("预警升为红色：第 4 步已超期");
    expect(
      eventSentence(ev("case.warning_changed", { from: "yellow", to: "red", reason: "callback" }), {
        t: et,
        en: true,
      }),
    ).toBe("Warning raised to Red: callback missed");
    const overall = ev("case.overall_overdue", {});
    expect(eventSentence(overall, { t: zt, en: false, policy: SIJI_QITIAN })).toBe("超过总时限（7天）");
    expect(eventSentence(overall, { t: et, en: true, policy: SIJI_QITIAN })).toBe(
      "Overall time limit (7 days) exceeded",
    );
  });
});

describe("why a tag is red", () => {
  const base = {
    status: "accepted",
    step: 1,
    stepDueAt: "2026-11-30T12:00:00.000Z",
    overallDueAt: null,
    failedMediation: false,
    highRisk: false,
    missedDeadline: true,
  };
  it("names a missed callback, an overdue step and high risk", async () => {
    const zt = await translator("zh");
    const now = new Date("2026-11-30T13:00:00.000Z");
    const missed = { ...base, timeline: [ev("case.callback_overdue", {})] } as unknown as CaseSummary;
    expect(redReasons(missed, now, zt)).toEqual(["第 1 步已超期", "回电超时"]);
    const risky = {
      ...base,
      missedDeadline: false,
      stepDueAt: null,
      highRisk: true,
    } as unknown as CaseSummary;
    expect(redReasons(risky, now, zt)).toEqual(["高风险案件"]);
  });
});
