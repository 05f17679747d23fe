-- The analyst portal: users, their sessions and failed sign-ins; whether an
-- institution requires a second factor; the queue's columns and indexes on
-- applications (kept by the store from the aggregate); name tokens for the
-- portal's search (kept by a trigger from profiles.search_name); notes by
-- profile and tagged profiles newest first.

ALTER TABLE institutions ADD COLUMN require_totp BOOLEAN NOT NULL DEFAULT false;

CREATE TABLE users (
    id             UUID PRIMARY KEY,
    institution_id UUID NOT NULL REFERENCES institutions (id),
    email          TEXT NOT NULL UNIQUE,
    name           TEXT NOT NULL,
    role           TEXT NOT NULL,
    password_hash  TEXT NOT NULL,
    totp_secret    TEXT NOT NULL,
    totp_enabled   BOOLEAN NOT NULL,
    totp_last_step BIGINT NOT NULL,
    disabled       BOOLEAN NOT NULL,
    created_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL
);
CREATE INDEX users_institution ON users (institution_id, email);

-- id is the SHA-256 of the session token: the token itself is never stored.
CREATE TABLE sessions (
    id             TEXT PRIMARY KEY,
    user_id        UUID NOT NULL REFERENCES users (id),
    institution_id UUID NOT NULL,
    csrf           TEXT NOT NULL,
    stage          TEXT NOT NULL,
    created_at     BIGINT NOT NULL,
    last_seen_at   BIGINT NOT NULL,
    expires_at     BIGINT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires ON sessions (expires_at);
CREATE INDEX sessions_last_seen ON sessions (last_seen_at);

-- key is a hash of the account's email or of the client's address.
CREATE TABLE signin_failures (
    id  UUID PRIMARY KEY,
    key TEXT NOT NULL,
    at  BIGINT NOT NULL
);
CREATE INDEX signin_failures_key ON signin_failures (key, at);
CREATE INDEX signin_failures_at ON signin_failures (at);

ALTER TABLE applications ADD COLUMN queue TEXT NOT NULL DEFAULT '';
ALTER TABLE applications ADD COLUMN waiting_since BIGINT NOT NULL DEFAULT 0;
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
    waiting_since = COALESCE(CAST(CAST(flag_history AS JSON) -> -1 ->> 'date' AS BIGINT), created_at),
    risk_level = COALESCE(CAST(risk AS JSON) ->> 'category', '');

-- The queue's indexes hold the filters' columns too, so a page (and the
-- rows a filter or an offset skips) is read from the index alone.
CREATE INDEX applications_queue ON applications (institution_id, queue, waiting_since, id, product_id, risk_level);
CREATE INDEX applications_assignee ON applications (institution_id, assignee_id, queue, waiting_since, id, product_id, risk_level);

-- One row per word of a profile's (lower-case) name. Tokens compare
-- bytewise (collation "C"), so a prefix is a range of the index.
CREATE TABLE profile_names (
    institution_id UUID NOT NULL,
    token          TEXT COLLATE "C" NOT NULL,
    profile_id     UUID NOT NULL REFERENCES profiles (id),
    PRIMARY KEY (institution_id, token, profile_id)
);
CREATE INDEX profile_names_profile ON profile_names (profile_id);

CREATE FUNCTION profile_names_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        IF OLD.search_name IS NOT DISTINCT FROM NEW.search_name THEN
            RETURN NULL;
        END IF;
        DELETE FROM profile_names WHERE profile_id = OLD.id;
    END IF;
    INSERT INTO profile_names (institution_id, token, profile_id)
    SELECT DISTINCT NEW.institution_id, w, NEW.id
    FROM regexp_split_to_table(NEW.search_name, ' ') AS w
    WHERE w <> ''
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;

CREATE TRIGGER profile_names_sync AFTER INSERT OR UPDATE OF search_name ON profiles
FOR EACH ROW EXECUTE FUNCTION profile_names_sync();

INSERT INTO profile_names (institution_id, token, profile_id)
SELECT DISTINCT p.institution_id, w, p.id
FROM profiles p, regexp_split_to_table(p.search_name, ' ') AS w
WHERE w <> ''
ON CONFLICT DO NOTHING;

CREATE INDEX task_notes_profile ON task_notes (profile_id, created_at);
CREATE INDEX profile_tags_tag_created ON profile_tags (tag_id, created_at);

-- The count of applications in each queue bucket: a total per institution
-- and bucket, and the changes since the last fold, which a trigger appends
-- (appending takes no lock another writer waits on). Reading a count sums
-- both; a background loop folds the changes into the totals.
CREATE TABLE queue_counts (
    institution_id UUID NOT NULL,
    queue          TEXT NOT NULL,
    n              BIGINT NOT NULL,
    PRIMARY KEY (institution_id, queue)
);
CREATE TABLE queue_count_changes (
    id             BIGSERIAL PRIMARY KEY,
    institution_id UUID NOT NULL,
    queue          TEXT NOT NULL,
    delta          BIGINT NOT NULL
);
CREATE INDEX queue_count_changes_institution ON queue_count_changes (institution_id, queue);

INSERT INTO queue_counts (institution_id, queue, n)
SELECT institution_id, queue, COUNT(*) FROM applications GROUP BY institution_id, queue;

CREATE FUNCTION queue_count_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.queue IS NOT DISTINCT FROM NEW.queue THEN
        RETURN NULL;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        INSERT INTO queue_count_changes (institution_id, queue, delta) VALUES (OLD.institution_id, OLD.queue, -1);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO queue_count_changes (institution_id, queue, delta) VALUES (NEW.institution_id, NEW.queue, 1);
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER queue_count_sync AFTER INSERT OR DELETE OR UPDATE OF queue ON applications
FOR EACH ROW EXECUTE FUNCTION queue_count_sync();
