-- 信访 petitions (《信访工作条例》2022): each petition is a case (service 信访接待, policy xinfang) plus this
-- record, whose stage and statutory deadline packages/core/src/petitions.ts decides. Its clocks are
-- rows in `clocks` (kind petition.*, subject_id = petitions.id); the letters it sent are kept below.
CREATE TABLE petitions (
  id                uuid PRIMARY KEY,
  case_id           uuid NOT NULL UNIQUE REFERENCES cases(id),
  kind              text NOT NULL CHECK (kind IN ('suggestion', 'accusation', 'appeal')),
  channel           text NOT NULL CHECK (channel IN ('letter', 'visit', 'online', 'phone')),
  petitioners       integer NOT NULL CHECK (petitioners >= 1),
  is_group          boolean NOT NULL,
  matter            text NOT NULL,
  -- 重复访 / 终结: the matter normalised (core matterKey) and the petitioner's keyed hashes.
  matter_key        text NOT NULL,
  category          text NOT NULL,
  person_phone_hash text,
  person_id_hash    text,
  repeat_of_code    text,
  stage             text NOT NULL,
  stage_started_at  timestamptz NOT NULL,
  due_at            timestamptz,
  basis             text,
  extended          text[] NOT NULL DEFAULT '{}',
  overdue           boolean NOT NULL DEFAULT false,
  handling_unit_id  uuid REFERENCES units(id),
  created_at        timestamptz NOT NULL,
  updated_at        timestamptz NOT NULL
);
CREATE INDEX petitions_matter_idx ON petitions (matter_key);
CREATE INDEX petitions_phone_idx ON petitions (person_phone_hash) WHERE person_phone_hash IS NOT NULL;
CREATE INDEX petitions_person_id_idx ON petitions (person_id_hash) WHERE person_id_hash IS NOT NULL;
CREATE INDEX petitions_stage_idx ON petitions (stage, due_at);

-- Every written notice sent to a petitioner (受理告知书, 不予受理告知书, 延期告知书, 处理意见书, 复查/复核意见书),
-- as rendered: what was sent stays what was sent, whatever the templates say later.
CREATE TABLE petition_letters (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  petition_id  uuid NOT NULL REFERENCES petitions(id),
  case_id      uuid NOT NULL,
  kind         text NOT NULL,
  title        text NOT NULL,
  body         text NOT NULL,
  sent_at      timestamptz NOT NULL,
  created_by   uuid REFERENCES users(id)
);
CREATE INDEX petition_letters_petition_idx ON petition_letters (petition_id, sent_at);
