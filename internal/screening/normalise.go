package screening

import (
	"strings"
	"unicode/utf8"
)

// tokenClass says how a token of a name counts when names are compared.
type tokenClass uint8

const (
	classCore    tokenClass = iota // a distinctive part of the name
	classLegal                     // a company legal form (LLC, JSC, ...); text is its family
	classInitial                   // a single letter standing for a given name
)

// token is one normalised token of a name.
type token struct {
	text    string
	key     string // phonetic key, see phoneticKey
	class   tokenClass
	surface string // legal forms: the words as written, spaces removed
	segment int    // comma-separated part of the name the token is in
	hyphen  bool   // joined to the previous token by a hyphen
	split   bool   // query only: half of a word the query ran together
}

// nameHint says which rules of analyse apply: titles are only dropped from
// person names and legal forms only recognised in company names; when the
// type is not known both apply.
type nameHint uint8

const (
	hintAny nameHint = iota
	hintPerson
	hintOrg
)

func hintFor(t EntityType) nameHint {
	switch t {
	case Person:
		return hintPerson
	case Organisation, Vessel, Aircraft:
		return hintOrg
	}
	return hintAny
}

// analyse normalises a name into tokens: folded to upper-case ASCII,
// romanised (Arabic script folded and its compounds cut), split, honorifics and generational suffixes dropped (persons),
// legal forms collapsed into one legal token per form (companies). Words
// close to a legal-form word are read as that word ("DJOINT STOK
// COMPANY"); correct does that (correctLegalWord, or a cached copy).
func analyse(name string, hint nameHint, correct func(word, key string) string) []token {
	name = truncate(name, maxNameBytes)
	ws := splitArabicLatin(splitArabic(split(fold(joinBrokenApostrophes(name)))), hint)
	for i := range ws {
		ws[i].text = truncate(ws[i].text, maxTokenBytes)
		ws[i].key = phoneticKey(ws[i].text)
	}
	if hint != hintOrg {
		ws = dropTitles(ws)
	}
	var corrected []string
	if hint != hintPerson {
		corrected = make([]string, len(ws))
		for i, w := range ws {
			corrected[i] = w.text
			if correct != nil {
				corrected[i] = correct(w.text, w.key)
			}
		}
	}
	var out []token
	for i := 0; i < len(ws); {
		if hint != hintPerson {
			if fam, n := legalAt(ws, corrected, i, hint == hintOrg); n > 0 {
				var surface strings.Builder
				for _, w := range ws[i : i+n] {
					surface.WriteString(w.text)
				}
				out = append(out, token{text: fam, key: fam, class: classLegal, surface: surface.String(), segment: ws[i].segment})
				i += n
				continue
			}
		}
		t := token{text: ws[i].text, key: ws[i].key, segment: ws[i].segment, hyphen: ws[i].hyphen}
		switch {
		case len(t.text) == 1 && t.text[0] >= 'A' && t.text[0] <= 'Z':
			t.class = classInitial
		case corrected != nil && strayLegal[corrected[i]]:
			// Part of a legal form that was not recognised whole
			// ("AKTSIONERNOE" alone): it weighs as a legal form.
			t.text, t.key, t.class, t.surface = corrected[i], corrected[i], classLegal, ws[i].text
		}
		out = append(out, t)
		i++
	}
	// A name made only of legal forms ("COMPANY") keeps them as its core.
	for i := range out {
		if out[i].class != classLegal {
			return out
		}
	}
	for i := range out {
		out[i].class = classCore
		if out[i].surface != "" {
			out[i].text, out[i].key = out[i].surface, phoneticKey(out[i].surface)
		}
	}
	return out
}

// Bounds on what is analysed: no real name comes near them, and they keep
// the cost of a hostile query small.
const (
	maxNameBytes  = 1024
	maxTokenBytes = 40
)

// truncate cuts s to at most n bytes, backing off to the start of a rune
// so that a cut never splits a character's encoding.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for i := n; i > n-utf8.UTFMax && i > 0; i-- {
		if utf8.RuneStart(s[i]) {
			return s[:i]
		}
	}
	return s[:n] // not UTF-8 here anyway
}

// joinBrokenApostrophes undoes OFAC's rendering of Korean breves, where
// "Myŏng-ch'ŏl" is written "Myo' ng-ch'o' l": an apostrophe and a space
// between a letter and a lower-case letter join the two halves.
func joinBrokenApostrophes(s string) string {
	if !strings.Contains(s, "' ") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\'' && i+2 < len(s) && s[i+1] == ' ' && s[i+2] >= 'a' && s[i+2] <= 'z' && i > 0 &&
			(s[i-1] >= 'a' && s[i-1] <= 'z' || s[i-1] >= 'A' && s[i-1] <= 'Z') {
			i++
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// dropTitles removes honorifics at the start of each segment and
// generational suffixes at the end of the name, keeping at least one word.
func dropTitles(ws []word) []word {
	out := make([]word, 0, len(ws))
	lead := true
	for i, w := range ws {
		if i == 0 || ws[i-1].segment != w.segment {
			lead = true
		}
		if lead && isTitle(w.text, w.key) && len(out)+len(ws)-i-1 > 0 {
			continue
		}
		lead = false
		out = append(out, w)
	}
	if n := len(out); n > 1 && suffixes[out[n-1].text] {
		out = out[:n-1]
	}
	return out
}

// legalAt finds the longest legal form starting at word i and returns
// its family and length in words. words holds the spellings to match
// (typo-corrected for queries). Forms may span commas ("LIMITED
// LIABILITY, CO"); short forms count only at an edge (see edgeOnly).
// Single letters written apart ("A. B. SMITH", "JOHN A S") are initials,
// not a form: a form of letters is only read when written as one word
// ("AB", or "A.B." which split glues), unless apart is set. Names known
// to be companies set it: the lists write "INMOBILIARIA ROFI S A".
func legalAt(ws []word, words []string, i int, apart bool) (string, int) {
	var b strings.Builder
	best, bestN := "", 0
	letters := true // every word so far is a single letter
	for n := 1; n <= legalMaxWords && i+n <= len(ws); n++ {
		w := words[i+n-1]
		b.WriteString(w)
		if b.Len() > 48 {
			break
		}
		letters = letters && len(w) == 1
		if letters && n > 1 && !apart {
			continue
		}
		concat := b.String()
		fam, ok := legalForms[concat]
		if !ok {
			continue
		}
		atEdge := i == 0 || ws[i-1].segment != ws[i].segment || i+n == len(ws) || ws[i+n].segment != ws[i+n-1].segment
		if edgeOnly(concat) && !atEdge {
			continue
		}
		best, bestN = fam, n
	}
	return best, bestN
}
