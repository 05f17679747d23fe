-- Checks in progress at external providers (integrations of PassFort's
-- partner protocol): the integration's reference to each check, its
-- custom_data, the polls made, and the document images the integration may
-- download while the check runs. A row lives as long as its check runs; the
-- transaction that completes the check deletes it.

CREATE TABLE provider_checks (
    check_id       TEXT PRIMARY KEY REFERENCES checks (id),
    institution_id TEXT NOT NULL,
    profile_id     TEXT NOT NULL,
    peer           TEXT NOT NULL,
    stage          TEXT NOT NULL,
    provider_id    TEXT NOT NULL,
    reference      TEXT NOT NULL,
    custom_data    TEXT NOT NULL,
    polls          INTEGER NOT NULL,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL
);
CREATE INDEX provider_checks_ref ON provider_checks (peer, provider_id, reference);

CREATE TABLE provider_check_images (
    image_id TEXT NOT NULL,
    check_id TEXT NOT NULL REFERENCES provider_checks (check_id),
    PRIMARY KEY (image_id, check_id)
);
CREATE INDEX provider_check_images_check ON provider_check_images (check_id);
