-- Data safety (issue 13): key rotation watermarks and the retention job's record of anonymised cases.

-- One row per sealed column: how far `fengqiao keys rotate` has re-sealed it with key `key_version`.
-- A run that stops (crash, Ctrl-C, deploy) resumes after `after_key`; a new key version starts over.
CREATE TABLE key_rotation_watermarks (
  target       text PRIMARY KEY,
  key_version  integer NOT NULL,
  after_key    text,
  done         boolean NOT NULL DEFAULT false,
  resealed     bigint NOT NULL DEFAULT 0,
  updated_at   timestamptz NOT NULL
);

-- Closed cases whose personal data and photos the retention job removed (one row each, never twice).
CREATE TABLE case_anonymisations (
  case_id        uuid PRIMARY KEY REFERENCES cases(id),
  at             timestamptz NOT NULL,
  sealed_fields  integer NOT NULL,
  photos         integer NOT NULL
);
