package screening

import "strings"

// maxQueryTokens bounds the tokens of a query name that are matched.
const maxQueryTokens = 16

// qtok is one token of a prepared query with the listed terms it matches.
type qtok struct {
	token
	w     float32 // rarity weight; unseenIDF when the spelling is not listed
	known bool
	hits  map[int32]qhit
}

// qhit is how well a query token matches one listed term.
type qhit struct {
	sim  float32
	kind matchKind
}

// prepared is a query analysed once and matched against many names.
type prepared struct {
	q       Query
	toks    []qtok
	pairs   []map[int32]qhit // pairs[i]: toks[i] and toks[i+1] written as one word
	typ     EntityType
	dobs    []Date
	country string
	lists   map[string]bool
}

// prepare analyses the query name and looks up, for each token, every
// listed term it matches exactly, by phonetic key or within its typo
// allowance, and the same for each adjacent pair written as one word.
func (ix *Index) prepare(q Query, s *scratch) *prepared {
	p := &prepared{q: q, typ: q.Type, dobs: ParseDates(q.DOB)}
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
		switch t.class {
		case classLegal:
			qt.w, qt.known = legalWeight, true
		case classInitial:
			qt.w, qt.known = 1, true
		default:
			qt.w, qt.known = ix.voc.idf(t.text)
			if !qt.known {
				qt.w = min(qt.w, unknownWeight(len(t.text)))
			}
			qt.hits = ix.findTerms(t.text, t.key, true, s)
			if len(qt.hits) == 0 && len(p.toks)+2 <= maxQueryTokens {
				if a, b, ok := ix.splitWord(t, hintFor(q.Type) != hintPerson); ok {
					p.toks = append(p.toks, ix.splitTok(a, t, s), ix.splitTok(b, t, s))
					continue
				}
			}
		}
		p.toks = append(p.toks, qt)
	}
	toks = make([]token, len(p.toks))
	for i := range p.toks {
		toks[i] = p.toks[i].token
	}
	p.pairs = make([]map[int32]qhit, len(toks))
	for i := 0; i+1 < len(toks); i++ {
		if toks[i].class == classCore && toks[i+1].class != classLegal || toks[i].class == classInitial && toks[i+1].class == classCore {
			joined := toks[i].text + toks[i+1].text
			p.pairs[i] = ix.findTerms(joined, phoneticKey(joined), false, s)
		}
	}
	return p
}

// findTerms returns the listed terms matching a spelling: exactly, by
// phonetic key and, when fuzzy, within the typo allowance or as a
// vowel-only romanisation variant (found through the deletion, skeleton
// and bigram lookups and checked with tokenSim).
func (ix *Index) findTerms(text, key string, fuzzy bool, s *scratch) map[int32]qhit {
	v := ix.voc
	hits := map[int32]qhit{}
	id, exact := v.ids[text]
	if exact {
		hits[id] = qhit{1, kindExact}
	}
	for _, id := range v.keys[key] {
		if _, ok := hits[id]; !ok {
			hits[id] = qhit{simTranslit, kindTranslit}
		}
	}
	if !fuzzy || len(text) < 3 {
		return hits
	}
	check := func(id int32) {
		if _, ok := hits[id]; ok || s.gram[id] == checked {
			return
		}
		if s.gram[id] == 0 {
			s.gramTouched = append(s.gramTouched, id)
		}
		s.gram[id] = checked
		t := &v.terms[id]
		if sim, kind := tokenSim(text, key, t.text, t.key); sim > 0 {
			hits[id] = qhit{sim, kind}
		}
	}
	v.byDeletion(text, check)
	if sk := skeleton(key); len(sk) >= 2 {
		for _, id := range v.skeletons[sk] {
			check(id)
		}
	}
	// Deeper typos (two or three edits) are looked for only when the
	// spelling is not listed as such: the bigram scan is the costly part
	// of a search, and a listed spelling is almost always what was meant.
	if lim := allowedEdits(len(text)); len(text) >= minGramLen && lim >= 2 && !exact {
		grams := bigrams(text)
		need := max(3, len(grams)-2*lim)
		var cands []int32
		for _, g := range grams {
			for _, id := range v.grams[g] {
				c := s.gram[id]
				if c == checked {
					continue
				}
				if c == 0 {
					s.gramTouched = append(s.gramTouched, id)
				}
				s.gram[id] = c + 1
				if int(c+1) == need {
					cands = append(cands, id)
				}
			}
		}
		for _, id := range cands {
			if abs(len(v.terms[id].text)-len(text)) <= lim {
				check(id)
			}
		}
	}
	for _, id := range s.gramTouched {
		s.gram[id] = 0
	}
	s.gramTouched = s.gramTouched[:0]
	return hits
}

// checked marks a term already compared in scratch.gram.
const checked = 255

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

// splitWord cuts a query word that matches nothing into two listed words
// ("GHOLAMREZAZIAEI" → GHOLAMREZA ZIAEI, "SHIPPINGCOMPANY" → SHIPPING
// COMPANY), choosing the cut whose halves are rarest; with legal set a
// half may be a legal form. Joins in listed order are found without this
// (joined pairs are indexed); this catches words run together across
// OFAC's comma or into a legal form.
func (ix *Index) splitWord(t token, legal bool) (string, string, bool) {
	if len(t.text) < 6 {
		return "", "", false
	}
	weight := func(h string) (float32, bool) {
		if id, ok := ix.voc.ids[h]; ok && ix.voc.terms[id].single {
			return ix.voc.terms[id].idf, true
		}
		if legal && len(h) >= 3 && legalForms[h] != "" {
			return legalWeight, true
		}
		return 0, false
	}
	best, at := float32(0), 0
	for i := 3; i <= len(t.text)-3; i++ {
		a, okA := weight(t.text[:i])
		b, okB := weight(t.text[i:])
		if okA && okB && a+b > best {
			best, at = a+b, i
		}
	}
	return t.text[:at], t.text[at:], at > 0
}

// splitTok makes a query token of one half of a split word.
func (ix *Index) splitTok(text string, from token, s *scratch) qtok {
	if fam := legalForms[text]; fam != "" {
		if _, listed := ix.voc.ids[text]; !listed || strayLegal[text] {
			t := token{text: fam, key: fam, class: classLegal, surface: text, segment: from.segment, split: true}
			return qtok{token: t, w: legalWeight, known: true}
		}
	}
	t := token{text: text, key: phoneticKey(text), segment: from.segment, split: true}
	qt := qtok{token: t}
	qt.w, qt.known = ix.voc.idf(text)
	qt.hits = ix.findTerms(text, t.key, true, s)
	return qt
}
