package screening

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
		if id, ok := ix.voc.id(h); ok && ix.voc.single(id) {
			return ix.voc.idfOf(id), true
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
		if _, listed := ix.voc.id(text); !listed || strayLegal[text] {
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
