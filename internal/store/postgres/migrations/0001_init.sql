-- Institutions, API keys, profiles with their applications, tasks and tags,
-- the audit trail and idempotency records. Times are Unix microseconds (UTC).

CREATE TABLE institutions (
    id         UUID PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL
);

CREATE TABLE api_keys (
    id             UUID PRIMARY KEY,
    institution_id UUID NOT NULL REFERENCES institutions (id),
    name           TEXT NOT NULL,
    prefix         TEXT NOT NULL UNIQUE,
    hash           BYTEA NOT NULL UNIQUE,
    created_at     BIGINT NOT NULL,
    revoked_at     BIGINT,
    expires_at     BIGINT
);

CREATE TABLE profiles (
    id             UUID PRIMARY KEY,
    institution_id UUID NOT NULL REFERENCES institutions (id),
    role           TEXT NOT NULL,
    status         TEXT NOT NULL,
    category       TEXT NOT NULL,
    display_name   TEXT NOT NULL,
    search_name    TEXT NOT NULL,
    collected_data JSON NOT NULL,
    created_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL
);
CREATE INDEX profiles_institution_created ON profiles (institution_id, created_at DESC, id DESC);

CREATE TABLE applications (
    id              UUID PRIMARY KEY,
    profile_id      UUID NOT NULL REFERENCES profiles (id),
    institution_id  UUID NOT NULL,
    product_id      TEXT NOT NULL,
    product         TEXT NOT NULL,
    associated_role TEXT NOT NULL,
    status          TEXT NOT NULL,
    hidden          BOOLEAN NOT NULL,
    required_tasks  TEXT NOT NULL,
    history         TEXT NOT NULL,
    flag_history    TEXT NOT NULL,
    flag            TEXT NOT NULL,
    automating      BOOLEAN NOT NULL,
    policy_version  TEXT NOT NULL,
    created_at      BIGINT NOT NULL
);
CREATE INDEX applications_profile ON applications (profile_id, created_at);
CREATE INDEX applications_automating ON applications (created_at) WHERE automating;

CREATE TABLE tasks (
    id                   UUID PRIMARY KEY,
    profile_id           UUID NOT NULL REFERENCES profiles (id),
    variant_id           TEXT NOT NULL,
    variant              TEXT NOT NULL,
    state                TEXT NOT NULL,
    is_deleted           BOOLEAN NOT NULL,
    is_expired           BOOLEAN NOT NULL,
    is_skipped           BOOLEAN NOT NULL,
    manually_uncompleted BOOLEAN NOT NULL,
    check_ids            TEXT NOT NULL,
    form_instance_ids    TEXT NOT NULL,
    version              BIGINT NOT NULL,
    created_at           BIGINT NOT NULL,
    completed_at         BIGINT,
    expiry_date          BIGINT
);
CREATE INDEX tasks_profile ON tasks (profile_id, created_at);

CREATE TABLE tags (
    id             UUID PRIMARY KEY,
    institution_id UUID NOT NULL REFERENCES institutions (id),
    name           TEXT NOT NULL,
    search_name    TEXT NOT NULL,
    is_automatic   BOOLEAN NOT NULL,
    created_at     BIGINT NOT NULL,
    UNIQUE (institution_id, name)
);

CREATE TABLE profile_tags (
    profile_id UUID NOT NULL REFERENCES profiles (id),
    tag_id     UUID NOT NULL REFERENCES tags (id),
    created_at BIGINT NOT NULL,
    PRIMARY KEY (profile_id, tag_id)
);
CREATE INDEX profile_tags_tag ON profile_tags (tag_id);

CREATE TABLE audit_items (
    id             UUID PRIMARY KEY,
    institution_id UUID NOT NULL,
    profile_id     UUID NOT NULL,
    action         TEXT NOT NULL,
    actor_user     TEXT,
    apikey_name    TEXT,
    apikey_expiry  BIGINT,
    ts             BIGINT NOT NULL,
    message        TEXT,
    ref_data       TEXT,
    seq            BIGINT,
    hash           TEXT
);
CREATE INDEX audit_items_profile ON audit_items (profile_id, ts);

CREATE TABLE idempotency_keys (
    institution_id UUID NOT NULL,
    key            TEXT NOT NULL,
    method         TEXT NOT NULL,
    path           TEXT NOT NULL,
    request_hash   BYTEA NOT NULL,
    status         BIGINT NOT NULL,
    body           BYTEA NOT NULL,
    created_at     BIGINT NOT NULL,
    PRIMARY KEY (institution_id, key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
