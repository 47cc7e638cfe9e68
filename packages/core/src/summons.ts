import { z } from "zod";
import { durationMs, isPositiveDuration, parseDuration } from "./duration";
import { AppError } from "./errors";
import { ZText } from "./schemas";
import type { ClockOp, Notice } from "./transition";
import type { CaseEvent } from "./workflow";

// 随叫随驻: the center summons an on-call unit for a case. The unit acknowledges within a set time
// (default PT2H, wall clock: a summons at 17:30 is due 19:30, nights and holidays included — a
// party is waiting at the window), then appears. A missed acknowledgement is an event, a notice to
// the center and to the unit's leadership, and the case turns red, like any missed clock.

export const SUMMONS_STATUSES = ["summoned", "acknowledged", "appeared", "missed", "cancelled"] as const;
export type SummonsStatus = (typeof SUMMONS_STATUSES)[number];
export const SUMMONS_ACK_KIND = "summons.ack";

export interface SummonsState {
  id: string;
  unitId: string;
  status: SummonsStatus;
  ackDueAt: Date | null;
  /** Acknowledged after the clock ran out: kept apart for the unit's scorecard. */
  late: boolean;
}

export type SummonsCommand =
  | { type: "issue"; reason: string; place: string; appearBy: Date; ackLimit: string }
  | { type: "acknowledge"; note: string | null }
  | { type: "appear"; note: string | null }
  | { type: "cancel"; reason: string }
  /** The sweep: the acknowledgement clock ran out. */
  | { type: "ackMissed" };

export interface SummonsDecision {
  state: SummonsState;
  events: CaseEvent[];
  clockOps: ClockOp[];
  notices: Notice[];
  red: boolean;
}

const ALLOWED: Record<SummonsCommand["type"], readonly (SummonsStatus | "new")[]> = {
  issue: ["new"],
  acknowledge: ["summoned", "missed"],
  appear: ["summoned", "acknowledged", "missed"],
  cancel: ["summoned", "acknowledged", "missed"],
  ackMissed: ["summoned"],
};

/** The deadline to acknowledge: wall-clock time after the summons. */
export function summonsAckDue(issuedAt: Date, limit: string): Date {
  if (!isPositiveDuration(limit)) {
    throw new AppError("INVALID_INPUT", { zh: `响应时限无效：${limit}`, en: `Invalid ack limit: ${limit}` });
  }
  return new Date(issuedAt.getTime() + durationMs(parseDuration(limit)));
}

/**
 * One summons change. `before` null = a new summons (issue). Who may do it is the server's check;
 * which change is possible, what the case's timeline says and which clocks run is decided here.
 */
export function decideSummons(
  before: SummonsState | null,
  command: SummonsCommand,
  ctx: { now: Date; id: string; unitId: string; centerRegion: string; caseCode: string },
): SummonsDecision {
  const from = before?.status ?? "new";
  if (!ALLOWED[command.type].includes(from)) {
    throw new AppError("INVALID_TRANSITION", {
      zh: "该传唤当前状态下不能执行此操作",
      en: `Cannot ${command.type} a summons that is ${from}`,
    });
  }
  const { now, id, unitId } = ctx;
  const base: SummonsState = before ?? { id, unitId, status: "summoned", ackDueAt: null, late: false };
  const ev = (type: string, data: Record<string, unknown>): CaseEvent => ({
    type,
    at: now,
    data: { summonsId: id, unitId, ...data },
  });
  const stopAck: ClockOp = { op: "stop", kinds: [SUMMONS_ACK_KIND], subjectId: id };
  switch (command.type) {
    case "issue": {
      const due = summonsAckDue(now, command.ackLimit);
      return {
        state: { ...base, status: "summoned", ackDueAt: due },
        events: [
          ev("summons.issued", {
            reason: command.reason,
            place: command.place,
            appearBy: command.appearBy.toISOString(),
            ackDueAt: due.toISOString(),
          }),
        ],
        clockOps: [
          {
            op: "start",
            clock: {
              kind: SUMMONS_ACK_KIND,
              step: null,
              subjectId: id,
              startedAt: now,
              dueAt: due,
              warnAt: null,
              basis: `summons.ack:${command.ackLimit}`,
            },
          },
        ],
        notices: [
          {
            topic: "summons.issued",
            payload: { summonsId: id, unitId, code: ctx.caseCode, place: command.place, ackDueAt: due },
          },
        ],
        red: false,
      };
    }
    case "acknowledge": {
      const late = from === "missed";
      return {
        state: { ...base, status: "acknowledged", late },
        events: [ev("summons.acknowledged", { note: command.note, late })],
        clockOps: late ? [] : [stopAck],
        notices: [],
        red: false,
      };
    }
    case "appear":
      return {
        state: { ...base, status: "appeared" },
        events: [ev("summons.appeared", { note: command.note })],
        clockOps: from === "summoned" ? [stopAck] : [],
        notices: [],
        red: false,
      };
    case "cancel":
      return {
        state: { ...base, status: "cancelled" },
        events: [ev("summons.cancelled", { reason: command.reason })],
        clockOps: from === "summoned" ? [stopAck] : [],
        notices: [],
        red: false,
      };
    case "ackMissed":
      return {
        state: { ...base, status: "missed", late: true },
        events: [ev("summons.ack_missed", { ackDueAt: base.ackDueAt?.toISOString() ?? null })],
        clockOps: [],
        // The center that summoned, and the unit's leadership (its leaders are told by unit).
        notices: [
          {
            topic: "summons.ack_missed",
            payload: { summonsId: id, unitId, code: ctx.caseCode, targetRegion: ctx.centerRegion },
          },
          {
            topic: "summons.ack_missed.unit_leadership",
            payload: { summonsId: id, unitId, code: ctx.caseCode },
          },
        ],
        red: true,
      };
  }
}

const text = (max: number) => ZText.trim().min(1).max(max);

export const ZSummonsCreate = z.object({
  unitId: z.uuid(),
  reason: text(1000),
  place: text(200),
  appearBy: z.iso.datetime({ offset: true }),
});
export type TSummonsCreate = z.infer<typeof ZSummonsCreate>;

export const ZSummonsAnswer = z.object({ note: ZText.trim().max(1000).optional() });
export const ZSummonsCancel = z.object({ reason: text(1000) });
