package kyc

import (
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"sync"
	"time"
)

// NewID returns a new lowercase UUID, version 7: the first 48 bits are the
// Unix time in milliseconds and the next 12 a counter, so that the ids one
// process creates sort in creation order (records created in one request
// share a timestamp and are listed by id), and B-tree inserts stay local.
func NewID() string {
	ms, seq := idClock()
	var b [16]byte
	_, _ = rand.Read(b[8:])
	binary.BigEndian.PutUint64(b[:8], uint64(ms)<<16|0x7000|uint64(seq))
	b[8] = (b[8] & 0x3f) | 0x80 // RFC 9562 variant
	var s [36]byte
	hex.Encode(s[0:8], b[0:4])
	s[8] = '-'
	hex.Encode(s[9:13], b[4:6])
	s[13] = '-'
	hex.Encode(s[14:18], b[6:8])
	s[18] = '-'
	hex.Encode(s[19:23], b[8:10])
	s[23] = '-'
	hex.Encode(s[24:], b[10:])
	return string(s[:])
}

var (
	idMu   sync.Mutex
	lastMS int64
	idSeq  uint16
)

// idClock returns the millisecond timestamp and 12-bit counter of the next
// id. The counter starts at a random value below 2048 each millisecond and
// increments; when it would overflow, the timestamp moves one millisecond on.
func idClock() (int64, uint16) {
	ms := time.Now().UnixMilli()
	idMu.Lock()
	defer idMu.Unlock()
	if ms > lastMS {
		var r [2]byte
		_, _ = rand.Read(r[:])
		lastMS, idSeq = ms, binary.BigEndian.Uint16(r[:])&0x07ff
		return lastMS, idSeq
	}
	idSeq++
	if idSeq > 0x0fff {
		lastMS++
		idSeq = 0
	}
	return lastMS, idSeq
}

// ValidID reports whether s is a UUID in the 8-4-4-4-12 hex form.
func ValidID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < 36; i++ {
		c := s[i]
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
				return false
			}
		}
	}
	return true
}
