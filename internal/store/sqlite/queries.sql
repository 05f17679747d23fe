-- SQLite's own versions of shared queries.

-- name: ProfileForUpdate
SELECT id, institution_id, role, status, category, display_name, collected_data, created_at, updated_at, collection_steps, version
FROM profiles WHERE id = ? AND institution_id = ?;

-- name: ClaimJobs
-- Arguments: lease until, owner, now, now, kinds and excluded institutions
-- (each as ",a,b,", or "" for none), per-institution cap, limit.
UPDATE jobs SET lease_until = ?, lease_owner = ?, attempts = attempts + 1
WHERE id IN (
    SELECT id FROM (
        SELECT id, run_at,
               ROW_NUMBER() OVER (PARTITION BY institution_id ORDER BY run_at, id) AS n
        FROM jobs
        WHERE run_at <= ? AND (lease_until IS NULL OR lease_until < ?)
          AND instr(?, ',' || kind || ',') > 0
          AND instr(?, ',' || institution_id || ',') = 0
    ) ranked
    WHERE n <= ?
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
