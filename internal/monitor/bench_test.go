package monitor

import (
	"context"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/gatehouse/gatehouse/internal/screening"
	"github.com/gatehouse/gatehouse/internal/screening/registry"
	"github.com/gatehouse/gatehouse/internal/screening/screeningtest"
)

// BenchmarkRescreenDelta re-screens one profile against the delta between
// the bundled SDN versions (2021-07 → 2024-05: 7,694 added or changed
// entities), and against 50 of them (a typical update), as a monitoring
// run does per monitored profile.
func BenchmarkRescreenDelta(b *testing.B) {
	dir := screeningtest.DataDir(b)
	load := func(name string) *screening.List {
		reg, err := registry.Load(context.Background(), filepath.Join(dir, name))
		if err != nil {
			b.Fatal(err)
		}
		l := reg.Lists()[0]
		l.Name = "ofac-sdn"
		for i := range l.Entities {
			l.Entities[i].Source = "ofac-sdn"
		}
		return l
	}
	old, cur := load("ofac-sdn-2021-07"), load("ofac-sdn-2024-05")
	d := screening.Diff(old, cur)
	keys := d.Keys()
	idx := screening.NewIndex(cur)
	queries := []screening.Query{
		{Name: "Myong Hyon Choe", Type: screening.Person, DOB: "1966-01-20"},
		{Name: "Alex Wheeler", Type: screening.Person, DOB: "1985-07-14", Country: "GBR"},
		{Name: "Mohammed Ali Hassan", Type: screening.Person},
		{Name: "Northwind Traders Ltd", Type: screening.Organisation},
	}
	for _, n := range []int{len(keys), 50} {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				q := queries[i%len(queries)]
				q.MatchesOnly = true
				idx.SearchEntities(q, keys[:n])
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "profiles/s")
		})
	}
}
