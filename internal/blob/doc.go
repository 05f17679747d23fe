// Package blob stores documents and files outside the SQL database, content
// addressed, in a local directory or an S3-compatible bucket.
//
// # What is stored
//
// Only ciphertext: the caller encrypts before Put (vault.EncryptingWriter
// under the profile's key) and decrypts after Open. A copy of the directory
// or the bucket therefore reveals sizes and times, nothing of content.
//
// # Content addresses
//
// A blob's key is the SHA-256 of the bytes stored, that is of the
// CIPHERTEXT ("sha256/ab/cdef…"). The alternatives were rejected:
//
//   - SHA-256 of the plaintext would let anyone holding the bucket confirm
//     that an institution stores a given document (hash a candidate passport
//     scan and look for it), and would show two institutions, or two
//     profiles, holding the same file.
//   - A keyed hash of the plaintext (HMAC under the institution key) hides
//     that, and would deduplicate within an institution; but the
//     deduplicated blob would then be shared by several profiles, each with
//     its own key, and erasing one profile (destroying its key) could no
//     longer erase its documents.
//
// Hashing the ciphertext keeps what content addressing is for here: the key
// is a checksum of the stored bytes (Open verifies it as it reads, so a
// corrupted or substituted object is detected without any key), writes are
// idempotent, and the name reveals nothing. Because every encryption uses
// fresh randomness, two uploads of the same document never share a blob,
// so deleting one profile's blob never breaks another's row.
//
// # Durability and the sweeper
//
// Put returns only once the object is durable: the directory store writes a
// temporary file, fsyncs it, renames it into place and fsyncs the
// directory; the bucket store uploads to a temporary key and copies it to
// its content key server-side. The row that refers to a blob is committed
// after Put returns, so a crash between the two leaves an unreferenced blob,
// never a dangling row. Sweeper removes such blobs (and abandoned temporary
// uploads) once they are older than a grace period that comfortably exceeds
// the time between a Put and its commit.
package blob
