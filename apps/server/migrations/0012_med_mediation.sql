-- 多元调解 → 调解协议书 → 司法确认. Each procedure keeps its own record here; the case takes every change
-- on the one transition path, and their deadlines are rows in `clocks` (subject_id = the record).

-- Mediation organisations and brands: 村/乡镇人民调解委员会 and named rooms (金融纠纷调解室, 热心大姐调解室,
-- "妇联+综治"); `partners` names who runs a joint room.
CREATE TABLE mediation_rooms (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kind        text NOT NULL CHECK (kind IN ('village_committee','township_committee','room')),
  name        text NOT NULL,
  partners    text,
  region_code text NOT NULL REFERENCES regions(code),
  address     text,
  active      boolean NOT NULL DEFAULT true,
  created_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (region_code, name)
);
CREATE INDEX mediation_rooms_region_idx ON mediation_rooms (region_code);

CREATE TABLE mediation_room_mediators (
  room_id uuid NOT NULL REFERENCES mediation_rooms(id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users(id),
  PRIMARY KEY (room_id, user_id)
);
CREATE INDEX mediation_room_mediators_user_idx ON mediation_room_mediators (user_id);

-- A case handed to a room; one open handing per case (handing to another room ends the first).
CREATE TABLE mediation_handings (
  id          uuid PRIMARY KEY,
  case_id     uuid NOT NULL,
  room_id     uuid NOT NULL REFERENCES mediation_rooms(id),
  reason      text,
  started_at  timestamptz NOT NULL,
  term_due_at timestamptz NOT NULL,
  term_overdue boolean NOT NULL DEFAULT false,
  ended_at    timestamptz,
  handed_by   uuid REFERENCES users(id)
);
CREATE UNIQUE INDEX mediation_handings_open_idx ON mediation_handings (case_id) WHERE ended_at IS NULL;
CREATE INDEX mediation_handings_room_idx ON mediation_handings (room_id) WHERE ended_at IS NULL;

CREATE TABLE mediation_sessions (
  id              uuid PRIMARY KEY,
  case_id         uuid NOT NULL,
  handing_id      uuid REFERENCES mediation_handings(id),
  held_at         timestamptz NOT NULL,
  place           text NOT NULL,
  mediator_ids    uuid[] NOT NULL,
  parties_present text[] NOT NULL,
  minutes         text NOT NULL,
  outcome         text NOT NULL CHECK (outcome IN ('agreement','partial','failed','adjourned')),
  recorded_by     uuid REFERENCES users(id),
  created_at      timestamptz NOT NULL
);
CREATE INDEX mediation_sessions_case_idx ON mediation_sessions (case_id, held_at);

-- 调解协议书. Parties' ID numbers, phones and addresses are sealed (AES-GCM, like a case's parties).
CREATE TABLE mediation_agreements (
  id               uuid PRIMARY KEY,
  case_id          uuid NOT NULL,
  handing_id       uuid REFERENCES mediation_handings(id),
  room_id          uuid REFERENCES mediation_rooms(id),
  number           text NOT NULL UNIQUE,
  parties          jsonb NOT NULL,
  facts            text NOT NULL,
  dispute          text NOT NULL,
  responsibilities text NOT NULL,
  terms            jsonb NOT NULL,
  status_matter    text NOT NULL CHECK (status_matter IN ('none','marriage','adoption','identity')),
  mediator_names   text[] NOT NULL,
  organisation     text NOT NULL,
  status           text NOT NULL CHECK (status IN ('draft','effective','refused')),
  signatures       jsonb NOT NULL,
  effective_at     timestamptz,
  performance      text CHECK (performance IN ('pending','due','honoured','breached')),
  last_performance_date date NOT NULL,
  version          int NOT NULL DEFAULT 1,
  created_by       uuid REFERENCES users(id),
  created_at       timestamptz NOT NULL,
  updated_at       timestamptz NOT NULL
);
CREATE INDEX mediation_agreements_case_idx ON mediation_agreements (case_id);
CREATE SEQUENCE mediation_agreement_seq;

-- 司法确认 before a court unit (units.kind = 'court').
CREATE TABLE judicial_confirmations (
  id            uuid PRIMARY KEY,
  case_id       uuid NOT NULL,
  agreement_id  uuid NOT NULL REFERENCES mediation_agreements(id),
  court_unit_id uuid NOT NULL REFERENCES units(id),
  status        text NOT NULL CHECK (status IN ('applied','accepted','not_accepted','confirmed','not_confirmed')),
  applied_at    timestamptz NOT NULL,
  accept_due_at timestamptz NOT NULL,
  accepted_at   timestamptz,
  rule_due_at   timestamptz,
  extended      boolean NOT NULL DEFAULT false,
  decided_at    timestamptz,
  reason        text,
  next          text CHECK (next IN ('re_mediate','change_agreement','litigate')),
  note          text,
  overdue       boolean NOT NULL DEFAULT false
);
CREATE UNIQUE INDEX judicial_confirmations_open_idx ON judicial_confirmations (agreement_id)
  WHERE status IN ('applied','accepted');
CREATE INDEX judicial_confirmations_case_idx ON judicial_confirmations (case_id);
CREATE INDEX judicial_confirmations_court_idx ON judicial_confirmations (court_unit_id);

-- The day counts (packages/core MEDIATION_DEFAULTS); an administrator changes them at
-- PUT /api/v1/mediation/settings. Statutory ones follow the law; change them only when it changes.
INSERT INTO settings (key, value) VALUES ('mediation.clocks',
  '{"termDays":30,"followupDays":3,"jcApplyDays":30,"jcApplyWarnDays":20,"jcAcceptDays":3,"jcRuleDays":15,"jcRuleExtensionDays":10}')
ON CONFLICT (key) DO NOTHING;
