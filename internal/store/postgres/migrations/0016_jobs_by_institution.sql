-- Claims find each institution's oldest due job through this index when
-- one institution is at its share of a pool (jobs.ClaimJobsElsewhere).
CREATE INDEX jobs_institution_due ON jobs (institution_id, run_at);
