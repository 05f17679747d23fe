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
