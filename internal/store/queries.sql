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

-- name: InsertCollectKey
INSERT INTO collect_keys (id, institution_id, name, prefix, hash, profile_ids, created_at, expires_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?);

-- name: CollectKeyByHash
SELECT k.id, k.institution_id, k.name, k.prefix, k.hash, k.profile_ids, k.created_at, k.expires_at,
       i.id, i.name, i.created_at
FROM collect_keys k JOIN institutions i ON i.id = k.institution_id
WHERE k.hash = ?;

-- name: DeleteCollectKeysExpiredBefore
DELETE FROM collect_keys WHERE expires_at < ?;

-- name: InsertProfile
INSERT INTO profiles (id, institution_id, role, status, category, display_name, search_name,
                      collected_data, created_at, updated_at, collection_steps)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);

-- name: UpdateProfile
UPDATE profiles SET status = ?, category = ?, display_name = ?, search_name = ?,
                    collected_data = ?, updated_at = ?, collection_steps = ?, version = version + 1,
                    legal_hold_at = ?, legal_hold = ?
WHERE id = ? AND version = ? AND erased_at IS NULL;

-- name: Profile
SELECT id, institution_id, role, status, category, display_name, collected_data, created_at, updated_at, collection_steps, version,
       erased_at, legal_hold_at, legal_hold
FROM profiles WHERE id = ? AND institution_id = ?;

-- name: SearchProfiles
-- A page of an institution's profiles, newest first, without a text
-- (SearchProfilesByText has one). Arguments: institution, categories
-- twice, limit, offset.
SELECT id, institution_id, role, status, category, display_name, collected_data, created_at, updated_at, collection_steps, version,
       erased_at, legal_hold_at, legal_hold
FROM profiles p
WHERE p.institution_id = ?
  AND (? = '' OR ? LIKE '%,' || p.category || ',%')
ORDER BY p.created_at DESC, p.id DESC
LIMIT ? OFFSET ?;

-- name: CountProfiles
SELECT COUNT(*)
FROM profiles p
WHERE p.institution_id = ?
  AND (? = '' OR ? LIKE '%,' || p.category || ',%');

-- name: SearchProfilesByText
-- SearchProfiles with a text: the profiles matching it by name (every word
-- in the blind index) or tag drive the query, a few hundred at most for a
-- name, instead of every profile of the institution being tested (CROSS
-- JOIN keeps SQLite's planner from putting profiles first); the matches
-- are counted (total, on every row of the page) and the page chosen from
-- the profiles_id_created index, and only the page's rows are read whole.
-- A page past the end has no row to carry the total: CountProfilesByText.
-- Arguments: institution, the terms and their count, institution, tag
-- pattern, institution, categories twice, limit, offset.
WITH m AS (
    SELECT n.profile_id FROM profile_names n
    WHERE n.institution_id = ? AND n.token IN (?, ?, ?, ?)
    GROUP BY n.profile_id HAVING COUNT(*) = ?
    UNION
    SELECT pt.profile_id FROM profile_tags pt JOIN tags t ON t.id = pt.tag_id
    WHERE t.institution_id = ? AND t.search_name LIKE ? ESCAPE '\'),
pg AS (
    SELECT p.id, p.created_at, COUNT(*) OVER () AS total FROM m CROSS JOIN profiles p
    WHERE p.id = m.profile_id AND p.institution_id = ? AND (? = '' OR ? LIKE '%,' || p.category || ',%')
    ORDER BY p.created_at DESC, p.id DESC
    LIMIT ? OFFSET ?)
SELECT p.id, p.institution_id, p.role, p.status, p.category, p.display_name, p.collected_data, p.created_at, p.updated_at,
       p.collection_steps, p.version, p.erased_at, p.legal_hold_at, p.legal_hold, pg.total
FROM pg CROSS JOIN profiles p
WHERE p.id = pg.id
ORDER BY pg.created_at DESC, pg.id DESC;

-- name: InsertApplication
INSERT INTO applications (id, profile_id, institution_id, product_id, product, associated_role, status,
                          hidden, required_tasks, history, flag_history, flag, automating,
                          policy_version, risk, created_at,
                          queue, waiting_since, risk_level, assignee_id, assignee, pending_approval)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);

-- name: UpdateApplication
UPDATE applications SET status = ?, hidden = ?, required_tasks = ?, history = ?, flag_history = ?,
                        flag = ?, automating = ?, policy_version = ?, risk = ?,
                        queue = ?, waiting_since = ?, risk_level = ?, assignee_id = ?, assignee = ?,
                        pending_approval = ?
WHERE id = ?;

-- name: Applications
SELECT id, profile_id, product, associated_role, status, hidden, required_tasks, history,
       flag_history, flag, automating, policy_version, risk, created_at, assignee, pending_approval
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
                         ts, message, ref_data, seq, hash, sealed)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);

-- name: AuditItems
SELECT id, institution_id, profile_id, action, actor_user, apikey_name, apikey_expiry, ts, message,
       ref_data, seq, hash, sealed
FROM audit_items WHERE institution_id = ? AND profile_id = ? ORDER BY ts, id;

-- name: InsertIdempotent
INSERT INTO idempotency_keys (institution_id, key, method, path, request_hash, status, body, created_at, profile_id)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?);

-- name: Idempotent
SELECT key, method, path, request_hash, status, body, created_at, profile_id
FROM idempotency_keys WHERE institution_id = ? AND key = ?;

-- name: DeleteIdempotentBefore
DELETE FROM idempotency_keys WHERE created_at < ?;

-- name: InsertEvent
INSERT INTO events (id, profile_id, event_type, data, resolution, resolution_reason, resolution_date,
                    resolution_task_ids, match_key, check_id, created_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);

-- name: UpdateEvent
UPDATE events SET resolution = ?, resolution_reason = ?, resolution_date = ?, resolution_task_ids = ?
WHERE id = ?;

-- name: Events
SELECT id, profile_id, event_type, data, resolution, resolution_reason, resolution_date,
       resolution_task_ids, match_key, check_id, created_at
FROM events WHERE profile_id IN (/*ids*/) ORDER BY created_at, id;

-- name: InsertNote
INSERT INTO task_notes (id, institution_id, profile_id, task_id, text, author_id, author_name,
                        author_name_customised, attachment_ids, created_at, deleted_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL);

-- name: Notes
SELECT id, profile_id, task_id, text, author_id, author_name, author_name_customised, attachment_ids, created_at
FROM task_notes
WHERE institution_id = ? AND profile_id = ? AND task_id = ? AND deleted_at IS NULL
ORDER BY created_at, id;

-- name: Note
SELECT id, profile_id, task_id, text, author_id, author_name, author_name_customised, attachment_ids, created_at
FROM task_notes
WHERE institution_id = ? AND task_id = ? AND id = ? AND deleted_at IS NULL;

-- name: DeleteNote
UPDATE task_notes SET deleted_at = ? WHERE institution_id = ? AND task_id = ? AND id = ? AND deleted_at IS NULL;

-- name: TasksDue
SELECT DISTINCT p.institution_id, p.id
FROM tasks t JOIN profiles p ON p.id = t.profile_id
WHERE t.expiry_date IS NOT NULL AND NOT t.is_expired AND NOT t.is_deleted
  AND (t.expiry_date < ?
       OR (t.expiry_date < ? AND NOT EXISTS (SELECT 1 FROM tasks n
                                             WHERE n.profile_id = t.profile_id AND n.variant_id = t.variant_id
                                               AND n.version > t.version)))
LIMIT ?;

-- name: UnsealedInstitutions
SELECT DISTINCT institution_id FROM audit_items WHERE seq IS NULL;

-- name: CountUnsealed
SELECT COUNT(*), MIN(ts) FROM audit_items WHERE institution_id = ? AND seq IS NULL;

-- name: ChainHead
SELECT seq, hash FROM audit_chain_heads WHERE institution_id = ?;

-- name: AuditChain
SELECT id, institution_id, profile_id, action, actor_user, apikey_name, apikey_expiry, ts, message,
       ref_data, seq, hash, sealed
FROM audit_items WHERE institution_id = ? AND seq IS NOT NULL AND seq > ? ORDER BY seq, id LIMIT ?;

-- name: UnsealedAudit
SELECT id, institution_id, profile_id, action, actor_user, apikey_name, apikey_expiry, ts, message,
       ref_data, seq, hash, sealed
FROM audit_items WHERE institution_id = ? AND seq IS NULL ORDER BY ts, id LIMIT ?;

-- name: SealAudit
UPDATE audit_items SET seq = ?, hash = ? WHERE id = ?;

-- name: InsertChainHead
INSERT INTO audit_chain_heads (institution_id, seq, hash) VALUES (?, 0, '') ON CONFLICT (institution_id) DO NOTHING;

-- name: LockChainHead
SELECT seq, hash FROM audit_chain_heads WHERE institution_id = ?;

-- name: SetChainHead
UPDATE audit_chain_heads SET seq = ?, hash = ? WHERE institution_id = ?;

-- name: InsertCheck
INSERT INTO checks (id, profile_id, check_type, variant, state, result, errors, task_ids, providers, input_data,
                    output_data, demo_result, document_id, automatic, manual_of, attempts, waterfall, created_at, performed_on)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);

-- name: UpdateCheck
UPDATE checks SET state = ?, result = ?, errors = ?, task_ids = ?, providers = ?, input_data = ?, output_data = ?,
                  attempts = ?, waterfall = ?, performed_on = ?
WHERE id = ?;

-- name: Checks
SELECT id, profile_id, check_type, variant, state, result, errors, task_ids, providers, input_data, output_data,
       demo_result, document_id, automatic, manual_of, attempts, waterfall, created_at, performed_on
FROM checks WHERE profile_id IN (/*ids*/) ORDER BY created_at, id;

-- name: InsertJob
INSERT INTO jobs (id, kind, ref, institution_id, profile_id, dedupe_key, run_at, attempts, max_attempts,
                  lease_until, lease_owner, last_error, created_at)
VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, NULL, '', '', ?)
ON CONFLICT DO NOTHING;

-- name: CompleteJob
DELETE FROM jobs WHERE id = ? AND lease_owner = ?;

-- name: RetryJob
UPDATE jobs SET lease_until = NULL, lease_owner = '', run_at = ?, last_error = ? WHERE id = ? AND lease_owner = ?;

-- name: JobCounts
SELECT kind, lease_until IS NOT NULL AND lease_until >= ?, COUNT(*) FROM jobs GROUP BY 1, 2;

-- name: StaleChecks
SELECT p.institution_id, c.profile_id, c.id
FROM checks c JOIN profiles p ON p.id = c.profile_id
WHERE c.state = 'RUNNING' AND c.created_at < ?
  AND NOT EXISTS (SELECT 1 FROM jobs j WHERE j.ref = CAST(c.id AS TEXT))
LIMIT ?;

-- name: InsertWebhookEndpoint
INSERT INTO webhook_endpoints (id, institution_id, url, secret, events, batching, enabled, source, created_at, updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (id) DO UPDATE SET url = excluded.url, secret = excluded.secret, events = excluded.events,
    batching = excluded.batching, enabled = excluded.enabled, source = excluded.source, updated_at = excluded.updated_at;

-- name: WebhookEndpoints
SELECT id, institution_id, url, secret, events, batching, enabled, source, created_at, updated_at
FROM webhook_endpoints WHERE institution_id = ? ORDER BY created_at, id;

-- name: WebhookEndpoint
SELECT id, institution_id, url, secret, events, batching, enabled, source, created_at, updated_at
FROM webhook_endpoints WHERE institution_id = ? AND id = ?;

-- name: EndpointsWithPending
-- 'webhook:' || id is the key of the endpoint's delivery job (kyc.DeliveryJob).
SELECT e.id, e.institution_id, e.url, e.secret, e.events, e.batching, e.enabled, e.source, e.created_at, e.updated_at
FROM webhook_endpoints e
WHERE e.enabled
  AND EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.endpoint_id = e.id AND d.status = 'pending')
  AND NOT EXISTS (SELECT 1 FROM jobs j WHERE j.dedupe_key = 'webhook:' || CAST(e.id AS TEXT))
LIMIT ?;

-- name: InsertDelivery
INSERT INTO webhook_deliveries (id, event_id, endpoint_id, institution_id, event, data, status, attempts, last_status,
                                last_error, created_at, delivered_at, profile_id)
VALUES (?, ?, ?, ?, ?, ?, 'pending', 0, 0, '', ?, NULL, ?);

-- name: LockWebhookEndpoint
SELECT CAST(id AS TEXT) FROM webhook_endpoints WHERE id = ?;

-- name: PendingDeliveries
SELECT seq, id, event_id, endpoint_id, institution_id, event, data, status, attempts, last_status, last_error,
       created_at, delivered_at, profile_id
FROM webhook_deliveries WHERE endpoint_id = ? AND status = 'pending' ORDER BY seq LIMIT ?;

-- name: Deliveries
SELECT seq, id, event_id, endpoint_id, institution_id, event, data, status, attempts, last_status, last_error,
       created_at, delivered_at, profile_id
FROM webhook_deliveries WHERE institution_id = ? AND endpoint_id = ? AND seq < ? ORDER BY seq DESC LIMIT ?;

-- name: Delivery
SELECT seq, id, event_id, endpoint_id, institution_id, event, data, status, attempts, last_status, last_error,
       created_at, delivered_at, profile_id
FROM webhook_deliveries WHERE institution_id = ? AND id = ?;

-- name: DeliveryAttempts
SELECT id, endpoint_id, delivery_id, at, status, latency_us, error, response
FROM webhook_attempts WHERE delivery_id = ? ORDER BY at, id;

-- name: InsertAttempt
INSERT INTO webhook_attempts (id, endpoint_id, delivery_id, at, status, latency_us, error, response)
VALUES (?, ?, ?, ?, ?, ?, ?, ?);

-- name: MarkDelivered
UPDATE webhook_deliveries SET status = 'delivered', attempts = attempts + 1, last_status = ?, last_error = '',
    delivered_at = ? WHERE id IN (/*ids*/);

-- name: MarkFailedAttempt
UPDATE webhook_deliveries SET attempts = attempts + 1, last_status = ?, last_error = ? WHERE id IN (/*ids*/);

-- Ongoing monitoring (0004_monitoring.sql).

-- name: ScreeningListVersion
SELECT version FROM screening_lists WHERE list = ?;

-- name: InsertScreeningList
INSERT INTO screening_lists (list, version, updated_at) VALUES (?, ?, ?) ON CONFLICT (list) DO NOTHING;

-- name: MoveScreeningList
UPDATE screening_lists SET version = ?, updated_at = ? WHERE list = ? AND version = ?;

-- name: InsertMonitorRun
INSERT INTO monitor_runs (id, list, from_version, to_version, full_list, entity_keys, removed, after_profile,
                          profiles, events, done, created_at, finished_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);

-- name: UpdateMonitorRun
UPDATE monitor_runs SET after_profile = ?, profiles = ?, events = ?, done = ?, finished_at = ? WHERE id = ?;

-- name: MonitorRun
SELECT id, list, from_version, to_version, full_list, entity_keys, removed, after_profile, profiles, events, done,
       created_at, finished_at
FROM monitor_runs WHERE id = ?;

-- name: MonitorRuns
SELECT id, list, from_version, to_version, full_list, entity_keys, removed, after_profile, profiles, events, done,
       created_at, finished_at
FROM monitor_runs ORDER BY created_at DESC, id DESC LIMIT ?;

-- Profiles with a completed check by the screening provider, in id order
-- after a cursor; which of them are monitored is decided from the checks.
-- name: MonitorSubjects
-- ORDER BY names the table's column: bare, profile_id would be the text
-- cast of the select list, which PostgreSQL sorts the whole table by for
-- every page instead of reading the primary key in order.
SELECT CAST(profile_id AS TEXT), CAST(institution_id AS TEXT), subject
FROM monitor_subjects WHERE profile_id > ? ORDER BY monitor_subjects.profile_id LIMIT ?;

-- name: SaveMonitorSubject
INSERT INTO monitor_subjects (profile_id, institution_id, subject, updated_at) VALUES (?, ?, ?, ?)
ON CONFLICT (profile_id) DO UPDATE SET subject = excluded.subject, updated_at = excluded.updated_at;

-- name: DeleteMonitorSubject
DELETE FROM monitor_subjects WHERE profile_id = ?;

-- name: MonitorCandidates
SELECT DISTINCT c.profile_id, p.institution_id
FROM checks c JOIN profiles p ON p.id = c.profile_id
WHERE c.profile_id > ? AND c.state = 'COMPLETE'
  AND c.check_type IN ('PEPS_AND_SANCTIONS_SCREEN', 'COMPANY_PEPS_AND_SANCTIONS_SCREEN')
  AND c.variant LIKE '%"provider":"screening"%'
  AND NOT EXISTS (SELECT 1 FROM monitor_subjects s WHERE s.profile_id = c.profile_id)
ORDER BY c.profile_id
LIMIT ?;

-- name: Profiles
-- Several profiles of an institution, in id order; SQLite's single writer
-- needs no row locks (see the PostgreSQL version).
SELECT id, institution_id, role, status, category, display_name, collected_data, created_at, updated_at, collection_steps, version,
       erased_at, legal_hold_at, legal_hold
FROM profiles WHERE institution_id = ? AND id IN (/*ids*/) ORDER BY id;

-- name: ProfilesForUpdate
SELECT id, institution_id, role, status, category, display_name, collected_data, created_at, updated_at, collection_steps, version,
       erased_at, legal_hold_at, legal_hold
FROM profiles WHERE institution_id = ? AND id IN (/*ids*/) ORDER BY id;

-- name: DeleteLinks
DELETE FROM profile_links WHERE company_id = ?;

-- name: InsertLink
INSERT INTO profile_links (company_id, associate_id, institution_id, roles, task_variant_ids, created_at)
VALUES (?, ?, ?, ?, ?, ?);

-- name: Parents
-- The companies profiles are linked to, each with the profile's roles in it.
SELECT l.associate_id, l.roles, l.task_variant_ids,
       p.id, p.role, p.status, p.category, p.display_name, p.created_at, COALESCE(p.erased_at, 0)
FROM profile_links l JOIN profiles p ON p.id = l.company_id
WHERE l.associate_id IN (/*ids*/)
ORDER BY p.created_at, p.id;

-- name: AssociateProfiles
SELECT id, institution_id, role, status, display_name, collected_data
FROM profiles WHERE institution_id = ? AND id IN (/*ids*/);

-- name: AssociateApplications
SELECT profile_id, id, product_id, associated_role, status, hidden
FROM applications WHERE profile_id IN (/*ids*/) ORDER BY created_at, id;

-- name: AssociateEvents
SELECT profile_id, id, event_type, resolution
FROM events WHERE profile_id IN (/*ids*/) ORDER BY created_at, id;

-- name: LinkedIDs
SELECT associate_id FROM profile_links WHERE company_id = ? AND institution_id = ? ORDER BY associate_id;

-- name: InsertProviderCheck
INSERT INTO provider_checks (check_id, institution_id, profile_id, peer, stage, provider_id, reference, custom_data,
                             polls, created_at, updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);

-- name: UpdateProviderCheck
UPDATE provider_checks SET stage = ?, provider_id = ?, reference = ?, custom_data = ?, polls = ?, updated_at = ?
WHERE check_id = ?;

-- name: InsertProviderCheckImage
INSERT INTO provider_check_images (image_id, check_id) VALUES (?, ?) ON CONFLICT DO NOTHING;

-- name: DeleteProviderCheckImages
DELETE FROM provider_check_images WHERE check_id = ?;

-- name: DeleteProviderCheck
DELETE FROM provider_checks WHERE check_id = ?;

-- name: ProviderCheck
SELECT CAST(check_id AS TEXT), CAST(institution_id AS TEXT), CAST(profile_id AS TEXT), peer, stage, provider_id,
       reference, custom_data, polls, created_at, updated_at
FROM provider_checks WHERE check_id = ?;

-- name: ProviderCheckByRef
SELECT CAST(check_id AS TEXT), CAST(institution_id AS TEXT), CAST(profile_id AS TEXT), peer, stage, provider_id,
       reference, custom_data, polls, created_at, updated_at
FROM provider_checks WHERE peer = ? AND provider_id = ? AND reference = ?
ORDER BY created_at DESC LIMIT 1;

-- name: ProviderCheckForImage
SELECT CAST(c.check_id AS TEXT), CAST(c.institution_id AS TEXT), CAST(c.profile_id AS TEXT), c.peer, c.stage,
       c.provider_id, c.reference, c.custom_data, c.polls, c.created_at, c.updated_at
FROM provider_check_images i JOIN provider_checks c ON c.check_id = i.check_id
WHERE i.image_id = ? AND c.peer = ?
ORDER BY c.created_at DESC LIMIT 1;

-- name: ProviderCheckImages
SELECT image_id FROM provider_check_images WHERE check_id = ? ORDER BY image_id;

-- name: ProviderChecksStarting
SELECT COUNT(*) FROM (SELECT 1 FROM provider_checks WHERE peer = ? AND stage = 'starting' LIMIT 1) s;

-- Documents and files (0010): rows referring to encrypted blobs.

-- name: InsertDocumentImage
INSERT INTO document_images (id, institution_id, profile_id, image_type, document_type, document_category, name,
                             blob_key, size, sha256, media_type, uploaded_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);

-- name: DocumentImages
SELECT id, profile_id, image_type, document_type, document_category, name, blob_key, size, sha256, media_type, uploaded_at
FROM document_images WHERE institution_id = ? AND profile_id = ?
ORDER BY uploaded_at, id;

-- name: DocumentImage
SELECT id, profile_id, image_type, document_type, document_category, name, blob_key, size, sha256, media_type, uploaded_at
FROM document_images WHERE institution_id = ? AND profile_id = ? AND id = ?;

-- name: InsertFile
INSERT INTO profile_files (id, institution_id, profile_id, name, blob_key, size, sha256, media_type, uploaded_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?);

-- name: File
SELECT id, profile_id, name, blob_key, size, sha256, media_type, uploaded_at
FROM profile_files WHERE institution_id = ? AND profile_id = ? AND id = ?;

-- name: ReferencedImageBlobs
SELECT DISTINCT blob_key FROM document_images WHERE blob_key IN (/*ids*/);

-- name: ReferencedFileBlobs
SELECT DISTINCT blob_key FROM profile_files WHERE blob_key IN (/*ids*/);

-- Wrapped data keys (vault.KeyStore).

-- name: LoadKey
SELECT wrapped FROM wrapped_keys WHERE owner = ?;

-- name: CreateKey
INSERT INTO wrapped_keys (owner, wrapped, created_at, updated_at) VALUES (?, ?, ?, ?)
ON CONFLICT (owner) DO NOTHING;

-- name: InsertProfileKey
-- The key of a profile its transaction creates: no other can exist (a
-- conflict is an error), so PostgreSQL's batch connection may defer it.
INSERT INTO wrapped_keys (owner, wrapped, created_at, updated_at) VALUES (?, ?, ?, ?);

-- name: ReplaceKey
UPDATE wrapped_keys SET wrapped = ?, updated_at = ? WHERE owner = ? AND wrapped = ?;

-- name: DeleteKey
DELETE FROM wrapped_keys WHERE owner = ?;

-- Keys whose owner starts with a prefix, after a cursor, in byte order
-- (the PostgreSQL column collates "C").
-- name: ListKeys
SELECT owner, wrapped FROM wrapped_keys
WHERE substr(owner, 1, ?) = ? AND owner > ?
ORDER BY owner LIMIT ?;

-- The analyst portal: users, sessions, sign-in failures, the queue and
-- the search (0008).

-- name: InsertUser
INSERT INTO users (id, institution_id, email, name, role, password_hash, totp_secret, totp_enabled,
                   totp_last_step, disabled, created_at, updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);

-- name: UpdateUser
UPDATE users SET name = ?, role = ?, password_hash = ?, totp_secret = ?, totp_enabled = ?,
                 totp_last_step = ?, disabled = ?, updated_at = ?
WHERE id = ?;

-- name: UserByID
SELECT id, institution_id, email, name, role, password_hash, totp_secret, totp_enabled, totp_last_step,
       disabled, created_at, updated_at
FROM users WHERE id = ?;

-- name: UserByEmail
SELECT id, institution_id, email, name, role, password_hash, totp_secret, totp_enabled, totp_last_step,
       disabled, created_at, updated_at
FROM users WHERE email = ?;

-- name: Users
SELECT id, institution_id, email, name, role, password_hash, totp_secret, totp_enabled, totp_last_step,
       disabled, created_at, updated_at
FROM users WHERE ? = '' OR CAST(institution_id AS TEXT) = ?
ORDER BY email;

-- name: InstitutionByID
SELECT id, name, created_at, require_totp FROM institutions WHERE id = ?;

-- name: InstitutionByName
SELECT id, name, created_at, require_totp FROM institutions WHERE name = ?;

-- name: SetRequireTOTP
UPDATE institutions SET require_totp = ? WHERE id = ?;

-- name: SigninFailures
SELECT COUNT(*), COALESCE(MIN(at), 0) FROM signin_failures WHERE key = ? AND at >= ?;

-- name: InsertSigninFailure
INSERT INTO signin_failures (id, key, at) VALUES (?, ?, ?);

-- name: ClearSigninFailures
DELETE FROM signin_failures WHERE key = ?;

-- name: DeleteSigninFailuresBefore
DELETE FROM signin_failures WHERE at < ?;

-- name: InsertSession
INSERT INTO sessions (id, user_id, institution_id, csrf, stage, created_at, last_seen_at, expires_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?);

-- name: Session
SELECT id, user_id, institution_id, csrf, stage, created_at, last_seen_at, expires_at
FROM sessions WHERE id = ?;

-- name: SessionUser
-- A session with its user and institution, in one round trip (every
-- portal request reads it).
SELECT s.id, s.user_id, s.institution_id, s.csrf, s.stage, s.created_at, s.last_seen_at, s.expires_at,
       u.id, u.institution_id, u.email, u.name, u.role, u.password_hash, u.totp_secret, u.totp_enabled,
       u.totp_last_step, u.disabled, u.created_at, u.updated_at,
       i.id, i.name, i.created_at, i.require_totp
FROM sessions s JOIN users u ON u.id = s.user_id JOIN institutions i ON i.id = s.institution_id
WHERE s.id = ?;

-- name: TouchSession
UPDATE sessions SET last_seen_at = ? WHERE id = ?;

-- name: DeleteSession
DELETE FROM sessions WHERE id = ?;

-- name: DeleteUserSessions
DELETE FROM sessions WHERE user_id = ? AND id <> ?;

-- name: DeleteSessionsBefore
DELETE FROM sessions WHERE expires_at <= ? OR last_seen_at < ?;

-- name: QueueCounts
-- Arguments: institution (twice). The folded totals and the changes since.
SELECT queue, SUM(n) FROM (
    SELECT queue, n FROM queue_counts WHERE institution_id = ?
    UNION ALL
    SELECT queue, delta FROM queue_count_changes WHERE institution_id = ?
) c
GROUP BY queue;

-- name: LastQueueCountChange
SELECT COALESCE(MAX(id), 0) FROM queue_count_changes;

-- name: FoldQueueCounts
-- Adds the changes up to an id into the totals. (PostgreSQL deletes them
-- in the same statement; SQLite, with one writer, in the next.)
INSERT INTO queue_counts (institution_id, queue, n)
SELECT institution_id, queue, SUM(delta) FROM queue_count_changes WHERE id <= ?
GROUP BY institution_id, queue
ON CONFLICT (institution_id, queue) DO UPDATE SET n = queue_counts.n + excluded.n;

-- name: DeleteFoldedQueueCounts
DELETE FROM queue_count_changes WHERE id <= ?;

-- name: Queue
-- Arguments: institution, bucket, product (twice, '' for any), risk
-- filter on (0/1) and level, waiting since before, limit, offset. The page
-- is chosen from the index applications_queue alone (it holds the
-- filters' columns), then its rows are read.
SELECT a.id, a.profile_id, p.display_name, p.role, a.product_id, a.product, a.status, a.flag, a.queue,
       a.risk_level, a.assignee_id, a.assignee, a.waiting_since, p.created_at
FROM (SELECT id FROM applications
      WHERE institution_id = ? AND queue = ?
        AND (? = '' OR product_id = ?)
        AND (? = 0 OR risk_level = ?)
        AND waiting_since < ?
      ORDER BY waiting_since, id
      LIMIT ? OFFSET ?) page
JOIN applications a ON a.id = page.id
JOIN profiles p ON p.id = a.profile_id
ORDER BY a.waiting_since, a.id;

-- name: QueueAssigned
-- Queue for one assignee ('' for unassigned), by applications_assignee.
-- Arguments: institution, assignee, bucket, then as Queue.
SELECT a.id, a.profile_id, p.display_name, p.role, a.product_id, a.product, a.status, a.flag, a.queue,
       a.risk_level, a.assignee_id, a.assignee, a.waiting_since, p.created_at
FROM (SELECT id FROM applications
      WHERE institution_id = ? AND assignee_id = ? AND queue = ?
        AND (? = '' OR product_id = ?)
        AND (? = 0 OR risk_level = ?)
        AND waiting_since < ?
      ORDER BY waiting_since, id
      LIMIT ? OFFSET ?) page
JOIN applications a ON a.id = page.id
JOIN profiles p ON p.id = a.profile_id
ORDER BY a.waiting_since, a.id;

-- name: QueueItemsOf
SELECT a.id, a.profile_id, p.display_name, p.role, a.product_id, a.product, a.status, a.flag, a.queue,
       a.risk_level, a.assignee_id, a.assignee, a.waiting_since, p.created_at
FROM applications a JOIN profiles p ON p.id = a.profile_id
WHERE a.institution_id = ? AND a.queue <> 'HIDDEN' AND a.profile_id IN (/*ids*/)
ORDER BY p.created_at DESC, a.created_at, a.id;

-- name: ProfilesByNameToken
-- Arguments: institution, the blind index term, limit.
SELECT p.id, p.display_name, p.created_at
FROM profile_names n JOIN profiles p ON p.id = n.profile_id
WHERE n.institution_id = ? AND n.token = ?
LIMIT ?;

-- name: ProfilesByTag
-- Arguments: tag, limit, institution. The newest taggings first, from the
-- index; the institution is checked on the profiles they name.
SELECT p.id, p.display_name, p.created_at
FROM (SELECT profile_id, created_at FROM profile_tags WHERE tag_id = ? ORDER BY created_at DESC LIMIT ?) pt
JOIN profiles p ON p.id = pt.profile_id
WHERE p.institution_id = ?
ORDER BY pt.created_at DESC;

-- name: ApplicationProfile
SELECT profile_id FROM applications WHERE id = ? AND institution_id = ?;

-- name: ProfileNotes
SELECT id, profile_id, task_id, text, author_id, author_name, author_name_customised, attachment_ids, created_at
FROM task_notes
WHERE institution_id = ? AND profile_id = ? AND deleted_at IS NULL
ORDER BY created_at, id;

-- name: AuditHashes
-- Arguments: institution, then the chain positions.
SELECT seq, hash FROM audit_items WHERE institution_id = ? AND seq IN (/*ids*/);

-- Data protection: the wrapped keys of profiles, blind name tokens,
-- erasure and legal holds (docs/data-protection.md).

-- name: ProfileKeys
SELECT owner, wrapped FROM wrapped_keys WHERE owner IN (/*ids*/);

-- name: InsertNameToken
INSERT INTO profile_names (institution_id, token, profile_id) VALUES (?, ?, ?)
ON CONFLICT DO NOTHING;

-- name: DeleteNameTokens
DELETE FROM profile_names WHERE profile_id = ?;

-- name: ErasedBlobs
SELECT blob_key FROM document_images WHERE profile_id = ?
UNION
SELECT blob_key FROM profile_files WHERE profile_id = ?;

-- name: EraseProviderCheckImages
DELETE FROM provider_check_images
WHERE check_id IN (SELECT check_id FROM provider_checks WHERE profile_id = ?);

-- name: EraseProviderChecks
DELETE FROM provider_checks WHERE profile_id = ?;

-- name: EraseDocumentImages
DELETE FROM document_images WHERE profile_id = ?;

-- name: EraseFiles
DELETE FROM profile_files WHERE profile_id = ?;

-- name: EraseNotes
DELETE FROM task_notes WHERE profile_id = ?;

-- name: EraseWebhookAttempts
DELETE FROM webhook_attempts
WHERE delivery_id IN (SELECT id FROM webhook_deliveries WHERE profile_id = ?);

-- name: EraseWebhookDeliveries
DELETE FROM webhook_deliveries WHERE profile_id = ?;

-- name: EraseIdempotency
DELETE FROM idempotency_keys WHERE profile_id = ?;

-- name: EraseJobs
-- The profile's queued work goes with it; a job running now loses its
-- lease, so its transaction rolls back.
DELETE FROM jobs WHERE profile_id = ?;

-- name: EraseChecks
UPDATE checks SET input_data = '{}', output_data = '{}' WHERE profile_id = ?;

-- name: EraseEvents
UPDATE events SET data = '{}', resolution_reason = '', match_key = 'erased:' || id WHERE profile_id = ?;

-- name: EraseProfileRow
-- Arguments: tombstone collected data, erased at, profile, institution.
UPDATE profiles SET display_name = '', search_name = '', collected_data = ?, legal_hold = '',
                    legal_hold_at = NULL, erased_at = ?, updated_at = ?, version = version + 1
WHERE id = ? AND institution_id = ? AND erased_at IS NULL;

-- name: ErasedProfiles
-- Erased profiles in id order after a cursor, for the erasure ledger.
SELECT CAST(id AS TEXT), CAST(institution_id AS TEXT) FROM profiles
WHERE erased_at IS NOT NULL AND id > ? ORDER BY profiles.id LIMIT ?;

-- name: RetentionCandidates
-- Profiles that may fall due for erasure: not erased, not held, with no
-- application of its own open (applied, in review or approved; one made
-- through a company, with an associated role, ends with the company), and
-- not an associate of a company that is kept, in id order after a cursor.
SELECT CAST(p.id AS TEXT), CAST(p.institution_id AS TEXT) FROM profiles p
WHERE p.erased_at IS NULL AND p.legal_hold_at IS NULL AND p.id > ?
  AND NOT EXISTS (SELECT 1 FROM applications a
                  WHERE a.profile_id = p.id AND a.associated_role = ''
                    AND a.status IN ('APPLIED', 'IN_REVIEW', 'APPROVED'))
  AND NOT EXISTS (SELECT 1 FROM profile_links l JOIN profiles c ON c.id = l.company_id
                  WHERE l.associate_id = p.id AND c.erased_at IS NULL)
ORDER BY p.id LIMIT ?;

-- name: CountUnsealedProfiles
-- Profiles whose data is in clear though protection is on: written before
-- 0017, or by a process without a master key.
SELECT COUNT(*) FROM profiles WHERE erased_at IS NULL AND display_name NOT LIKE 'gh1:%';

-- name: ProfileErased
SELECT erased_at FROM profiles WHERE id = ?;

-- name: ProfileFiles
SELECT id, profile_id, name, blob_key, size, sha256, media_type, uploaded_at
FROM profile_files WHERE institution_id = ? AND profile_id = ? ORDER BY uploaded_at, id;

-- Claiming jobs (store/job.go): read the candidates, choose in Go, lease.

-- name: DueJobs
-- The oldest due jobs of one kind (the jobs_kind_due index), at most limit.
SELECT CAST(id AS TEXT), institution_id, run_at FROM jobs
WHERE kind = ? AND run_at <= ? AND (lease_until IS NULL OR lease_until < ?)
ORDER BY run_at LIMIT ?;

-- name: FirstDueJobs
-- The oldest due job of one kind of every institution that has one,
-- reached by skipping from institution to institution along the
-- jobs_kind_institution index (a loose index scan), however long each
-- institution's queue.
WITH RECURSIVE p(kind, now) AS (SELECT CAST(? AS TEXT), CAST(? AS BIGINT)),
insts(inst) AS (
    SELECT (SELECT j.institution_id FROM jobs j, p WHERE j.kind = p.kind ORDER BY j.institution_id LIMIT 1)
    UNION ALL
    SELECT (SELECT j.institution_id FROM jobs j, p WHERE j.kind = p.kind AND j.institution_id > insts.inst
            ORDER BY j.institution_id LIMIT 1)
    FROM insts WHERE insts.inst IS NOT NULL
)
SELECT CAST(f.id AS TEXT), f.institution_id, f.run_at
FROM (SELECT inst FROM insts WHERE inst IS NOT NULL LIMIT 10000) i, p,
     jobs f
WHERE f.id = (SELECT g.id FROM jobs g
              WHERE g.kind = p.kind AND g.institution_id = i.inst
                AND g.run_at <= p.now AND (g.lease_until IS NULL OR g.lease_until < p.now)
              ORDER BY g.run_at LIMIT 1);

-- name: LeaseJobs
-- Leases the chosen jobs that are still due (another claim may have taken
-- one since they were read).
UPDATE jobs SET lease_until = ?, lease_owner = ?, attempts = attempts + 1
WHERE run_at <= ? AND (lease_until IS NULL OR lease_until < ?) AND id IN (/*ids*/)
RETURNING id, kind, ref, institution_id, profile_id, attempts, max_attempts, last_error, created_at, run_at;
