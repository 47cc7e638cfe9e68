-- A password someone else chose (an import's one-time initial password, an administrator's reset) must
-- be replaced by its owner at first sign-in: while this is set, the API answers 403
-- PASSWORD_CHANGE_REQUIRED to everything but /auth/me, /auth/logout and POST /auth/password.
ALTER TABLE users ADD COLUMN must_change_password boolean NOT NULL DEFAULT false;

-- Cached sessions carry the flag: every process forgets a user's cached sessions when it changes too
-- (it changes with the password hash today; this keeps it so if a future change sets it alone).
DROP TRIGGER users_sessions_notify ON users;
CREATE TRIGGER users_sessions_notify AFTER UPDATE ON users FOR EACH ROW
  WHEN (OLD.disabled IS DISTINCT FROM NEW.disabled
     OR OLD.roles IS DISTINCT FROM NEW.roles
     OR OLD.region_code IS DISTINCT FROM NEW.region_code
     OR OLD.unit_id IS DISTINCT FROM NEW.unit_id
     OR OLD.password_hash IS DISTINCT FROM NEW.password_hash
     OR OLD.must_change_password IS DISTINCT FROM NEW.must_change_password)
  EXECUTE FUNCTION fq_notify_user_sessions();
