import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createInstance } from "i18next";
import { describe, expect, it } from "vitest";
import type { TimelineEvent } from "../api/types";
import { en } from "../i18n/en";
import { zh } from "../i18n/zh";
import { taskSentence } from "./task-words";

// Every 交办督办 event core and the server write reads as a sentence in both languages.
const SOURCES = [
  join(import.meta.dirname, "../../../../packages/core/src/tasks.ts"),
  join(import.meta.dirname, "../../../server/src/modules/tasks/tasks.commands.ts"),
];
// Events are made by core's ev("task.…") and the server's recorded `event: "task.…"`.
const written = [
  ...new Set(
    SOURCES.flatMap((f) =>
      [...readFileSync(f, "utf8").matchAll(/(?:ev\(|event: )"(task\.[a-z_]+)"/g)].map((m) => m[1] as string),
    ),
  ),
];

async function translator(lng: "zh" | "en") {
  const i = createInstance();
  await i.init({
    lng,
    resources: { [lng]: { translation: lng === "zh" ? zh : en } },
    interpolation: { escapeValue: false },
  });
  return i.t;
}
const ev = (type: string, data: Record<string, unknown>): TimelineEvent => ({
  seq: 1,
  type,
  at: "2026-10-09T02:00:00.000Z",
  actor: null,
  data: { taskId: "t1", unitName: "县自然资源局", role: "lead", ...data },
});

describe("task events in the timeline", () => {
  it("finds the event types core and the server write", () => {
    expect(written).toEqual(
      expect.arrayContaining(["task.dispatched", "task.signed", "task.supervised", "task.resolve_override"]),
    );
  });

  it.each(["zh", "en"] as const)("every task event has a %s sentence, never the raw type", async (lng) => {
    const t = await translator(lng);
    for (const type of written) {
      const s = taskSentence(
        ev(type, { stage: "reply", level: "red", reason: "r", result: "x", units: ["A"] }),
        t,
      );
      expect(s, type).not.toContain(type);
      expect(s, type).not.toContain("{{");
    }
  });

  it("says which notice went to whom and why", async () => {
    const zt = await translator("zh");
    expect(taskSentence(ev("task.supervised", { level: "red", stage: "sign" }), zt)).toBe(
      "向县自然资源局发出红色督办单：未按期签收",
    );
    const et = await translator("en");
    expect(taskSentence(ev("task.signed", { late: true }), et)).toBe(
      "县自然资源局 signed for the task (late)",
    );
    expect(taskSentence(ev("task.dispatched", { previousUnitName: "县住建局" }), zt)).toBe(
      "重新交办县自然资源局（主办，原承办单位县住建局退回）",
    );
  });
});
