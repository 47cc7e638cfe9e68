-- Joint meetings: 会诊 (center, step 3), 要事联商, 拍板 (township, step 4) and 府院联动 联席会议
-- (county level and above, the court a party). A meeting's own record lives here; what it does to
-- the cases on its agenda goes through the one case transition (events, clocks, notices).
CREATE TABLE meetings (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kind           text NOT NULL CHECK (kind IN ('consultation','liaison','decision','court_joint')),
  title          text NOT NULL,
  region_code    text NOT NULL REFERENCES regions(code),
  region_path    text NOT NULL,
  state          text NOT NULL DEFAULT 'planned' CHECK (state IN ('planned','held','closed','cancelled')),
  starts_at      timestamptz NOT NULL,
  place          text NOT NULL,
  convened_by    uuid NOT NULL REFERENCES users(id),
  created_at     timestamptz NOT NULL,
  held_at        timestamptz,
  minutes        text,
  closed_at      timestamptz,
  cancelled_at   timestamptz,
  cancel_reason  text
);
CREATE INDEX meetings_region_idx ON meetings (region_path text_pattern_ops, starts_at DESC);

-- The agenda; for a 拍板 each case's outcome (resolve / refer / escalate) as recorded.
CREATE TABLE meeting_cases (
  meeting_id  uuid NOT NULL REFERENCES meetings(id),
  case_id     uuid NOT NULL REFERENCES cases(id),
  outcome     jsonb,
  PRIMARY KEY (meeting_id, case_id)
);
CREATE INDEX meeting_cases_case_idx ON meeting_cases (case_id);

-- Invited units and people (staff users, or outsiders by name) and whether they came.
CREATE TABLE meeting_invitees (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  meeting_id  uuid NOT NULL REFERENCES meetings(id),
  unit_id     uuid REFERENCES units(id),
  user_id     uuid REFERENCES users(id),
  name        text NOT NULL,
  org         text,
  attendance  text CHECK (attendance IN ('present','absent','excused')),
  CHECK (num_nonnulls(unit_id, user_id) <= 1)
);
CREATE INDEX meeting_invitees_meeting_idx ON meeting_invitees (meeting_id);
CREATE INDEX meeting_invitees_unit_idx ON meeting_invitees (unit_id) WHERE unit_id IS NOT NULL;

-- Decisions, tracked like tasks on their own clock (meeting.followup). task_id: the 交办 task a
-- decision becomes once the tasks module takes it over (no foreign key until that table exists).
CREATE TABLE meeting_decisions (
  id             uuid PRIMARY KEY,
  meeting_id     uuid NOT NULL REFERENCES meetings(id),
  seq            int NOT NULL,
  text           text NOT NULL,
  owner_unit_id  uuid REFERENCES units(id),
  owner_user_id  uuid REFERENCES users(id),
  owner_name     text NOT NULL,
  case_ids       uuid[] NOT NULL,
  due_at         timestamptz NOT NULL,
  warn_at        timestamptz,
  basis          text NOT NULL,
  status         text NOT NULL DEFAULT 'open' CHECK (status IN ('open','done','dropped')),
  overdue        boolean NOT NULL DEFAULT false,
  result         text,
  settled_at     timestamptz,
  settled_by     uuid REFERENCES users(id),
  task_id        uuid,
  CHECK (num_nonnulls(owner_unit_id, owner_user_id) = 1),
  UNIQUE (meeting_id, seq)
);
CREATE INDEX meeting_decisions_owner_unit_idx ON meeting_decisions (owner_unit_id) WHERE status = 'open';

-- Defaults an administrator may change (PUT /api/v1/meetings-settings); README documents them.
INSERT INTO settings (key, value)
VALUES ('meetings', '{"decisionWorkingDays": 5, "reminderWorkingDays": 1, "maxAgenda": 20}')
ON CONFLICT (key) DO NOTHING;
