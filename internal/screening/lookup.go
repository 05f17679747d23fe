package screening

// findTerms returns the listed terms matching a spelling: exactly, by
// phonetic key and, when fuzzy, within the typo allowance or as a
// vowel-only romanisation variant (found through the deletion, skeleton
// and bigram lookups and checked with tokenSim).
func (ix *Index) findTerms(text, key string, fuzzy bool, s *scratch) map[int32]qhit {
	v := ix.voc
	hits := map[int32]qhit{}
	id, exact := v.id(text)
	if exact {
		hits[id] = qhit{1, kindExact}
	}
	v.withKey(key, func(id int32) {
		if _, ok := hits[id]; !ok {
			hits[id] = qhit{simTranslit, kindTranslit}
		}
	})
	if !fuzzy || len(text) < 3 {
		return hits
	}
	ascii := isASCII(text)
	check := func(id int32) {
		if _, ok := hits[id]; ok || s.gram[id] == checked {
			return
		}
		if s.gram[id] == 0 {
			s.gramTouched = append(s.gramTouched, id)
		}
		s.gram[id] = checked
		if sim, kind := tokenSim(text, key, v.text(id), v.key(id)); sim > 0 {
			hits[id] = qhit{sim, kind}
		}
	}
	v.byDeletion(text, check)
	if sk := skeleton(key); len(sk) >= 2 && ascii {
		v.withSkeleton(sk, check)
	}
	// Deeper typos (two or three edits) are looked for only when the
	// spelling is not listed as such: the bigram scan is the costly part
	// of a search, and a listed spelling is almost always what was meant.
	if lim := allowedEdits(len(text)); len(text) >= minGramLen && lim >= 2 && !exact && ascii {
		grams := bigrams(text)
		need := max(3, len(grams)-3*lim) // a transposition breaks three bigrams
		var cands []int32
		for _, g := range grams {
			for _, id := range v.withGram(g) {
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
			if abs(len(v.text(id))-len(text)) <= lim {
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
