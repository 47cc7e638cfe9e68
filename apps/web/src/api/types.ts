import type {
  TCaseDetail,
  TCaseSummary,
  TCaseView,
  TClockView,
  TContacts,
  TEscalationChoice,
  TMe,
  TPartyView,
  TRegionView,
  TSimilarCase,
  TTimelineEvent,
  TUnitView,
  TUserRow,
  TWorkbench,
  TWorkbenchItem,
} from "@fengqiao/core";

// The answers of the server's main endpoints are typed by the Zod schemas the server serializes
// them with (packages/core/src/responses.ts): these names are the console's words for them.
export type Me = TMe;
export type CaseSummary = TCaseSummary;
export type PartyView = TPartyView;
export type TimelineEvent = TTimelineEvent;
export type ClockView = TClockView;
/** POST /cases and commands answer the case without its timeline (CaseView). */
export type CaseView = TCaseView;
export type CaseDetail = TCaseDetail;
export type Contacts = TContacts;
export type Region = TRegionView;
export type Unit = TUnitView;
export type UserRow = TUserRow;
export type WorkbenchItem = TWorkbenchItem;
export type Workbench = TWorkbench;
export type EscalationChoice = TEscalationChoice;
export type SimilarCase = TSimilarCase;

export interface Page<T> {
  items: T[];
  nextCursor?: string | null;
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
