-- Checks, collection steps, the durable job queue, and webhooks.

ALTER TABLE profiles ADD COLUMN collection_steps TEXT NOT NULL DEFAULT '[]';

CREATE TABLE checks (
    id           TEXT PRIMARY KEY,
    profile_id   TEXT NOT NULL REFERENCES profiles (id),
    check_type   TEXT NOT NULL,
    variant      TEXT NOT NULL,
    state        TEXT NOT NULL,
    result       TEXT NOT NULL,
    errors       TEXT NOT NULL,
    task_ids     TEXT NOT NULL,
    providers    TEXT NOT NULL,
    input_data   TEXT NOT NULL,
    output_data  TEXT NOT NULL,
    demo_result  TEXT NOT NULL,
    document_id  TEXT NOT NULL,
    automatic    INTEGER NOT NULL,
    manual_of    TEXT NOT NULL,
    attempts     INTEGER NOT NULL,
    waterfall    TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    performed_on INTEGER
);
CREATE INDEX checks_profile ON checks (profile_id, created_at);
CREATE INDEX checks_unfinished ON checks (created_at) WHERE state <> 'COMPLETE';

-- Work for the background workers. A job is available when run_at has come
-- and it has no live lease.
CREATE TABLE jobs (
    id             TEXT PRIMARY KEY,
    kind           TEXT NOT NULL,
    ref            TEXT NOT NULL,
    institution_id TEXT NOT NULL,
    profile_id     TEXT NOT NULL,
    dedupe_key     TEXT UNIQUE,
    run_at         INTEGER NOT NULL,
    attempts       INTEGER NOT NULL,
    max_attempts   INTEGER NOT NULL,
    lease_until    INTEGER,
    lease_owner    TEXT NOT NULL,
    last_error     TEXT NOT NULL,
    created_at     INTEGER NOT NULL
);
CREATE INDEX jobs_due ON jobs (run_at);

CREATE TABLE webhook_endpoints (
    id             TEXT PRIMARY KEY,
    institution_id TEXT NOT NULL REFERENCES institutions (id),
    url            TEXT NOT NULL,
    secret         TEXT NOT NULL,
    events         TEXT NOT NULL,
    batching       INTEGER NOT NULL,
    enabled        INTEGER NOT NULL,
    source         TEXT NOT NULL,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL
);
CREATE INDEX webhook_endpoints_institution ON webhook_endpoints (institution_id);

-- One row per event per endpoint, delivered in seq order.
CREATE TABLE webhook_deliveries (
    seq            INTEGER PRIMARY KEY AUTOINCREMENT,
    id             TEXT NOT NULL UNIQUE,
    event_id       TEXT NOT NULL,
    endpoint_id    TEXT NOT NULL REFERENCES webhook_endpoints (id),
    institution_id TEXT NOT NULL,
    event          TEXT NOT NULL,
    data           TEXT NOT NULL,
    status         TEXT NOT NULL,
    attempts       INTEGER NOT NULL,
    last_status    INTEGER NOT NULL,
    last_error     TEXT NOT NULL,
    created_at     INTEGER NOT NULL,
    delivered_at   INTEGER
);
CREATE INDEX webhook_deliveries_pending ON webhook_deliveries (endpoint_id, seq) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_endpoint ON webhook_deliveries (endpoint_id, seq);

CREATE TABLE webhook_attempts (
    id          TEXT PRIMARY KEY,
    endpoint_id TEXT NOT NULL,
    delivery_id TEXT NOT NULL,
    at          INTEGER NOT NULL,
    status      INTEGER NOT NULL,
    latency_us  INTEGER NOT NULL,
    error       TEXT NOT NULL,
    response    TEXT NOT NULL
);
CREATE INDEX webhook_attempts_delivery ON webhook_attempts (delivery_id, at);
