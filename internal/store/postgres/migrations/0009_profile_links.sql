-- The links between companies and their associates: an index of the Linked
-- entries of every company's collected data (which stays the source of
-- truth), written with the company, so that an associate's companies
-- (linked_to) are found without reading every company's data. The
-- associate may be written later in the same transaction (a profile
-- created for an officer a registry check returned), hence the deferred check.

CREATE TABLE profile_links (
    company_id       UUID NOT NULL REFERENCES profiles (id),
    associate_id     UUID NOT NULL REFERENCES profiles (id) DEFERRABLE INITIALLY DEFERRED,
    institution_id   UUID NOT NULL,
    roles            TEXT NOT NULL,
    task_variant_ids TEXT NOT NULL,
    created_at       BIGINT NOT NULL,
    PRIMARY KEY (company_id, associate_id)
);
CREATE INDEX profile_links_associate ON profile_links (associate_id);
