-- 教学练战 and 述学述评述督 (issue 11): each unit's trainings and its annual rule-of-law report, shown
-- beside its outcome figures on the scorecard. A light record: who, when, what, how long.
CREATE TABLE unit_trainings (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  unit_id     uuid NOT NULL REFERENCES units(id),
  held_on     date NOT NULL,
  kind        text NOT NULL CHECK (kind IN ('teach','learn','drill','practice')),
  topic       text NOT NULL,
  hours       numeric(5,1) NOT NULL CHECK (hours > 0),
  attendees   int NOT NULL CHECK (attendees > 0),
  leader      text,
  note        text,
  recorded_by uuid REFERENCES users(id),
  recorded_at timestamptz NOT NULL
);
CREATE INDEX unit_trainings_unit_idx ON unit_trainings (unit_id, held_on);

CREATE TABLE unit_law_reports (
  unit_id      uuid NOT NULL REFERENCES units(id),
  year         int NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  title        text NOT NULL,
  presented_on date NOT NULL,
  study        text NOT NULL,
  review       text NOT NULL,
  supervision  text NOT NULL,
  assessment   text,
  recorded_by  uuid REFERENCES users(id),
  updated_at   timestamptz NOT NULL,
  PRIMARY KEY (unit_id, year)
);
