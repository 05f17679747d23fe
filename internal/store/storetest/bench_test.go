package storetest

import (
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

// benchNames are the words search-by-name benchmarks build names from:
// 60 given names × 200 family names, so a family name matches about 500
// of 100,000 profiles and a full name about 8.
var benchGiven = []string{"James", "Mary", "John", "Patricia", "Robert", "Jennifer", "Michael", "Linda", "William", "Elizabeth",
	"David", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah", "Charles", "Karen", "Christopher", "Nancy",
	"Daniel", "Lisa", "Matthew", "Betty", "Anthony", "Margaret", "Mark", "Sandra", "Donald", "Ashley", "Steven", "Kimberly",
	"Paul", "Emily", "Andrew", "Donna", "Joshua", "Michelle", "Kenneth", "Carol", "Kevin", "Amanda", "Brian", "Melissa",
	"George", "Deborah", "Timothy", "Stephanie", "Ronald", "Rebecca", "Edward", "Sharon", "Jason", "Laura", "Jeffrey",
	"Cynthia", "Ryan", "Kathleen"}

func benchFamily(i int) string { return "Fam" + strconv.Itoa(i) + "ily" }

// BenchmarkSearchByName measures search by name through the blind index
// against $GATEHOUSE_BENCH_PROFILES profiles (default 100,000), on each
// database, with its latency percentiles: the API's search (a family
// name, then a given and a family name), and the portal's word lookup.
func BenchmarkSearchByName(b *testing.B) {
	n := 100000
	if v := os.Getenv("GATEHOUSE_BENCH_PROFILES"); v != "" {
		n, _ = strconv.Atoi(v)
	}
	for _, db := range Databases() {
		b.Run(db.Name, func(b *testing.B) {
			s := db.Open(b)
			in := newInstitution(b, s, "Bench")
			start := time.Now()
			r := rand.New(rand.NewPCG(3, 4))
			const batch = 500
			for at := 0; at < n; at += batch {
				err := s.Update(ctx, func(tx kyc.Tx) error {
					for i := at; i < min(at+batch, n); i++ {
						p := newProfile(in, benchGiven[r.IntN(len(benchGiven))], benchFamily(r.IntN(200)))
						if err := tx.SaveProfile(ctx, p); err != nil {
							return err
						}
					}
					return nil
				})
				if err != nil {
					b.Fatal(err)
				}
			}
			b.Logf("%s: seeded %d profiles in %s", db.Name, n, time.Since(start).Round(time.Millisecond))
			for _, tc := range []struct {
				name string
				run  func(i int) (int, error)
			}{
				{"api/family", func(i int) (int, error) {
					page, err := s.SearchProfiles(ctx, in.ID, kyc.ProfileQuery{Text: benchFamily(i % 200), Limit: 50})
					return page.Count, err
				}},
				{"api/given+family", func(i int) (int, error) {
					page, err := s.SearchProfiles(ctx, in.ID, kyc.ProfileQuery{Text: benchGiven[i%len(benchGiven)] + " " + benchFamily(i%200), Limit: 50})
					return page.Count + 1, err // a pair may match nobody
				}},
				{"portal/word", func(i int) (int, error) {
					ms, err := s.ProfilesByNameToken(ctx, in.ID, benchFamily(i%200), 500)
					return len(ms), err
				}},
			} {
				b.Run(tc.name, func(b *testing.B) {
					if got, err := tc.run(0); err != nil || got == 0 {
						b.Fatalf("the search finds nothing: %d %v", got, err)
					}
					ds := make([]time.Duration, 0, b.N)
					b.ResetTimer()
					for i := range b.N {
						t0 := time.Now()
						if _, err := tc.run(i); err != nil {
							b.Fatal(err)
						}
						ds = append(ds, time.Since(t0))
					}
					b.StopTimer()
					slices.Sort(ds)
					at := func(q float64) float64 {
						return float64(ds[min(len(ds)-1, int(q*float64(len(ds))))].Microseconds()) / 1000
					}
					b.ReportMetric(at(0.5), "p50-ms")
					b.ReportMetric(at(0.99), "p99-ms")
				})
			}
		})
	}
}
