package screening

import (
	"strings"
	"unicode/utf8"
)

// queryInitialWeight is the weight of an initial in a query: small when
// it matches, but an initial no listed name starts with is evidence
// against the match.
const queryInitialWeight = 2.5

// maxQueryTokens bounds the tokens of a query name that are matched.
const maxQueryTokens = 16

// qtok is one token of a prepared query with the listed terms it matches.
type qtok struct {
	token
	w        float32 // rarity weight; unseenIDF when the spelling is not listed
	known    bool
	particle bool // ABD, AL, BIN, ABU (isParticle)
	governs  bool // ABD, ABU (governs)
	hits     map[int32]qhit
}

// qhit is how well a query token matches one listed term.
type qhit struct {
	sim  float32
	kind matchKind
}

// prepared is a query analysed once and matched against many names.
type prepared struct {
	q         Query
	toks      []qtok
	pairs     []map[int32]qhit // pairs[i]: toks[i] and toks[i+1] written as one word
	queryCore int              // name words (core and initials, particles not counted)
	dobs      []Date
	country   string
	lists     map[string]bool
}

// prepare analyses the query name and looks up, for each token, every
// listed term it matches exactly, by phonetic key or within its typo
// allowance, and the same for each adjacent pair written as one word.
func (ix *Index) prepare(q Query, s *scratch) *prepared {
	p := &prepared{q: q, dobs: ParseDates(q.DOB)}
	if q.Country != "" {
		p.country = CountryCode(q.Country)
	}
	if len(q.Lists) > 0 {
		p.lists = map[string]bool{}
		for _, l := range q.Lists {
			p.lists[l] = true
		}
	}
	toks := analyse(q.Name, hintFor(q.Type), correctLegalWord)
	if len(toks) > maxQueryTokens {
		toks = toks[:maxQueryTokens]
	}
	p.toks = make([]qtok, 0, len(toks))
	for _, t := range toks {
		qt := qtok{token: t}
		switch {
		case t.class == classLegal:
			qt.w, qt.known = legalWeight, true
		case t.class == classInitial:
			qt.w, qt.known = queryInitialWeight, true
		case isArabicWord(t.text):
			// Weighed like what it matches: Arabic-script names are few
			// on the lists, so their own rarity says little.
			qt.hits = ix.findTerms(t.text, t.key, true, s)
			ix.crossTerms(t.text, qt.hits)
			qt.w, qt.known = commonestHit(ix.voc, qt.hits)
			if !qt.known {
				qt.w = min(ix.voc.unseenIDF, unknownWeight(utf8.RuneCountInString(t.text)))
			}
		default:
			qt.w, qt.known = ix.voc.idf(t.text)
			if !qt.known {
				qt.w = min(qt.w, unknownWeight(utf8.RuneCountInString(t.text)))
			}
			qt.hits = ix.findTerms(t.text, t.key, true, s)
			if len(qt.hits) == 0 && len(p.toks)+2 <= maxQueryTokens && isASCII(t.text) {
				if a, b, ok := ix.splitWord(t, hintFor(q.Type) != hintPerson); ok {
					p.toks = append(p.toks, ix.splitTok(a, t, s), ix.splitTok(b, t, s))
					continue
				}
			}
		}
		p.toks = append(p.toks, qt)
	}
	p.pairs = make([]map[int32]qhit, len(p.toks))
	for i := range p.toks {
		a := &p.toks[i]
		if a.class == classCore && isParticle(a.text, a.key) {
			a.particle, a.governs = true, governs(a.key, a.text)
		}
		if a.class != classLegal && !a.particle {
			p.queryCore++
		}
		if i+1 == len(p.toks) {
			break
		}
		if b := &p.toks[i+1]; a.class == classCore && b.class != classLegal || a.class == classInitial && b.class == classCore {
			joined := a.text + b.text
			p.pairs[i] = ix.findTerms(joined, phoneticKey(joined), false, s)
			if isArabicWord(a.text) && isArabicWord(b.text) {
				ix.crossTerms(joined, p.pairs[i])
			}
		}
	}
	return p
}

// String renders the query for logs.
func (q Query) String() string {
	var b strings.Builder
	b.WriteString(q.Name)
	for _, kv := range [][2]string{{"type", string(q.Type)}, {"dob", q.DOB}, {"country", q.Country}} {
		if kv[1] != "" {
			b.WriteString(" " + kv[0] + "=" + kv[1])
		}
	}
	return b.String()
}

// unknownWeight caps the weight of a query word the lists do not contain:
// an unknown long word is distinctive, an unknown one- or two-letter word
// ("ND", "DW") is noise.
func unknownWeight(n int) float32 {
	switch {
	case n <= 2:
		return 2
	case n == 3:
		return 5
	}
	return 100
}
