-- Indexes the background queries can use. A partial index serves a query
-- only when the query's WHERE implies the index's, as written: TasksDue says
-- NOT is_expired AND NOT is_deleted, StaleChecks state = 'RUNNING'.

DROP INDEX tasks_expiry;
CREATE INDEX tasks_expiry ON tasks (expiry_date) WHERE expiry_date IS NOT NULL AND NOT is_expired AND NOT is_deleted;

CREATE INDEX checks_running ON checks (created_at) WHERE state = 'RUNNING';

-- StaleChecks looks for a check's job by ref.
CREATE INDEX jobs_ref ON jobs (ref);
