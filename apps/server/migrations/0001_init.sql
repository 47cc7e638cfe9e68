-- Fengqiao initial schema. Forward-only; PostgreSQL 15+.

-- Regions: province → city → county → township → village → grid; jurisdiction = subtree of `path`.
CREATE TABLE regions (
  code        text PRIMARY KEY,
  parent_code text REFERENCES regions(code),
  level       text NOT NULL CHECK (level IN ('province','city','county','township','village','grid')),
  name        text NOT NULL,
  path        text COLLATE "C" NOT NULL UNIQUE,
  geojson     jsonb,
  households  integer,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX regions_parent_idx ON regions (parent_code);

-- Units: centers, departments, mediation committees, police stations, courts …
CREATE TABLE units (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kind        text NOT NULL,
  name        text NOT NULL,
  region_code text NOT NULL REFERENCES regions(code),
  stationing  text CHECK (stationing IN ('resident','rotating','on_call')),
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX units_region_idx ON units (region_code);

CREATE TABLE users (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  username      text NOT NULL UNIQUE,
  display_name  text NOT NULL,
  password_hash text NOT NULL,
  roles         text[] NOT NULL,
  region_code   text NOT NULL REFERENCES regions(code),
  unit_id       uuid REFERENCES units(id),
  disabled      boolean NOT NULL DEFAULT false,
  created_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE sessions (
  token_hash  text PRIMARY KEY,
  user_id     uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  csrf_token  text NOT NULL,
  created_at  timestamptz NOT NULL,
  expires_at  timestamptz NOT NULL
);
CREATE INDEX sessions_user_idx ON sessions (user_id);

-- Ladders as data (packages/core ZPolicy).
CREATE TABLE policies (
  key         text PRIMARY KEY,
  definition  jsonb NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now()
);

-- Local calendar days on top of the official calendar (holiday = day off, workday = extra working day).
CREATE TABLE calendar_days (
  day   date PRIMARY KEY,
  kind  text NOT NULL CHECK (kind IN ('holiday','workday')),
  name  text NOT NULL
);

CREATE SEQUENCE case_code_seq;

CREATE TABLE cases (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code               text NOT NULL UNIQUE,
  channel            text NOT NULL,
  category           text NOT NULL,
  service            text,
  title              text NOT NULL,
  description        text NOT NULL,
  search             tsvector NOT NULL,
  parties            jsonb NOT NULL DEFAULT '[]',
  reporter_name      text,
  reporter_phone_enc text,
  reporter_phone_hash text,
  reporter_phone_last4 text,
  region_code        text NOT NULL REFERENCES regions(code),
  region_path        text COLLATE "C" NOT NULL,
  policy_key         text NOT NULL REFERENCES policies(key),
  status             text NOT NULL,
  step               integer NOT NULL,
  step_count         integer NOT NULL,
  paused_from        text,
  failed_mediation   boolean NOT NULL DEFAULT false,
  outcome            text,
  settled_step       integer,
  mediation_attempts integer NOT NULL DEFAULT 0,
  reopen_count       integer NOT NULL DEFAULT 0,
  high_risk          boolean NOT NULL DEFAULT false,
  -- A step ran out before anyone acted: the case stays red until it is resolved (红色预警).
  missed_deadline    boolean NOT NULL DEFAULT false,
  warning            text NOT NULL DEFAULT 'blue',
  assigned_unit_id   uuid REFERENCES units(id),
  assignee_id        uuid REFERENCES users(id),
  step_due_at        timestamptz,
  step_warn_at       timestamptz,
  overall_due_at     timestamptz,
  calendar_unknown_years integer[] NOT NULL DEFAULT '{}',
  merged_into        text,
  last_event_hash    text NOT NULL,
  event_count        integer NOT NULL,
  created_by         uuid REFERENCES users(id),
  created_at         timestamptz NOT NULL,
  updated_at         timestamptz NOT NULL,
  resolved_at        timestamptz,
  closed_at          timestamptz,
  version            integer NOT NULL DEFAULT 1
);
-- Lists are always filtered by jurisdiction (path prefix) and paged by (created_at, id).
CREATE INDEX cases_region_created_idx ON cases (region_path, created_at DESC, id DESC);
CREATE INDEX cases_created_idx ON cases (created_at DESC, id DESC);
CREATE INDEX cases_status_idx ON cases (status, step);
CREATE INDEX cases_phone_idx ON cases (reporter_phone_hash) WHERE reporter_phone_hash IS NOT NULL;
CREATE INDEX cases_assigned_unit_idx ON cases (assigned_unit_id) WHERE assigned_unit_id IS NOT NULL;
CREATE INDEX cases_search_idx ON cases USING gin (search);

-- One engine for every deadline: ladder steps, the overall clock, later callbacks and statutory clocks.
-- No foreign key on case_id here or in case_events: both are written only in the same transaction as
-- their case, and a per-row FK check doubled the cost of escalating a burst of 100,000 due cases.
CREATE TABLE clocks (
  id          bigserial PRIMARY KEY,
  case_id     uuid NOT NULL,
  kind        text NOT NULL,
  step        integer,
  started_at  timestamptz NOT NULL,
  due_at      timestamptz NOT NULL,
  warn_at     timestamptz,
  paused_at   timestamptz,
  stopped_at  timestamptz,
  fired_at    timestamptz,
  warned_at   timestamptz,
  basis       text NOT NULL
);
CREATE INDEX clocks_due_idx ON clocks (due_at) WHERE stopped_at IS NULL AND fired_at IS NULL AND paused_at IS NULL;
CREATE INDEX clocks_warn_idx ON clocks (warn_at) WHERE stopped_at IS NULL AND warned_at IS NULL AND paused_at IS NULL;
CREATE INDEX clocks_case_idx ON clocks (case_id);

-- Timeline and audit log of every case: append-only, hash-chained per case, anchored in cases.last_event_hash.
-- Keyed by (case, seq): one index per event, which also refuses a fork in a case's chain. `id` is only
-- an insertion order for feeds (Open311 updates) and carries no index of its own.
CREATE TABLE case_events (
  id          bigint GENERATED BY DEFAULT AS IDENTITY,
  case_id     uuid NOT NULL,
  seq         integer NOT NULL,
  type        text NOT NULL,
  at          timestamptz NOT NULL,
  actor_id    uuid,
  data        jsonb NOT NULL,
  prev_hash   text NOT NULL,
  hash        text NOT NULL,
  PRIMARY KEY (case_id, seq)
);

-- Audit of everything that is not a case (logins, users, regions, policies, clock shifts).
CREATE TABLE audit_log (
  id          bigserial PRIMARY KEY,
  at          timestamptz NOT NULL,
  actor_id    uuid,
  action      text NOT NULL,
  entity      text NOT NULL,
  entity_id   text,
  data        jsonb NOT NULL DEFAULT '{}'
);

CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END $$;
CREATE TRIGGER case_events_append_only BEFORE UPDATE OR DELETE ON case_events
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION refuse_change();

-- Notifications leave through the outbox, written in the same transaction as the change.
CREATE TABLE outbox (
  id            bigserial PRIMARY KEY,
  topic         text NOT NULL,
  payload       jsonb NOT NULL,
  created_at    timestamptz NOT NULL,
  available_at  timestamptz NOT NULL,
  attempts      integer NOT NULL DEFAULT 0,
  delivered_at  timestamptz,
  last_error    text
);
CREATE INDEX outbox_pending_idx ON outbox (available_at) WHERE delivered_at IS NULL;

-- Server-wide settings; the test clock offset lives here so the CLI and every process share it.
CREATE TABLE settings (
  key   text PRIMARY KEY,
  value jsonb NOT NULL
);
