package screening

import (
	"math"
	"slices"
	"strings"
	"unicode/utf8"
)

// vocab holds every distinct normalised token (and joined pair of
// adjacent tokens) of the listed names, a term, with the names that
// contain it (postings) and three fuzzy lookups over single terms:
// one-deletion variants (any single typo), consonant skeletons
// (vowel-only romanisation variants) and letter bigrams (deeper typos in
// long words).
//
// It is built once and then only read, so it is laid out for size rather
// than for growth: spellings and keys live in two strings, postings and
// bigram lists in flat arrays with offsets, and the lookups are sorted
// arrays of (hash, term) packed in a uint64. A term costs about 40 bytes
// plus its spelling, a third of a map-and-slices layout.
type vocab struct {
	texts, keys     string   // spellings and phonetic keys, concatenated
	textOff, keyOff []uint32 // term i is texts[textOff[i]:textOff[i+1]]
	idfs            []float32
	flags           []uint8   // termSingle, termFuzzy
	postOff         []uint32  // term i's names are post[postOff[i]:postOff[i+1]]
	post            []int32   // names, ascending and distinct per term
	byText, byKey   hashIndex // every term by spelling and by phonetic key
	bySkeleton      hashIndex // fuzzy terms by consonant skeleton
	dels            hashIndex // fuzzy terms by each one-deletion variant
	gramOff         []uint32  // bigram g's long terms are grams[gramOff[g]:gramOff[g+1]]
	grams           []int32
	byCross         hashIndex // romanised fuzzy terms by cross-script skeleton (xscript.go)
	// learned pairs Arabic-script terms with the romanised terms the
	// lists themselves give for them (learn.go): entries are
	// arabic<<32 | romanised, so each hashes under its Arabic term id.
	learned   hashIndex
	learnedBy hashIndex // the same pairs, romanised<<32 | arabic
	unseenIDF float32
}

// Term flags.
const (
	termSingle uint8 = 1 << iota // appears as a token on its own somewhere
	termFuzzy                    // in the fuzzy lookups
)

// minGramLen is the shortest term indexed by bigrams: shorter words
// allow at most one typo, which the deletion index already finds.
const minGramLen = 6

// terms returns the number of terms.
func (v *vocab) terms() int { return len(v.idfs) }

// text returns the spelling of term id.
func (v *vocab) text(id int32) string { return v.texts[v.textOff[id]:v.textOff[id+1]] }

// key returns the phonetic key of term id.
func (v *vocab) key(id int32) string { return v.keys[v.keyOff[id]:v.keyOff[id+1]] }

// idfOf returns the rarity weight of term id.
func (v *vocab) idfOf(id int32) float32 { return v.idfs[id] }

// single reports whether term id appears as a token on its own.
func (v *vocab) single(id int32) bool { return v.flags[id]&termSingle != 0 }

// postings returns the names containing term id, ascending.
func (v *vocab) postings(id int32) []int32 { return v.post[v.postOff[id]:v.postOff[id+1]] }

// id returns the term spelt text.
func (v *vocab) id(text string) (int32, bool) {
	found := int32(-1)
	v.byText.each(hashString(text), func(id int32) bool {
		if v.text(id) == text {
			found = id
			return false
		}
		return true
	})
	return found, found >= 0
}

// withKey calls f for every term whose phonetic key is key.
func (v *vocab) withKey(key string, f func(id int32)) {
	v.byKey.each(hashString(key), func(id int32) bool {
		if v.key(id) == key {
			f(id)
		}
		return true
	})
}

// withSkeleton calls f for every fuzzy term whose key has skeleton sk,
// and rarely for another one (a hash collision): callers compare the
// terms they get anyway.
func (v *vocab) withSkeleton(sk string, f func(id int32)) {
	v.bySkeleton.each(hashString(sk), func(id int32) bool { f(id); return true })
}

// withGram returns the long fuzzy terms containing bigram g.
func (v *vocab) withGram(g uint16) []int32 { return v.grams[v.gramOff[g]:v.gramOff[int(g)+1]] }

// idf returns the weight of a spelling, treating unknown ones as rarer
// than anything listed.
func (v *vocab) idf(text string) (float32, bool) {
	if id, ok := v.id(text); ok {
		return v.idfs[id], true
	}
	return v.unseenIDF, false
}

// byDeletion calls f for every term that shares a one-deletion variant
// (or the whole spelling) with s, and rarely for another one (a hash
// collision).
func (v *vocab) byDeletion(s string, f func(id int32)) {
	forDeletions(s, func(h uint32) {
		v.dels.each(h, func(id int32) bool { f(id); return true })
	})
}

// hashIndex maps 32-bit hashes to term ids: each entry is hash<<32 | id,
// sorted, so the entries of one hash are adjacent and found by binary
// search.
type hashIndex []uint64

// each calls f with every id stored under hash h until f returns false.
func (x hashIndex) each(h uint32, f func(id int32) bool) {
	lo := uint64(h) << 32
	i, _ := slices.BinarySearch(x, lo)
	for ; i < len(x) && x[i]>>32 == uint64(h); i++ {
		if !f(int32(uint32(x[i]))) {
			return
		}
	}
}

func entry(h uint32, id int32) uint64 { return uint64(h)<<32 | uint64(uint32(id)) }

// hashString is 32-bit FNV-1a.
func hashString(s string) uint32 {
	const offset, prime = 2166136261, 16777619
	h := uint32(offset)
	for i := 0; i < len(s); i++ {
		h = (h ^ uint32(s[i])) * prime
	}
	return h
}

// hashBytes is hashString of b.
func hashBytes(b []byte) uint32 {
	const offset, prime = 2166136261, 16777619
	h := uint32(offset)
	for _, c := range b {
		h = (h ^ uint32(c)) * prime
	}
	return h
}

// isASCII reports whether s is all ASCII.
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// forDeletions calls f with the FNV-1a hash of s and of s with each one
// letter removed (a whole character outside ASCII).
func forDeletions(s string, f func(uint32)) {
	const offset, prime = 2166136261, 16777619
	if !isASCII(s) {
		for skip := -1; skip < len(s); {
			h := uint32(offset)
			end := len(s)
			if skip >= 0 {
				_, n := utf8.DecodeRuneInString(s[skip:])
				end = skip + n
			}
			for i := 0; i < len(s); i++ {
				if i < skip || i >= end {
					h = (h ^ uint32(s[i])) * prime
				}
			}
			f(h)
			if skip < 0 {
				skip = 0
			} else {
				skip = end
			}
		}
		return
	}
	for skip := -1; skip < len(s); skip++ {
		h := uint32(offset)
		for i := 0; i < len(s); i++ {
			if i != skip {
				h = (h ^ uint32(s[i])) * prime
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

// vocabBuilder collects terms and postings while names are indexed; build
// turns it into a vocab.
type vocabBuilder struct {
	ids         map[string]int32
	texts, keys []byte
	textOff     []uint32
	keyOff      []uint32
	flags       []uint8
	df          []int32
	lastName    []int32 // last name recorded in the postings of each term
	lastEntity  []int32 // last entity counted in df
	postTerm    []int32 // postings as (term, name) pairs, in name order
	postName    []int32
}

// newVocabBuilder returns a builder sized for about names names, from
// the shape of the bundled lists (per name: 2.1 terms of 10 bytes, 5.2
// postings), so that building regrows little.
func newVocabBuilder(names int) *vocabBuilder {
	terms := names*22/10 + 16
	b := &vocabBuilder{ids: make(map[string]int32, terms),
		texts: make([]byte, 0, terms*11), keys: make([]byte, 0, terms*10),
		textOff: make([]uint32, 1, terms+1), keyOff: make([]uint32, 1, terms+1),
		flags: make([]uint8, 0, terms), df: make([]int32, 0, terms),
		lastName: make([]int32, 0, terms), lastEntity: make([]int32, 0, terms),
		postTerm: make([]int32, 0, names*55/10+16), postName: make([]int32, 0, names*55/10+16)}
	return b
}

// add records that name (of entity) contains text, as a token on its own
// (single) or as two adjacent tokens joined. Singles, and pairs written
// with a hyphen ("OSTEC-SMT", often typed as one word), are indexed for
// fuzzy lookup. An empty key is computed when the term is new.
func (b *vocabBuilder) add(text, key string, single, fuzzy bool, name, entity int32) int32 {
	id, ok := b.ids[string(text)]
	if !ok {
		if key == "" {
			key = phoneticKey(text)
		}
		id = int32(len(b.flags))
		b.texts = append(b.texts, text...)
		b.keys = append(b.keys, key...)
		b.textOff = append(b.textOff, uint32(len(b.texts)))
		b.keyOff = append(b.keyOff, uint32(len(b.keys)))
		// The map keeps its own copy of the spelling only while building.
		b.ids[strings.Clone(text)] = id
		b.flags = append(b.flags, 0)
		b.df = append(b.df, 0)
		b.lastName = append(b.lastName, -1)
		b.lastEntity = append(b.lastEntity, -1)
	}
	if single {
		b.flags[id] |= termSingle
	}
	if single || fuzzy {
		b.flags[id] |= termFuzzy
	}
	if b.lastName[id] != name {
		b.lastName[id] = name
		b.postTerm = append(b.postTerm, id)
		b.postName = append(b.postName, name)
	}
	if b.lastEntity[id] != entity {
		b.lastEntity[id] = entity
		b.df[id]++
	}
	return id
}

// build computes the rarity weights, lays the postings out by term and
// builds the lookups. The weight of a term is its inverse document
// frequency over entities, so a token carried by one entity in ten
// thousand outweighs AL, MOHAMMED or TRADING.
func (b *vocabBuilder) build(entities int) *vocab {
	n := len(b.flags)
	// Copies at their final size: the builder's slices carry growth slack.
	v := &vocab{texts: string(b.texts), keys: string(b.keys), textOff: slices.Clone(b.textOff),
		keyOff: slices.Clone(b.keyOff), flags: slices.Clone(b.flags), idfs: make([]float32, n)}
	b.ids = nil
	total := float64(entities) + 1
	for i, df := range b.df {
		v.idfs[i] = float32(math.Log(total / (float64(df) + 0.5)))
	}
	v.unseenIDF = float32(math.Log(total / 0.5))

	// Postings: a counting sort by term keeps each term's names in the
	// order they were added, ascending.
	v.postOff = make([]uint32, n+1)
	for _, t := range b.postTerm {
		v.postOff[t+1]++
	}
	for i := 1; i <= n; i++ {
		v.postOff[i] += v.postOff[i-1]
	}
	v.post = make([]int32, len(b.postTerm))
	next := slices.Clone(v.postOff[:n])
	for i, t := range b.postTerm {
		v.post[next[t]] = b.postName[i]
		next[t]++
	}
	b.postTerm, b.postName = nil, nil

	// Lookups by spelling and key, over every term.
	v.byText = make(hashIndex, n)
	v.byKey = make(hashIndex, n)
	for i := range n {
		id := int32(i)
		v.byText[i] = entry(hashString(v.text(id)), id)
		v.byKey[i] = entry(hashString(v.key(id)), id)
	}
	slices.Sort(v.byText)
	slices.Sort(v.byKey)

	// Fuzzy lookups, over single terms and hyphenated pairs of three
	// letters or more. Sizes are counted first so nothing is regrown.
	var ndel, nskel int
	var gramCount [1<<16 + 1]uint32
	var xs []byte
	var xv []string
	v.byCross = make(hashIndex, 0, n/2)
	for i := range n {
		id := int32(i)
		if v.flags[id] != 0 && isASCII(v.text(id)) {
			// Every romanised single word, however short (AL, BIN),
			// can be met by an Arabic-script word.
			var ok bool
			if xs, xv, ok = latinSkeleton(v.text(id), xs, xv); ok {
				v.byCross = append(v.byCross, entry(hashBytes(xs), id))
			}
		}
		if !v.fuzzy(id) {
			continue
		}
		t := v.text(id)
		ndel += len(t) + 1
		nskel++
		if len(t) >= minGramLen && isASCII(t) {
			for _, g := range bigrams(t) {
				gramCount[int(g)+1]++
			}
		}
	}
	v.dels = make(hashIndex, 0, ndel)
	v.bySkeleton = make(hashIndex, 0, nskel)
	for i := 1; i < len(gramCount); i++ {
		gramCount[i] += gramCount[i-1]
	}
	v.gramOff = make([]uint32, len(gramCount))
	copy(v.gramOff, gramCount[:])
	v.grams = make([]int32, gramCount[len(gramCount)-1])
	fill := gramCount[:1<<16]
	for i := range n {
		id := int32(i)
		if !v.fuzzy(id) {
			continue
		}
		t := v.text(id)
		forDeletions(t, func(h uint32) { v.dels = append(v.dels, entry(h, id)) })
		if !isASCII(t) {
			continue // other scripts: exact and one-typo matches only
		}
		if sk := skeleton(v.key(id)); len(sk) >= 2 {
			v.bySkeleton = append(v.bySkeleton, entry(hashString(sk), id))
		}
		if len(t) >= minGramLen {
			for _, g := range bigrams(t) {
				v.grams[fill[g]] = id
				fill[g]++
			}
		}
	}
	slices.Sort(v.dels)
	v.dels = slices.Compact(v.dels) // a deletion variant met twice in one term
	slices.Sort(v.bySkeleton)
	slices.Sort(v.byCross)
	return v
}

// fuzzy reports whether term id is in the fuzzy lookups: a single or
// hyphenated pair of at least three letters.
func (v *vocab) fuzzy(id int32) bool {
	return v.flags[id]&termFuzzy != 0 && v.textOff[id+1]-v.textOff[id] >= 3
}
