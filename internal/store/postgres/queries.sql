-- PostgreSQL's own versions of shared queries.

-- name: PendingAutomation
SELECT a.institution_id, a.profile_id, a.id FROM applications a
WHERE a.automating ORDER BY a.created_at LIMIT ?;

-- name: ProfileForUpdate
SELECT id, institution_id, role, status, category, display_name, collected_data, created_at, updated_at
FROM profiles WHERE id = ? AND institution_id = ? FOR UPDATE;

-- name: LockChainHead
SELECT seq, hash FROM audit_chain_heads WHERE institution_id = ? FOR UPDATE;
