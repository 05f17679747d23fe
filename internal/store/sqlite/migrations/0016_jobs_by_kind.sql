-- Claims read each kind's oldest due jobs (jobs_kind_due), and, when one
-- institution is at its share of a pool, every other institution's oldest
-- due job of the kind (jobs_kind_institution).
CREATE INDEX jobs_kind_due ON jobs (kind, run_at);
CREATE INDEX jobs_kind_institution ON jobs (kind, institution_id, run_at);
