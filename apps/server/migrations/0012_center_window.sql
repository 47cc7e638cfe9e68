-- The center at work (issue 9): 一站式窗口, stationed units, 随叫随驻 summons, 三调对接 referrals.

-- A case may carry several of the seven services; the old single column's value is kept as the first.
ALTER TABLE cases ADD COLUMN services text[] NOT NULL DEFAULT '{}';
UPDATE cases SET services = ARRAY[service] WHERE service IS NOT NULL;
ALTER TABLE cases DROP COLUMN service;

-- 取号: numbers restart per center, per day, per service letter; one counter row makes numbering
-- atomic under concurrent ticket printers (INSERT … ON CONFLICT DO UPDATE … RETURNING).
CREATE TABLE window_ticket_counters (
  center_code text NOT NULL REFERENCES regions(code),
  day         date NOT NULL,
  prefix      text NOT NULL,
  last        int  NOT NULL,
  PRIMARY KEY (center_code, day, prefix)
);

CREATE TABLE window_tickets (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  center_code       text NOT NULL REFERENCES regions(code),
  day               date NOT NULL,
  service           text NOT NULL,
  label             text NOT NULL,
  status            text NOT NULL DEFAULT 'waiting' CHECK (status IN ('waiting','called','served','no_show')),
  visitor_name      text,
  -- Matched by keyed hash (repeat visits), shown masked: the number itself is never stored in clear.
  visitor_phone_hash text,
  visitor_phone_last4 text,
  visitor_id_hash   text,
  visitor_id_masked text,
  window_no         int,
  case_id           uuid REFERENCES cases(id),
  created_by        uuid REFERENCES users(id),
  created_at        timestamptz NOT NULL,
  called_at         timestamptz,
  called_by         uuid REFERENCES users(id),
  finished_at       timestamptz,
  UNIQUE (center_code, day, label)
);
CREATE INDEX window_tickets_queue_idx ON window_tickets (center_code, day, status, created_at);
CREATE INDEX window_tickets_phone_idx ON window_tickets (visitor_phone_hash) WHERE visitor_phone_hash IS NOT NULL;
CREATE INDEX window_tickets_id_idx ON window_tickets (visitor_id_hash) WHERE visitor_id_hash IS NOT NULL;

-- What the window took in besides the case: the services' short forms and how it was disposed of.
CREATE TABLE window_intakes (
  case_id      uuid PRIMARY KEY REFERENCES cases(id),
  center_code  text NOT NULL REFERENCES regions(code),
  ticket_id    uuid REFERENCES window_tickets(id),
  services     text[] NOT NULL,
  fields       jsonb NOT NULL DEFAULT '{}',
  disposition  text NOT NULL CHECK (disposition IN ('accept','refer','reject')),
  visitor_id_hash text,
  created_by   uuid REFERENCES users(id),
  created_at   timestamptz NOT NULL
);
CREATE INDEX window_intakes_id_idx ON window_intakes (visitor_id_hash) WHERE visitor_id_hash IS NOT NULL;

-- 轮驻: which rotating unit sits at its center's window on which days.
CREATE TABLE unit_roster (
  unit_id    uuid NOT NULL REFERENCES units(id) ON DELETE CASCADE,
  day        date NOT NULL,
  created_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL,
  PRIMARY KEY (unit_id, day)
);
CREATE INDEX unit_roster_day_idx ON unit_roster (day);

-- 随叫随驻: the center summons an on-call unit for a case.
CREATE TABLE summons (
  id            uuid PRIMARY KEY,
  case_id       uuid NOT NULL REFERENCES cases(id),
  unit_id       uuid NOT NULL REFERENCES units(id),
  center_code   text NOT NULL REFERENCES regions(code),
  reason        text NOT NULL,
  place         text NOT NULL,
  appear_by     timestamptz NOT NULL,
  status        text NOT NULL CHECK (status IN ('summoned','acknowledged','appeared','missed','cancelled')),
  ack_due_at    timestamptz NOT NULL,
  late          boolean NOT NULL DEFAULT false,
  note          text,
  created_by    uuid REFERENCES users(id),
  created_at    timestamptz NOT NULL,
  acknowledged_at timestamptz,
  acknowledged_by uuid REFERENCES users(id),
  appeared_at   timestamptz,
  missed_at     timestamptz
);
CREATE INDEX summons_case_idx ON summons (case_id);
CREATE INDEX summons_unit_idx ON summons (unit_id, status);

-- 三调对接: a referral between a case's side and a court, police station or petition office.
CREATE TABLE referrals (
  id             uuid PRIMARY KEY,
  origin_case_id uuid REFERENCES cases(id),
  target_case_id uuid REFERENCES cases(id),
  from_unit_id   uuid REFERENCES units(id),
  to_unit_id     uuid NOT NULL REFERENCES units(id),
  docking        text NOT NULL CHECK (docking IN ('litigation','police','petition')),
  purpose        text NOT NULL CHECK (purpose IN ('pre_litigation','fast_track','mediation','handling')),
  reason         text NOT NULL,
  external_ref   text,
  -- On acknowledgement the receiving side gets a case of its own (channel referral) on its ladder.
  register       boolean NOT NULL DEFAULT false,
  status         text NOT NULL CHECK (status IN ('sent','acknowledged','declined','returned')),
  ack_due_at     timestamptz,
  ack_missed     boolean NOT NULL DEFAULT false,
  outcome        text,
  result_text    text,
  decline_reason text,
  created_by     uuid REFERENCES users(id),
  created_at     timestamptz NOT NULL,
  acknowledged_at timestamptz,
  returned_at    timestamptz,
  CHECK (origin_case_id IS NOT NULL OR target_case_id IS NOT NULL)
);
CREATE INDEX referrals_origin_idx ON referrals (origin_case_id) WHERE origin_case_id IS NOT NULL;
CREATE INDEX referrals_target_idx ON referrals (target_case_id) WHERE target_case_id IS NOT NULL;
CREATE INDEX referrals_to_unit_idx ON referrals (to_unit_id, status);

-- Defaults as data (README: "一站式窗口, stationed units, summons and referrals").
INSERT INTO settings (key, value) VALUES
  ('center.clocks', '{"summonsAck":"PT2H","referralAck":"P1D","referralCounting":"working"}'),
  ('window.routes', '{}')
ON CONFLICT (key) DO NOTHING;
