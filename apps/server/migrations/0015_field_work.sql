-- Field work (issue 12): 入户走访 visits, 排查 campaigns and their results, 社情民意 heard in the field,
-- and device sessions for the phone app. Records the phone creates offline carry the phone's own uuid
-- as their id, with the hash of the request that created them: a replay of the same request answers the
-- same record, a different body under the same id is refused.

-- Device sessions: a phone logs in once and stays logged in (FENGQIAO_DEVICE_SESSION_DAYS, default 90)
-- until its owner or an administrator revokes it. `id` names a session without its token.
ALTER TABLE sessions
  ADD COLUMN id uuid NOT NULL DEFAULT gen_random_uuid(),
  ADD COLUMN device_name text,
  ADD COLUMN last_seen_at timestamptz;
CREATE UNIQUE INDEX sessions_id_idx ON sessions (id);

-- Photos taken in the field (stored as attachments, EXIF stripped): who took them, for which key.
CREATE TABLE field_photos (
  id              uuid PRIMARY KEY REFERENCES attachments(id),
  uploaded_by     uuid NOT NULL REFERENCES users(id),
  idempotency_key text UNIQUE,
  created_at      timestamptz NOT NULL
);

CREATE TABLE visits (
  id            uuid PRIMARY KEY,
  household_id  uuid REFERENCES households(id),
  grid_code     text NOT NULL REFERENCES regions(code),
  region_path   text COLLATE "C" NOT NULL,
  visited_at    timestamptz NOT NULL,
  findings      text NOT NULL,
  photo_ids     uuid[] NOT NULL DEFAULT '{}',
  lat           double precision,
  lng           double precision,
  accuracy      double precision,
  case_id       uuid REFERENCES cases(id),
  created_by    uuid NOT NULL REFERENCES users(id),
  created_at    timestamptz NOT NULL,
  request_hash  text NOT NULL
);
CREATE INDEX visits_region_idx ON visits (region_path, visited_at DESC);
CREATE INDEX visits_household_idx ON visits (household_id, visited_at DESC) WHERE household_id IS NOT NULL;

CREATE TABLE campaigns (
  id           uuid PRIMARY KEY,
  title        text NOT NULL,
  kind         text NOT NULL,
  region_code  text NOT NULL REFERENCES regions(code),
  region_path  text COLLATE "C" NOT NULL,
  starts_at    timestamptz NOT NULL,
  due_at       timestamptz NOT NULL,
  target       text NOT NULL CHECK (target IN ('household', 'place')),
  checklist    jsonb NOT NULL,
  created_by   uuid REFERENCES users(id),
  created_at   timestamptz NOT NULL,
  request_hash text NOT NULL
);
CREATE INDEX campaigns_region_idx ON campaigns (region_path, due_at);

CREATE TABLE campaign_results (
  id            uuid PRIMARY KEY,
  campaign_id   uuid NOT NULL REFERENCES campaigns(id),
  household_id  uuid REFERENCES households(id),
  place         text,
  grid_code     text NOT NULL REFERENCES regions(code),
  region_path   text COLLATE "C" NOT NULL,
  answers       jsonb NOT NULL,
  positive      boolean NOT NULL,
  note          text,
  case_id       uuid REFERENCES cases(id),
  created_by    uuid NOT NULL REFERENCES users(id),
  created_at    timestamptz NOT NULL,
  request_hash  text NOT NULL,
  CHECK (household_id IS NOT NULL OR place IS NOT NULL)
);
CREATE INDEX campaign_results_campaign_idx ON campaign_results (campaign_id, household_id);

-- 社情民意 from the field: kept apart from cases and from the citizens' 我有话说 (opinions), never counted
-- as a case.
CREATE TABLE field_opinions (
  id            uuid PRIMARY KEY,
  grid_code     text NOT NULL REFERENCES regions(code),
  region_path   text COLLATE "C" NOT NULL,
  topic         text NOT NULL,
  content       text NOT NULL,
  household_id  uuid REFERENCES households(id),
  created_by    uuid NOT NULL REFERENCES users(id),
  created_at    timestamptz NOT NULL,
  request_hash  text NOT NULL
);
CREATE INDEX field_opinions_region_idx ON field_opinions (region_path, created_at DESC);
