-- 有事找书记，有事找警察: a village's resident police officer (驻村民警) as data. One officer per
-- village (the primary key); an officer may serve several villages. Kept apart from users.region_code
-- so an officer of the township's station can sit on several village committees, and so "who is the
-- officer here" is one row an administrator changes (PUT /api/v1/villages/:code/officer).
CREATE TABLE village_officers (
  village_code text PRIMARY KEY REFERENCES regions(code),
  user_id      uuid NOT NULL REFERENCES users(id),
  set_by       uuid REFERENCES users(id),
  set_at       timestamptz NOT NULL
);
CREATE INDEX village_officers_user_idx ON village_officers (user_id);

-- 旅游警务室: the police post of a scenic-spot place (places.kind = 'scenic_spot').
CREATE TABLE tour_posts (
  place_id   uuid PRIMARY KEY REFERENCES places(id),
  name       text NOT NULL,
  phone      text,
  unit_id    uuid NOT NULL REFERENCES units(id),
  updated_at timestamptz NOT NULL
);
CREATE INDEX tour_posts_unit_idx ON tour_posts (unit_id);

-- A tourist's report from the spot's QR code, waiting for the post's answer (clock tourism.answer,
-- subject_id = id). answered_at null while waiting; overdue_at set when the clock ran out.
CREATE TABLE tour_reports (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id     uuid NOT NULL UNIQUE REFERENCES cases(id),
  place_id    uuid NOT NULL REFERENCES places(id),
  unit_id     uuid NOT NULL REFERENCES units(id),
  received_at timestamptz NOT NULL,
  due_at      timestamptz NOT NULL,
  warned_at   timestamptz,
  overdue_at  timestamptz,
  answered_at timestamptz,
  answered_by uuid REFERENCES users(id),
  answer_how  text CHECK (answer_how IN ('accept','note','answer'))
);
CREATE INDEX tour_reports_place_idx ON tour_reports (place_id, received_at);
CREATE INDEX tour_reports_waiting_idx ON tour_reports (unit_id) WHERE answered_at IS NULL;

-- The post's duty roster: officers per day, proposed from the forecast and edited by the post.
CREATE TABLE tour_duty (
  place_id  uuid NOT NULL REFERENCES places(id),
  day       date NOT NULL,
  officers  integer NOT NULL CHECK (officers >= 0 AND officers <= 200),
  names     text[] NOT NULL DEFAULT '{}',
  note      text,
  updated_by uuid REFERENCES users(id),
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (place_id, day)
);

-- Defaults as data; an administrator changes them with PUT /api/v1/tourism/settings (README).
INSERT INTO settings (key, value) VALUES ('tourism', '{
  "answerMinutes": 15,
  "warnBeforeMinutes": 5,
  "minOfficers": 1,
  "maxOfficers": 8,
  "reportsPerOfficer": 4,
  "holidayFactors": { "National Day": 2.5, "Spring Festival": 2, "Labour Day": 2 },
  "otherHolidayFactor": 1.5,
  "weekendFactor": 1.2,
  "basis": { "zh": "本县旅游警务工作办法：游客求助15分钟内响应", "en": "County tourism policing rules" }
}') ON CONFLICT (key) DO NOTHING;
