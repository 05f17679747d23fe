-- What ongoing monitoring screens of each monitored profile (its name,
-- date of birth, country and screening settings, opaque to the store), so
-- that a monitoring run reads one small row per profile instead of the
-- whole aggregate. Written with the profile, in its transaction.

CREATE TABLE monitor_subjects (
    profile_id     TEXT PRIMARY KEY REFERENCES profiles (id),
    institution_id TEXT NOT NULL,
    subject        BLOB NOT NULL,
    updated_at     INTEGER NOT NULL
);
