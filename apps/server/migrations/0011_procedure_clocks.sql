-- Procedures of a case (交办 tasks, summons, referrals, mediation agreements, 司法确认, petitions) run
-- their deadlines on the same clocks as the ladder; subject_id says which record a clock belongs to.
ALTER TABLE clocks ADD COLUMN subject_id uuid;
CREATE INDEX clocks_subject_idx ON clocks (subject_id) WHERE subject_id IS NOT NULL;
