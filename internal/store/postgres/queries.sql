-- PostgreSQL's own versions of shared queries.

-- name: ProfileForUpdate
SELECT id, institution_id, role, status, category, display_name, collected_data, created_at, updated_at, collection_steps, version
FROM profiles WHERE id = ? AND institution_id = ? FOR UPDATE;

-- name: LockChainHead
SELECT seq, hash FROM audit_chain_heads WHERE institution_id = ? FOR UPDATE;

-- name: ClaimJobs
-- Arguments: lease until, owner, now, now, kinds, window, excluded
-- institutions (kinds and institutions each as ",a,b,", or "" for none),
-- per-institution cap, limit; numbered by hand, as "now" is read at two
-- levels. Only the oldest due jobs (the window, by the jobs_due index) are
-- ranked, so a claim costs the same however long the queue; institutions
-- at their cap are then left out. The ranking cannot take row locks (no
-- FOR UPDATE beside a window function), so the rows it picks are locked
-- in an outer pass that skips those another process holds, and re-checks
-- that they are still due: a row another claim leased after this
-- statement's snapshot is seen there in its new version and left alone.
UPDATE jobs SET lease_until = $1, lease_owner = $2, attempts = attempts + 1
WHERE id IN (
    SELECT j.id FROM jobs j
    WHERE j.run_at <= $3 AND (j.lease_until IS NULL OR j.lease_until < $4)
      AND j.id IN (
        SELECT id FROM (
            SELECT id, run_at, institution_id,
                   ROW_NUMBER() OVER (PARTITION BY institution_id ORDER BY run_at, id) AS n
            FROM (SELECT id, run_at, institution_id FROM jobs
                  WHERE run_at <= $3 AND (lease_until IS NULL OR lease_until < $4)
                    AND strpos(CAST($5 AS TEXT), ',' || kind || ',') > 0
                  ORDER BY run_at LIMIT $6) w
        ) ranked
        WHERE strpos(CAST($7 AS TEXT), ',' || institution_id || ',') = 0 AND n <= $8
        ORDER BY n, run_at
        LIMIT $9)
    FOR UPDATE SKIP LOCKED)
RETURNING id, kind, ref, institution_id, profile_id, attempts, max_attempts, last_error, created_at, run_at;

-- name: LockWebhookEndpoint
SELECT CAST(id AS TEXT) FROM webhook_endpoints WHERE id = ? FOR UPDATE;

-- name: ProfilesForUpdate
-- Locks the rows in id order: every transaction that locks several
-- profiles takes them in this one order, so two cannot deadlock.
SELECT id, institution_id, role, status, category, display_name, collected_data, created_at, updated_at, collection_steps, version
FROM profiles WHERE institution_id = ? AND id IN (/*ids*/) ORDER BY id FOR UPDATE;

-- A callback merges its custom_data into the check's state: two callbacks
-- for one check must not both read the state before either writes it.
-- name: ProviderCheckByRefForUpdate
SELECT CAST(check_id AS TEXT), CAST(institution_id AS TEXT), CAST(profile_id AS TEXT), peer, stage, provider_id,
       reference, custom_data, polls, created_at, updated_at
FROM provider_checks WHERE peer = ? AND provider_id = ? AND reference = ?
ORDER BY created_at DESC LIMIT 1 FOR UPDATE;

-- name: ClaimJobsElsewhere
-- Arguments: lease until, owner, now, now, kinds, excluded institutions,
-- limit. The oldest due job of each institution not excluded, found by
-- skipping from institution to institution along jobs_institution_due (a
-- loose index scan), whatever the queue's order; locked and re-checked as
-- ClaimJobs does.
WITH RECURSIVE insts(inst) AS (
    SELECT (SELECT institution_id FROM jobs ORDER BY institution_id LIMIT 1)
    UNION ALL
    SELECT (SELECT institution_id FROM jobs WHERE institution_id > insts.inst ORDER BY institution_id LIMIT 1)
    FROM insts WHERE insts.inst IS NOT NULL
)
UPDATE jobs SET lease_until = $1, lease_owner = $2, attempts = attempts + 1
WHERE id IN (
    SELECT j.id FROM jobs j
    WHERE j.run_at <= $3 AND (j.lease_until IS NULL OR j.lease_until < $4)
      AND j.id IN (
        SELECT id FROM (
            SELECT (SELECT f.id FROM jobs f
                    WHERE f.institution_id = insts.inst AND f.run_at <= $3 AND (f.lease_until IS NULL OR f.lease_until < $4)
                      AND strpos(CAST($5 AS TEXT), ',' || f.kind || ',') > 0
                    ORDER BY f.run_at LIMIT 1) AS id
            FROM (SELECT inst FROM insts LIMIT 10000) insts
            WHERE insts.inst IS NOT NULL AND strpos(CAST($6 AS TEXT), ',' || insts.inst || ',') = 0
        ) firsts
        WHERE id IS NOT NULL
        LIMIT $7)
    FOR UPDATE SKIP LOCKED)
RETURNING id, kind, ref, institution_id, profile_id, attempts, max_attempts, last_error, created_at, run_at;

-- name: DueElsewhere
-- Arguments: excluded institutions, now, now, kinds. Whether an
-- institution not excluded has a due job of the kinds (ClaimJobsElsewhere,
-- read only).
WITH RECURSIVE insts(inst) AS (
    SELECT (SELECT institution_id FROM jobs ORDER BY institution_id LIMIT 1)
    UNION ALL
    SELECT (SELECT institution_id FROM jobs WHERE institution_id > insts.inst ORDER BY institution_id LIMIT 1)
    FROM insts WHERE insts.inst IS NOT NULL
)
SELECT EXISTS (
    SELECT 1 FROM (SELECT inst FROM insts LIMIT 10000) insts
    WHERE insts.inst IS NOT NULL AND strpos(CAST(? AS TEXT), ',' || insts.inst || ',') = 0
      AND EXISTS (SELECT 1 FROM jobs j
                  WHERE j.institution_id = insts.inst AND j.run_at <= ? AND (j.lease_until IS NULL OR j.lease_until < ?)
                    AND strpos(CAST(? AS TEXT), ',' || j.kind || ',') > 0));
