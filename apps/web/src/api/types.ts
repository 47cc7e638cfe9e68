import type { CaseCommandType, CaseStatus, Outcome, Role, TPolicy, Warning } from "@fengqiao/core";

export interface Me {
  id: string;
  username: string;
  displayName: string;
  roles: Role[];
  regionCode: string;
  regionPath: string;
  unitId: string | null;
  csrfToken: string;
}

export interface CaseSummary {
  id: string;
  code: string;
  channel: string;
  category: string;
  service: string | null;
  title: string;
  regionCode: string;
  /** 镇 › 村 › 网格, named by the server (the code stays the key). */
  regionName: string | null;
  policyKey: string;
  status: CaseStatus;
  step: number;
  stepCount: number;
  outcome: Outcome | null;
  settledStep: number | null;
  warning: Warning;
  failedMediation: boolean;
  /** A ladder or callback deadline was missed: red until settled. */
  missedDeadline: boolean;
  highRisk: boolean;
  stepDueAt: string | null;
  stepWarnAt: string | null;
  overallDueAt: string | null;
  /** Since when a paused case's clocks stand still (null unless paused). */
  pausedAt: string | null;
  calendarUnknownYears: number[];
  assignedUnitId: string | null;
  assigneeId: string | null;
  reporterName: string | null;
  reporterPhone: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface PartyView {
  role: string;
  name: string;
  note?: string | null;
  phone: string | null;
  idNumber: string | null;
}

export interface TimelineEvent {
  seq: number;
  type: string;
  at: string;
  actor: string | null;
  data: Record<string, unknown>;
}

export interface ClockView {
  kind: string;
  step: number | null;
  startedAt: string | null;
  dueAt: string | null;
  warnAt: string | null;
  pausedAt: string | null;
  stoppedAt: string | null;
  firedAt: string | null;
  basis: unknown;
}

export interface CaseDetail extends CaseSummary {
  description: string;
  parties: PartyView[];
  mediationAttempts: number;
  reopenCount: number;
  pausedFrom: string | null;
  mergedInto: string | null;
  resolvedAt: string | null;
  closedAt: string | null;
  policy: TPolicy | null;
  timeline: TimelineEvent[];
  clocks: ClockView[];
  allowedActions: CaseCommandType[];
  canRevealContacts: boolean;
}

export interface Contacts {
  reporter: { name: string | null; phone: string | null };
  parties: PartyView[];
}

export interface Page<T> {
  items: T[];
  nextCursor?: string | null;
}

export interface Region {
  code: string;
  parentCode: string | null;
  level: string;
  name: string;
  path: string;
  /** Search results only: names below the user's own region down to this one (镇 › 村 › 网格). */
  pathNames?: string[];
}

export interface Unit {
  id: string;
  kind: string;
  name: string;
  regionCode: string;
  stationing: "resident" | "rotating" | "on_call" | null;
}

export interface UserRow {
  id: string;
  username: string;
  displayName: string;
  roles: Role[];
  regionCode: string;
  unitId: string | null;
  disabled: boolean;
  /** Set while a login lock-out (too many wrong passwords) runs. */
  lockedUntil?: string | null;
}

export interface WorkbenchItem extends CaseSummary {
  /** 码上反映: the running callback clock's due time; null when none runs. */
  callbackDueAt: string | null;
  callbackMissed: boolean;
}

export interface Workbench {
  counts: {
    new: number;
    dueSoon: number;
    overdue: number;
    escalatedToMe: number;
    red: number;
    callbackDue: number;
    callbackMissed: number;
  };
  queue: WorkbenchItem[];
  redCount: number;
}

export interface CalendarDay {
  date: string;
  kind: string;
  name: string;
}
export interface CalendarYear {
  year: number;
  known: boolean;
  official: CalendarDay[];
  local: CalendarDay[];
}

export interface ClockInfo {
  now: string;
  testClock: boolean;
}

/** A 码上反映 QR point (GET /places). */
export interface Place {
  id: string;
  kind: PlaceKind;
  name: string;
  regionCode: string;
  regionName: string;
  villageCode: string | null;
  households: number | null;
  token: string;
  url: string;
  createdAt: string;
  tokenRotatedAt: string | null;
}
export type PlaceKind = "building" | "village_group" | "scenic_spot" | "window";

/** Villages in jurisdiction with the households their contact cards cover. */
export interface CardCoverage {
  /** contacts: people the village's card names; 0 prints a blank "联系人待补充" card. */
  items: { code: string; name: string; households: number | null; contacts: number }[];
  totalHouseholds: number;
}

/** POST /cases/:ref/callback. */
export interface CallbackBody {
  reached: boolean;
  note: string;
}

/** A file of a case: a citizen's photo (no name) or a staff upload (image or PDF). */
export interface Attachment {
  id: string;
  mime: string;
  bytes: number;
  name: string | null;
  createdAt: string;
}
