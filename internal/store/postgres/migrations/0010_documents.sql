-- Documents and files (issue 11). Their bytes live outside the database, in
-- a blob store, encrypted under the profile's data key; these rows say
-- where (blob_key, the SHA-256 of the ciphertext) and what (the plaintext's
-- size, SHA-256 and sniffed media type). A row is written only after its
-- blob is durable; blobs no row refers to are swept after a grace period.

-- Data keys, each wrapped by the key above it: institution keys by the
-- master key ("institution:<id>"), profile keys by their institution's key
-- ("profile:<id>"). Deleting a profile's row erases everything sealed under
-- its key.
CREATE TABLE wrapped_keys (
    owner      TEXT COLLATE "C" PRIMARY KEY,
    wrapped    BYTEA NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE document_images (
    id                UUID PRIMARY KEY,
    institution_id    UUID NOT NULL,
    profile_id        UUID NOT NULL REFERENCES profiles (id),
    image_type        TEXT NOT NULL,
    document_type     TEXT NOT NULL,
    document_category TEXT NOT NULL,
    name              TEXT NOT NULL,
    blob_key          TEXT NOT NULL,
    size              BIGINT NOT NULL,
    sha256            TEXT NOT NULL,
    media_type        TEXT NOT NULL,
    uploaded_at       BIGINT NOT NULL
);
CREATE INDEX document_images_profile ON document_images (profile_id, uploaded_at);
CREATE INDEX document_images_blob ON document_images (blob_key);

CREATE TABLE profile_files (
    id             UUID PRIMARY KEY,
    institution_id UUID NOT NULL,
    profile_id     UUID NOT NULL REFERENCES profiles (id),
    name           TEXT NOT NULL,
    blob_key       TEXT NOT NULL,
    size           BIGINT NOT NULL,
    sha256         TEXT NOT NULL,
    media_type     TEXT NOT NULL,
    uploaded_at    BIGINT NOT NULL
);
CREATE INDEX profile_files_profile ON profile_files (profile_id, uploaded_at);
CREATE INDEX profile_files_blob ON profile_files (blob_key);
