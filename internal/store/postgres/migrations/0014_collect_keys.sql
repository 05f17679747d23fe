-- Collect keys: keys handed to applicants (the hosted collection form's
-- links) that reach only the profiles they were issued for, until they
-- expire. Like api_keys, only the SHA-256 of a key is stored; profile_ids
-- is a JSON array of the profiles' ids, read with the key in one lookup.

CREATE TABLE collect_keys (
    id             UUID PRIMARY KEY,
    institution_id UUID NOT NULL REFERENCES institutions (id),
    name           TEXT NOT NULL,
    prefix         TEXT NOT NULL UNIQUE,
    hash           BYTEA NOT NULL UNIQUE,
    profile_ids    JSON NOT NULL,
    created_at     BIGINT NOT NULL,
    expires_at     BIGINT NOT NULL
);
CREATE INDEX collect_keys_expiry ON collect_keys (expires_at);
