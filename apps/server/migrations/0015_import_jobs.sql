-- 导入 county onboarding (issue 12): a county's own workbooks loaded in one transaction, re-runnable.

-- The county's own codes for units and QR places: the import upserts by them (regions by their
-- GB/T 2260 code, users by username, households by 户编号 — those keys exist already).
ALTER TABLE units ADD COLUMN code text UNIQUE;
ALTER TABLE places ADD COLUMN code text UNIQUE;

-- One row per upload: the console polls it for progress, the error report is built from `errors`.
CREATE TABLE import_jobs (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  actor_id        uuid REFERENCES users(id),
  region_code     text REFERENCES regions(code),
  file_names      text[] NOT NULL,
  status          text NOT NULL CHECK (status IN ('reading','validating','writing','done','refused','failed')),
  rows_total      integer NOT NULL DEFAULT 0,
  rows_validated  integer NOT NULL DEFAULT 0,
  rows_written    integer NOT NULL DEFAULT 0,
  -- Capped at 10,000 (error_count has the true number); each { sheet, row, column, code, zh, en }.
  errors          jsonb NOT NULL DEFAULT '[]',
  error_count     integer NOT NULL DEFAULT 0,
  counts          jsonb,
  -- New accounts' initial passwords, sealed (lib/personal-data); cleared when first downloaded.
  credentials_enc text,
  message         text,
  created_at      timestamptz NOT NULL,
  updated_at      timestamptz NOT NULL,
  finished_at     timestamptz
);
CREATE INDEX import_jobs_actor_idx ON import_jobs (actor_id, created_at DESC);
