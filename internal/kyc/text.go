package kyc

import (
	"fmt"
	"unicode/utf8"
)

// TextKind says which whitespace a text field may hold. Every text Gatehouse
// accepts is valid UTF-8 without control characters (Unicode category Cc:
// U+0000–U+001F and U+007F–U+009F): no field of the contract has a use for
// them, PostgreSQL cannot store NUL in text, and they hide what a name or a
// note says from the analyst reading it. Free text alone may break lines.
type TextKind uint8

// Text kinds.
const (
	// Line is one line: names, identifiers, tags, secrets, search terms,
	// query and path parameters. No control character at all.
	Line TextKind = iota
	// Prose is free text: notes, comments, resolution reasons, free-form
	// addresses, and members the contract leaves open. Tab, line feed and
	// carriage return are allowed; other control characters are not.
	Prose
)

// TextProblem returns why s is not acceptable text of kind k, or "".
func TextProblem(s string, k TextKind) string {
	for i := 0; i < len(s); {
		if c := s[i]; c >= 0x20 && c < 0x7f {
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			return "is not valid UTF-8"
		case r == '\t' || r == '\n' || r == '\r':
			if k == Line {
				return "must be one line, without tabs or line breaks"
			}
		case r < 0x20 || r >= 0x7f && r <= 0x9f:
			return fmt.Sprintf("must not contain control characters (found U+%04X)", r)
		}
		i += size
	}
	return ""
}

// CheckText returns an EInvalid error naming field when s is not
// acceptable text of kind k, nil otherwise.
func CheckText(field, s string, k TextKind) error {
	if reason := TextProblem(s, k); reason != "" {
		return FieldError(field, reason)
	}
	return nil
}

// MaxSearchText is the longest search term accepted (q of a profile search,
// the term of a tag search), in characters: longer than any name, and far
// below what the databases' pattern matching refuses.
const MaxSearchText = 200

// checkSearchText validates a search term.
func checkSearchText(field, s string) error {
	if err := CheckText(field, s, Line); err != nil {
		return err
	}
	if utf8.RuneCountInString(s) > MaxSearchText {
		return FieldError(field, fmt.Sprintf("must be at most %d characters", MaxSearchText))
	}
	return nil
}
