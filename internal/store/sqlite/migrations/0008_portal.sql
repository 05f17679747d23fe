-- The analyst portal: users, their sessions and failed sign-ins; whether an
-- institution requires a second factor; the queue's columns and indexes on
-- applications (kept by the store from the aggregate); name tokens for the
-- portal's search (kept by triggers from profiles.search_name); notes by
-- profile and tagged profiles newest first.

ALTER TABLE institutions ADD COLUMN require_totp INTEGER NOT NULL DEFAULT 0;

CREATE TABLE users (
    id             TEXT PRIMARY KEY,
    institution_id TEXT NOT NULL REFERENCES institutions (id),
    email          TEXT NOT NULL UNIQUE,
    name           TEXT NOT NULL,
    role           TEXT NOT NULL,
    password_hash  TEXT NOT NULL,
    totp_secret    TEXT NOT NULL,
    totp_enabled   INTEGER NOT NULL,
    totp_last_step INTEGER NOT NULL,
    disabled       INTEGER NOT NULL,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL
);
CREATE INDEX users_institution ON users (institution_id, email);

-- id is the SHA-256 of the session token: the token itself is never stored.
CREATE TABLE sessions (
    id             TEXT PRIMARY KEY,
    user_id        TEXT NOT NULL REFERENCES users (id),
    institution_id TEXT NOT NULL,
    csrf           TEXT NOT NULL,
    stage          TEXT NOT NULL,
    created_at     INTEGER NOT NULL,
    last_seen_at   INTEGER NOT NULL,
    expires_at     INTEGER NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires ON sessions (expires_at);
CREATE INDEX sessions_last_seen ON sessions (last_seen_at);

-- key is a hash of the account's email or of the client's address.
CREATE TABLE signin_failures (
    id  TEXT PRIMARY KEY,
    key TEXT NOT NULL,
    at  INTEGER NOT NULL
);
CREATE INDEX signin_failures_key ON signin_failures (key, at);
CREATE INDEX signin_failures_at ON signin_failures (at);

ALTER TABLE applications ADD COLUMN queue TEXT NOT NULL DEFAULT '';
ALTER TABLE applications ADD COLUMN waiting_since INTEGER NOT NULL DEFAULT 0;
ALTER TABLE applications ADD COLUMN risk_level TEXT NOT NULL DEFAULT '';
ALTER TABLE applications ADD COLUMN assignee_id TEXT NOT NULL DEFAULT '';
ALTER TABLE applications ADD COLUMN assignee TEXT NOT NULL DEFAULT '';
ALTER TABLE applications ADD COLUMN pending_approval TEXT NOT NULL DEFAULT '';

UPDATE applications SET
    queue = CASE
        WHEN hidden THEN 'HIDDEN'
        WHEN status IN ('APPROVED', 'REJECTED', 'CANCELLED') THEN 'DECIDED'
        WHEN status = 'IN_REVIEW' THEN 'IN_REVIEW'
        ELSE flag END,
    waiting_since = COALESCE(json_extract(flag_history, '$[#-1].date'), created_at),
    risk_level = COALESCE(json_extract(risk, '$.category'), '');

-- The queue's indexes hold the filters' columns too, so a page (and the
-- rows a filter or an offset skips) is read from the index alone.
CREATE INDEX applications_queue ON applications (institution_id, queue, waiting_since, id, product_id, risk_level);
CREATE INDEX applications_assignee ON applications (institution_id, assignee_id, queue, waiting_since, id, product_id, risk_level);

-- One row per word of a profile's (lower-case) name.
CREATE TABLE profile_names (
    institution_id TEXT NOT NULL,
    token          TEXT NOT NULL,
    profile_id     TEXT NOT NULL REFERENCES profiles (id),
    PRIMARY KEY (institution_id, token, profile_id)
);
CREATE INDEX profile_names_profile ON profile_names (profile_id);

-- The words of a name: split at spaces through a JSON array, as trigger
-- bodies cannot use recursive CTEs.
CREATE TRIGGER profile_names_insert AFTER INSERT ON profiles BEGIN
    INSERT OR IGNORE INTO profile_names (institution_id, token, profile_id)
    SELECT NEW.institution_id, value, NEW.id
    FROM json_each('[' || replace(json_quote(NEW.search_name), ' ', '","') || ']')
    WHERE value <> '';
END;

CREATE TRIGGER profile_names_update AFTER UPDATE OF search_name ON profiles
WHEN OLD.search_name IS NOT NEW.search_name BEGIN
    DELETE FROM profile_names WHERE profile_id = OLD.id;
    INSERT OR IGNORE INTO profile_names (institution_id, token, profile_id)
    SELECT NEW.institution_id, value, NEW.id
    FROM json_each('[' || replace(json_quote(NEW.search_name), ' ', '","') || ']')
    WHERE value <> '';
END;

INSERT OR IGNORE INTO profile_names (institution_id, token, profile_id)
SELECT p.institution_id, j.value, p.id
FROM profiles p, json_each('[' || replace(json_quote(p.search_name), ' ', '","') || ']') j
WHERE j.value <> '';

CREATE INDEX task_notes_profile ON task_notes (profile_id, created_at);
CREATE INDEX profile_tags_tag_created ON profile_tags (tag_id, created_at);

-- The count of applications in each queue bucket: a total per institution
-- and bucket, and the changes since the last fold, which triggers append
-- (appending takes no lock another writer waits on). Reading a count sums
-- both; a background loop folds the changes into the totals.
CREATE TABLE queue_counts (
    institution_id TEXT NOT NULL,
    queue          TEXT NOT NULL,
    n              INTEGER NOT NULL,
    PRIMARY KEY (institution_id, queue)
);
CREATE TABLE queue_count_changes (
    id             INTEGER PRIMARY KEY,
    institution_id TEXT NOT NULL,
    queue          TEXT NOT NULL,
    delta          INTEGER NOT NULL
);
CREATE INDEX queue_count_changes_institution ON queue_count_changes (institution_id, queue);

INSERT INTO queue_counts (institution_id, queue, n)
SELECT institution_id, queue, COUNT(*) FROM applications GROUP BY institution_id, queue;

CREATE TRIGGER queue_count_insert AFTER INSERT ON applications BEGIN
    INSERT INTO queue_count_changes (institution_id, queue, delta) VALUES (NEW.institution_id, NEW.queue, 1);
END;

CREATE TRIGGER queue_count_update AFTER UPDATE OF queue ON applications
WHEN OLD.queue IS NOT NEW.queue BEGIN
    INSERT INTO queue_count_changes (institution_id, queue, delta)
    VALUES (OLD.institution_id, OLD.queue, -1), (NEW.institution_id, NEW.queue, 1);
END;

CREATE TRIGGER queue_count_delete AFTER DELETE ON applications BEGIN
    INSERT INTO queue_count_changes (institution_id, queue, delta) VALUES (OLD.institution_id, OLD.queue, -1);
END;
