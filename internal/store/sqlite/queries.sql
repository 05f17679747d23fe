-- SQLite's own versions of shared queries.

-- name: ProfileForUpdate
SELECT id, institution_id, role, status, category, display_name, collected_data, created_at, updated_at
FROM profiles WHERE id = ? AND institution_id = ?;
