package passfort

import (
	"math"
	"strconv"
	"strings"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

// A schema describes one value of the contract: a small subset of OpenAPI
// 3.0 schemas, just enough for EntityData and EventData. The descriptions
// themselves are in entitydata.go, individual.go, company.go, associate.go,
// address.go, document.go, filing.go and event.go.
type schema struct {
	kind     kind
	nullable bool

	// Strings: format returns "" or why the value is refused; enum lists the
	// allowed values when there is a list (format checks them).
	format func(string) string
	enum   []string

	// Numbers: the inclusive bounds, when there are any.
	minimum, maximum *float64

	// Arrays.
	items *schema

	// Objects, and untyped schemas when the value is an object. closed is why
	// an undeclared member is refused ("" allows them), unless keys is set:
	// then an undeclared member is allowed if keys passes its name, and its
	// value must match values.
	props    map[string]*schema
	required []string
	closed   string
	keys     func(string) string
	values   *schema

	// check validates an object in place of the members above, for the
	// contract's oneOf and anyOf.
	check func(v *validator, n int32, depth int) *kyc.Error

	// entity marks EntityData, whose nesting maxEntityDepth bounds.
	entity bool
}

type kind uint8

const (
	anyKind kind = iota // untyped: any value but null
	stringKind
	numberKind
	integerKind
	booleanKind
	objectKind
	arrayKind
)

var kindReasons = [...]string{
	anyKind:     "must not be null",
	stringKind:  "must be a string",
	numberKind:  "must be a number",
	integerKind: "must be an integer",
	booleanKind: "must be true or false",
	objectKind:  "must be an object",
	arrayKind:   "must be an array",
}

// jsonKinds maps a schema kind to the node kind it accepts.
var jsonKinds = [...]byte{
	stringKind:  '"',
	numberKind:  '0',
	integerKind: '0',
	objectKind:  '{',
	arrayKind:   '[',
}

// maxEntityDepth bounds how deeply associates' immediate_data may nest.
const maxEntityDepth = 32

// validator checks a tree against a schema. It stops at the first error,
// walking members in document order, then required members in schema order.
type validator struct {
	t     *tree
	drops []int32 // members facts must not see (see factsDrop)
}

func (v *validator) fail(n int32, reason string) *kyc.Error {
	return kyc.FieldError(v.t.path(n), reason)
}

func (v *validator) value(s *schema, n int32, depth int) *kyc.Error {
	nd := &v.t.nodes[n]
	if nd.kind == 'n' && s.nullable {
		return nil
	}
	if !kindMatches(s.kind, nd.kind) {
		return v.fail(n, kindReasons[s.kind])
	}
	switch {
	case nd.kind == '"' && s.format != nil:
		if reason := s.format(nd.str); reason != "" {
			return v.fail(n, reason)
		}
	case nd.kind == '0' && (s.kind == integerKind || s.minimum != nil || s.maximum != nil):
		f, _ := strconv.ParseFloat(v.t.text[nd.start:nd.end], 64)
		if s.kind == integerKind && f != math.Trunc(f) {
			return v.fail(n, kindReasons[integerKind])
		}
		if reason := s.bounds(f); reason != "" {
			return v.fail(n, reason)
		}
	case nd.kind == '[' && s.items != nil:
		for c := nd.first; c >= 0; c = v.t.nodes[c].next {
			if err := v.value(s.items, c, depth); err != nil {
				return err
			}
		}
	case nd.kind == '{' && (s.props != nil || s.check != nil || s.keys != nil):
		if s.entity {
			if depth++; depth > maxEntityDepth {
				return v.fail(n, "nests more than "+strconv.Itoa(maxEntityDepth)+" entities deep")
			}
		}
		if s.check != nil {
			return s.check(v, n, depth)
		}
		return v.object(s, n, depth)
	}
	return nil
}

func kindMatches(k kind, node byte) bool {
	switch k {
	case anyKind:
		return node != 'n'
	case booleanKind:
		return node == 't' || node == 'f'
	}
	return node == jsonKinds[k]
}

func (v *validator) object(s *schema, n int32, depth int) *kyc.Error {
	for c := v.t.nodes[n].first; c >= 0; c = v.t.nodes[c].next {
		key := v.t.nodes[c].key
		if p, ok := s.props[key]; ok {
			if err := v.value(p, c, depth); err != nil {
				return err
			}
			continue
		}
		switch {
		case s.keys != nil:
			if reason := s.keys(key); reason != "" {
				return v.fail(c, reason)
			}
			if err := v.value(s.values, c, depth); err != nil {
				return err
			}
		case s.closed != "":
			return v.fail(c, s.closed)
		case factsDrop(key):
			v.drops = append(v.drops, c)
		}
	}
	for _, r := range s.required {
		if v.t.member(n, r) < 0 {
			return kyc.MissingField(v.t.path(n) + "." + r)
		}
	}
	return nil
}

// missingOneOf is the error for an object that needs one of two members.
func missingOneOf(path, a, b string) *kyc.Error {
	err := kyc.MissingField(path)
	err.Message = path + ": needs " + a + " or " + b
	err.Info["reason"] = "needs " + a + " or " + b
	return err
}

// Helpers that keep the schema descriptions short.

type fields map[string]*schema

var (
	text    = &schema{kind: stringKind}
	number  = &schema{kind: numberKind}
	integer = &schema{kind: integerKind}
	boolean = &schema{kind: booleanKind}
	anyJSON = &schema{kind: anyKind}
	texts   = arrayOf(text)
	// line is text on one line: names and references, which have no use
	// for tabs or line breaks (text, free text, may hold them; every
	// string is refused other control characters as it is parsed).
	line  = pattern(func(s string) string { return kyc.TextProblem(s, kyc.Line) })
	lines = arrayOf(line)
)

func object(props fields, required ...string) *schema {
	return &schema{kind: objectKind, props: props, required: required}
}

// closedObject is an object with additionalProperties: false.
func closedObject(props fields, required ...string) *schema {
	s := object(props, required...)
	s.closed = "is not allowed here"
	return s
}

func arrayOf(items *schema) *schema { return &schema{kind: arrayKind, items: items} }

func pattern(format func(string) string) *schema {
	return &schema{kind: stringKind, format: format}
}

func enum(values ...string) *schema {
	set := setOf(values)
	reason := "must be one of " + strings.Join(values, ", ")
	return &schema{kind: stringKind, enum: values, format: func(s string) string {
		if _, ok := set[s]; ok {
			return ""
		}
		return reason
	}}
}

// between is a number from lo to hi inclusive.
func between(lo, hi float64) *schema {
	return &schema{kind: numberKind, minimum: &lo, maximum: &hi}
}

// bounds returns "" for a number within the schema's bounds, or why it is not.
func (s *schema) bounds(f float64) string {
	lo, hi := s.minimum, s.maximum
	switch {
	case lo != nil && hi != nil && (f < *lo || f > *hi):
		return "must be between " + formatNumber(*lo) + " and " + formatNumber(*hi)
	case lo != nil && f < *lo:
		return "must be at least " + formatNumber(*lo)
	case hi != nil && f > *hi:
		return "must be at most " + formatNumber(*hi)
	}
	return ""
}

func formatNumber(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }

// discriminated is a oneOf whose variant is named by a string member.
func discriminated(member string, variants map[string]*schema, names ...string) *schema {
	reason := "must be one of " + strings.Join(names, ", ")
	return &schema{kind: objectKind, check: func(v *validator, n int32, depth int) *kyc.Error {
		m := v.t.member(n, member)
		if m < 0 {
			return kyc.MissingField(v.t.path(n) + "." + member)
		}
		if v.t.nodes[m].kind != '"' {
			return v.fail(m, kindReasons[stringKind])
		}
		s, ok := variants[v.t.nodes[m].str]
		if !ok {
			return v.fail(m, reason)
		}
		return v.object(s, n, depth)
	}}
}
