-- 交办督办 at scale (issue 9, README Performance 7): what a task's own clocks write — 催办 reminders, the
-- yellow 督办单, a later stage running over — changes only the task, so it goes on the task's own hash
-- chain instead of the case's. The sweep then writes the task, its event and its clocks, and no longer
-- locks and rewrites the case row (a non-HOT update of a wide row with nine indexes) for each of them.
-- The red 督办单 still turns the case red, so it stays on the case's chain. The case's timeline merges
-- both; `audit verify` walks both.
ALTER TABLE tasks
  ADD COLUMN last_event_hash text NOT NULL DEFAULT '0000000000000000000000000000000000000000000000000000000000000000',
  ADD COLUMN event_count integer NOT NULL DEFAULT 0;

CREATE TABLE task_events (
  -- Numbered from case_events' own sequence (set below): the timeline merges both in the order written.
  id          bigint NOT NULL,
  task_id     uuid NOT NULL,
  seq         integer NOT NULL,
  case_id     uuid NOT NULL,
  type        text NOT NULL,
  at          timestamptz NOT NULL,
  actor_id    uuid,
  data        jsonb NOT NULL,
  prev_hash   text NOT NULL,
  hash        text NOT NULL,
  PRIMARY KEY (task_id, seq)
);

DO $$
BEGIN
  EXECUTE format('ALTER TABLE task_events ALTER COLUMN id SET DEFAULT nextval(%L::regclass)',
                 pg_get_serial_sequence('case_events', 'id'));
END $$;

CREATE TRIGGER task_events_append_only BEFORE UPDATE OR DELETE ON task_events
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
