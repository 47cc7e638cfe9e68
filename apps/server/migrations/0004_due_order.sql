-- The workbench and `GET /cases?sort=due` page by "what runs out first": (coalesce(step_due_at, ∞), id).
-- Without this index a township's list over a million cases sorted every match (≈ 400 ms).
CREATE INDEX cases_due_order_idx ON cases ((coalesce(step_due_at, 'infinity'::timestamptz)), id);
