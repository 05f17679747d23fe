-- PostgreSQL's own versions of shared queries.

-- name: ProfileForUpdate
SELECT id, institution_id, role, status, category, display_name, collected_data, created_at, updated_at, collection_steps, version,
       erased_at, legal_hold_at, legal_hold
FROM profiles WHERE id = ? AND institution_id = ? FOR UPDATE;

-- name: LockChainHead
SELECT seq, hash FROM audit_chain_heads WHERE institution_id = ? FOR UPDATE;

-- name: LockWebhookEndpoint
SELECT CAST(id AS TEXT) FROM webhook_endpoints WHERE id = ? FOR UPDATE;

-- name: ProfilesForUpdate
-- Locks the rows in id order: every transaction that locks several
-- profiles takes them in this one order, so two cannot deadlock.
SELECT id, institution_id, role, status, category, display_name, collected_data, created_at, updated_at, collection_steps, version,
       erased_at, legal_hold_at, legal_hold
FROM profiles WHERE institution_id = ? AND id IN (/*ids*/) ORDER BY id FOR UPDATE;

-- A callback merges its custom_data into the check's state: two callbacks
-- for one check must not both read the state before either writes it.
-- name: ProviderCheckByRefForUpdate
SELECT CAST(check_id AS TEXT), CAST(institution_id AS TEXT), CAST(profile_id AS TEXT), peer, stage, provider_id,
       reference, custom_data, polls, created_at, updated_at
FROM provider_checks WHERE peer = ? AND provider_id = ? AND reference = ?
ORDER BY created_at DESC LIMIT 1 FOR UPDATE;

-- name: FoldQueueCounts
-- Adds the changes up to an id into the totals, deleting exactly the rows
-- it adds: a change committed meanwhile with a lower id is left for the
-- next fold, never lost.
WITH folded AS (DELETE FROM queue_count_changes WHERE id <= ? RETURNING institution_id, queue, delta)
INSERT INTO queue_counts (institution_id, queue, n)
SELECT institution_id, queue, SUM(delta) FROM folded GROUP BY institution_id, queue
ON CONFLICT (institution_id, queue) DO UPDATE SET n = queue_counts.n + excluded.n;

-- name: LeaseJobs
-- Leases the chosen jobs that are still due, skipping rows another claim
-- holds; a row leased since it was read is seen here in its new version
-- and left alone.
UPDATE jobs SET lease_until = ?, lease_owner = ?, attempts = attempts + 1
WHERE id IN (SELECT id FROM jobs WHERE run_at <= ? AND (lease_until IS NULL OR lease_until < ?) AND id IN (/*ids*/)
             FOR UPDATE SKIP LOCKED)
RETURNING id, kind, ref, institution_id, profile_id, attempts, max_attempts, last_error, created_at, run_at;
