import type { ColumnType, Generated, Insertable, Selectable } from "kysely";

// Row types of the SQL schema in migrations/. Keep in step with the migrations.
type Timestamp = ColumnType<Date, Date | string, Date | string>;

export interface RegionsTable {
  code: string;
  parent_code: string | null;
  level: string;
  name: string;
  path: string;
  geojson: unknown | null;
  households: number | null;
  /** "ljdc liangjiaduncun": initials and full pinyin of the name, for search (regionPinyin). */
  pinyin: string | null;
  created_at: Generated<Date>;
}

export interface UnitsTable {
  id: Generated<string>;
  kind: string;
  name: string;
  region_code: string;
  stationing: string | null;
  created_at: Generated<Date>;
  /** The county's own unit code (0015_import_jobs): the import upserts by it. */
  code: Generated<string | null>;
}

export interface UsersTable {
  id: Generated<string>;
  username: string;
  display_name: string;
  password_hash: string;
  roles: string[];
  region_code: string;
  unit_id: string | null;
  disabled: Generated<boolean>;
  created_at: Generated<Date>;
  /** 便民联系卡: the work phone and title printed on the village's card (not personal data). */
  work_phone: Generated<string | null>;
  work_title: Generated<string | null>;
  /** Set by an import's initial password or an admin's reset; cleared by POST /auth/password (0018). */
  must_change_password: Generated<boolean>;
}

export interface SessionsTable {
  token_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  /** Migration 0015_field_work: device sessions of the field app. */
  id: Generated<string>;
  device_name: Generated<string | null>;
  last_seen_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface PoliciesTable {
  key: string;
  definition: unknown;
  updated_at: Generated<Date>;
}

export interface CalendarDaysTable {
  day: ColumnType<string, string, string>;
  kind: "holiday" | "workday";
  name: string;
}

export interface CasesTable {
  id: Generated<string>;
  code: string;
  channel: string;
  category: string;
  /** 七项服务 (migration 0012_center): a case may carry several. */
  services: Generated<string[]>;
  /** The household the case concerns (migration 0014), e.g. a visit turned into a case. */
  household_id: string | null;
  /** The citizen's last 回访 rating (migration 0012_lead_rollups), kept by the transition. */
  rating: string | null;
  title: string;
  description: string;
  search: string;
  parties: unknown;
  reporter_name: string | null;
  reporter_phone_enc: string | null;
  reporter_phone_hash: string | null;
  reporter_phone_last4: string | null;
  region_code: string;
  region_path: string;
  policy_key: string;
  status: string;
  step: number;
  step_count: number;
  paused_from: string | null;
  paused_at: Timestamp | null;
  failed_mediation: boolean;
  outcome: string | null;
  settled_step: number | null;
  mediation_attempts: number;
  reopen_count: number;
  high_risk: boolean;
  missed_deadline: boolean;
  warning: string;
  assigned_unit_id: string | null;
  assignee_id: string | null;
  step_due_at: Timestamp | null;
  step_warn_at: Timestamp | null;
  overall_due_at: Timestamp | null;
  calendar_unknown_years: number[];
  callback_due_at: Timestamp | null;
  callback_missed: Generated<boolean>;
  merged_into: string | null;
  last_event_hash: string;
  event_count: number;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  resolved_at: Timestamp | null;
  closed_at: Timestamp | null;
  version: Generated<number>;
}

export interface ClocksTable {
  id: Generated<string>;
  case_id: string;
  kind: string;
  step: number | null;
  /** The procedure record (task, summons, petition …) a clock belongs to; null for ladder clocks. */
  subject_id: string | null;
  started_at: Timestamp;
  due_at: Timestamp;
  warn_at: Timestamp | null;
  paused_at: Timestamp | null;
  stopped_at: Timestamp | null;
  fired_at: Timestamp | null;
  warned_at: Timestamp | null;
  basis: string;
}

export interface CaseEventsTable {
  id: Generated<string>;
  case_id: string;
  seq: number;
  type: string;
  at: Timestamp;
  actor_id: string | null;
  data: unknown;
  prev_hash: string;
  hash: string;
}

export interface AuditLogTable {
  id: Generated<string>;
  at: Timestamp;
  actor_id: string | null;
  action: string;
  entity: string;
  entity_id: string | null;
  data: unknown;
}

export interface OutboxTable {
  id: Generated<string>;
  topic: string;
  payload: unknown;
  created_at: Timestamp;
  available_at: Timestamp;
  attempts: Generated<number>;
  delivered_at: Timestamp | null;
  last_error: string | null;
}

export interface LoginThrottleTable {
  username: string;
  failures: number;
  window_start: Timestamp;
  last_failure: Timestamp;
  locked_until: Timestamp | null;
  lockouts: number;
}

export interface SettingsTable {
  key: string;
  value: unknown;
}

// 码上反映, citizen doors and Open311 (migrations 0003 and later).
export interface PlacesTable {
  id: Generated<string>;
  kind: string;
  name: string;
  region_code: string;
  token: string;
  households: number | null;
  created_at: Timestamp;
  token_rotated_at: Timestamp | null;
  /** The county's own place code (0015_import_jobs): the import upserts by it. */
  code: Generated<string | null>;
}

export interface IdempotencyKeysTable {
  key: string;
  request_hash: string;
  response: unknown | null;
  created_at: Timestamp;
}

export interface OpinionsTable {
  id: Generated<string>;
  place_id: string | null;
  region_code: string;
  region_path: string;
  category: string;
  description: string;
  reporter_name: string | null;
  reporter_phone_enc: string | null;
  reporter_phone_hash: string | null;
  created_at: Timestamp;
}

export interface AttachmentsTable {
  id: Generated<string>;
  case_id: string | null;
  opinion_id: string | null;
  path: string;
  mime: string;
  bytes: number;
  created_at: Timestamp;
}

export interface ApiClientsTable {
  id: Generated<string>;
  name: string;
  key_hash: string;
  region_code: string;
  created_by: string | null;
  created_at: Timestamp;
  disabled: Generated<boolean>;
}

export interface Open311TokensTable {
  token: string;
  case_id: string;
  client_id: string;
  created_at: Timestamp;
}

export interface CaseOriginsTable {
  case_id: string;
  place_id: string | null;
  client_id: string | null;
  lat: number | null;
  lng: number | null;
  address: string | null;
}

export interface Open311RequestsTable {
  case_id: string;
  address_id: string | null;
  media_url: string | null;
  attributes: unknown;
  email_enc: string | null;
}

export interface Database extends CenterTables {
  regions: RegionsTable;
  key_rotation_watermarks: KeyRotationWatermarksTable;
  case_anonymisations: CaseAnonymisationsTable;
  units: UnitsTable;
  users: UsersTable;
  sessions: SessionsTable;
  policies: PoliciesTable;
  calendar_days: CalendarDaysTable;
  cases: CasesTable;
  clocks: ClocksTable;
  case_events: CaseEventsTable;
  audit_log: AuditLogTable;
  outbox: OutboxTable;
  settings: SettingsTable;
  places: PlacesTable;
  idempotency_keys: IdempotencyKeysTable;
  opinions: OpinionsTable;
  attachments: AttachmentsTable;
  api_clients: ApiClientsTable;
  open311_tokens: Open311TokensTable;
  open311_requests: Open311RequestsTable;
  case_origins: CaseOriginsTable;
  login_throttle: LoginThrottleTable;
  mediation_rooms: MediationRoomsTable;
  mediation_room_mediators: MediationRoomMediatorsTable;
  mediation_handings: MediationHandingsTable;
  mediation_sessions: MediationSessionsTable;
  mediation_agreements: MediationAgreementsTable;
  judicial_confirmations: JudicialConfirmationsTable;
  tasks: TasksTable;
  task_events: TaskEventsTable;
  meetings: MeetingsTable;
  meeting_cases: MeetingCasesTable;
  meeting_invitees: MeetingInviteesTable;
  meeting_decisions: MeetingDecisionsTable;
  petitions: PetitionsTable;
  petition_letters: PetitionLettersTable;
  buildings: BuildingsTable;
  households: HouseholdsTable;
  household_members: HouseholdMembersTable;
  unit_trainings: UnitTrainingsTable;
  unit_law_reports: UnitLawReportsTable;
  field_photos: FieldPhotosTable;
  visits: VisitsTable;
  campaigns: CampaignsTable;
  campaign_results: CampaignResultsTable;
  field_opinions: FieldOpinionsTable;
  village_officers: VillageOfficersTable;
  tour_posts: TourPostsTable;
  tour_reports: TourReportsTable;
  tour_duty: TourDutyTable;
  import_jobs: ImportJobsTable;
}

export type CaseRow = Selectable<CasesTable>;
export type NewCase = Insertable<CasesTable>;
export type UserRow = Selectable<UsersTable>;
export type RegionRow = Selectable<RegionsTable>;
export type ClockRow = Selectable<ClocksTable>;

// 交办督办 (migration 0012_tasks): core's Task, one row per task; history via previous_task_id.
export interface TasksTable {
  id: Generated<string>;
  case_id: string;
  unit_id: string;
  role: string;
  instructions: string;
  counting: string;
  days: number;
  attachment_ids: Generated<string[]>;
  status: string;
  supervision: Generated<string>;
  overdue_stage: string | null;
  dispatched_at: Timestamp;
  dispatched_by: string | null;
  sign_due_at: Timestamp;
  due_at: Timestamp;
  signed_at: Timestamp | null;
  signed_by: string | null;
  answered_at: Timestamp | null;
  answered_by: string | null;
  result: string | null;
  evidence_ids: Generated<string[]>;
  returned_at: Timestamp | null;
  return_reason: string | null;
  cancelled_at: Timestamp | null;
  yellow_at: Timestamp | null;
  red_at: Timestamp | null;
  previous_task_id: string | null;
  redispatched: Generated<boolean>;
  basis: string;
  /** Head of the task's own chain (0023): the events its clocks write (催办, 黄色督办单, overdue). */
  last_event_hash: Generated<string>;
  event_count: Generated<number>;
}
export type TaskRow = Selectable<TasksTable>;
/** A task's own chain (0023): a case event's columns, numbered per task. */
export interface TaskEventsTable extends CaseEventsTable {
  task_id: string;
}
// Joint meetings (会诊, 要事联商, 拍板, 府院联动): 0012_meet_meetings.sql.
export interface MeetingsTable {
  id: Generated<string>;
  kind: string;
  title: string;
  region_code: string;
  region_path: string;
  state: Generated<string>;
  starts_at: Timestamp;
  place: string;
  convened_by: string;
  created_at: Timestamp;
  held_at: Timestamp | null;
  minutes: string | null;
  closed_at: Timestamp | null;
  cancelled_at: Timestamp | null;
  cancel_reason: string | null;
}

export interface MeetingCasesTable {
  meeting_id: string;
  case_id: string;
  outcome: unknown | null;
}

export interface MeetingInviteesTable {
  id: Generated<string>;
  meeting_id: string;
  unit_id: string | null;
  user_id: string | null;
  name: string;
  org: string | null;
  attendance: string | null;
}

export interface MeetingDecisionsTable {
  id: string;
  meeting_id: string;
  seq: number;
  text: string;
  owner_unit_id: string | null;
  owner_user_id: string | null;
  owner_name: string;
  case_ids: string[];
  due_at: Timestamp;
  warn_at: Timestamp | null;
  basis: string;
  status: Generated<string>;
  overdue: Generated<boolean>;
  result: string | null;
  settled_at: Timestamp | null;
  settled_by: string | null;
  task_id: string | null;
}
export type MeetingRow = Selectable<MeetingsTable>;
/** 信访 petitions (migration 0012_pet): the record beside the case, decided by core's petitions.ts. */
export interface PetitionsTable {
  id: string;
  case_id: string;
  kind: string;
  channel: string;
  petitioners: number;
  is_group: boolean;
  matter: string;
  matter_key: string;
  category: string;
  person_phone_hash: string | null;
  person_id_hash: string | null;
  repeat_of_code: string | null;
  stage: string;
  stage_started_at: Timestamp;
  due_at: Timestamp | null;
  basis: string | null;
  extended: string[];
  overdue: boolean;
  handling_unit_id: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface PetitionLettersTable {
  id: Generated<string>;
  petition_id: string;
  case_id: string;
  kind: string;
  title: string;
  body: string;
  sent_at: Timestamp;
  created_by: string | null;
}
export type PetitionRow = Selectable<PetitionsTable>;
// The center at work (issue 9, migration 0012_center_window): window, roster, summons, referrals.
type Day = ColumnType<string, string, string>;

export interface WindowTicketCountersTable {
  center_code: string;
  day: Day;
  prefix: string;
  last: number;
}

export interface WindowTicketsTable {
  id: Generated<string>;
  center_code: string;
  day: Day;
  service: string;
  label: string;
  status: Generated<string>;
  visitor_name: string | null;
  visitor_phone_hash: string | null;
  visitor_phone_last4: string | null;
  visitor_id_hash: string | null;
  visitor_id_masked: string | null;
  window_no: number | null;
  case_id: string | null;
  created_by: string | null;
  created_at: Timestamp;
  called_at: Timestamp | null;
  called_by: string | null;
  finished_at: Timestamp | null;
}

export interface WindowIntakesTable {
  case_id: string;
  center_code: string;
  ticket_id: string | null;
  services: string[];
  fields: unknown;
  disposition: string;
  visitor_id_hash: string | null;
  created_by: string | null;
  created_at: Timestamp;
}

export interface UnitRosterTable {
  unit_id: string;
  day: Day;
  created_by: string | null;
  created_at: Timestamp;
}

export interface SummonsTable {
  id: string;
  case_id: string;
  unit_id: string;
  center_code: string;
  reason: string;
  place: string;
  appear_by: Timestamp;
  status: string;
  ack_due_at: Timestamp;
  late: Generated<boolean>;
  note: string | null;
  created_by: string | null;
  created_at: Timestamp;
  acknowledged_at: Timestamp | null;
  acknowledged_by: string | null;
  appeared_at: Timestamp | null;
  missed_at: Timestamp | null;
}

export interface ReferralsTable {
  id: string;
  origin_case_id: string | null;
  target_case_id: string | null;
  from_unit_id: string | null;
  to_unit_id: string;
  docking: string;
  purpose: string;
  reason: string;
  external_ref: string | null;
  register: Generated<boolean>;
  status: string;
  ack_due_at: Timestamp | null;
  ack_missed: Generated<boolean>;
  outcome: string | null;
  result_text: string | null;
  decline_reason: string | null;
  created_by: string | null;
  created_at: Timestamp;
  acknowledged_at: Timestamp | null;
  returned_at: Timestamp | null;
}

export interface CenterTables {
  window_ticket_counters: WindowTicketCountersTable;
  window_tickets: WindowTicketsTable;
  window_intakes: WindowIntakesTable;
  unit_roster: UnitRosterTable;
  summons: SummonsTable;
  referrals: ReferralsTable;
}

// 多元调解 → 调解协议书 → 司法确认 (migrations/0012_med_mediation.sql).
export interface MediationRoomsTable {
  id: Generated<string>;
  kind: string;
  name: string;
  partners: string | null;
  region_code: string;
  address: string | null;
  active: Generated<boolean>;
  created_at: Generated<Date>;
}

export interface MediationRoomMediatorsTable {
  room_id: string;
  user_id: string;
}

export interface MediationHandingsTable {
  id: string;
  case_id: string;
  room_id: string;
  reason: string | null;
  started_at: Timestamp;
  term_due_at: Timestamp;
  term_overdue: Generated<boolean>;
  ended_at: Timestamp | null;
  handed_by: string | null;
}

export interface MediationSessionsTable {
  id: string;
  case_id: string;
  handing_id: string | null;
  held_at: Timestamp;
  place: string;
  mediator_ids: string[];
  parties_present: string[];
  minutes: string;
  outcome: string;
  recorded_by: string | null;
  created_at: Timestamp;
}

export interface MediationAgreementsTable {
  id: string;
  case_id: string;
  handing_id: string | null;
  room_id: string | null;
  number: string;
  parties: unknown;
  facts: string;
  dispute: string;
  responsibilities: string;
  terms: unknown;
  status_matter: string;
  mediator_names: string[];
  organisation: string;
  status: string;
  signatures: unknown;
  effective_at: Timestamp | null;
  performance: string | null;
  last_performance_date: ColumnType<string, string, string>;
  version: Generated<number>;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface JudicialConfirmationsTable {
  id: string;
  case_id: string;
  agreement_id: string;
  court_unit_id: string;
  status: string;
  applied_at: Timestamp;
  accept_due_at: Timestamp;
  accepted_at: Timestamp | null;
  rule_due_at: Timestamp | null;
  extended: Generated<boolean>;
  decided_at: Timestamp | null;
  reason: string | null;
  next: string | null;
  note: string | null;
  overdue: Generated<boolean>;
}

/** 楼栋/院落 per grid (migration 0014). */
export interface BuildingsTable {
  id: Generated<string>;
  grid_code: string;
  code: string | null;
  name: string;
  kind: Generated<string>;
  created_at: Generated<Date>;
}

/** 户 (migration 0014): personal fields live on the members, sealed. */
export interface HouseholdsTable {
  id: Generated<string>;
  code: string | null;
  grid_code: string;
  building_id: string | null;
  address: string;
  tags: Generated<string[]>;
  note: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  updated_by: string | null;
}

export interface HouseholdMembersTable {
  id: Generated<string>;
  household_id: string;
  relation: string;
  name_enc: string;
  name_hash: string;
  name_masked: string;
  phone_enc: string | null;
  phone_hash: string | null;
  phone_last4: string | null;
  id_number_enc: string | null;
  id_number_hash: string | null;
  tags: Generated<string[]>;
  position: Generated<number>;
}

/** 教学练战 (migration 0015_lead_unit_records). numeric comes back as a string from pg. */
export interface UnitTrainingsTable {
  id: Generated<string>;
  unit_id: string;
  held_on: ColumnType<string, string, string>;
  kind: string;
  topic: string;
  hours: ColumnType<string, number, number>;
  attendees: number;
  leader: string | null;
  note: string | null;
  recorded_by: string | null;
  recorded_at: Timestamp;
}

/** 述学述评述督: one report per unit and year. */
export interface UnitLawReportsTable {
  unit_id: string;
  year: number;
  title: string;
  presented_on: ColumnType<string, string, string>;
  study: string;
  review: string;
  supervision: string;
  assessment: string | null;
  recorded_by: string | null;
  updated_at: Timestamp;
}

// Field work (migration 0015_field_work): visits, 排查 campaigns and results, 社情民意 from the field.
export interface FieldPhotosTable {
  id: string;
  uploaded_by: string;
  idempotency_key: string | null;
  created_at: Timestamp;
}

export interface VisitsTable {
  id: string;
  household_id: string | null;
  grid_code: string;
  region_path: string;
  visited_at: Timestamp;
  findings: string;
  photo_ids: Generated<string[]>;
  lat: number | null;
  lng: number | null;
  accuracy: number | null;
  case_id: string | null;
  created_by: string;
  created_at: Timestamp;
  request_hash: string;
}

export interface CampaignsTable {
  id: string;
  title: string;
  kind: string;
  region_code: string;
  region_path: string;
  starts_at: Timestamp;
  due_at: Timestamp;
  target: string;
  checklist: unknown;
  created_by: string | null;
  created_at: Timestamp;
  request_hash: string;
}

export interface CampaignResultsTable {
  id: string;
  campaign_id: string;
  household_id: string | null;
  place: string | null;
  grid_code: string;
  region_path: string;
  answers: unknown;
  positive: boolean;
  note: string | null;
  case_id: string | null;
  created_by: string;
  created_at: Timestamp;
  request_hash: string;
}

export interface FieldOpinionsTable {
  id: string;
  grid_code: string;
  region_path: string;
  topic: string;
  content: string;
  household_id: string | null;
  created_by: string;
  created_at: Timestamp;
  request_hash: string;
}

/** 驻村民警 of a village (migration 0015_tour). */
export interface VillageOfficersTable {
  village_code: string;
  user_id: string;
  set_by: string | null;
  set_at: Date;
}

/** 旅游警务室 of a scenic-spot place. */
export interface TourPostsTable {
  place_id: string;
  name: string;
  phone: string | null;
  unit_id: string;
  updated_at: Date;
}

/** A tourist's report waiting for the post's answer (clock tourism.answer). */
export interface TourReportsTable {
  id: Generated<string>;
  case_id: string;
  place_id: string;
  unit_id: string;
  received_at: Date;
  due_at: Date;
  warned_at: Date | null;
  overdue_at: Date | null;
  answered_at: Date | null;
  answered_by: string | null;
  answer_how: string | null;
}

/** The post's duty roster, one row per day. */
export interface TourDutyTable {
  place_id: string;
  day: string;
  officers: number;
  names: Generated<string[]>;
  note: string | null;
  updated_by: string | null;
  updated_at: Date;
}

/** 导入 county onboarding (migration 0015_import_jobs): one row per upload, polled for progress. */
export interface ImportJobsTable {
  id: Generated<string>;
  actor_id: string | null;
  region_code: string | null;
  file_names: string[];
  status: "reading" | "validating" | "writing" | "done" | "refused" | "failed";
  rows_total: Generated<number>;
  rows_validated: Generated<number>;
  rows_written: Generated<number>;
  errors: Generated<unknown>;
  error_count: Generated<number>;
  counts: unknown | null;
  credentials_enc: string | null;
  message: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  finished_at: Timestamp | null;
}

// Data safety (issue 13, migration 0015_safety): key rotation progress, anonymised cases.
export interface KeyRotationWatermarksTable {
  target: string;
  key_version: number;
  after_key: string | null;
  done: boolean;
  resealed: string;
  updated_at: Timestamp;
}

export interface CaseAnonymisationsTable {
  case_id: string;
  at: Timestamp;
  sealed_fields: number;
  photos: number;
}
