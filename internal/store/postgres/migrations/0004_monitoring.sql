-- Ongoing monitoring: the list versions monitoring has acted on, and one
-- row per re-screening run after a list changed, with its progress.

CREATE TABLE screening_lists (
    list       TEXT PRIMARY KEY,
    version    TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE monitor_runs (
    id           UUID PRIMARY KEY,
    list         TEXT NOT NULL,
    from_version TEXT NOT NULL,
    to_version   TEXT NOT NULL,
    full_list    BOOLEAN NOT NULL,
    entity_keys  TEXT NOT NULL,
    removed      BIGINT NOT NULL,
    after_profile TEXT NOT NULL,
    profiles     BIGINT NOT NULL,
    events       BIGINT NOT NULL,
    done         BOOLEAN NOT NULL,
    created_at   BIGINT NOT NULL,
    finished_at  BIGINT
);
CREATE INDEX monitor_runs_created ON monitor_runs (created_at DESC);
