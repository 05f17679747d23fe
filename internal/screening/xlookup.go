package screening

import "bytes"

// crossTerms adds to hits the romanised listed terms an Arabic-script
// word matches: terms of the same skeleton whose vowels agree closely
// enough (xscript.go), the spellings the lists pair the word with
// (learned), and the spellings sharing a phonetic key with those.
func (ix *Index) crossTerms(text string, hits map[int32]qhit) {
	v := ix.voc
	put := func(id int32, sim float32) {
		if h, ok := hits[id]; !ok || sim > h.sim {
			hits[id] = qhit{sim, kindTranslit}
		}
	}
	if p, ok := parseArabic(text); ok {
		var ls []byte
		var lv []string
		p.variants(func(xv *xvariant) {
			v.byCross.each(hashBytes(xv.skel), func(id int32) bool {
				var ok bool
				if ls, lv, ok = latinSkeleton(v.text(id), ls, lv); !ok || !bytes.Equal(ls, xv.skel) {
					return true // another skeleton under the same hash
				}
				if cost := crossCost(xv, lv); cost <= xMaxCost {
					put(id, crossSim(cost)-otherwiseWritten(v, id, text))
				}
				return true
			})
		})
	}
	// Particles meet every spelling of theirs: ولد OULD, بن BEN and IBN.
	if k, ok := arabicParticleKeys[text]; ok {
		v.withKey(k, func(id int32) { put(id, xTranslitSim) })
	}
	if a, ok := v.id(text); ok {
		v.learned.each(uint32(a), func(l int32) bool {
			put(l, xLearnedSim)
			v.withKey(v.key(l), func(k int32) { put(k, xLearnedKinSim) })
			return true
		})
	}
}

// arabicParticleKeys are the phonetic keys of the romanisations of
// Arabic name particles.
var arabicParticleKeys = map[string]string{
	arArticle: "AL", arAbd: "ABD", arAbu: "ABU", "بن": "BIN", "ابن": "BIN", "بنت": "BINT", "ولد": "WALAD",
}

// xOtherwiseWritten is taken off the similarity of a romanised word the
// lists pair with other Arabic words only: MAHMUD, which the lists write
// محمود, is not محمد, although its skeleton and vowels allow it.
const xOtherwiseWritten = 0.1

// otherwiseWritten returns xOtherwiseWritten when the lists pair the
// romanised term l with Arabic words, none of them text.
func otherwiseWritten(v *vocab, l int32, text string) float32 {
	paired, same := false, false
	v.learnedBy.each(uint32(l), func(a int32) bool {
		paired = true
		if v.text(a) == text {
			same = true
			return false
		}
		return true
	})
	if paired && !same {
		return xOtherwiseWritten
	}
	return 0
}
