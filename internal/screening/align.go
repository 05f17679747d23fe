package screening

import "slices"

// edge is one candidate pairing of query tokens with listed tokens: one
// to one, one query word to two listed words written apart (joined), or
// two query words to one listed word (split).
type edge struct {
	sim    float32
	kind   matchKind
	q, qn  uint8 // query tokens q..q+qn-1
	l, ln  uint8 // listed tokens l..l+ln-1
	weight float32
}

// alignment is the outcome of pairing a query with one listed name.
type alignment struct {
	listed, query float32 // weighted coverage of each side, in [0,1]
	core          int     // listed name words matched (core tokens, particles not counted)
	listedCore    int     // listed name words in all
	queryCore     int     // query name words (core and initials, particles not counted) in all
	usedQ         uint32  // query tokens the pairing explains
	chosen        []edge  // only when explaining
}

// align pairs query tokens with the tokens of name r greedily, best
// similarity first, each token used at most once, and measures how much
// of each side's weight the pairs cover.
func (ix *Index) align(p *prepared, r *nameRec, s *scratch, explain bool) alignment {
	lt := ix.toks[r.off : r.off+int32(r.n)]
	es := s.edges[:0]
	for i := range p.toks {
		q := &p.toks[i]
		for j := range lt {
			if sim, kind := ix.tokenPairSim(q, &lt[j]); sim > 0 {
				es = append(es, edge{sim: sim, kind: kind, q: uint8(i), qn: 1, l: uint8(j), ln: 1, weight: lt[j].weight})
				// An initial stands for a whole hyphenated name: "H." for "Ho-Jin".
				if kind == kindInitial && j+1 < len(lt) && lt[j+1].is(tokHyphen) && !lt[j].is(tokHyphen) {
					es = append(es, edge{sim: sim, kind: kind, q: uint8(i), qn: 1, l: uint8(j), ln: 2, weight: lt[j].weight + lt[j+1].weight})
				}
			}
			if pr := lt[j].joined(); pr >= 0 && q.hits != nil {
				if h, ok := q.hits[pr]; ok {
					es = append(es, edge{sim: h.sim, kind: h.kind, q: uint8(i), qn: 1, l: uint8(j), ln: 2, weight: lt[j].weight + lt[j+1].weight})
				}
			}
		}
		if ph := p.pairs[i]; ph != nil {
			for j := range lt {
				if h, ok := ph[lt[j].term]; ok {
					es = append(es, edge{sim: h.sim, kind: h.kind, q: uint8(i), qn: 2, l: uint8(j), ln: 1, weight: lt[j].weight})
				}
			}
		}
	}
	s.edges = es
	// Greedy pairing, best similarity first. Among equal similarities it
	// matters whether one-to-one pairs or joined/split ones go first
	// ("00 0 0" against itself wants one-to-one, "MUHAMMAD ALMUHAMMAD"
	// against "AL-MUHAMMAD, Muhammad" wants the join), so when joins are
	// possible both orders are tried and the better pairing kept.
	slices.SortFunc(es, bySimSpan)
	al := ix.assign(p, r, lt, es, explain)
	for _, e := range es {
		if e.qn+e.ln > 2 {
			slices.SortFunc(es, bySimWeight)
			if alt := ix.assign(p, r, lt, es, explain); alt.listed+alt.query > al.listed+al.query {
				al = alt
			}
			break
		}
	}
	return al
}

func bySimSpan(a, b edge) int {
	switch {
	case a.sim != b.sim:
		return cmpDesc(a.sim, b.sim)
	case a.qn+a.ln != b.qn+b.ln:
		return int(a.qn+a.ln) - int(b.qn+b.ln)
	case a.weight != b.weight:
		return cmpDesc(a.weight, b.weight)
	}
	return 0
}

func bySimWeight(a, b edge) int {
	switch {
	case a.sim != b.sim:
		return cmpDesc(a.sim, b.sim)
	case a.weight != b.weight:
		return cmpDesc(a.weight, b.weight)
	}
	return int(a.qn+a.ln) - int(b.qn+b.ln)
}

// assign takes edges in order, each token used at most once, and measures
// how much of each side's weight the chosen pairs cover.
func (ix *Index) assign(p *prepared, r *nameRec, lt []nameTok, es []edge, explain bool) alignment {
	var usedQ, usedL uint32
	var al alignment
	var listedGot, queryGot, queryW float32
	var gotL, gotQ [32]float32 // what each token's pairing earned, on its first token
	for _, e := range es {
		qm := span(e.q, e.qn)
		lm := span(e.l, e.ln)
		if usedQ&qm != 0 || usedL&lm != 0 {
			continue
		}
		usedQ |= qm
		usedL |= lm
		listedGot += e.sim * e.weight
		gotL[e.l] += e.sim * e.weight
		for k := e.l; k < e.l+e.ln; k++ {
			if lt[k].class == classCore && !lt[k].is(tokParticle) {
				al.core++
			}
		}
		// A query token's weight is its own rarity when it is a listed
		// spelling, else the rarity of what it matched.
		var w float32
		for k := e.q; k < e.q+e.qn; k++ {
			if e.ln == 1 && lt[e.l].class == classLegal {
				w += legalWeight // a word read as the listed legal form weighs as one
			} else if p.toks[k].known {
				w += p.toks[k].w
			} else {
				w += e.weight / float32(e.qn)
			}
		}
		got := w
		if e.ln == 1 && lt[e.l].class == classInitial && p.toks[e.q].class != classInitial {
			// A listed initial explains a full query word only as much
			// as an initial weighs: "AHMED, A." is not Ahmed Ali. The
			// word keeps its own weight, listed spelling or not.
			w = p.toks[e.q].w
			got = min(w, e.weight)
		}
		queryGot += e.sim * got
		gotQ[e.q] += e.sim * got
		queryW += w
		if explain {
			al.chosen = append(al.chosen, e)
		}
	}
	for i := range p.toks {
		if usedQ&(1<<uint(i)) == 0 {
			queryW += p.toks[i].w
		}
	}
	// ABD AL-RAHMAN is one name: RAHMAN without its ABD earns only
	// governedCredit of its match, on either side. (ABD without its name
	// weighs little anyway, and queries drop the name: "Abd al-Faqih".)
	for j := range lt {
		if !lt[j].is(tokGoverns) {
			continue
		}
		for k := j + 1; k < len(lt); k++ {
			if lt[k].class == classCore && !lt[k].is(tokParticle) {
				listedGot -= unpaired(usedL, j, k, gotL[:])
				break
			}
		}
	}
	for j := range p.toks {
		if !p.toks[j].governs {
			continue
		}
		for k := j + 1; k < len(p.toks); k++ {
			if p.toks[k].class == classCore && !p.toks[k].particle {
				queryGot -= unpaired(usedQ, j, k, gotQ[:])
				break
			}
		}
	}
	al.queryCore, al.listedCore, al.usedQ = p.queryCore, int(r.core), usedQ
	if r.weight > 0 {
		al.listed = min(1, listedGot/r.weight)
	}
	if queryW > 0 {
		al.query = min(1, queryGot/queryW)
	}
	return al
}

// unpaired returns what to take back when the name k of a governing
// word j was matched and j was not: all but governedCredit of what k
// earned.
func unpaired(used uint32, j, k int, got []float32) float32 {
	if used&(1<<uint(k)) != 0 && used&(1<<uint(j)) == 0 {
		return (1 - governedCredit) * got[k]
	}
	return 0
}

func span(start, n uint8) uint32 { return (1<<uint(n) - 1) << uint(start) }

// tokenPairSim compares one query token with one listed token. Legal
// forms only meet legal forms of the same family, initials meet any word
// with that first letter, everything else uses the hits found when the
// query was prepared.
func (ix *Index) tokenPairSim(q *qtok, l *nameTok) (float32, matchKind) {
	lt := ix.voc.text(l.term)
	switch {
	case q.class == classLegal || l.class == classLegal:
		switch {
		case q.text == lt && q.class == l.class:
			return 1, kindLegal
		case q.text == lt:
			return 1, kindExact
		case l.class == classLegal && q.class == classCore:
			// A misspelt legal form the query did not recognise ("CJS"
			// for "CJSC") still explains the query word.
			sf := &ix.surfaces[l.surface()]
			return tokenSim(q.text, q.key, sf.text, sf.key)
		}
		return 0, kindNone
	case q.class == classInitial:
		if lt[0] == q.text[0] {
			if l.class == classInitial {
				return 1, kindExact
			}
			return simInitial, kindInitial
		}
		return 0, kindNone
	case l.class == classInitial:
		if q.text[0] == lt[0] {
			return simInitial, kindInitial
		}
		return 0, kindNone
	}
	if h, ok := q.hits[l.term]; ok {
		return h.sim, h.kind
	}
	return 0, kindNone
}

func cmpDesc(a, b float32) int {
	if a > b {
		return -1
	}
	return 1
}
