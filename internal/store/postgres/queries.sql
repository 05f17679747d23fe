-- PostgreSQL's own versions of shared queries.

-- name: ProfileForUpdate
SELECT id, institution_id, role, status, category, display_name, collected_data, created_at, updated_at
FROM profiles WHERE id = ? AND institution_id = ? FOR UPDATE;

-- name: LockChainHead
SELECT seq, hash FROM audit_chain_heads WHERE institution_id = ? FOR UPDATE;
