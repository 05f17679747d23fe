package passfort

import (
	"encoding/json"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

// maxDepth bounds how deeply JSON values may nest, so that a hostile document
// cannot make the parser or the validator recurse without limit. It leaves
// room for maxEntityDepth associates nested in one another.
const maxDepth = 200

// tree is a parsed JSON document. It keeps what validation needs and what
// encoding/json throws away: member order, duplicate keys, number literals and
// where each value sits in the text. Nodes refer to one another by index, so a
// document is one slice, reused through treePool.
type tree struct {
	field string // JSON path of the document, the prefix of error paths
	text  string // compact JSON
	pos   int
	nodes []node
}

// node is one JSON value. kind is its first byte: '{', '[', '"', 't', 'f',
// 'n', or '0' for any number.
type node struct {
	kind                byte
	drop                bool  // left out of the view facts are read from
	parent, first, next int32 // -1 when absent
	keyAt, start, end   int32 // where the key (or value, in an array) and value sit in text
	key                 string
	str                 string // a string's value
}

var treePool = sync.Pool{New: func() any { return new(tree) }}

// parseTree parses compact, syntactically valid JSON (json.Compact has
// checked it), refusing what is valid JSON but not a usable document:
// duplicate keys, numbers out of float64 range, and deep nesting.
func parseTree(text, field string) (*tree, *kyc.Error) {
	t := treePool.Get().(*tree)
	t.field, t.text, t.pos = field, text, 0
	if t.nodes == nil {
		t.nodes = make([]node, 0, 64)
	}
	if _, err := t.value(-1, -1, 0, "", 0); err != nil {
		t.release()
		return nil, err
	}
	return t, nil
}

func (t *tree) release() {
	clear(t.nodes) // drop references to the document's strings
	if cap(t.nodes) > 1<<12 {
		t.nodes = nil
	}
	t.nodes, t.text = t.nodes[:0], ""
	treePool.Put(t)
}

// value parses the value at t.pos as the member or element after prev
// (-1 for the first) of parent (-1 for the document).
func (t *tree) value(parent, prev int32, keyAt int, key string, depth int) (int32, *kyc.Error) {
	n := int32(len(t.nodes))
	t.nodes = append(t.nodes, node{
		kind: t.text[t.pos], parent: parent, first: -1, next: -1,
		keyAt: int32(keyAt), start: int32(t.pos), key: key,
	})
	switch {
	case prev >= 0:
		t.nodes[prev].next = n
	case parent >= 0:
		t.nodes[parent].first = n
	}
	if depth > maxDepth {
		return n, kyc.FieldError(t.path(n), "nests too deeply")
	}
	var err *kyc.Error
	switch t.text[t.pos] {
	case '{':
		err = t.members(n, '}', depth)
	case '[':
		err = t.members(n, ']', depth)
	case '"':
		t.nodes[n].str = t.str()
		if reason := textProblem(t.text[t.nodes[n].start:t.pos], t.nodes[n].str, kyc.Prose); reason != "" {
			err = kyc.FieldError(t.path(n), reason)
		}
	case 't', 'n':
		t.pos += 4
	case 'f':
		t.pos += 5
	default:
		t.nodes[n].kind = '0'
		for t.pos < len(t.text) && strings.IndexByte("+-.0123456789eE", t.text[t.pos]) >= 0 {
			t.pos++
		}
		if _, perr := strconv.ParseFloat(t.text[t.nodes[n].start:t.pos], 64); perr != nil {
			err = kyc.FieldError(t.path(n), "is a number out of range")
		}
	}
	t.nodes[n].end = int32(t.pos)
	return n, err
}

// members parses the members of an object or the elements of an array.
func (t *tree) members(n int32, closer byte, depth int) *kyc.Error {
	t.pos++ // '{' or '['
	last := int32(-1)
	for t.text[t.pos] != closer {
		if last >= 0 {
			t.pos++ // ','
		}
		keyAt, key := t.pos, ""
		if closer == '}' {
			key = t.str()
			if reason := textProblem(t.text[keyAt:t.pos], key, kyc.Line); reason != "" {
				return kyc.FieldError(t.path(n), "has a member name that "+reason)
			}
			t.pos++ // ':'
		}
		c, err := t.value(n, last, keyAt, key, depth+1)
		if err != nil {
			return err
		}
		last = c
	}
	t.pos++
	if closer == '}' {
		if d := t.duplicate(n); d >= 0 {
			return kyc.FieldError(t.path(d), "appears twice")
		}
	}
	return nil
}

// str reads a string literal and returns its value.
func (t *tree) str() string {
	start, escaped := t.pos, false
	for t.pos++; t.text[t.pos] != '"'; t.pos++ {
		if t.text[t.pos] == '\\' {
			escaped = true
			t.pos++
		}
	}
	t.pos++
	lit := t.text[start:t.pos]
	if !escaped {
		return lit[1 : len(lit)-1]
	}
	var s string
	_ = json.Unmarshal([]byte(lit), &s) // the literal is valid JSON
	return s
}

// textProblem returns why the value s of the string literal lit is not
// acceptable text of kind k (kyc.TextProblem), or "". A lone UTF-16
// surrogate escape, which encoding/json reads as U+FFFD while the stored
// document keeps the escape, is refused too.
func textProblem(lit, s string, k kyc.TextKind) string {
	if reason := kyc.TextProblem(s, k); reason != "" {
		return reason
	}
	if strings.ContainsRune(s, utf8.RuneError) && unpairedSurrogate(lit) {
		return "is not valid Unicode: it escapes half of a UTF-16 surrogate pair"
	}
	return ""
}

// unpairedSurrogate reports whether a valid JSON string literal has a \u
// escape of a surrogate that is not part of a high-low pair.
func unpairedSurrogate(lit string) bool {
	code := func(i int) uint64 { // the \uXXXX escape at lit[i]
		if i+6 > len(lit) || lit[i] != '\\' || lit[i+1] != 'u' {
			return 0
		}
		c, _ := strconv.ParseUint(lit[i+2:i+6], 16, 32)
		return c
	}
	for i := 0; i < len(lit); i++ {
		if lit[i] != '\\' {
			continue
		}
		c := code(i)
		switch {
		case c >= 0xdc00 && c <= 0xdfff:
			return true
		case c >= 0xd800 && c <= 0xdbff:
			if low := code(i + 6); low < 0xdc00 || low > 0xdfff {
				return true
			}
			i += 11
		default:
			i++ // the escaped character
		}
	}
	return false
}

// duplicate returns the second member of object n whose key is already
// taken, or -1.
func (t *tree) duplicate(n int32) int32 {
	count := 0
	for c := t.nodes[n].first; c >= 0; c = t.nodes[c].next {
		count++
	}
	if count <= 16 {
		for c := t.nodes[n].first; c >= 0; c = t.nodes[c].next {
			for d := t.nodes[n].first; d != c; d = t.nodes[d].next {
				if t.nodes[d].key == t.nodes[c].key {
					return c
				}
			}
		}
		return -1
	}
	seen := make(map[string]struct{}, count)
	for c := t.nodes[n].first; c >= 0; c = t.nodes[c].next {
		if _, ok := seen[t.nodes[c].key]; ok {
			return c
		}
		seen[t.nodes[c].key] = struct{}{}
	}
	return -1
}

// member returns the member of object n named key, or -1.
func (t *tree) member(n int32, key string) int32 {
	for c := t.nodes[n].first; c >= 0; c = t.nodes[c].next {
		if t.nodes[c].key == key {
			return c
		}
	}
	return -1
}

// path returns the JSON path of node n for error messages, such as
// collected_data.address_history[0].address.country.
func (t *tree) path(n int32) string {
	if t.nodes[n].parent < 0 {
		return t.field
	}
	p := t.nodes[n].parent
	if t.nodes[p].kind == '{' {
		return t.path(p) + "." + t.nodes[n].key
	}
	i := 0
	for c := t.nodes[p].first; c != n; c = t.nodes[c].next {
		i++
	}
	return t.path(p) + "[" + strconv.Itoa(i) + "]"
}

// appendView appends node n to b as compact JSON, leaving out dropped members.
func (t *tree) appendView(b []byte, n int32) []byte {
	nd := &t.nodes[n]
	if nd.kind != '{' && nd.kind != '[' {
		return append(b, t.text[nd.start:nd.end]...)
	}
	b = append(b, nd.kind)
	sep := false
	for c := nd.first; c >= 0; c = t.nodes[c].next {
		if t.nodes[c].drop {
			continue
		}
		if sep {
			b = append(b, ',')
		}
		sep = true
		b = append(b, t.text[t.nodes[c].keyAt:t.nodes[c].start]...)
		b = t.appendView(b, c)
	}
	return append(b, t.text[nd.end-1])
}
