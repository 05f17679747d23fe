-- Institutions, API keys, profiles with their applications, tasks and tags,
-- the audit trail and idempotency records. Times are Unix microseconds (UTC).

CREATE TABLE institutions (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL
);

CREATE TABLE api_keys (
    id             TEXT PRIMARY KEY,
    institution_id TEXT NOT NULL REFERENCES institutions (id),
    name           TEXT NOT NULL,
    prefix         TEXT NOT NULL UNIQUE,
    hash           BLOB NOT NULL UNIQUE,
    created_at     INTEGER NOT NULL,
    revoked_at     INTEGER,
    expires_at     INTEGER
);

CREATE TABLE profiles (
    id             TEXT PRIMARY KEY,
    institution_id TEXT NOT NULL REFERENCES institutions (id),
    role           TEXT NOT NULL,
    status         TEXT NOT NULL,
    category       TEXT NOT NULL,
    display_name   TEXT NOT NULL,
    search_name    TEXT NOT NULL,
    collected_data TEXT NOT NULL,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL
);
CREATE INDEX profiles_institution_created ON profiles (institution_id, created_at DESC, id DESC);

CREATE TABLE applications (
    id              TEXT PRIMARY KEY,
    profile_id      TEXT NOT NULL REFERENCES profiles (id),
    institution_id  TEXT NOT NULL,
    product_id      TEXT NOT NULL,
    product         TEXT NOT NULL,
    associated_role TEXT NOT NULL,
    status          TEXT NOT NULL,
    hidden          INTEGER NOT NULL,
    required_tasks  TEXT NOT NULL,
    history         TEXT NOT NULL,
    flag_history    TEXT NOT NULL,
    flag            TEXT NOT NULL,
    automating      INTEGER NOT NULL,
    policy_version  TEXT NOT NULL,
    created_at      INTEGER NOT NULL
);
CREATE INDEX applications_profile ON applications (profile_id, created_at);
CREATE INDEX applications_automating ON applications (created_at) WHERE automating = 1;

CREATE TABLE tasks (
    id                   TEXT PRIMARY KEY,
    profile_id           TEXT NOT NULL REFERENCES profiles (id),
    variant_id           TEXT NOT NULL,
    variant              TEXT NOT NULL,
    state                TEXT NOT NULL,
    is_deleted           INTEGER NOT NULL,
    is_expired           INTEGER NOT NULL,
    is_skipped           INTEGER NOT NULL,
    manually_uncompleted INTEGER NOT NULL,
    check_ids            TEXT NOT NULL,
    form_instance_ids    TEXT NOT NULL,
    version              INTEGER NOT NULL,
    created_at           INTEGER NOT NULL,
    completed_at         INTEGER,
    expiry_date          INTEGER
);
CREATE INDEX tasks_profile ON tasks (profile_id, created_at);

CREATE TABLE tags (
    id             TEXT PRIMARY KEY,
    institution_id TEXT NOT NULL REFERENCES institutions (id),
    name           TEXT NOT NULL,
    search_name    TEXT NOT NULL,
    is_automatic   INTEGER NOT NULL,
    created_at     INTEGER NOT NULL,
    UNIQUE (institution_id, name)
);

CREATE TABLE profile_tags (
    profile_id TEXT NOT NULL REFERENCES profiles (id),
    tag_id     TEXT NOT NULL REFERENCES tags (id),
    created_at INTEGER NOT NULL,
    PRIMARY KEY (profile_id, tag_id)
);
CREATE INDEX profile_tags_tag ON profile_tags (tag_id);

CREATE TABLE audit_items (
    id             TEXT PRIMARY KEY,
    institution_id TEXT NOT NULL,
    profile_id     TEXT NOT NULL,
    action         TEXT NOT NULL,
    actor_user     TEXT,
    apikey_name    TEXT,
    apikey_expiry  INTEGER,
    ts             INTEGER NOT NULL,
    message        TEXT,
    ref_data       TEXT,
    seq            INTEGER,
    hash           TEXT
);
CREATE INDEX audit_items_profile ON audit_items (profile_id, ts);

CREATE TABLE idempotency_keys (
    institution_id TEXT NOT NULL,
    key            TEXT NOT NULL,
    method         TEXT NOT NULL,
    path           TEXT NOT NULL,
    request_hash   BLOB NOT NULL,
    status         INTEGER NOT NULL,
    body           BLOB NOT NULL,
    created_at     INTEGER NOT NULL,
    PRIMARY KEY (institution_id, key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
