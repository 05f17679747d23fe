package screening

import (
	"slices"
	"unicode/utf8"
)

// xLearnMaxCost is the most a pair the lists give may cost under the
// cross-script rules and still be learned.
const xLearnMaxCost = 1.2

// learnPairs reads the lists' own pairs of Arabic-script and romanised
// names (the UN list gives most of its Arabic names both ways) and
// records, for each Arabic word, the romanised word of the same entity
// it corresponds to. A search for the Arabic word then finds every
// spelling the lists use for it (حسين: HUSSEIN, HUSAYN, HUSAIN), also
// those the skeleton rules would rate low or miss (a consonant changed
// by a dialect or an old romanisation).
//
// Within an entity a word is paired by the cross-script rules when they
// find a romanised word of that entity, else with a romanised word whose
// skeleton differs in one consonant; a romanised word is taken once.
// It also sets the weight of Arabic-script terms to that of their most
// common romanisation: محمد must weigh like MUHAMMAD, not like the rare
// spelling it is among the few Arabic-script names listed.
func (ix *Index) learnPairs() {
	v := ix.voc
	var pairs []uint64
	var arabic, latin []int32
	for first := 0; first < len(ix.names); {
		eid := ix.names[first].entity
		last := first
		arabic, latin = arabic[:0], latin[:0]
		for ; last < len(ix.names) && ix.names[last].entity == eid; last++ {
			r := &ix.names[last]
			for _, t := range ix.toks[r.off : r.off+int32(r.n)] {
				switch txt := v.text(t.term); {
				case t.class != classCore:
				case isArabicWord(txt):
					arabic = append(arabic, t.term)
				case isASCII(txt):
					latin = append(latin, t.term)
				}
			}
		}
		first = last
		if len(arabic) == 0 || len(latin) == 0 {
			continue
		}
		slices.Sort(arabic)
		arabic = slices.Compact(arabic)
		slices.Sort(latin)
		latin = slices.Compact(latin)
		pairs = append(pairs, pairEntity(v, arabic, latin)...)
	}
	slices.Sort(pairs)
	v.learned = slices.Compact(pairs)
	v.learnedBy = make(hashIndex, len(v.learned))
	for i, e := range v.learned {
		v.learnedBy[i] = e<<32 | e>>32
	}
	slices.Sort(v.learnedBy)

	// Weights: an Arabic-script term weighs at most what its commonest
	// close romanisation weighs.
	for id := range int32(v.terms()) {
		txt := v.text(id)
		if !isArabicWord(txt) {
			continue
		}
		hits := map[int32]qhit{}
		ix.crossTerms(txt, hits)
		if w, ok := commonestHit(v, hits); ok && w < v.idfs[id] {
			v.idfs[id] = w
		}
	}
}

// pairEntity pairs the Arabic-script words of one entity with its
// romanised words and returns the pairs as learned entries.
func pairEntity(v *vocab, arabic, latin []int32) []uint64 {
	type cand struct {
		a, l int32
		cost float32
	}
	var cands []cand
	var ls []byte
	var lv []string
	for _, a := range arabic {
		txt := v.text(a)
		if utf8.RuneCountInString(txt) <= 2 || isParticle(txt, txt) {
			continue // particles (ال, بن, ولد) are the rules' business
		}
		p, ok := parseArabic(txt)
		if !ok {
			continue
		}
		p.variants(func(xv *xvariant) {
			for _, l := range latin {
				var ok bool
				if ls, lv, ok = latinSkeleton(v.text(l), ls, lv); !ok {
					continue
				}
				switch d := osa(string(xv.skel), string(ls), 1); {
				case d == 0:
					if c := crossCost(xv, lv); c <= xLearnMaxCost {
						cands = append(cands, cand{a, l, c})
					}
				case d == 1 && xv.cost == 0 && len(xv.skel) >= 4 && len(ls) >= 4:
					// One consonant apart in words of four or more: what
					// the rules cannot say, the list does.
					cands = append(cands, cand{a, l, xLearnMaxCost})
				}
			}
		})
	}
	slices.SortStableFunc(cands, func(x, y cand) int {
		switch {
		case x.cost < y.cost:
			return -1
		case x.cost > y.cost:
			return 1
		}
		return 0
	})
	var out []uint64
	var usedA, usedL []int32
	for _, c := range cands {
		if slices.Contains(usedA, c.a) || slices.Contains(usedL, c.l) {
			continue
		}
		usedA, usedL = append(usedA, c.a), append(usedL, c.l)
		out = append(out, entry(uint32(c.a), c.l))
	}
	return out
}

// commonestHit returns the lowest rarity weight among the best matches
// (within 0.05 of the best similarity) of a word.
func commonestHit(v *vocab, hits map[int32]qhit) (float32, bool) {
	var best float32
	for _, h := range hits {
		best = max(best, h.sim)
	}
	w, ok := float32(0), false
	for id, h := range hits {
		if h.sim >= best-0.05 && (!ok || v.idfs[id] < w) {
			w, ok = v.idfs[id], true
		}
	}
	return w, ok
}
