// Package vault holds Gatehouse's keys and the encryption built on them:
// master keys, per-institution and per-profile data keys, sealed fields,
// blind indexes for search, and chunked stream encryption for documents.
//
// # Threat model
//
// The attacker this package defends against holds a copy of the data at
// rest: a database dump, a backup, or a copy of the blob bucket or
// directory, but not the master key, which lives only in the process's
// environment or in a key file kept apart from the data. From such a copy
// they must learn nothing of personal data or documents beyond sizes,
// counts and timing, and must not be able to move ciphertext between rows,
// fields, profiles or institutions without detection. An attacker who can
// run code in the server process, or read its memory or environment, is
// out of scope: they hold the master key.
//
// # Key hierarchy
//
//	master key (env GATEHOUSE_MASTER_KEY or a key file; several for rotation)
//	  └─ wraps one data key per institution   (owner "institution:<id>")
//	       └─ wraps one data key per profile  (owner "profile:<id>")
//	            └─ seals the profile's fields and document streams
//
// Keys below the master are stored only wrapped (AES-256-GCM, the wrapping
// key's id in the header, the owner as associated data, so a wrapped key
// copied onto another owner's row does not unwrap). Destroying a profile's
// wrapped key erases that profile everywhere its ciphertext went, backups
// included, once the backups holding the wrapped key itself have aged out.
// An institution's key also keys its blind indexes (through a derived
// subkey), because search runs across that institution's profiles.
//
// # Rotation
//
// Rotating the master key never re-encrypts data: the operator configures
// the new key first (it becomes current) and keeps the old one listed,
// then Rewrap rewraps every institution key under the new master, after
// which the old master can be removed. Data keys themselves are not
// rotated in place; a profile's data is re-sealed under a new profile key
// by the code that owns that data.
//
// # Formats
//
// Every ciphertext starts with a kind byte (sealed field, wrapped key,
// stream; a new version of a format gets a new kind byte), the length of
// the key id and the key id. The header is part of the authenticated data,
// so changing the kind or key id fails to decrypt, and ciphertext of one
// kind is never accepted as another.
package vault
