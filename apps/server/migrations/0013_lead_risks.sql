-- Risk warnings (issue 11): the rules' current hits on OPEN cases, each with its explanation
-- (zh/en). Rules live in settings('risk.rules') (defaults in packages/core/src/risk.ts); hits are
-- re-evaluated for every changed case by the rollup fold and for every open case nightly.
CREATE TABLE case_risks (
  case_id     uuid NOT NULL,
  rule        text NOT NULL,
  why         jsonb NOT NULL,
  region_path text COLLATE "C" NOT NULL,
  first_at    timestamptz NOT NULL,
  last_at     timestamptz NOT NULL,
  PRIMARY KEY (case_id, rule)
);
CREATE INDEX case_risks_region_idx ON case_risks (region_path);
