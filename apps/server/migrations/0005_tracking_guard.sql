-- 查询码: a random 6-digit tracking PIN for every citizen (QR) report, shown once on the done page;
-- anonymous reporters follow their case with it. Only a keyed hash (bound to the case) is kept.
CREATE TABLE case_tracking_pins (
  case_id   uuid PRIMARY KEY REFERENCES cases(id),
  pin_hash  text NOT NULL
);

-- Wrong tracking attempts: the per-code lock-out (5 an hour) and the global cap (per minute) count
-- these, in the database so that every server process sees the same count.
CREATE TABLE tracking_failures (
  id    bigserial PRIMARY KEY,
  code  text NOT NULL,
  at    timestamptz NOT NULL
);
CREATE INDEX tracking_failures_code_idx ON tracking_failures (code, at);
CREATE INDEX tracking_failures_at_idx ON tracking_failures (at);
