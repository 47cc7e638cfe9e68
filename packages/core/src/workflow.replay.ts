import { AppError } from "./errors";
import {
  type CaseCommand,
  type CaseCommandType,
  type CaseEvent,
  type CaseState,
  COMMAND_EVENTS,
  decide,
  initialCaseState,
} from "./workflow";

const COMMAND_OF_EVENT = new Map<string, CaseCommandType>(
  (Object.entries(COMMAND_EVENTS) as [CaseCommandType, string][]).map(([c, e]) => [e, c]),
);

function malformed(e: CaseEvent, field: string): AppError {
  return new AppError(
    "INVALID_INPUT",
    { zh: `事件 ${e.type} 缺少字段 ${field}`, en: `Event ${e.type} lacks a valid ${field}` },
    { event: e.type, field },
  );
}

function str(e: CaseEvent, field: string): string {
  const v = e.data[field];
  if (typeof v !== "string") throw malformed(e, field);
  return v;
}

function bool(e: CaseEvent, field: string): boolean {
  const v = e.data[field];
  if (typeof v !== "boolean") throw malformed(e, field);
  return v;
}

function strOrNull(e: CaseEvent, field: string): string | null {
  const v = e.data[field];
  if (v !== null && typeof v !== "string") throw malformed(e, field);
  return v;
}

/**
 * The command an event recorded, or null for events the workflow does not produce (the server
 * also logs case.created, contact.revealed …, which do not change the workflow state).
 */
export function commandFromEvent(e: CaseEvent): CaseCommand | null {
  const type = COMMAND_OF_EVENT.get(e.type);
  switch (type) {
    case undefined:
      return null;
    case "accept":
    case "startMediation":
    case "resume":
    case "close":
      return { type };
    case "note":
      return { type, text: str(e, "text") };
    case "recordMediation":
      return { type, success: bool(e, "success"), summary: str(e, "summary") };
    case "pause":
    case "reject":
    case "reopen":
      return { type, reason: str(e, "reason") };
    case "escalate": {
      // toStep is recorded on every escalation; a chosen target (接手/上报至上级) may skip steps.
      const to = e.data.toStep;
      const base = { type, reason: str(e, "reason"), auto: bool(e, "auto") };
      return typeof to === "number" ? { ...base, toStep: to } : base;
    }
    case "resolve":
      return { type, summary: str(e, "summary") };
    case "merge":
      return { type, intoCode: str(e, "intoCode") };
    case "refer":
      return { type, reason: str(e, "reason"), to: str(e, "to") };
    case "assign":
      return { type, unitId: strOrNull(e, "unitId"), userId: strOrNull(e, "userId") };
  }
}

/** Rebuilds a case's workflow state from its timeline: the timeline is the source of truth. */
export function replay(stepCount: number, events: CaseEvent[]): CaseState {
  let state = initialCaseState(stepCount);
  for (const e of events) {
    const command = commandFromEvent(e);
    if (command) state = decide(state, command, e.at).state;
  }
  return state;
}
