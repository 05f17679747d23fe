package screening

import (
	"fmt"
	"testing"
)

// withFillers adds n unrelated people to a list, so that rarity weights
// are those of a list of some size rather than of three names. Every
// other one has the given name common, when set.
func withFillers(n int, common string, es ...Entity) *List {
	l := &List{Name: "l", Entities: es}
	for i := range n {
		e := Entity{ListID: fmt.Sprintf("f%d", i), Type: Person}
		given := fmt.Sprintf("Given%dY", i)
		if common != "" && i%2 == 0 {
			given = common
		}
		e.AddName(Name{Full: fmt.Sprintf("FILLER%dX, %s", i, given), Kind: NamePrimary})
		l.Entities = append(l.Entities, e)
	}
	return l
}

// TestSubsetRanksBelow: a listed father whose name is part of his son's
// must not outrank the son when the query is the son's whole name, even
// when the father's spelling is the query's and the son's is not.
func TestSubsetRanksBelow(t *testing.T) {
	t.Parallel()
	p := func(id, name string) Entity {
		e := Entity{ListID: id, Type: Person}
		e.AddName(Name{Full: name, Kind: NamePrimary})
		return e
	}
	father := p("1", "AL-RASHID, Ahmad")
	son := p("2", "AL-RASHIDI, Mohamed Ahmed")
	q := Query{Name: "Muhammad Ahmad al-Rashid", Type: Person}

	// MUHAMMAD is common, so leaving it out of the father's name costs
	// little: alone, the father scores above the son's variant spelling.
	alone := NewIndex(withFillers(300, "Muhammad", father)).Search(q)
	both := NewIndex(withFillers(300, "Muhammad", father, son)).Search(q)
	if len(alone) < 1 || len(both) < 2 {
		t.Fatalf("got %d and %d results, want 1 and 2", len(alone), len(both))
	}
	sonFirst := both[0]
	if sonFirst.ListID != "2" {
		t.Fatalf("got %s (%.3f) first, want the son (2): %v", sonFirst.ListID, sonFirst.Score, both[0].Reasons)
	}
	f := both[1]
	if f.Score >= sonFirst.Score {
		t.Errorf("got father %.3f, son %.3f; want the father below", f.Score, sonFirst.Score)
	}
	if alone[0].Score <= sonFirst.Score {
		t.Errorf("got father alone %.3f, son %.3f; the case does not test the rule", alone[0].Score, sonFirst.Score)
	}
	if b := f.Explanation.RankedBelow; b == nil || b.ListID != "2" {
		t.Errorf("got ranked_below %+v, want the son", b)
	}
}

// TestInitialOnlyAlias: an alias whose given name is an initial matches
// queries with that initial, never an unrelated full given name.
func TestInitialOnlyAlias(t *testing.T) {
	t.Parallel()
	e := Entity{ListID: "1", Type: Person}
	e.AddName(Name{Full: "AHMED, A.", Kind: NamePrimary})
	full := Entity{ListID: "2", Type: Person}
	full.AddName(Name{Full: "KARIMI, Hassan", Kind: NamePrimary})
	idx := NewIndex(withFillers(300, "", e, full))
	tests := []struct {
		query string
		match bool
	}{
		{"A. Ahmed", true},
		{"Ahmed A", true},
		{"Ahmed Ali", false},
		{"Ahmed Abdullah", false},
		{"Ahmed Karimi", false},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			t.Parallel()
			var got *Match
			for _, m := range idx.Search(Query{Name: tt.query, Type: Person}) {
				if m.ListID == "1" {
					got = &m
				}
			}
			matched := got != nil && got.Match
			if matched != tt.match {
				score := 0.0
				if got != nil {
					score = got.Score
				}
				t.Errorf("%q against AHMED, A.: score %.3f, match %v, want %v", tt.query, score, matched, tt.match)
			}
		})
	}
}
