package portal

import (
	"net/http"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/passfort"
	"github.com/gatehouse/gatehouse/internal/store/storetest"
)

// benchProfiles is how many profiles the page benchmarks run against
// ($GATEHOUSE_BENCH_PROFILES, default 100,000).
func benchProfiles(b *testing.B) int {
	if v := os.Getenv("GATEHOUSE_BENCH_PROFILES"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			b.Fatalf("GATEHOUSE_BENCH_PROFILES=%q", v)
		}
		return n
	}
	return 100000
}

// benchWorld is a portal over a database of many profiles: templates in
// every state, copied, and an analyst signed in.
type benchWorld struct {
	e       *env
	b       *browser
	hit     *kyc.Profile
	company *kyc.Profile
}

func newBenchWorld(b *testing.B, db storetest.Opener) *benchWorld {
	e := newEnv(b, db, nil)
	em, pw := e.user("Acme Bank", "ana@example.org", kyc.UserAnalyst)
	u, _ := e.store.UserByEmail(ctx, em)
	ana := u.Actor(e.inst)
	decided := func(given, family string, to kyc.AppStatus) *kyc.Profile {
		p := e.profile(given, family)
		if _, err := e.svc.Decide(ctx, ana, p.ID, p.Applications[0].ID, kyc.Decision{To: to, Reason: kyc.DecisionReasons(to)[0], Comment: "bench"}); err != nil {
			b.Fatal(err)
		}
		return e.load(p.ID)
	}
	ready := e.profile("Alex", "Wheeler")
	hit := e.profile("Sam", "Carter-sanction")
	approved := decided("Ada", "Lovelace", kyc.AppApproved)
	rejected := decided("Bob", "Fraud", kyc.AppRejected)
	review := decided("Ivy", "Review", kyc.AppApproved)
	if _, err := e.svc.CreateEvent(ctx, e.key, review.ID, kyc.NewEventRequest{Type: kyc.EventPEP, Data: []byte(`{"event_type":"PEP_FLAG","match_name":"Ivy Review","score":0.9}`)}); err != nil {
		b.Fatal(err)
	}
	np, err := passfort.DecodeCreateProfile([]byte(`{"role":"COMPANY_CUSTOMER","collected_data":{"entity_type":"COMPANY","metadata":{"name":"Acme Trading Ltd","number":"01234567","country_of_incorporation":"GBR"}}}`))
	if err != nil {
		b.Fatal(err)
	}
	company, err := e.svc.CreateProfile(ctx, e.key, np)
	if err != nil {
		b.Fatal(err)
	}
	e.drain()
	if _, err := e.svc.AssignApplication(ctx, ana, hit.ID, hit.Applications[0].ID, u.ID); err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	seedCopies(b, e.store, e.key.InstitutionID, []seedTemplate{{ready.ID, 15}, {hit.ID, 8}, {approved.ID, 55}, {rejected.ID, 12}, {review.ID, 5}, {company.ID, 5}},
		benchProfiles(b))
	if _, err := e.svc.FoldQueueCounts(ctx); err != nil { // as the background loop does every few seconds
		b.Fatal(err)
	}
	b.Logf("%s: seeded %d profiles in %s", db.Name, benchProfiles(b), time.Since(start).Round(time.Millisecond))
	w := &benchWorld{e: e, b: e.browser(), hit: e.load(hit.ID), company: e.load(company.ID)}
	w.b.signIn(em, pw)
	return w
}

// measure runs a request b.N times and reports its latency percentiles.
func measure(b *testing.B, do func() int) {
	b.Helper()
	if status := do(); status != http.StatusOK { // warm up, and check the page works
		b.Fatalf("got %d", status)
	}
	ds := make([]time.Duration, 0, b.N)
	cpu0 := cpuTime()
	b.ResetTimer()
	for range b.N {
		t0 := time.Now()
		if status := do(); status != http.StatusOK {
			b.Fatalf("got %d", status)
		}
		ds = append(ds, time.Since(t0))
	}
	b.StopTimer()
	// The process's CPU time per request (the server's and the client's):
	// what a page costs, whatever else the machine runs meanwhile.
	b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/1000/float64(b.N), "cpu-ms/op")
	slices.Sort(ds)
	at := func(q float64) float64 {
		return float64(ds[min(len(ds)-1, int(q*float64(len(ds))))].Microseconds()) / 1000
	}
	b.ReportMetric(at(0.5), "p50-ms")
	b.ReportMetric(at(0.99), "p99-ms")
	b.ReportMetric(float64(ds[len(ds)-1].Microseconds())/1000, "max-ms")
}

// BenchmarkPages renders the portal's pages over loopback HTTP against
// 100,000 profiles, on SQLite and PostgreSQL: the queue (first page, a
// deep page, filtered by risk and by assignee, the decided bucket), the
// case page of a profile with a sanctions hit and of a company, and a
// search by name.
func BenchmarkPages(b *testing.B) {
	for _, db := range storetest.Databases() {
		b.Run(db.Name, func(b *testing.B) {
			w := newBenchWorld(b, db)
			for _, page := range []string{
				"/portal/queue",
				"/portal/queue?page=100",
				"/portal/queue?bucket=REQUIRES_MANUAL_TASK_COMPLETION&risk=HIGH",
				"/portal/queue?bucket=REQUIRES_MANUAL_TASK_COMPLETION&assignee=me",
				"/portal/queue?bucket=DECIDED",
				"/portal/profiles/" + w.hit.ID,
				"/portal/profiles/" + w.company.ID,
			} {
				name := strings.TrimPrefix(page, "/portal/")
				if strings.HasPrefix(name, "profiles/") {
					name = "case-" + map[bool]string{true: "hit", false: "company"}[strings.Contains(page, w.hit.ID)]
				}
				b.Run(name, func(b *testing.B) {
					measure(b, func() int { s, _, _ := w.b.get(page); return s })
				})
			}
			b.Run("search-name", func(b *testing.B) {
				form := url.Values{"q": {"olivia smi"}, "csrf": {w.b.csrf}}
				// The copies are found through the blind index, names opened.
				if st, _, body := w.b.do("POST", "/portal/search", form); st != 200 || strings.Count(body, "Olivia Smith") < 2 {
					b.Fatalf("search: %d, %d copies of Olivia Smith found", st, strings.Count(body, "Olivia Smith"))
				}
				measure(b, func() int {
					form.Set("csrf", w.b.csrf)
					s, _, _ := w.b.do("POST", "/portal/search", form)
					return s
				})
			})
		})
	}
}

// cpuTime is the process's user and system CPU time so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
