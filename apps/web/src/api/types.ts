import type {
  PlaceKind,
  TAttachment,
  TCalendarDayView,
  TCalendarYear,
  TCardCoverage,
  TCaseDetail,
  TCaseSummary,
  TCaseView,
  TClockInfo,
  TClockView,
  TContacts,
  TEscalationChoice,
  TMe,
  TPartyView,
  TPlace,
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

export type CalendarDay = TCalendarDayView;
export type CalendarYear = TCalendarYear;
export type ClockInfo = TClockInfo;
/** A 码上反映 QR point (GET /places). */
export type Place = TPlace;
export type { PlaceKind };
export type CardCoverage = TCardCoverage;

/** POST /cases/:ref/callback. */
export interface CallbackBody {
  reached: boolean;
  note: string;
}

export type Attachment = TAttachment;
