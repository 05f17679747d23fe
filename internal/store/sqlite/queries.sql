-- SQLite's own versions of shared queries.

-- name: ProfileForUpdate
SELECT id, institution_id, role, status, category, display_name, collected_data, created_at, updated_at, collection_steps, version
FROM profiles WHERE id = ? AND institution_id = ?;

-- name: ClaimJobs
-- Arguments: lease until, owner, now, now, kinds, window, excluded
-- institutions (kinds and institutions each as ",a,b,", or "" for none),
-- per-institution cap, limit. Only the oldest due jobs (the window, by the
-- jobs_due index) are ranked, so a claim costs the same however long the
-- queue; institutions at their cap are then left out.
UPDATE jobs SET lease_until = ?, lease_owner = ?, attempts = attempts + 1
WHERE id IN (
    SELECT id FROM (
        SELECT id, run_at, institution_id,
               ROW_NUMBER() OVER (PARTITION BY institution_id ORDER BY run_at, id) AS n
        FROM (SELECT id, run_at, institution_id FROM jobs
              WHERE run_at <= ? AND (lease_until IS NULL OR lease_until < ?)
                AND instr(?, ',' || kind || ',') > 0
              ORDER BY run_at LIMIT ?)
    ) ranked
    WHERE instr(?, ',' || institution_id || ',') = 0 AND n <= ?
    ORDER BY n, run_at
    LIMIT ?)
RETURNING id, kind, ref, institution_id, profile_id, attempts, max_attempts, last_error, created_at, run_at;

-- A callback merges its custom_data into the check's state: two callbacks
-- for one check must not both read the state before either writes it.
-- name: ProviderCheckByRefForUpdate
SELECT CAST(check_id AS TEXT), CAST(institution_id AS TEXT), CAST(profile_id AS TEXT), peer, stage, provider_id,
       reference, custom_data, polls, created_at, updated_at
FROM provider_checks WHERE peer = ? AND provider_id = ? AND reference = ?
ORDER BY created_at DESC LIMIT 1;

-- name: ClaimJobsElsewhere
-- Arguments: lease until, owner, now, now, kinds, excluded institutions,
-- limit. The oldest due job of each institution not excluded, found by
-- skipping from institution to institution along jobs_institution_due (a
-- loose index scan), whatever the queue's order.
WITH RECURSIVE insts(inst) AS (
    SELECT (SELECT institution_id FROM jobs ORDER BY institution_id LIMIT 1)
    UNION ALL
    SELECT (SELECT institution_id FROM jobs WHERE institution_id > insts.inst ORDER BY institution_id LIMIT 1)
    FROM insts WHERE insts.inst IS NOT NULL
    LIMIT 10000
)
UPDATE jobs SET lease_until = ?, lease_owner = ?, attempts = attempts + 1
WHERE id IN (
    SELECT id FROM (
        SELECT (SELECT j.id FROM jobs j
                WHERE j.institution_id = insts.inst AND j.run_at <= ? AND (j.lease_until IS NULL OR j.lease_until < ?)
                  AND instr(?, ',' || j.kind || ',') > 0
                ORDER BY j.run_at LIMIT 1) AS id
        FROM insts
        WHERE insts.inst IS NOT NULL AND instr(?, ',' || insts.inst || ',') = 0
    ) firsts
    WHERE id IS NOT NULL
    LIMIT ?)
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
    LIMIT 10000
)
SELECT EXISTS (
    SELECT 1 FROM insts
    WHERE insts.inst IS NOT NULL AND instr(?, ',' || insts.inst || ',') = 0
      AND EXISTS (SELECT 1 FROM jobs j
                  WHERE j.institution_id = insts.inst AND j.run_at <= ? AND (j.lease_until IS NULL OR j.lease_until < ?)
                    AND instr(?, ',' || j.kind || ',') > 0));
