package demo

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
)

// uuidFor derives a UUID from the check id and a label, so that the ids a
// demo check invents (documents, images, associates) are the same every
// time the same check is run, and differ between checks. It has the form of
// a version 8 (custom) UUID.
func uuidFor(checkID, label string) string {
	sum := sha256.Sum256([]byte(checkID + "\x00" + label))
	sum[6] = sum[6]&0x0f | 0x80
	sum[8] = sum[8]&0x3f | 0x80
	var b [36]byte
	hex.Encode(b[0:8], sum[0:4])
	b[8] = '-'
	hex.Encode(b[9:13], sum[4:6])
	b[13] = '-'
	hex.Encode(b[14:18], sum[6:8])
	b[18] = '-'
	hex.Encode(b[19:23], sum[8:10])
	b[23] = '-'
	hex.Encode(b[24:36], sum[10:16])
	return string(b[:])
}

// seed is a number derived from a text (a name or company number), for
// details that should look varied yet stay the same for the same entity,
// such as an incorporation date or a match id.
func seed(s string) uint64 {
	sum := sha256.Sum256([]byte(s))
	return binary.BigEndian.Uint64(sum[:8])
}

// tag is a short stable hex tag for a text, used in match ids.
func tag(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:4])
}
