import type { TFunction } from "i18next";
import type { TimelineEvent } from "../api/types";
import { fmtTime } from "./time";

// 交办督办 events in the case timeline (task.dispatched, task.supervised …): one sentence each, in the
// user's language, from the event's own data (unit name, role, stage, level).

const str = (v: unknown) => (typeof v === "string" ? v : "");

export function taskSentence(e: TimelineEvent, t: TFunction): string {
  const d = e.data;
  const k = (w: string) => t(`flow.ev.task.${w}`);
  const redispatch = e.type === "task.dispatched" && typeof d.previousUnitName === "string";
  const key = redispatch ? "redispatched" : e.type.slice("task.".length);
  return t(`flow.ev.task.${key}`, {
    unitName: str(d.unitName),
    role: d.role === "co" ? k("co") : k("lead"),
    instructions: str(d.instructions),
    due: fmtTime(str(d.dueAt) || null),
    previous: str(d.previousUnitName),
    late: d.late === true ? k("late") : "",
    result: str(d.result),
    reason: str(d.reason),
    stage: d.stage === "sign" ? k("sign") : k("reply"),
    level: d.level === "red" ? k("red") : k("yellow"),
    units: Array.isArray(d.units) ? d.units.join("、") : "",
    defaultValue: t("flow.ev.unknown", { type: e.type }),
  });
}
