package vault

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
)

// Stream encryption for documents: the online authenticated encryption
// scheme STREAM (Hoang, Reyhanitabar, Rogaway, Vizár 2015), as Tink's
// AES-GCM-HKDF streaming does it. The plaintext is cut into segments of
// SegmentSize bytes, each sealed with AES-256-GCM under a key derived for
// this stream alone, with the nonce
//
//	prefix (7 random bytes) | segment counter (4 bytes) | last flag (1 byte)
//
// so segments cannot be reordered (the counter), dropped from the end or
// extended (the last flag), or moved between streams (the per-stream key).
// Memory stays at about two segments whatever the document's size.
//
// Layout: header, then the segments, each SegmentSize+16 bytes except the
// last, which is shorter or equal (an empty plaintext is one empty last
// segment).
//
//	header = kind 0x03 | id length | key id | segment size (4 bytes) |
//	         salt (32 bytes) | nonce prefix (7 bytes)
//
// The stream key is HKDF-SHA256(key, salt, info = "gatehouse stream v1" |
// header), so changing any header byte changes the key and every segment
// fails; the caller's associated data is authenticated with each segment.

// SegmentSize is the plaintext size of a stream segment: large enough that
// the 16-byte tag and the per-segment work are negligible, small enough
// that a reader and a writer each hold only a few of them.
const SegmentSize = 64 << 10

const (
	saltSize        = 32
	prefixSize      = 7
	minSegmentSize  = 1 << 10
	maxSegmentSize  = 1 << 20 // a reader refuses larger, so a forged header cannot make it allocate more
	streamInfoLabel = "gatehouse stream v1"
)

// ErrTruncated means a stream ended before its last segment.
var ErrTruncated = errors.New("vault: stream is truncated")

// CiphertextSize returns the size of the stream EncryptingWriter makes
// from n bytes of plaintext under key, for size limits and progress.
func CiphertextSize(key *Key, n int64) int64 {
	segments := max((n+SegmentSize-1)/SegmentSize, 1)
	return int64(2+len(key.id)+4+saltSize+prefixSize) + n + segments*tagSize
}

// setNonce writes a segment's nonce into n, which holds the stream's prefix
// in its first bytes, and returns it.
func setNonce(n *[nonceSize]byte, counter uint32, last bool) []byte {
	binary.BigEndian.PutUint32(n[prefixSize:], counter)
	n[nonceSize-1] = 0
	if last {
		n[nonceSize-1] = 1
	}
	return n[:]
}

// streamAEAD derives the stream key from the key and the header.
func streamAEAD(key *Key, hdr []byte) (cipher.AEAD, error) {
	salt := hdr[len(hdr)-saltSize-prefixSize : len(hdr)-prefixSize]
	sk := key.derive(salt, streamInfoLabel+string(hdr))
	block, err := aes.NewCipher(sk)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}

// EncryptingWriter encrypts what is written to it into a stream on dst.
// Close writes the last segment; a stream not closed is truncated and will
// not decrypt. It is not safe for concurrent use.
type EncryptingWriter struct {
	dst     io.Writer
	aead    cipher.AEAD
	aad     []byte
	nonce   [nonceSize]byte // the stream's prefix, then counter and flag
	buf     []byte          // plaintext of the segment being filled
	out     []byte          // its ciphertext
	counter uint32
	err     error
	closed  bool
}

// NewEncryptingWriter writes the stream header to dst and returns the
// writer. aad binds the stream to its context (for a document, the profile
// and document ids): a reader given other aad refuses it.
func NewEncryptingWriter(dst io.Writer, key *Key, aad []byte) (*EncryptingWriter, error) {
	hdr := header(kindStream, key.id)
	hdr = binary.BigEndian.AppendUint32(hdr, SegmentSize)
	random := make([]byte, saltSize+prefixSize)
	rand.Read(random)
	hdr = append(hdr, random...)
	aead, err := streamAEAD(key, hdr)
	if err != nil {
		return nil, err
	}
	if _, err := dst.Write(hdr); err != nil {
		return nil, err
	}
	w := &EncryptingWriter{
		dst:  dst,
		aead: aead,
		aad:  append([]byte(nil), aad...),
		buf:  make([]byte, 0, SegmentSize),
		out:  make([]byte, 0, SegmentSize+tagSize),
	}
	copy(w.nonce[:], hdr[len(hdr)-prefixSize:])
	return w, nil
}

// Write encrypts p. A full segment is held back until more data arrives,
// because only Close knows which segment is the last.
func (w *EncryptingWriter) Write(p []byte) (int, error) {
	if w.err != nil {
		return 0, w.err
	}
	if w.closed {
		return 0, errors.New("vault: write to a closed EncryptingWriter")
	}
	n := 0
	for len(p) > 0 {
		if len(w.buf) == cap(w.buf) {
			if err := w.flush(false); err != nil {
				return n, err
			}
		}
		c := copy(w.buf[len(w.buf):cap(w.buf)], p)
		w.buf = w.buf[:len(w.buf)+c]
		p = p[c:]
		n += c
	}
	return n, nil
}

// Close writes the last segment. It does not close dst.
func (w *EncryptingWriter) Close() error {
	if w.closed {
		return w.err
	}
	w.closed = true
	if w.err != nil {
		return w.err
	}
	return w.flush(true)
}

func (w *EncryptingWriter) flush(last bool) error {
	if w.counter == math.MaxUint32 && !last {
		w.err = errors.New("vault: stream has too many segments")
		return w.err
	}
	w.out = w.aead.Seal(w.out[:0], setNonce(&w.nonce, w.counter, last), w.buf, w.aad)
	if _, err := w.dst.Write(w.out); err != nil {
		w.err = err
		return err
	}
	w.counter++
	w.buf = w.buf[:0]
	return nil
}

// DecryptingReader reads the plaintext of a stream. Each segment is
// authenticated before any of its bytes are returned; a Read error other
// than io.EOF (ErrDecrypt, ErrTruncated) means the stream is not what was
// written, and whatever was read before it must be discarded as a whole.
type DecryptingReader struct {
	src     io.Reader
	aead    cipher.AEAD
	aad     []byte
	nonce   [nonceSize]byte
	segment int
	buf     []byte // one encrypted segment plus one byte of look-ahead
	plain   []byte // decrypted bytes not yet returned, aliasing buf

	aheadByte byte // the byte read past the last full segment
	hasAhead  bool
	counter   uint32
	done      bool
	err       error
}

// NewDecryptingReader reads the stream header from src and returns the
// reader. It returns ErrFormat for a header that is not a stream's (or
// names a segment size outside 1 KiB to 1 MiB), a *KeyMismatchError if the
// stream was written under another key, and ErrTruncated if src ends
// inside the header.
func NewDecryptingReader(src io.Reader, key *Key, aad []byte) (*DecryptingReader, error) {
	var lead [2]byte
	if _, err := io.ReadFull(src, lead[:]); err != nil {
		return nil, streamReadErr(err)
	}
	if lead[0] != kindStream || lead[1] == 0 {
		return nil, ErrFormat
	}
	hdr := make([]byte, 2+int(lead[1])+4+saltSize+prefixSize)
	copy(hdr, lead[:])
	if _, err := io.ReadFull(src, hdr[2:]); err != nil {
		return nil, streamReadErr(err)
	}
	if id := string(hdr[2 : 2+int(lead[1])]); id != key.id {
		return nil, &KeyMismatchError{Want: id, Have: key.id}
	}
	seg := binary.BigEndian.Uint32(hdr[2+int(lead[1]):])
	if seg < minSegmentSize || seg > maxSegmentSize {
		return nil, ErrFormat
	}
	aead, err := streamAEAD(key, hdr)
	if err != nil {
		return nil, err
	}
	r := &DecryptingReader{
		src:     src,
		aead:    aead,
		aad:     append([]byte(nil), aad...),
		segment: int(seg),
		buf:     make([]byte, int(seg)+tagSize+1),
	}
	copy(r.nonce[:], hdr[len(hdr)-prefixSize:])
	return r, nil
}

func streamReadErr(err error) error {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return ErrTruncated
	}
	return err
}

// Read implements io.Reader.
func (r *DecryptingReader) Read(p []byte) (int, error) {
	for len(r.plain) == 0 {
		switch {
		case r.err != nil:
			return 0, r.err
		case r.done:
			return 0, io.EOF
		}
		r.next()
	}
	n := copy(p, r.plain)
	r.plain = r.plain[n:]
	return n, nil
}

// next reads, authenticates and decrypts one segment into r.plain. It reads
// one byte past a full segment to learn whether the segment is the last.
func (r *DecryptingReader) next() {
	full := r.segment + tagSize
	ahead := 0
	if r.hasAhead {
		// The byte read past the previous segment opens this one. It was
		// kept aside because the previous plaintext occupied buf[0].
		r.buf[0], ahead, r.hasAhead = r.aheadByte, 1, false
	}
	m, err := io.ReadFull(r.src, r.buf[ahead:full+1])
	total := ahead + m
	last := false
	switch {
	case err == nil:
		total = full
		r.aheadByte, r.hasAhead = r.buf[full], true
	case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
		last = true
	default:
		r.err = err
		return
	}
	if total < tagSize {
		r.err = ErrTruncated
		return
	}
	if !last && r.counter == math.MaxUint32 {
		r.err = errors.New("vault: stream has too many segments")
		return
	}
	// A stream cut at a segment boundary fails here too: the segment now
	// last was sealed as not last.
	ct := r.buf[:total]
	pt, err := r.aead.Open(ct[:0], setNonce(&r.nonce, r.counter, last), ct, r.aad)
	if err != nil {
		r.err = fmt.Errorf("%w (segment %d)", ErrDecrypt, r.counter)
		return
	}
	r.plain = pt
	r.counter++
	r.done = last
}
