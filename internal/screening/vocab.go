package screening

import (
	"math"
	"slices"
	"strings"
)

// term is one distinct normalised token (or joined pair of adjacent
// tokens) found in the listed names.
type term struct {
	text, key string
	df        int32   // entities whose names contain the term
	idf       float32 // rarity weight, see vocab.finish
	single    bool    // appears as a token on its own somewhere
	fuzzy     bool    // in the fuzzy lookups
}

// vocab maps spellings to terms and terms to the names that contain them
// (postings), with three fuzzy lookups over single terms: one-deletion
// variants (any single typo), consonant skeletons (vowel-only
// romanisation variants) and letter bigrams (deeper typos in long words).
type vocab struct {
	ids       map[string]int32
	keys      map[string][]int32
	skeletons map[string][]int32
	grams     *[1 << 16][]int32 // letter bigram → long terms containing it
	dels      []delEntry        // sorted by hash
	terms     []term
	post      [][]int32 // term → names, ascending, distinct
	last      []int32   // build only: last entity counted in df
	unseenIDF float32
}

// delEntry says that deleting at most one letter of term id gives a
// string with hash h.
type delEntry struct {
	h  uint64
	id int32
}

// minGramLen is the shortest term indexed by bigrams: shorter words
// allow at most one typo, which the deletion index already finds.
const minGramLen = 6

func newVocab() *vocab {
	return &vocab{ids: map[string]int32{}, keys: map[string][]int32{}, skeletons: map[string][]int32{},
		grams: new([1 << 16][]int32)}
}

// add records that name (of entity) contains text, as a token on its own
// (single) or as two adjacent tokens joined. Singles, and pairs written
// with a hyphen ("OSTEC-SMT", often typed as one word), are indexed for
// fuzzy lookup. An empty key is computed when the term is new.
func (v *vocab) add(text, key string, single, fuzzy bool, name, entity int32) int32 {
	id, ok := v.ids[text]
	if !ok {
		if key == "" {
			key = phoneticKey(text)
		}
		id = int32(len(v.terms))
		v.ids[text] = id
		v.terms = append(v.terms, term{text: text, key: key})
		v.post = append(v.post, nil)
		v.last = append(v.last, -1)
		v.keys[key] = append(v.keys[key], id)
	}
	t := &v.terms[id]
	t.single = t.single || single
	if (single || fuzzy) && !t.fuzzy {
		t.fuzzy = true
		v.indexFuzzy(id)
	}
	if p := v.post[id]; len(p) == 0 || p[len(p)-1] != name {
		v.post[id] = append(p, name)
	}
	if v.last[id] != entity {
		v.last[id] = entity
		t.df++
	}
	return id
}

// indexFuzzy adds a single term to the fuzzy lookups.
func (v *vocab) indexFuzzy(id int32) {
	t := &v.terms[id]
	if len(t.text) < 3 {
		return
	}
	forDeletions(t.text, func(h uint64) { v.dels = append(v.dels, delEntry{h, id}) })
	if sk := skeleton(t.key); len(sk) >= 2 {
		v.skeletons[sk] = append(v.skeletons[sk], id)
	}
	if len(t.text) >= minGramLen {
		for _, g := range bigrams(t.text) {
			if p := v.grams[g]; len(p) == 0 || p[len(p)-1] != id {
				v.grams[g] = append(p, id)
			}
		}
	}
}

// finish computes rarity weights once all names are in: the inverse
// document frequency over entities, so a token carried by one entity in
// ten thousand outweighs AL, MOHAMMED or TRADING.
func (v *vocab) finish(entities int) {
	n := float64(entities) + 1
	for i := range v.terms {
		v.terms[i].idf = float32(math.Log(n / (float64(v.terms[i].df) + 0.5)))
	}
	v.unseenIDF = float32(math.Log(n / 0.5))
	v.last = nil
	slices.SortFunc(v.dels, func(a, b delEntry) int {
		switch {
		case a.h < b.h:
			return -1
		case a.h > b.h:
			return 1
		}
		return int(a.id - b.id)
	})
}

// idf returns the weight of a spelling, treating unknown ones as rarer
// than anything listed.
func (v *vocab) idf(text string) (float32, bool) {
	if id, ok := v.ids[text]; ok {
		return v.terms[id].idf, true
	}
	return v.unseenIDF, false
}

// byDeletion calls f for every term that shares a one-deletion variant
// (or the whole spelling) with s.
func (v *vocab) byDeletion(s string, f func(id int32)) {
	forDeletions(s, func(h uint64) {
		i, _ := slices.BinarySearchFunc(v.dels, h, func(e delEntry, h uint64) int {
			switch {
			case e.h < h:
				return -1
			case e.h > h:
				return 1
			}
			return 0
		})
		for ; i < len(v.dels) && v.dels[i].h == h; i++ {
			f(v.dels[i].id)
		}
	})
}

// forDeletions calls f with the FNV-1a hash of s and of s with each one
// letter removed.
func forDeletions(s string, f func(uint64)) {
	const offset, prime = 14695981039346656037, 1099511628211
	for skip := -1; skip < len(s); skip++ {
		h := uint64(offset)
		for i := 0; i < len(s); i++ {
			if i != skip {
				h = (h ^ uint64(s[i])) * prime
			}
		}
		f(h)
	}
}

// skeleton drops the vowels of a phonetic key: romanisation variants
// that differ only in vowels (MUHAMAD, MOHAMED) share it.
func skeleton(key string) string {
	return strings.Map(func(r rune) rune {
		if r < 128 && isVowel(byte(r)) {
			return -1
		}
		return r
	}, key)
}

// bigrams returns the distinct padded letter bigrams of s, packed in uint16.
func bigrams(s string) []uint16 {
	out := make([]uint16, 0, len(s)+1)
	prev := byte('^')
	for i := 0; i <= len(s); i++ {
		c := byte('$')
		if i < len(s) {
			c = s[i]
		}
		g := uint16(prev)<<8 | uint16(c)
		if !slices.Contains(out, g) {
			out = append(out, g)
		}
		prev = c
	}
	return out
}
