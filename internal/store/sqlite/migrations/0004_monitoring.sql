-- Ongoing monitoring: the list versions monitoring has acted on, and one
-- row per re-screening run after a list changed, with its progress.

CREATE TABLE screening_lists (
    list       TEXT PRIMARY KEY,
    version    TEXT NOT NULL,
    updated_at INTEGER NOT NULL
);

CREATE TABLE monitor_runs (
    id           TEXT PRIMARY KEY,
    list         TEXT NOT NULL,
    from_version TEXT NOT NULL,
    to_version   TEXT NOT NULL,
    full_list    INTEGER NOT NULL,
    entity_keys  TEXT NOT NULL,
    removed      INTEGER NOT NULL,
    after_profile TEXT NOT NULL,
    profiles     INTEGER NOT NULL,
    events       INTEGER NOT NULL,
    done         INTEGER NOT NULL,
    created_at   INTEGER NOT NULL,
    finished_at  INTEGER
);
CREATE INDEX monitor_runs_created ON monitor_runs (created_at DESC);
