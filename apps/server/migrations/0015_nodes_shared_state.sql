-- Many nodes on one database: what one process used to keep in memory is kept here.

-- Per-route request limits (@fastify/rate-limit) as fixed-window counters shared by every process.
-- UNLOGGED: a counter lost in a crash only forgives a few requests, and it costs no WAL (nor
-- replication traffic) per request. One row per route × client key; old windows are deleted on the way.
CREATE UNLOGGED TABLE rate_limits (
  key           text PRIMARY KEY,
  window_start  timestamptz NOT NULL,
  hits          integer NOT NULL
);
CREATE INDEX rate_limits_window_idx ON rate_limits (window_start);

-- Session cache revocation: each process caches sessions for a few seconds; these triggers tell every
-- process (LISTEN fq_sessions) to forget a user's cached sessions the moment the change commits —
-- disabled, roles/region/unit changed, password reset, a session deleted (logout, admin revoke).
CREATE FUNCTION fq_notify_user_sessions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('fq_sessions', NEW.id::text);
  RETURN NULL;
END $$;

CREATE TRIGGER users_sessions_notify AFTER UPDATE ON users FOR EACH ROW
  WHEN (OLD.disabled IS DISTINCT FROM NEW.disabled
     OR OLD.roles IS DISTINCT FROM NEW.roles
     OR OLD.region_code IS DISTINCT FROM NEW.region_code
     OR OLD.unit_id IS DISTINCT FROM NEW.unit_id
     OR OLD.password_hash IS DISTINCT FROM NEW.password_hash)
  EXECUTE FUNCTION fq_notify_user_sessions();

-- Statement level: a bulk delete (expired sessions, revoke all) notifies once per user, not per row.
CREATE FUNCTION fq_notify_deleted_sessions() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE u uuid;
BEGIN
  FOR u IN SELECT DISTINCT user_id FROM gone LOOP
    PERFORM pg_notify('fq_sessions', u::text);
  END LOOP;
  RETURN NULL;
END $$;

CREATE TRIGGER sessions_deleted_notify AFTER DELETE ON sessions
  REFERENCING OLD TABLE AS gone FOR EACH STATEMENT
  EXECUTE FUNCTION fq_notify_deleted_sessions();
