-- The application lifecycle: risk per application, events, task notes and
-- the tamper-evident audit chain.

ALTER TABLE applications ADD COLUMN risk TEXT NOT NULL DEFAULT '{}';

CREATE TABLE events (
    id                  UUID PRIMARY KEY,
    profile_id          UUID NOT NULL REFERENCES profiles (id),
    event_type          TEXT NOT NULL,
    data                TEXT NOT NULL,
    resolution          TEXT NOT NULL,
    resolution_reason   TEXT NOT NULL,
    resolution_date     BIGINT,
    resolution_task_ids TEXT NOT NULL,
    match_key           TEXT NOT NULL,
    check_id            TEXT NOT NULL,
    created_at          BIGINT NOT NULL
);
CREATE INDEX events_profile ON events (profile_id, created_at);

CREATE TABLE task_notes (
    id                     UUID PRIMARY KEY,
    institution_id         UUID NOT NULL,
    profile_id             UUID NOT NULL REFERENCES profiles (id),
    task_id                UUID NOT NULL REFERENCES tasks (id),
    text                   TEXT NOT NULL,
    author_id              TEXT NOT NULL,
    author_name            TEXT NOT NULL,
    author_name_customised BOOLEAN NOT NULL,
    attachment_ids         TEXT NOT NULL,
    created_at             BIGINT NOT NULL,
    deleted_at             BIGINT
);
CREATE INDEX task_notes_task ON task_notes (task_id, created_at);

CREATE INDEX tasks_expiry ON tasks (expiry_date) WHERE expiry_date IS NOT NULL AND NOT is_expired;

-- The head of each institution's audit hash chain; audit_items.seq/hash are
-- set when an item is sealed into the chain.
CREATE TABLE audit_chain_heads (
    institution_id UUID PRIMARY KEY,
    seq            BIGINT NOT NULL,
    hash           TEXT NOT NULL
);
CREATE INDEX audit_items_unsealed ON audit_items (institution_id, ts, id) WHERE seq IS NULL;
CREATE INDEX audit_items_chain ON audit_items (institution_id, seq) WHERE seq IS NOT NULL;
