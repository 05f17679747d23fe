package screening

import (
	"strings"
	"unicode/utf8"
)

// word is one token of a folded name before classification, with the
// comma-separated segment it sits in.
type word struct {
	text    string
	segment int
	hyphen  bool   // written joined to the previous word by a hyphen ("KYU-CHANG")
	key     string // phonetic key, filled in by analyse
}

// split cuts a folded name into words. Apostrophes join ("GAMA'AT" is
// one word), hyphens and other punctuation split, "&" reads as AND, commas
// start a new segment, and single letters joined by dots ("S.A.", "U.S.A.")
// become one word while "J. Smith" and "J.Smith" keep the initial apart.
func split(s string) []word {
	cur := make([]byte, 0, 64)
	var (
		out   = make([]word, 0, strings.Count(s, " ")+2)
		start = -1 // where cur starts in s while it is a plain slice of s
		seg   int
		glued bool // the last word is a single letter (or dotted letters) followed directly by '.'
		hyph  bool // a hyphen separates the next word from the last one
	)
	flush := func() {
		if len(cur) == 0 {
			return
		}
		text := ""
		if start >= 0 && start+len(cur) <= len(s) && s[start:start+len(cur)] == string(cur) {
			text = s[start : start+len(cur)] // no copy: most words are a slice of the name
		} else {
			text = string(cur)
		}
		if n := len(out); glued && len(cur) == 1 && out[n-1].segment == seg {
			out[n-1].text += text
		} else {
			out = append(out, word{text: text, segment: seg, hyphen: hyph && len(out) > 0 && out[len(out)-1].segment == seg})
		}
		glued, hyph = false, false
		cur, start = cur[:0], -1
	}
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == '\'' || r == '`':
		case r == '.':
			single := len(cur) == 1
			chained := len(cur) == 1 && glued
			flush()
			next := i + 1
			glued = (single || chained) && next < len(s) && isWordByte(s[next]) &&
				(next+1 >= len(s) || !isWordByte(s[next+1]))
		case r == ',' || r == ';' || r == '/' || r == '(' || r == ')' || r == ':':
			flush()
			if len(out) > 0 && out[len(out)-1].segment == seg {
				seg++
			}
		case r == '&' || r == '+':
			flush()
			out = append(out, word{text: "AND", segment: seg})
		case isWordByte(s[i]) || r >= utf8.RuneSelf && r != utf8.RuneError:
			if len(cur) == 0 {
				start = i
			}
			cur = append(cur, s[i:i+size]...)
		case r == '-':
			flush()
			hyph = true
		default:
			flush()
			hyph = false
		}
		i += size
	}
	flush()
	return out
}

func isWordByte(c byte) bool { return c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' }
