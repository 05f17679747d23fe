package passfort

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"unicode/utf8"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

// Uploads (POST /document_images, POST /files) carry their bytes as base64
// in the JSON member "data", which may be tens of megabytes. They are read
// with a streaming tokenizer of their own rather than encoding/json, which
// would hold the whole string: the members other than data are small and
// read whole (at most maxUploadMember bytes each), and data is unescaped
// and base64-decoded as it arrives and handed, as a reader, to a store
// function that encrypts it on its way out of the process. The body is
// read once; nothing of it is kept but the small members.

// maxUploadMember bounds each member of an upload body other than data.
const maxUploadMember = 64 << 10

// maxUploadName bounds a file name.
const maxUploadName = 255

// StoreFunc stores the decoded bytes of an upload, reading r to its end.
type StoreFunc func(r io.Reader) (kyc.Content, error)

// DecodeDocumentImage reads a POST /document_images body (a
// DocumentImageResource) from r, calling store with the decoded bytes of
// data when it carries them. data may instead be the id of a file of the
// profile (the contract's Base64 allows a UUID), which is then used as the
// image. image_type, document_type and document_category are optional and
// checked against the contract's enums; name is a Gatehouse extension (the
// file name the audit trail shows). Read-only members (id, upload_date,
// encrypted_data) and unknown ones are ignored.
func DecodeDocumentImage(r io.Reader, store StoreFunc) (kyc.NewDocumentImage, error) {
	var in kyc.NewDocumentImage
	err := scanUpload(r, true, func(key string, raw []byte) error {
		switch key {
		case "image_type":
			return enumMember(key, raw, imageType, &in.ImageType)
		case "document_type":
			return enumMember(key, raw, documentType, &in.DocumentType)
		case "document_category":
			return enumMember(key, raw, documentCategory, &in.DocumentCategory)
		case "name":
			return nameMember(raw, &in.Name)
		}
		return nil
	}, func(fileID string, data io.Reader) error {
		if data == nil {
			in.FileID = fileID
			return nil
		}
		c, err := store(data)
		if err != nil {
			return err
		}
		in.Content = &c
		return nil
	})
	return in, err
}

// DecodeFile reads a POST /files body (a CreateFileResource: data, and the
// FileResource's name) from r, calling store with the decoded bytes.
func DecodeFile(r io.Reader, store StoreFunc) (kyc.NewFile, error) {
	var in kyc.NewFile
	err := scanUpload(r, false, func(key string, raw []byte) error {
		if key == "name" {
			return nameMember(raw, &in.Name)
		}
		return nil
	}, func(_ string, data io.Reader) error {
		c, err := store(data)
		in.Content = c
		return err
	})
	return in, err
}

var imageType = enum("FRONT", "BACK", "FACE")

// enumMember reads a string member (null: absent) checked by s.
func enumMember(key string, raw []byte, s *schema, dst *string) error {
	if string(raw) == "null" {
		return nil
	}
	var v string
	if err := json.Unmarshal(raw, &v); err != nil {
		return kyc.FieldError(key, "must be a string")
	}
	if reason := s.format(v); reason != "" {
		return kyc.FieldError(key, reason)
	}
	*dst = v
	return nil
}

// nameMember reads a file name: a short line of text.
func nameMember(raw []byte, dst *string) error {
	if string(raw) == "null" {
		return nil
	}
	var v string
	if err := json.Unmarshal(raw, &v); err != nil {
		return kyc.FieldError("name", "must be a string")
	}
	if len(v) > maxUploadName {
		return kyc.FieldError("name", fmt.Sprintf("must be at most %d bytes", maxUploadName))
	}
	for _, c := range v {
		if c < 0x20 || c == 0x7f {
			return kyc.FieldError("name", "must not contain control characters")
		}
	}
	*dst = v
	return nil
}

// scanUpload reads one JSON object from r. Each member but data goes to
// member as its raw JSON; data goes to data, once: as a file id (data nil)
// when fileRefs allows one and the string is a UUID, else as a reader of
// the decoded bytes, which data must read to the end. A body without data
// is a MissingField error.
func scanUpload(r io.Reader, fileRefs bool, member func(key string, raw []byte) error,
	data func(fileID string, r io.Reader) error) error {
	s := &scanner{br: bufio.NewReaderSize(r, 32<<10)}
	if err := s.expect('{'); err != nil {
		if errors.Is(err, errEmpty) {
			return kyc.FieldError("body", "is empty; a JSON object is required")
		}
		return err
	}
	seen := map[string]bool{}
	for first := true; ; first = false {
		c, err := s.next()
		if err != nil {
			return s.eof(err)
		}
		if c == '}' && first {
			break
		}
		if !first {
			if c == '}' {
				break
			}
			if c != ',' {
				return s.syntax(c, "',' or '}'")
			}
			if c, err = s.next(); err != nil {
				return s.eof(err)
			}
		}
		if c != '"' {
			return s.syntax(c, "a member name")
		}
		key, err := s.key()
		if err != nil {
			return err
		}
		if seen[key] {
			return kyc.FieldError(key, "appears twice")
		}
		seen[key] = true
		if err := s.expect(':'); err != nil {
			return err
		}
		if key == "data" {
			if err := s.data(fileRefs, data); err != nil {
				return err
			}
			continue
		}
		raw, err := s.value(key)
		if err != nil {
			return err
		}
		if err := member(key, raw); err != nil {
			return err
		}
	}
	if c, err := s.next(); err != io.EOF {
		if err != nil {
			return err
		}
		return s.syntax(c, "the end of the body")
	}
	if !seen["data"] {
		return kyc.MissingField("data")
	}
	return nil
}

// scanner is the upload tokenizer: a reader with a position for errors.
type scanner struct {
	br  *bufio.Reader
	off int64
}

var errEmpty = errors.New("empty body")

func (s *scanner) readByte() (byte, error) {
	c, err := s.br.ReadByte()
	if err == nil {
		s.off++
	}
	return c, err
}

// next returns the next byte that is not white space; io.EOF at the end.
func (s *scanner) next() (byte, error) {
	for {
		c, err := s.readByte()
		if err != nil {
			return 0, err
		}
		switch c {
		case ' ', '\t', '\r', '\n':
			continue
		}
		return c, nil
	}
}

// unexpectedEOF is the error for a body that ends too soon, unless the
// reader failed for a reason of its own (a limit, a broken connection).
func (s *scanner) eof(err error) error {
	if err == io.EOF || err == io.ErrUnexpectedEOF {
		return kyc.FieldError("body", fmt.Sprintf("is not valid JSON: it ends early, at byte %d", s.off))
	}
	return err
}

func (s *scanner) syntax(c byte, want string) error {
	return kyc.FieldError("body", fmt.Sprintf("is not valid JSON: %s at byte %d, want %s", quoteByte(c), s.off, want))
}

func quoteByte(c byte) string {
	if c >= 0x20 && c < 0x7f {
		return strconv.Quote(string(c))
	}
	return fmt.Sprintf("byte 0x%02x", c)
}

func (s *scanner) expect(want byte) error {
	c, err := s.next()
	if err == io.EOF && want == '{' && s.off == 0 {
		return errEmpty
	}
	if err != nil {
		return s.eof(err)
	}
	if c != want {
		return s.syntax(c, strconv.Quote(string(want)))
	}
	return nil
}

// key reads a member name (its opening quote already read).
func (s *scanner) key() (string, error) {
	raw, err := s.stringLiteral(256, "body")
	if err != nil {
		return "", err
	}
	var k string
	if err := json.Unmarshal(raw, &k); err != nil {
		return "", kyc.FieldError("body", "is not valid JSON: a member name is malformed")
	}
	return k, nil
}

// stringLiteral reads the rest of a string literal whose opening quote was
// read, returning the whole literal, quotes included. A literal longer
// than limit is an error naming field.
func (s *scanner) stringLiteral(limit int, field string) ([]byte, error) {
	out := []byte{'"'}
	for {
		c, err := s.readByte()
		if err != nil {
			return nil, s.eof(err)
		}
		out = append(out, c)
		if len(out) > limit {
			return nil, kyc.FieldError(field, fmt.Sprintf("is longer than %d bytes", limit))
		}
		switch {
		case c == '"':
			return out, nil
		case c == '\\':
			e, err := s.readByte()
			if err != nil {
				return nil, s.eof(err)
			}
			out = append(out, e)
		case c < 0x20:
			return nil, s.syntax(c, "no control characters in a string")
		}
	}
}

// value reads one JSON value whole (at most maxUploadMember bytes) and
// checks its syntax.
func (s *scanner) value(key string) ([]byte, error) {
	c, err := s.next()
	if err != nil {
		return nil, s.eof(err)
	}
	var out []byte
	switch c {
	case '"':
		out, err = s.stringLiteral(maxUploadMember, key)
	case '{', '[':
		out, err = s.nested(c, key)
	default:
		out = []byte{c}
		for {
			b, err := s.br.Peek(1)
			if err != nil || bytes.IndexByte([]byte(",}] \t\r\n"), b[0]) >= 0 {
				break
			}
			c, _ := s.readByte()
			if out = append(out, c); len(out) > 64 {
				return nil, kyc.FieldError(key, "is not a valid JSON value")
			}
		}
	}
	if err != nil {
		return nil, err
	}
	if !json.Valid(out) {
		return nil, kyc.FieldError(key, "is not a valid JSON value")
	}
	return out, nil
}

// nested reads an object or array whose opening bracket was read.
func (s *scanner) nested(open byte, key string) ([]byte, error) {
	out := []byte{open}
	depth := 1
	for depth > 0 {
		c, err := s.readByte()
		if err != nil {
			return nil, s.eof(err)
		}
		if c == '"' {
			lit, err := s.stringLiteral(maxUploadMember, key)
			if err != nil {
				return nil, err
			}
			out = append(out, lit...)
		} else {
			out = append(out, c)
		}
		switch {
		case c == '{' || c == '[':
			if depth++; depth > maxDepth {
				return nil, kyc.FieldError(key, "nests too deeply")
			}
		case c == '}' || c == ']':
			depth--
		}
		if len(out) > maxUploadMember {
			return nil, kyc.FieldError(key, fmt.Sprintf("is longer than %d bytes", maxUploadMember))
		}
	}
	return out, nil
}

// data reads the data member: a string holding base64 (or a data URI of
// base64), or, when fileRefs allows, a file id.
func (s *scanner) data(fileRefs bool, data func(fileID string, r io.Reader) error) error {
	c, err := s.next()
	if err != nil {
		return s.eof(err)
	}
	if c != '"' {
		if c == 'n' {
			return kyc.MissingField("data")
		}
		return kyc.FieldError("data", "must be a string of base64")
	}
	if fileRefs {
		if b, _ := s.br.Peek(37); len(b) == 37 && b[36] == '"' && kyc.ValidID(string(b[:36])) {
			id := string(b[:36])
			s.br.Discard(37)
			s.off += 37
			return data(id, nil)
		}
	}
	sr := &stringReader{s: s}
	if err := sr.skipDataURI(); err != nil {
		return err
	}
	dec := &base64Reader{r: base64.NewDecoder(base64.StdEncoding, sr), sr: sr}
	if err := data("", dec); err != nil {
		return err
	}
	if !sr.done { // the store stopped early without an error: finish the string
		if _, err := io.Copy(io.Discard, dec); err != nil {
			return err
		}
	}
	return nil
}

// stringReader yields the unescaped content of a JSON string being read,
// ending (io.EOF) at its closing quote.
type stringReader struct {
	s       *scanner
	done    bool
	pending []byte // bytes of an escape not yet returned
}

func (r *stringReader) Read(p []byte) (int, error) {
	n := 0
	for n < len(p) && !r.done {
		if len(r.pending) > 0 {
			m := copy(p[n:], r.pending)
			r.pending, n = r.pending[m:], n+m
			continue
		}
		buf, err := r.s.br.Peek(1)
		if err != nil {
			return n, r.s.eof(err)
		}
		buf, _ = r.s.br.Peek(min(r.s.br.Buffered(), len(p)-n))
		i := 0
		for i < len(buf) && buf[i] != '"' && buf[i] != '\\' && buf[i] >= 0x20 {
			i++
		}
		copy(p[n:], buf[:i])
		r.s.br.Discard(i)
		r.s.off += int64(i)
		n += i
		if i == len(buf) {
			continue
		}
		c, _ := r.s.readByte()
		switch {
		case c == '"':
			r.done = true
		case c == '\\':
			if err := r.escape(); err != nil {
				return n, err
			}
		default:
			return n, r.s.syntax(c, "no control characters in a string")
		}
	}
	if r.done && n == 0 && len(r.pending) == 0 {
		return 0, io.EOF
	}
	return n, nil
}

// escape decodes an escape sequence into pending.
func (r *stringReader) escape() error {
	c, err := r.s.readByte()
	if err != nil {
		return r.s.eof(err)
	}
	switch c {
	case '"', '\\', '/':
		r.pending = []byte{c}
	case 'b':
		r.pending = []byte{'\b'}
	case 'f':
		r.pending = []byte{'\f'}
	case 'n':
		r.pending = []byte{'\n'}
	case 'r':
		r.pending = []byte{'\r'}
	case 't':
		r.pending = []byte{'\t'}
	case 'u':
		var hex [4]byte
		for i := range hex {
			if hex[i], err = r.s.readByte(); err != nil {
				return r.s.eof(err)
			}
		}
		v, err := strconv.ParseUint(string(hex[:]), 16, 16)
		if err != nil {
			return kyc.FieldError("data", "has a malformed \\u escape")
		}
		r.pending = utf8.AppendRune(nil, rune(v))
	default:
		return r.s.syntax(c, "an escape sequence")
	}
	return nil
}

// skipDataURI skips a "data:<type>;base64," prefix: the contract's Base64
// may be a data URI. The type it claims is not used (content is identified
// by its bytes).
func (r *stringReader) skipDataURI() error {
	b, _ := r.s.br.Peek(5)
	if string(b) != "data:" {
		return nil
	}
	head, _ := r.s.br.Peek(256)
	if end := bytes.IndexByte(head, '"'); end >= 0 {
		head = head[:end]
	}
	comma := bytes.IndexByte(head, ',')
	if comma < 0 || !bytes.HasSuffix(head[:comma], []byte(";base64")) {
		return kyc.FieldError("data", "is a data URI without ;base64, (only base64 data URIs are accepted)")
	}
	for _, c := range head[:comma] {
		if c < 0x20 || c >= 0x7f || c == '\\' {
			return kyc.FieldError("data", "is a data URI whose media type is not printable ASCII")
		}
	}
	r.s.br.Discard(comma + 1)
	r.s.off += int64(comma + 1)
	return nil
}

// base64Reader turns the base64 decoder's errors into field errors.
type base64Reader struct {
	r  io.Reader
	sr *stringReader
}

func (b *base64Reader) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	var ce base64.CorruptInputError
	switch {
	case errors.As(err, &ce):
		return n, kyc.FieldError("data", "is not base64: it holds a character outside the base64 alphabet, or padding in the middle")
	case err == io.ErrUnexpectedEOF && b.sr.done:
		return n, kyc.FieldError("data", "is not base64: its length is not a multiple of 4 (padding missing?)")
	}
	return n, err
}
