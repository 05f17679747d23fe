-- SQLite's own versions of shared queries.

-- name: PendingAutomation
SELECT a.institution_id, a.profile_id, a.id FROM applications a
WHERE a.automating = 1 ORDER BY a.created_at LIMIT ?;

-- name: ProfileForUpdate
SELECT id, institution_id, role, status, category, display_name, collected_data, created_at, updated_at
FROM profiles WHERE id = ? AND institution_id = ?;
