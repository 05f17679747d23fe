package screening

import (
	"math"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzNormalise checks that normalising never panics, yields valid UTF-8
// without punctuation, never gains words when applied twice, and is
// idempotent on names outside the cases idempotentDomain lists.
func FuzzNormalise(f *testing.F) {
	for _, s := range []string{"AL ZAWAHIRI, Dr. Ayman", "S.A. DE C.V.", "Сергей", "عزت ابراهيم الدوري",
		"Κώστας", "O'Brien & Co.", "Myo' ng-ch'o' l", "LIMITED LIABILITY, CO", "a.b.c.d.e", "-- ,, ..", "\xff\xfe", "B(A", "A. B. Smith", "S A", "EMMR Y COMPANIA S A S",
		strings.Repeat("漢", 14) + " Li", strings.Repeat("Щ", 25), "عبدالرحمن بن علي", "ﺻﺍﻠﺡ ﷲ", "حسن، علي", "ABDULRAHMAN NASRULLAH UD-DIN",
		"الله", "ابوبكر الصديق", "Amir (original script: Амир)"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := Normalise(s)
		if !utf8.ValidString(n) {
			t.Fatalf("Normalise(%q) = %q, not UTF-8", s, n)
		}
		if strings.ContainsAny(n, ",.'-&") {
			t.Fatalf("Normalise(%q) = %q keeps punctuation", s, n)
		}
		n2 := Normalise(n)
		if len(strings.Fields(n2)) > len(strings.Fields(n)) {
			t.Fatalf("Normalise not stable: %q → %q → %q", s, n, n2)
		}
		if n2 != n && idempotentDomain(s, n) {
			t.Fatalf("Normalise not idempotent: %q → %q → %q", s, n, n2)
		}
	})
}

// FuzzScore checks the scorer's invariants on arbitrary names: scores are
// in [0,1] and never NaN, a listed name always finds itself at or above
// the default threshold, and the query order of tokens does not matter.
func FuzzScore(f *testing.F) {
	f.Add("AL-ZAWAHIRI, Ayman", "Ayman al Zawahiri", uint8(0))
	f.Add("ROBIN TREID, OOO", "Robin Treid LLC", uint8(1))
	f.Add("SMITH", "John Smith Trading", uint8(1))
	f.Add("J. R. R.", "J", uint8(0))
	f.Add("LLC", "LLC", uint8(1))
	f.Add("ÆØÅ ßß", "AEOA SSSS", uint8(2))
	f.Add("HAMDAN, Yusuf Karim", "يوسف كريم حمدان", uint8(0))
	f.Add("عزت ابراهيم الدوري", "عزت الدوري", uint8(0))
	f.Add("ABD AL-RAHMAN, Atiyah", "عبدالرحمن", uint8(2))
	f.Fuzz(func(t *testing.T, listed, query string, typ uint8) {
		et := []EntityType{Person, Organisation, Unknown}[int(typ)%3]
		e := Entity{ListID: "1", Type: et}
		e.AddName(Name{Full: listed, Kind: NamePrimary})
		other := Entity{ListID: "2", Type: Person}
		other.AddName(Name{Full: "PLACEHOLDER, Name", Kind: NamePrimary})
		idx := NewIndex(&List{Name: "f", Entities: []Entity{e, other}})
		for _, q := range []Query{{Name: query}, {Name: query, Type: et, DOB: "1970", Country: "RU"}} {
			for _, m := range idx.Search(q) {
				if math.IsNaN(m.Score) || m.Score < 0 || m.Score > 1 {
					t.Fatalf("score %v for %q vs %q", m.Score, query, listed)
				}
			}
		}
		if len(e.Names) == 0 || !hasCore(analyse(e.Names[0].Full, hintFor(et), correctLegalWord)) {
			return
		}
		ms := idx.SearchEntities(Query{Name: e.Names[0].Full, Type: et}, []Key{{List: "f", ListID: "1"}})
		if len(ms) != 1 || ms[0].Score < DefaultThreshold {
			t.Fatalf("self-match of %q: %v, want score ≥ %v", listed, ms, DefaultThreshold)
		}
	})
}

func hasCore(ts []token) bool {
	for _, t := range ts {
		if t.class == classCore {
			return true
		}
	}
	return false
}

// idempotentDomain reports whether Normalise(n) == n must hold for
// n = Normalise(s). It does not hold in general; a second pass can drop
// or respell words
//   - around titles and suffixes: only one trailing suffix is dropped
//     per pass ("X JR II" → "X JR"), and "SMITH, JOHN" is reordered by
//     analysing its parts apart, so a title or suffix that ended or
//     started a part can end or start the name next time ("II(0" →
//     "0 II" → "0");
//   - around legal forms, which are matched with spaces removed and
//     written as their family: "SAA A" → "SA A" → "SAA", "OO(O" → "O OO"
//     → "OOO" (OOO is LLC), and a name or part made only of forms keeps
//     them as written ("LIMITE IABILITY AO" → "LIMITEIABILITY AO" →
//     "LIMITEIABILITY JSC");
//   - near the byte bounds, which cut differently once "&" became AND.
//
// Single letters written apart never join into a form ("B(A" → "A B",
// not "AB"); TestNormaliseIdempotent covers those.
func idempotentDomain(s, n string) bool {
	if len(s) > maxNameBytes/4 {
		return false
	}
	for _, w := range split(fold(joinBrokenApostrophes(s))) {
		if suffixes[w.text] || isTitle(w.text, phoneticKey(w.text)) {
			return false
		}
	}
	for _, name := range []string{s, n} {
		for _, t := range normalTokens(name) {
			if t.class == classLegal || t.surface != "" {
				return false
			}
		}
	}
	return true
}
