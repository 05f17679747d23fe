package screening

import (
	"cmp"
	"math"
	"slices"
	"sync"
)

// legalWeight is the weight of a legal-form token: enough that an
// agreeing form nudges a company match, never enough to make one.
const legalWeight = 0.5

// initialWeight caps the weight of a single-letter token.
const initialWeight = 1.5

// Index is an in-memory search structure over every name of a set of
// lists. It is immutable once built and safe for concurrent searches;
// build a new one (NewIndex) when a list changes.
type Index struct {
	lists    []ListInfo
	entities []*Entity
	byKey    []int32 // entity ids ordered by list and list id, for SearchEntities
	names    []nameRec
	toks     []nameTok
	surfaces []surface // legal forms as listed; surfaces[0] is none
	voc      *vocab
	// pool holds *scratch. It is allocated apart from the Index: sync.Pool
	// keeps used pools registered until later collections, and a pool
	// inside the Index would keep the whole index alive with it.
	pool *sync.Pool
}

// ListInfo names one list in an index and the version that was indexed.
type ListInfo struct {
	Name      string `json:"name"`
	Format    string `json:"format"`
	Version   string `json:"version"`
	Entities  int    `json:"entities"`
	Published string `json:"published,omitempty"`
}

// nameRec is one indexed name: which entity and which of its names, and
// where its tokens sit in Index.toks.
type nameRec struct {
	entity int32
	name   uint16
	weak   bool
	off    int32
	n      uint8
	core   uint8   // core tokens that are not particles: the name's words
	weight float32 // sum of token weights
}

// nameTok is one token of an indexed name (16 bytes: there is one per
// listed word).
type nameTok struct {
	term int32 // vocab term
	// pair is the term of this token joined with the next, or -1; for a
	// legal form (never joined) it is the Index.surfaces entry of the
	// words as listed.
	pair   int32
	weight float32
	class  tokenClass
	flags  uint8 // tokMiddle, tokHyphen, tokParticle, tokGoverns
}

// Flags of a listed token.
const (
	tokMiddle   uint8 = 1 << iota // a person's middle name: often left out, so it weighs less
	tokHyphen                     // written joined to the previous token by a hyphen
	tokParticle                   // ABD, AL, BIN, ABU: not a name word of its own (isParticle)
	tokGoverns                    // ABD, ABU: one name with the word it governs (governs)
)

// is reports whether the token has flag f.
func (t *nameTok) is(f uint8) bool { return t.flags&f != 0 }

// surface returns the Index.surfaces entry of a legal-form token.
func (t *nameTok) surface() int32 {
	if t.class != classLegal {
		return 0
	}
	return t.pair
}

// joined returns the term of this token joined with the next, or -1.
func (t *nameTok) joined() int32 {
	if t.class == classLegal {
		return -1
	}
	return t.pair
}

// surface is a legal form as listed, spaces removed ("OBSHCHESTVOS"), with
// its phonetic key, for matching query words the query did not read as
// a legal form.
type surface struct {
	text, key string
}

// governedCredit is what the name of a governed pair (ABD AL-RAHMAN)
// earns when matched without its ABD: RAHMAN is not ABD AL-RAHMAN.
const governedCredit = 0.3

// middleWeight scales the weight of a person's middle names and
// patronymics, which queries often leave out.
const middleWeight = 0.5

// middleTokens marks the middle names of a person's name with three or
// more core tokens: in OFAC's "SURNAME, Given Middle" form every given
// name after the first; in a primary name without a comma every token
// between the first and last (aliases without a comma come in any order,
// so they are left alone).
func middleTokens(toks []token, person, primary bool) uint32 {
	if !person {
		return 0
	}
	// Particles (ABD, AL, BIN, ABU) are never middle names, nor do they
	// stand for the given or family name: in ABD AL-RAHMAN AHMAD HOTAK
	// the given name is RAHMAN.
	var core []int
	for i, t := range toks {
		if t.class == classCore && !isParticle(t.text, t.key) {
			core = append(core, i)
		}
	}
	if len(core) < 3 {
		return 0
	}
	var m uint32
	// A part hyphenated to the first given name ("Young-Chol") is part
	// of it, not a middle name.
	if toks[core[len(core)-1]].segment > toks[core[0]].segment {
		seen := false
		for _, i := range core {
			if toks[i].segment == 0 {
				continue
			}
			if seen && !(toks[i].hyphen && m&(1<<uint(i-1)) == 0) {
				m |= 1 << uint(i)
			}
			seen = true
		}
		return m
	}
	if !primary {
		return 0
	}
	for k, i := range core[1 : len(core)-1] {
		if !(toks[i].hyphen && k == 0) {
			m |= 1 << uint(i)
		}
	}
	return m
}

// isParticle reports whether a word is an Arabic name particle: the
// article, ABD, BIN, BINT, ABU, in either script.
func isParticle(text, key string) bool {
	switch key {
	case "ABD", "AL", "BIN", "BINT", "ABU", "WALAD":
		return true
	}
	switch text {
	case arArticle, arAbd, arAbu, "بن", "ابن", "بنت", "ولد":
		return true
	}
	return false
}

// governs reports whether a word makes one name with the word after it:
// ABD (ABD AL-RAHMAN is not RAHMAN) and ABU (ABU BAKR is not BAKR), in
// either script. A name matched without its governing word is credited
// governedCredit of its match (assign).
func governs(key, text string) bool {
	return key == "ABD" || key == "ABU" || text == arAbd || text == arAbu
}

// maxNameTokens bounds the tokens indexed per name; longer names (a few
// OFAC aliases carry a translation in parentheses) are cut.
const maxNameTokens = 24

// NewIndex indexes every name of every entity of the given lists. Lists
// are referenced, not copied: do not modify them afterwards.
func NewIndex(lists ...*List) *Index {
	ix := &Index{pool: new(sync.Pool), surfaces: []surface{{}}}
	nEntities, nNames := 0, 0
	for _, l := range lists {
		if l != nil {
			nEntities += len(l.Entities)
			for i := range l.Entities {
				nNames += len(l.Entities[i].Names)
			}
		}
	}
	ix.entities = make([]*Entity, 0, nEntities)
	ix.names = make([]nameRec, 0, nNames)
	ix.toks = make([]nameTok, 0, nNames*34/10)
	voc := newVocabBuilder(nNames)
	surfaceIDs := map[string]int32{}
	surfaceID := func(text string) int32 {
		if text == "" {
			return 0
		}
		id, ok := surfaceIDs[text]
		if !ok {
			id = int32(len(ix.surfaces))
			surfaceIDs[text] = id
			ix.surfaces = append(ix.surfaces, surface{text, phoneticKey(text)})
		}
		return id
	}
	corrections := map[string]string{}
	corrector := func(w, key string) string {
		c, ok := corrections[w]
		if !ok {
			c = correctLegalWord(w, key)
			corrections[w] = c
		}
		return c
	}
	for _, l := range lists {
		if l == nil {
			continue
		}
		info := ListInfo{Name: l.Name, Format: l.Format, Version: l.Version, Entities: len(l.Entities)}
		if !l.Published.IsZero() {
			info.Published = l.Published.UTC().Format("2006-01-02")
		}
		ix.lists = append(ix.lists, info)
		for i := range l.Entities {
			e := &l.Entities[i]
			if e.Source == "" {
				e.Source = l.Name
			}
			eid := int32(len(ix.entities))
			ix.entities = append(ix.entities, e)
			hint := hintFor(e.Type)
			for ni, n := range e.Names {
				if ni > 0xFFFF {
					break
				}
				toks := analyse(n.Full, hint, corrector)
				if len(toks) == 0 {
					continue
				}
				if len(toks) > maxNameTokens {
					toks = toks[:maxNameTokens]
				}
				nid := int32(len(ix.names))
				rec := nameRec{entity: eid, name: uint16(ni), weak: n.Weak, off: int32(len(ix.toks)), n: uint8(len(toks))}
				middle := middleTokens(toks, e.Type == Person, n.Kind == NamePrimary || n.Kind == NameOriginal)
				for j, t := range toks {
					nt := nameTok{term: voc.add(t.text, t.key, true, true, nid, eid), pair: -1, class: t.class}
					if middle&(1<<uint(j)) != 0 {
						nt.flags |= tokMiddle
					}
					if t.hyphen {
						nt.flags |= tokHyphen
					}
					switch {
					case t.class == classLegal:
						nt.pair = surfaceID(t.surface)
					case t.class == classCore && isParticle(t.text, t.key):
						nt.flags |= tokParticle
						if governs(t.key, t.text) {
							nt.flags |= tokGoverns
						}
					case t.class == classCore:
						rec.core++
					}
					if j+1 < len(toks) && t.class != classLegal && toks[j+1].class != classLegal {
						joined := t.text + toks[j+1].text
						nt.pair = voc.add(joined, "", false, toks[j+1].hyphen, nid, eid)
					}
					ix.toks = append(ix.toks, nt)
				}
				ix.names = append(ix.names, rec)
			}
		}
	}
	if cap(ix.toks) > len(ix.toks)+len(ix.toks)/8 {
		ix.toks = slices.Clone(ix.toks) // the estimate was high: keep only what is used
	}
	ix.voc = voc.build(len(ix.entities))
	ix.learnPairs()
	ix.byKey = make([]int32, len(ix.entities))
	for i := range ix.byKey {
		ix.byKey[i] = int32(i)
	}
	slices.SortFunc(ix.byKey, func(a, b int32) int {
		ea, eb := ix.entities[a], ix.entities[b]
		return cmp.Or(cmp.Compare(ea.Source, eb.Source), cmp.Compare(ea.ListID, eb.ListID))
	})
	for i := range ix.names {
		r := &ix.names[i]
		toks := ix.toks[r.off : r.off+int32(r.n)]
		middles := 0
		for j := range toks {
			if toks[j].is(tokMiddle) {
				middles++
			}
		}
		// Several middle names (an Arabic chain of father and grandfather
		// names) weigh less each: queries leave them out together.
		mw := float32(middleWeight)
		if middles > 1 {
			mw /= float32(math.Sqrt(float64(middles)))
		}
		for j := range toks {
			t := &toks[j]
			t.weight = ix.tokenWeight(t.class, ix.voc.idfOf(t.term))
			if t.is(tokMiddle) {
				t.weight *= mw
			}
		}
		var sum float32
		for j := range toks {
			sum += toks[j].weight
		}
		r.weight = sum
	}
	return ix
}

// tokenWeight is the weight of a token in coverage sums.
func (ix *Index) tokenWeight(c tokenClass, idf float32) float32 {
	switch c {
	case classLegal:
		return legalWeight
	case classInitial:
		return min(idf, initialWeight)
	}
	return max(idf, 0.1)
}

// Lists returns the name and version of every indexed list.
func (ix *Index) Lists() []ListInfo { return append([]ListInfo(nil), ix.lists...) }

// Len returns the number of indexed entities and names.
func (ix *Index) Len() (entities, names int) { return len(ix.entities), len(ix.names) }
