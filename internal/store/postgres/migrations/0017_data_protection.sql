-- Data protection (issue 14). Personal data is sealed by the store under
-- each profile's data key (see docs/data-protection.md); these columns are
-- what that needs beside the data:
--   profiles.erased_at      when the profile was erased (a tombstone since);
--   profiles.legal_hold_at  when a legal hold was set (NULL: none), which
--                           stops erasure; legal_hold is its sealed reason;
--   audit_items.sealed      the item's message and reference data, sealed;
--                           the chain hashes its digest, so erasing the key
--                           leaves the chain verifiable;
--   webhook_deliveries.profile_id, idempotency_keys.profile_id
--                           whose key seals the payload, so erasure finds
--                           and removes them.
-- collected_data holds sealed text now, no longer JSON. The portal's name
-- tokens become blind indexes (keyed hashes) written by the store in the
-- profile's transaction: the trigger that copied plaintext words of
-- search_name goes, with the plaintext tokens.

ALTER TABLE profiles ALTER COLUMN collected_data TYPE TEXT;
ALTER TABLE profiles ADD COLUMN erased_at BIGINT;
ALTER TABLE profiles ADD COLUMN legal_hold_at BIGINT;
ALTER TABLE profiles ADD COLUMN legal_hold TEXT NOT NULL DEFAULT '';

ALTER TABLE audit_items ADD COLUMN sealed TEXT;

ALTER TABLE webhook_deliveries ADD COLUMN profile_id TEXT NOT NULL DEFAULT '';
CREATE INDEX webhook_deliveries_profile ON webhook_deliveries (profile_id) WHERE profile_id <> '';

ALTER TABLE idempotency_keys ADD COLUMN profile_id TEXT NOT NULL DEFAULT '';
CREATE INDEX idempotency_keys_profile ON idempotency_keys (profile_id) WHERE profile_id <> '';

DROP TRIGGER profile_names_sync ON profiles;
DROP FUNCTION profile_names_sync();
DELETE FROM profile_names;
UPDATE profiles SET search_name = '';

-- Search by name counts, filters and orders its matches from this index
-- alone, without reading their rows (whose sealed data comes before
-- created_at).
CREATE INDEX profiles_id_created ON profiles (id, created_at, institution_id, category);
