-- Queries shared by SQLite and PostgreSQL, written with "?" placeholders
-- (rewritten to $n for PostgreSQL). A dialect's own file overrides a name.

-- name: InsertInstitution
INSERT INTO institutions (id, name, created_at) VALUES (?, ?, ?);

-- name: Institutions
SELECT id, name, created_at FROM institutions ORDER BY created_at, id;

-- name: InsertAPIKey
INSERT INTO api_keys (id, institution_id, name, prefix, hash, created_at, revoked_at, expires_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?);

-- name: APIKeyByHash
SELECT k.id, k.institution_id, k.name, k.prefix, k.hash, k.created_at, k.revoked_at, k.expires_at,
       i.id, i.name, i.created_at
FROM api_keys k JOIN institutions i ON i.id = k.institution_id
WHERE k.hash = ?;

-- name: APIKeys
SELECT id, institution_id, name, prefix, hash, created_at, revoked_at, expires_at
FROM api_keys ORDER BY created_at, id;

-- name: RevokeAPIKey
UPDATE api_keys SET revoked_at = ? WHERE (CAST(id AS TEXT) = ? OR prefix = ?) AND revoked_at IS NULL;

-- name: APIKeyByIDOrPrefix
SELECT id, institution_id, name, prefix, hash, created_at, revoked_at, expires_at
FROM api_keys WHERE CAST(id AS TEXT) = ? OR prefix = ?;

-- name: InsertProfile
INSERT INTO profiles (id, institution_id, role, status, category, display_name, search_name,
                      collected_data, created_at, updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?);

-- name: UpdateProfile
UPDATE profiles SET status = ?, category = ?, display_name = ?, search_name = ?,
                    collected_data = ?, updated_at = ?
WHERE id = ?;

-- name: Profile
SELECT id, institution_id, role, status, category, display_name, collected_data, created_at, updated_at
FROM profiles WHERE id = ? AND institution_id = ?;

-- name: SearchProfiles
SELECT id, institution_id, role, status, category, display_name, collected_data, created_at, updated_at
FROM profiles p
WHERE p.institution_id = ?
  AND (? = '' OR ? LIKE '%,' || p.category || ',%')
  AND (? = '' OR p.search_name LIKE ? ESCAPE '\'
       OR EXISTS (SELECT 1 FROM profile_tags pt JOIN tags t ON t.id = pt.tag_id
                  WHERE pt.profile_id = p.id AND t.search_name LIKE ? ESCAPE '\'))
ORDER BY p.created_at DESC, p.id DESC
LIMIT ? OFFSET ?;

-- name: CountProfiles
SELECT COUNT(*)
FROM profiles p
WHERE p.institution_id = ?
  AND (? = '' OR ? LIKE '%,' || p.category || ',%')
  AND (? = '' OR p.search_name LIKE ? ESCAPE '\'
       OR EXISTS (SELECT 1 FROM profile_tags pt JOIN tags t ON t.id = pt.tag_id
                  WHERE pt.profile_id = p.id AND t.search_name LIKE ? ESCAPE '\'));

-- name: InsertApplication
INSERT INTO applications (id, profile_id, institution_id, product_id, product, associated_role, status,
                          hidden, required_tasks, history, flag_history, flag, automating,
                          policy_version, created_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);

-- name: UpdateApplication
UPDATE applications SET status = ?, hidden = ?, required_tasks = ?, history = ?, flag_history = ?,
                        flag = ?, automating = ?
WHERE id = ?;

-- name: Applications
SELECT id, profile_id, product, associated_role, status, hidden, required_tasks, history,
       flag_history, flag, automating, policy_version, created_at
FROM applications WHERE profile_id IN (/*ids*/) ORDER BY created_at, id;

-- name: InsertTask
INSERT INTO tasks (id, profile_id, variant_id, variant, state, is_deleted, is_expired, is_skipped,
                   manually_uncompleted, check_ids, form_instance_ids, version, created_at,
                   completed_at, expiry_date)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);

-- name: UpdateTask
UPDATE tasks SET state = ?, is_deleted = ?, is_expired = ?, is_skipped = ?, manually_uncompleted = ?,
                 check_ids = ?, form_instance_ids = ?, completed_at = ?, expiry_date = ?
WHERE id = ?;

-- name: Tasks
SELECT id, profile_id, variant, state, is_deleted, is_expired, is_skipped, manually_uncompleted,
       check_ids, form_instance_ids, version, created_at, completed_at, expiry_date
FROM tasks WHERE profile_id IN (/*ids*/) ORDER BY created_at, id;

-- name: InsertTag
INSERT INTO tags (id, institution_id, name, search_name, is_automatic, created_at) VALUES (?, ?, ?, ?, ?, ?);

-- name: Tag
SELECT id, name, is_automatic FROM tags WHERE institution_id = ? AND id = ?;

-- name: TagByName
SELECT id, name, is_automatic FROM tags WHERE institution_id = ? AND name = ?;

-- name: SearchTags
SELECT id, name, is_automatic FROM tags
WHERE institution_id = ? AND search_name LIKE ? ESCAPE '\'
ORDER BY name, id
LIMIT ?;

-- name: ProfileTags
SELECT pt.profile_id, t.id, t.name, t.is_automatic
FROM profile_tags pt JOIN tags t ON t.id = pt.tag_id
WHERE pt.profile_id IN (/*ids*/)
ORDER BY pt.created_at, t.id;

-- name: AttachTag
INSERT INTO profile_tags (profile_id, tag_id, created_at) VALUES (?, ?, ?);

-- name: DetachTag
DELETE FROM profile_tags WHERE profile_id = ? AND tag_id = ?;

-- name: InsertAudit
INSERT INTO audit_items (id, institution_id, profile_id, action, actor_user, apikey_name, apikey_expiry,
                         ts, message, ref_data, seq, hash)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);

-- name: AuditItems
SELECT id, institution_id, profile_id, action, actor_user, apikey_name, apikey_expiry, ts, message,
       ref_data, seq, hash
FROM audit_items WHERE institution_id = ? AND profile_id = ? ORDER BY ts, id;

-- name: InsertIdempotent
INSERT INTO idempotency_keys (institution_id, key, method, path, request_hash, status, body, created_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?);

-- name: Idempotent
SELECT key, method, path, request_hash, status, body, created_at
FROM idempotency_keys WHERE institution_id = ? AND key = ?;

-- name: DeleteIdempotentBefore
DELETE FROM idempotency_keys WHERE created_at < ?;
