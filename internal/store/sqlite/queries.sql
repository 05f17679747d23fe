-- SQLite's own versions of shared queries.

-- name: ProfileForUpdate
SELECT id, institution_id, role, status, category, display_name, collected_data, created_at, updated_at, collection_steps, version,
       erased_at, legal_hold_at, legal_hold
FROM profiles WHERE id = ? AND institution_id = ?;

-- A callback merges its custom_data into the check's state: two callbacks
-- for one check must not both read the state before either writes it.
-- name: ProviderCheckByRefForUpdate
SELECT CAST(check_id AS TEXT), CAST(institution_id AS TEXT), CAST(profile_id AS TEXT), peer, stage, provider_id,
       reference, custom_data, polls, created_at, updated_at
FROM provider_checks WHERE peer = ? AND provider_id = ? AND reference = ?
ORDER BY created_at DESC LIMIT 1;

