-- 信访: the deadline an open petition's case is held to is the statutory one its office owes now (受理 15
-- days, 办理 60 …), no longer the ladder's 105-day backstop beside it. Since this release the case's
-- step_due_at / step_warn_at are set from the petition on every petition step (core petitionDeadline);
-- before, only the list rows showed it (a subquery per row), so sorting by due, 超期 and the workbench
-- counters read the backstop. Cases registered before take it here: the due of the duty clock their
-- stage counts down with its warn point, or none while the stage waits on the petitioner. The step
-- clock rows are untouched (the backstop still runs); colours follow at the next sweep.
UPDATE cases c SET step_due_at = d.due_at, step_warn_at = d.warn_at
FROM (
  SELECT p.case_id,
    CASE WHEN p.stage IN ('registered', 'handling', 'review', 'recheck') THEN p.due_at END AS due_at,
    CASE WHEN p.stage IN ('registered', 'handling', 'review', 'recheck') THEN (
      SELECT k.warn_at FROM clocks k
      WHERE k.subject_id = p.id AND k.due_at = p.due_at
        AND k.kind IN ('petition.register', 'petition.handle', 'petition.review', 'petition.recheck')
      ORDER BY k.started_at DESC LIMIT 1) END AS warn_at
  FROM petitions p
) d
WHERE c.id = d.case_id AND c.status IN ('submitted', 'accepted', 'mediating', 'paused');
