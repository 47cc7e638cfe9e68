-- Staff console. Forward-only; PostgreSQL 15+.

-- The workbench reads open cases of a subtree by what runs out first (step_due_at); closed cases,
-- the bulk of the table after a year, stay out of this index.
CREATE INDEX cases_open_due_idx ON cases (region_path, step_due_at)
  WHERE status IN ('submitted', 'accepted', 'mediating', 'paused');
