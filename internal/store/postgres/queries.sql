-- PostgreSQL's own versions of shared queries.

-- name: ProfileForUpdate
SELECT id, institution_id, role, status, category, display_name, collected_data, created_at, updated_at, collection_steps, version
FROM profiles WHERE id = ? AND institution_id = ? FOR UPDATE;

-- name: LockChainHead
SELECT seq, hash FROM audit_chain_heads WHERE institution_id = ? FOR UPDATE;

-- name: ClaimJobs
UPDATE jobs SET lease_until = ?, lease_owner = ?, attempts = attempts + 1
WHERE id IN (SELECT id FROM jobs WHERE run_at <= ? AND (lease_until IS NULL OR lease_until < ?)
             ORDER BY run_at LIMIT ? FOR UPDATE SKIP LOCKED)
RETURNING id, kind, ref, institution_id, profile_id, attempts, max_attempts, last_error, created_at, run_at;

-- name: LockWebhookEndpoint
SELECT CAST(id AS TEXT) FROM webhook_endpoints WHERE id = ? FOR UPDATE;
