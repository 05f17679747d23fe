package screening

import (
	"fmt"
	"runtime"
	"strings"
	"sync"
	"testing"
	"weak"
)

// testList is a small hand-made list covering the cases the scorer must
// get right.
func testList() *List {
	p := func(id, name string, dob ...Date) Entity {
		e := Entity{ListID: id, Type: Person, Topics: []Topic{TopicSanction}, Countries: []string{"IRQ"}}
		e.AddName(Name{Full: name, Kind: NamePrimary})
		e.DatesOfBirth = dob
		return e
	}
	o := func(id string, names ...string) Entity {
		e := Entity{ListID: id, Type: Organisation, Topics: []Topic{TopicSanction}}
		for i, n := range names {
			k := NameAKA
			if i == 0 {
				k = NamePrimary
			}
			e.AddName(Name{Full: n, Kind: k})
		}
		return e
	}
	return &List{Name: "test", Version: "v1", Entities: []Entity{
		p("1", "DANIELS, Emma"),
		p("2", "AL-ZAWAHIRI, Ayman Muhammad Rabi", Date{1951, 6, 19}),
		p("3", "SERGEEVA, Yulia Aleksandrovna"),
		p("4", "SMITH"),
		p("5", "UDODOV, Aleksandr Yevgenyevich"),
		p("6", "CHU, Kyu-Chang"),
		o("10", "AL-QAIDA", "AL QAEDA"),
		o("11", "ROBIN TREID, OOO"),
		o("12", "AUDIO ALARMAS, S.A. DE C.V."),
		o("13", "BANCO NACIONAL DE CUBA", "NATIONAL BANK OF CUBA"),
		o("14", "MUKHAMEDOV TRADING LLC"),
	}}
}

var testIdx = sync.OnceValue(func() *Index { return NewIndex(testList()) })

func top(t *testing.T, q Query) (Match, bool) {
	t.Helper()
	ms := testIdx().Search(q)
	if len(ms) == 0 {
		return Match{}, false
	}
	return ms[0], true
}

func TestSearchFindsVariants(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, query string
		typ         EntityType
		want        string
	}{
		{"exact", "Ayman Muhammad Rabi Al-Zawahiri", Person, "2"},
		{"ofac order", "AL-ZAWAHIRI, Ayman Muhammad Rabi", Person, "2"},
		{"reordered", "Zawahiri Ayman Muhammad Rabi Al", Person, "2"},
		{"dropped middle", "Yulia Sergeeva", Person, "3"},
		{"initial", "A. Yevgenyevich Udodov", Person, "5"},
		{"transliteration", "Aleksandr Evgenievich Udodov", Person, "5"},
		{"cyrillic", "Александр Евгеньевич Удодов", Person, "5"},
		{"typo", "Yulia Aleksandrovna Sergeyeva", Person, "3"},
		{"hyphen joined", "ALQAIDA", Organisation, "10"},
		{"hyphen spaced", "AL QAIDA", Organisation, "10"},
		{"hyphen kept", "al-Qaida", Unknown, "10"},
		{"name joined", "KyuChang Chu", Person, "6"},
		{"legal form family", "ROBIN TREID LLC", Organisation, "11"},
		{"legal form dropped", "AUDIO ALARMAS", Organisation, "12"},
		{"legal form short", "Audio Alarmas, S.A.", Organisation, "12"},
		{"alias", "National Bank of Cuba", Organisation, "13"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			m, ok := top(t, Query{Name: tt.query, Type: tt.typ})
			if !ok || m.ListID != tt.want || !m.Match {
				t.Fatalf("Search(%q) top = %s %.3f match=%v, want %s matched\n%s", tt.query, m.ListID, m.Score, m.Match, tt.want, strings.Join(m.Reasons, "\n"))
			}
			if m.Score < 0 || m.Score > 1 {
				t.Errorf("score %v out of [0,1]", m.Score)
			}
		})
	}
}

// TestSeparateInitials: "A. B." are two initials, not the legal form AB.
func TestSeparateInitials(t *testing.T) {
	t.Parallel()
	e := Entity{ListID: "1", Type: Person}
	e.AddName(Name{Full: "SMITH, Alan Brian", Kind: NamePrimary})
	idx := NewIndex(&List{Name: "t", Entities: []Entity{e}})
	for _, q := range []Query{{Name: "A. B. Smith"}, {Name: "Smith, A. B."}, {Name: "A B Smith", Type: Person}} {
		ms := idx.Search(q)
		if len(ms) == 0 || !ms[0].Match {
			t.Errorf("Search(%q) = %v, want a match", q.Name, ms)
		}
	}
}

func TestSearchRejectsWeakOverlap(t *testing.T) {
	t.Parallel()
	tests := []struct {
		query string
		typ   EntityType
	}{
		{"EMMA LLC", Organisation},
		{"Emma Watson", Person},
		{"JOHN SMITH TRADING", Organisation},
		{"John Smith", Person},
		{"LLC", Organisation},
		{"TRADING LLC", Organisation},
		{"Mohammed Ali", Person},
		{"", Unknown},
	}
	for _, tt := range tests {
		if m, ok := top(t, Query{Name: tt.query, Type: tt.typ}); ok && m.Match {
			t.Errorf("Search(%q) matched %s %q with %.3f, want no match\n%s", tt.query, m.ListID, m.MatchedName, m.Score, strings.Join(m.Reasons, "\n"))
		}
	}
}

func TestEvidenceMovesScore(t *testing.T) {
	t.Parallel()
	base, _ := top(t, Query{Name: "Ayman al-Zawahiri"})
	tests := []struct {
		name string
		q    Query
		up   bool
	}{
		{"same dob", Query{Name: "Ayman al-Zawahiri", DOB: "1951-06-19"}, true},
		{"same year", Query{Name: "Ayman al-Zawahiri", DOB: "1951"}, true},
		{"other dob", Query{Name: "Ayman al-Zawahiri", DOB: "1985"}, false},
		{"same country", Query{Name: "Ayman al-Zawahiri", Country: "IQ"}, true},
		{"other country", Query{Name: "Ayman al-Zawahiri", Country: "FRA"}, false},
		{"person", Query{Name: "Ayman al-Zawahiri", Type: Person}, true},
		{"company", Query{Name: "Ayman al-Zawahiri", Type: Organisation}, false},
	}
	for _, tt := range tests {
		m, ok := top(t, tt.q)
		if !ok || m.ListID != "2" {
			t.Fatalf("%s: top = %v, want entity 2", tt.name, m.ListID)
		}
		raw := 0.0
		for _, p := range m.Pieces {
			raw += p.Delta
		}
		if tt.up && raw <= 0 || !tt.up && raw >= 0 {
			t.Errorf("%s: adjustments sum to %+.2f (score %.3f, base %.3f), want %s", tt.name, raw, m.Score, base.Score, map[bool]string{true: "up", false: "down"}[tt.up])
		}
	}
	if m, _ := top(t, Query{Name: "Ayman al-Zawahiri", Type: Organisation, DOB: "1985"}); m.Match {
		t.Errorf("company query with conflicting dob still matched at %.3f", m.Score)
	}
}

func TestReasonsExplain(t *testing.T) {
	t.Parallel()
	m, _ := top(t, Query{Name: "Yulia Sergeyeva", Type: Person, DOB: "1980"})
	text := strings.Join(m.Reasons, "\n")
	for _, want := range []string{"YULIA ~ YULIA: exact", "SERGEYEVA ~ SERGEEVA", "missing: listed ALEKSANDROVNA", "covers", "type: person agrees"} {
		if !strings.Contains(text, want) {
			t.Errorf("reasons lack %q:\n%s", want, text)
		}
	}
	if m.MatchedName != "SERGEEVA, Yulia Aleksandrovna" || m.List != "test" || m.Entity == nil {
		t.Errorf("match = %+v, want list, entity and matched name set", m)
	}
}

func TestSearchEntitiesRestricts(t *testing.T) {
	t.Parallel()
	ms := testIdx().SearchEntities(Query{Name: "AL QAIDA"}, []Key{{List: "test", ListID: "13"}, {List: "test", ListID: "nope"}})
	for _, m := range ms {
		if m.ListID != "13" {
			t.Errorf("SearchEntities returned %s, want only 13", m.ListID)
		}
	}
	ms = testIdx().SearchEntities(Query{Name: "AL QAIDA"}, []Key{{List: "test", ListID: "10"}})
	full, _ := top(t, Query{Name: "AL QAIDA"})
	if len(ms) != 1 || ms[0].Score != full.Score {
		t.Errorf("SearchEntities score = %v, want %v as from Search", ms, full.Score)
	}
}

func TestSearchLimitsAndThreshold(t *testing.T) {
	t.Parallel()
	ms := testIdx().Search(Query{Name: "Ayman", Limit: 1})
	if len(ms) > 1 {
		t.Errorf("Limit 1 gave %d results", len(ms))
	}
	for _, m := range testIdx().Search(Query{Name: "Ayman Zawahiri", Threshold: 0.99, MatchesOnly: true}) {
		if m.Score < 0.99 || !m.Match {
			t.Errorf("MatchesOnly returned %.3f below threshold", m.Score)
		}
	}
	if ms := testIdx().Search(Query{Name: "AL QAIDA", Lists: []string{"other"}}); len(ms) != 0 {
		t.Errorf("Lists filter let through %d results", len(ms))
	}
}

func TestSearchConcurrent(t *testing.T) {
	t.Parallel()
	idx := testIdx()
	want := fmt.Sprint(idx.Search(Query{Name: "Yulia Sergeeva"})[0].Score)
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 200; i++ {
				if got := fmt.Sprint(idx.Search(Query{Name: "Yulia Sergeeva"})[0].Score); got != want {
					t.Errorf("concurrent score %s, want %s", got, want)
					return
				}
			}
		}()
	}
	wg.Wait()
}

func TestListsReportVersions(t *testing.T) {
	t.Parallel()
	ls := testIdx().Lists()
	if len(ls) != 1 || ls[0].Name != "test" || ls[0].Version != "v1" || ls[0].Entities != 11 {
		t.Errorf("Lists() = %+v", ls)
	}
}

// TestDroppedIndexIsCollected guards against an index outliving its use:
// servers rebuild the index on every list update.
func TestDroppedIndexIsCollected(t *testing.T) {
	idx := NewIndex(testList())
	idx.Search(Query{Name: "Ayman"})
	w := weak.Make(idx)
	idx = nil
	runtime.GC() // one collection must do: nothing global may hold the index
	if w.Value() != nil {
		t.Error("index still reachable after it was dropped")
	}
}
