-- 交办督办: a piece of a case given to a unit (主办 lead / 协办 co). The rules are core's tasks.ts;
-- deadlines are rows in clocks (kinds task.sign, task.reply, task.red; subject_id = tasks.id).
CREATE TABLE tasks (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id          uuid NOT NULL REFERENCES cases(id),
  unit_id          uuid NOT NULL REFERENCES units(id),
  role             text NOT NULL CHECK (role IN ('lead', 'co')),
  instructions     text NOT NULL,
  counting         text NOT NULL CHECK (counting IN ('working', 'calendar')),
  days             int  NOT NULL CHECK (days > 0),
  attachment_ids   uuid[] NOT NULL DEFAULT '{}',
  status           text NOT NULL CHECK (status IN ('dispatched', 'signed', 'answered', 'returned', 'cancelled')),
  supervision      text NOT NULL DEFAULT 'none' CHECK (supervision IN ('none', 'yellow', 'red')),
  overdue_stage    text CHECK (overdue_stage IN ('sign', 'reply')),
  dispatched_at    timestamptz NOT NULL,
  dispatched_by    uuid REFERENCES users(id),
  sign_due_at      timestamptz NOT NULL,
  due_at           timestamptz NOT NULL,
  signed_at        timestamptz,
  signed_by        uuid REFERENCES users(id),
  answered_at      timestamptz,
  answered_by      uuid REFERENCES users(id),
  result           text,
  evidence_ids     uuid[] NOT NULL DEFAULT '{}',
  returned_at      timestamptz,
  return_reason    text,
  cancelled_at     timestamptz,
  yellow_at        timestamptz,
  red_at           timestamptz,
  -- 重新交办 after a 退回: the new task points at the returned one; the history stays.
  previous_task_id uuid REFERENCES tasks(id),
  redispatched     boolean NOT NULL DEFAULT false,
  basis            text NOT NULL
);
CREATE INDEX tasks_case_idx ON tasks (case_id);
CREATE INDEX tasks_unit_idx ON tasks (unit_id, status);
CREATE INDEX tasks_open_due_idx ON tasks (due_at) WHERE status IN ('dispatched', 'signed');

-- Defaults as data; an administrator changes them with PUT /api/v1/tasks/settings (README).
INSERT INTO settings (key, value) VALUES ('tasks', '{
  "signLimit": "P1D",
  "replyDays": 5,
  "replyCounting": "working",
  "remindAt": 0.75,
  "redAfterDays": 2,
  "basis": {
    "zh": "本县交办督办工作办法（管理员可改为本地依据）",
    "en": "County rules on assignment and supervision (an administrator sets the local basis)"
  }
}') ON CONFLICT (key) DO NOTHING;
