-- Citizen doors: 码上反映 QR places, public intake, uploads, opinions, contact cards, Open311 clients.

-- 便民联系卡 shows staff work phones and titles (书记, 主任, 委员, 驻村民警), never private numbers.
ALTER TABLE users ADD COLUMN work_phone text;
ALTER TABLE users ADD COLUMN work_title text;

-- QR points; the token is what the poster encodes, so rotating it retires every printed copy.
CREATE TABLE places (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kind             text NOT NULL CHECK (kind IN ('building','village_group','scenic_spot','window')),
  name             text NOT NULL,
  region_code      text NOT NULL REFERENCES regions(code),
  token            text NOT NULL UNIQUE,
  households       integer CHECK (households >= 0),
  created_at       timestamptz NOT NULL,
  token_rotated_at timestamptz
);
CREATE INDEX places_region_idx ON places (region_code);

-- A retried public submit returns the stored response; response IS NULL while the first try runs.
CREATE TABLE idempotency_keys (
  key          text PRIMARY KEY,
  request_hash text NOT NULL,
  response     jsonb,
  created_at   timestamptz NOT NULL
);
CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at);

-- 社情民意: 我有话说 suggestions, kept apart from cases.
CREATE TABLE opinions (
  id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  place_id            uuid REFERENCES places(id),
  region_code         text NOT NULL REFERENCES regions(code),
  region_path         text COLLATE "C" NOT NULL,
  category            text NOT NULL,
  description         text NOT NULL,
  reporter_name       text,
  reporter_phone_enc  text,
  reporter_phone_hash text,
  created_at          timestamptz NOT NULL
);
CREATE INDEX opinions_region_idx ON opinions (region_path, created_at DESC);

-- Photos: stored before the report exists (uploaded as soon as picked), linked on submit.
CREATE TABLE attachments (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id     uuid REFERENCES cases(id),
  opinion_id  uuid REFERENCES opinions(id),
  path        text NOT NULL,
  mime        text NOT NULL,
  bytes       integer NOT NULL,
  created_at  timestamptz NOT NULL
);
CREATE INDEX attachments_case_idx ON attachments (case_id) WHERE case_id IS NOT NULL;

-- Open311 integrations; only a hash of the key is kept.
CREATE TABLE api_clients (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name        text NOT NULL,
  key_hash    text NOT NULL UNIQUE,
  region_code text NOT NULL REFERENCES regions(code),
  created_by  uuid REFERENCES users(id),
  created_at  timestamptz NOT NULL,
  disabled    boolean NOT NULL DEFAULT false
);

-- Open311 service_request_id = case code; tokens answer before the code is known (here: at once).
CREATE TABLE open311_tokens (
  token      text PRIMARY KEY,
  case_id    uuid NOT NULL REFERENCES cases(id),
  client_id  uuid NOT NULL REFERENCES api_clients(id),
  created_at timestamptz NOT NULL
);

-- Where a QR case came from (place, location), without widening the cases table.
CREATE TABLE case_origins (
  case_id    uuid PRIMARY KEY REFERENCES cases(id),
  place_id   uuid REFERENCES places(id),
  client_id  uuid REFERENCES api_clients(id),
  lat        double precision,
  lng        double precision,
  address    text
);
CREATE INDEX case_origins_place_idx ON case_origins (place_id);
