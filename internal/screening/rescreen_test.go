package screening_test

import (
	"bufio"
	"encoding/json"
	"os"
	"testing"

	"github.com/gatehouse/gatehouse/internal/screening"
	"github.com/gatehouse/gatehouse/internal/screening/screeningtest"
)

// TestRescreenAgreesWithSearch: re-screening against a list update's
// entities finds every match Search finds among them, with the same
// scores. The queries are the dev set's (mostly misses for any one update)
// and the updated entities' own names (hits).
func TestRescreenAgreesWithSearch(t *testing.T) {
	l, err := sdn()
	if err != nil {
		t.Fatal(err)
	}
	if l == nil {
		screeningtest.DataDir(t) // fails or skips as the suite requires
		return
	}
	idx := screening.NewIndex(l)
	var keys []screening.Key
	var queries []screening.Query
	for i := 0; i < len(l.Entities); i += 37 {
		e := &l.Entities[i]
		keys = append(keys, screening.Key{List: l.Name, ListID: e.ListID})
		if len(e.Names) > 0 {
			queries = append(queries, screening.Query{Name: e.Names[0].Full})
		}
	}
	f, err := os.Open(screeningtest.DevSet(t))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var row struct {
			Query string `json:"query"`
		}
		if err := json.Unmarshal(sc.Bytes(), &row); err != nil {
			t.Fatal(err)
		}
		queries = append(queries, screening.Query{Name: row.Query})
	}
	re := idx.Rescreen(keys)
	inDelta := map[string]bool{}
	for _, k := range keys {
		inDelta[k.ListID] = true
	}
	hits, extra := 0, 0
	for _, q := range queries {
		q.MatchesOnly = true
		got := map[string]float64{}
		for _, m := range re.Search(q) {
			got[m.ListID] = m.Score
		}
		q.Limit = 1000
		for _, m := range idx.Search(q) {
			if !inDelta[m.ListID] {
				continue
			}
			score, ok := got[m.ListID]
			switch {
			case !ok:
				t.Errorf("%q: Search matches %s (%.4f), Rescreen does not", q.Name, m.ListID, m.Score)
			case score != m.Score:
				t.Errorf("%q: %s scores %.4f in Search, %.4f in Rescreen", q.Name, m.ListID, m.Score, score)
			}
			delete(got, m.ListID)
			hits++
		}
		extra += len(got) // beyond Search's 96 retrieval candidates
	}
	if hits < len(keys)/2 {
		t.Errorf("got %d matches for %d delta entities' own names; the test checks too little", hits, len(keys))
	}
	t.Logf("%d queries, %d updated entities, %d matches as Search's, %d more", len(queries), len(keys), hits, extra)
}

// BenchmarkRescreen: one monitored profile re-screened against an update
// of 100 entities, the common case of ongoing monitoring (most queries
// share no term with the update).
func BenchmarkRescreen(b *testing.B) {
	l := sdnList(b)
	idx := screening.NewIndex(l)
	var keys []screening.Key
	for i := 0; i < 100; i++ {
		keys = append(keys, screening.Key{List: l.Name, ListID: l.Entities[i*97%len(l.Entities)].ListID})
	}
	re := idx.Rescreen(keys)
	qs := []screening.Query{{Name: "Alex Wheeler", Type: screening.Person, DOB: "1990-01-12"}, {Name: "Maria Garcia Lopez", Type: screening.Person},
		{Name: "Mohammed Ali Hassan", Type: screening.Person}, {Name: "Acme Trading Ltd", Type: screening.Organisation}, {Name: "Yulia Sergeeva"}}
	for i := range qs {
		qs[i].MatchesOnly = true
	}
	for i := 0; b.Loop(); i++ {
		re.Search(qs[i%len(qs)])
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "profiles/s")
}
