-- Per-account login throttling, shared by every server process. Keyed by the username as typed
-- (not by user id) so an unknown name is throttled exactly like a real one and reveals nothing.
CREATE TABLE login_throttle (
  username      text PRIMARY KEY,
  failures      integer NOT NULL DEFAULT 0,
  window_start  timestamptz NOT NULL,
  last_failure  timestamptz NOT NULL,
  locked_until  timestamptz,
  lockouts      integer NOT NULL DEFAULT 0
);
-- Old rows (mostly names nobody has) are deleted on the way: see login-throttle.ts.
CREATE INDEX login_throttle_last_failure_idx ON login_throttle (last_failure);
