package monitor

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/screening"
	"github.com/gatehouse/gatehouse/internal/screening/screeningtest"
	"github.com/gatehouse/gatehouse/internal/screening/sources/ofac"
	"github.com/gatehouse/gatehouse/internal/store"
	"github.com/gatehouse/gatehouse/internal/store/postgres"
	"github.com/gatehouse/gatehouse/internal/store/sqlite"
	"github.com/gatehouse/gatehouse/internal/store/storetest"
	"github.com/gatehouse/gatehouse/internal/vault"
)

// Synthetic names: every combination of these is a distinct person, as
// common as real names are.
var (
	benchGiven = strings.Fields(`James Mary John Patricia Robert Jennifer Michael Linda William Elizabeth David Barbara Richard Susan
		Joseph Jessica Thomas Sarah Charles Karen Mohammed Fatima Ahmed Aisha Ali Maryam Omar Leila Ivan Olga Sergei Anna Dmitri Elena
		Wei Li Jun Mei Hiroshi Yuki Carlos Maria Jose Ana Luis Sofia Pierre Marie Hans Greta`)
	benchFamily = strings.Fields(`Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez Gonzalez
		Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris Sanchez Clark Ramirez Lewis Robinson Walker
		Young Allen King Wright Scott Torres Nguyen Hill Flores Green Adams Nelson Baker Hall Rivera Campbell Mitchell Carter Roberts
		Khan Hussein Haddad Ivanov Petrov Sidorov Wang Zhang Chen Tanaka Sato Muller Schmidt Dubois Rossi Kowalski Novak`)
)

// BenchmarkMonitorMillion re-screens the monitored profiles after a list
// update of 100 entities, on each database: GATEHOUSE_BENCH_PROFILES
// synthetic monitored profiles (default 1,000,000), the OFAC SDN list
// loaded, the run worked job after job as the worker pool does, until
// done. One profile in a thousand is named as an updated entity, so the
// run also loads profiles and opens transactions for potential matches.
// Reports profiles/s, the run's seconds and the peak heap in use.
// Run: go test ./internal/monitor -run XXX -bench MonitorMillion -benchtime 1x -timeout 60m
func BenchmarkMonitorMillion(b *testing.B) {
	n := 1_000_000
	if v := os.Getenv("GATEHOUSE_BENCH_PROFILES"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil {
			b.Fatal(err)
		}
	}
	dir := screeningtest.Find()
	if dir == "" {
		b.Skip("bundled lists not found")
	}
	l, err := ofac.LoadDir("ofac-sdn-2024-05", filepath.Join(dir, "ofac-sdn-2024-05"))
	if err != nil {
		b.Fatal(err)
	}
	h := &screening.Holder{}
	h.Swap(screening.NewIndex(l))
	var keys []string
	var deltaNames []string
	for i := range 100 {
		e := &l.Entities[(i*7919)%len(l.Entities)]
		keys = append(keys, e.ListID)
		deltaNames = append(deltaNames, e.PrimaryName())
	}
	for _, db := range storetest.Databases() {
		b.Run(db.Name, func(b *testing.B) {
			s := db.Open(b)
			svc := &kyc.Service{Store: s, Policy: nil}
			_, _, inst, err := svc.CreateAPIKey(ctx, "Bench", "bench")
			if err != nil {
				b.Fatal(err)
			}
			start := time.Now()
			seedSubjects(b, s, inst.ID, n, deltaNames)
			b.Logf("seeded %d profiles and subjects in %s", n, time.Since(start).Round(time.Second))
			if pg, ok := s.(*postgres.DB); ok {
				// As autovacuum would have by the time a list changes: a
				// table fresh from a bulk load has no visibility map, and its
				// first reader writes every page's hint bits.
				start = time.Now()
				if _, err := pg.Pool.Exec(ctx, "VACUUM ANALYZE"); err != nil {
					b.Fatal(err)
				}
				b.Logf("vacuumed in %s", time.Since(start).Round(time.Second))
			}
			w := &Worker{Service: svc, Holder: h}
			for b.Loop() {
				run := &kyc.MonitorRun{ID: kyc.NewID(), List: l.Name, FromVersion: "old", ToVersion: l.Version, Keys: keys,
					Cursor: kyc.MonitorCursorStart, CreatedAt: time.Now().UTC()}
				err := s.Update(ctx, func(tx kyc.Tx) error {
					if err := tx.InsertMonitorRun(ctx, run); err != nil {
						return err
					}
					return tx.EnqueueJobs(ctx, kyc.Job{Kind: JobKind, Ref: run.ID, Key: "monitor:" + run.ID})
				})
				if err != nil {
					b.Fatal(err)
				}
				peak := watchHeap()
				began := time.Now()
				jobs := 0
				for ; ; jobs++ {
					var js []kyc.Job
					now := time.Now().UTC()
					err := s.Update(ctx, func(tx kyc.Tx) (err error) {
						js, err = tx.ClaimJobs(ctx, kyc.JobClaim{Owner: "bench", Now: now, LeaseUntil: now.Add(time.Minute),
							Kinds: []string{JobKind}, Limit: 1, PerInstitution: 1})
						return err
					})
					if err != nil {
						b.Fatal(err)
					}
					if len(js) == 0 {
						break
					}
					jctx, cancel := context.WithTimeout(ctx, 54*time.Second)
					err = w.Work(jctx, js[0])
					cancel()
					if err != nil {
						b.Fatal(err)
					}
				}
				took := time.Since(began)
				maxHeap := peak()
				done, err := s.MonitorRun(ctx, run.ID)
				if err != nil || !done.Done || done.Profiles != n {
					b.Fatalf("run: %+v, %v; want done with %d profiles", done, err, n)
				}
				b.ReportMetric(float64(n)/took.Seconds(), "profiles/s")
				b.ReportMetric(took.Seconds(), "run-s")
				b.ReportMetric(float64(maxHeap)/(1<<20), "peak-heap-MB")
				b.ReportMetric(float64(jobs), "jobs")
			}
		})
	}
}

// watchHeap samples the heap in use until the returned func is called,
// which returns the largest sample.
func watchHeap() func() uint64 {
	var peak atomic.Uint64
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(50 * time.Millisecond)
		defer t.Stop()
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > peak.Load() {
				peak.Store(ms.HeapInuse)
			}
			select {
			case <-stop:
				return
			case <-t.C:
			}
		}
	}()
	return func() uint64 { close(stop); <-done; return peak.Load() }
}

// seedSubjects inserts n minimal profiles with their monitoring subjects,
// in large transactions of multi-row inserts.
func seedSubjects(b *testing.B, s kyc.Store, institutionID string, n int, deltaNames []string) {
	const per = 500
	now := time.Now().UTC().UnixMicro()
	exec := func(q string, args []any) {
		var err error
		switch db := s.(type) {
		case *sqlite.DB:
			_, err = db.Writer.ExecContext(ctx, q, args...)
		case *postgres.DB:
			_, err = db.Pool.Exec(ctx, store.Rebind(q), args...)
		default:
			b.Fatalf("unknown store %T", s)
		}
		if err != nil {
			b.Fatal(err)
		}
	}
	// Subjects are sealed under keys of their own, as the store writes them
	// (docs/data-protection.md), so the run opens them as it would.
	sealer := s.(interface {
		SealName(ctx context.Context, institutionID, profileID, name string) (store.SealedName, error)
	})
	for lo := 0; lo < n; lo += per {
		hi := min(lo+per, n)
		var pq, sq, kq strings.Builder
		kq.WriteString("INSERT INTO wrapped_keys (owner, wrapped, created_at, updated_at) VALUES ")
		var kargs []any
		pq.WriteString("INSERT INTO profiles (id, institution_id, role, status, category, display_name, search_name, collected_data, created_at, updated_at, collection_steps) VALUES ")
		sq.WriteString("INSERT INTO monitor_subjects (profile_id, institution_id, subject, updated_at) VALUES ")
		var pargs, sargs []any
		for i := lo; i < hi; i++ {
			name := benchGiven[i%len(benchGiven)] + " " + benchFamily[(i/len(benchGiven))%len(benchFamily)]
			if i%1000 == 999 {
				name = deltaNames[(i/1000)%len(deltaNames)]
			}
			id := kyc.NewID()
			data, _ := json.Marshal(screening.Query{Name: name, Type: screening.Person, DOB: fmt.Sprintf("19%02d-%02d-%02d", 40+i%60, 1+i%12, 1+i%28),
				Country: "GBR", Threshold: screening.DefaultThreshold})
			sn, err := sealer.SealName(ctx, institutionID, id, name)
			if err != nil {
				b.Fatal(err)
			}
			data = []byte(sn.Seal("monitor_subjects.subject", data))
			if i > lo {
				pq.WriteString(", ")
				sq.WriteString(", ")
				kq.WriteString(", ")
			}
			kq.WriteString("(?, ?, ?, ?)")
			kargs = append(kargs, vault.ProfileOwner(id), sn.WrappedKey, now, now)
			pq.WriteString("(?, ?, 'INDIVIDUAL_CUSTOMER', 'NORMAL', 'CUSTOMER', ?, ?, '{\"entity_type\":\"INDIVIDUAL\"}', ?, ?, '[]')")
			sq.WriteString("(?, ?, ?, ?)")
			pargs = append(pargs, id, institutionID, sn.DisplayName, "", now, now)
			sargs = append(sargs, id, institutionID, data, now)
		}
		exec(pq.String(), pargs)
		exec(kq.String(), kargs)
		exec(sq.String(), sargs)
	}
}
