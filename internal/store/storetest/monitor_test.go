package storetest

import (
	"reflect"
	"sort"
	"testing"
	"time"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

func TestMonitorRuns(t *testing.T) {
	Each(t, func(t *testing.T, db Opener) {
		s := db.Open(t)
		run := &kyc.MonitorRun{ID: kyc.NewID(), List: "ofac-sdn", FromVersion: "v1", ToVersion: "v2", Keys: []string{"12", "7"},
			Removed: 3, Cursor: kyc.MonitorCursorStart, CreatedAt: now}
		err := s.Update(ctx, func(tx kyc.Tx) error { return tx.InsertMonitorRun(ctx, run) })
		if err != nil {
			t.Fatal(err)
		}
		mr := s
		got, err := mr.MonitorRun(ctx, run.ID)
		if err != nil || !reflect.DeepEqual(got, run) {
			t.Fatalf("got %+v, %v; want %+v", got, err, run)
		}
		done := now.Add(time.Minute)
		run.Cursor, run.Profiles, run.Events, run.Done, run.FinishedAt = "ffffffff-0000-0000-0000-000000000000", 5, 2, true, &done
		if err := s.Update(ctx, func(tx kyc.Tx) error { return tx.UpdateMonitorRun(ctx, run) }); err != nil {
			t.Fatal(err)
		}
		runs, err := mr.MonitorRuns(ctx, 10)
		if err != nil || len(runs) != 1 || !reflect.DeepEqual(&runs[0], run) {
			t.Fatalf("got %+v, %v; want [%+v]", runs, err, run)
		}
		if _, err := mr.MonitorRun(ctx, kyc.NewID()); !kyc.IsCode(err, kyc.ENotFound) {
			t.Errorf("absent run: got %v, want ENotFound", err)
		}
	})
}

func TestScreeningListVersions(t *testing.T) {
	Each(t, func(t *testing.T, db Opener) {
		s := db.Open(t)
		mr := s
		if _, err := mr.ScreeningListVersion(ctx, "un"); !kyc.IsCode(err, kyc.ENotFound) {
			t.Fatalf("unknown list: got %v, want ENotFound", err)
		}
		move := func(from, to string) bool {
			var ok bool
			err := s.Update(ctx, func(tx kyc.Tx) (err error) {
				ok, err = tx.MoveScreeningListVersion(ctx, "un", from, to, now)
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			return ok
		}
		steps := []struct {
			from, to string
			want     bool
		}{{"", "v1", true}, {"", "v9", false}, {"v1", "v2", true}, {"v1", "v3", false}, {"v2", "v1", true}}
		for _, st := range steps {
			if got := move(st.from, st.to); got != st.want {
				t.Errorf("move %q → %q: got %v, want %v", st.from, st.to, got, st.want)
			}
		}
		if v, err := mr.ScreeningListVersion(ctx, "un"); err != nil || v != "v1" {
			t.Errorf("got %q, %v; want v1", v, err)
		}
	})
}

func TestMonitorCandidates(t *testing.T) {
	Each(t, func(t *testing.T, db Opener) {
		s := db.Open(t)
		inst := newInstitution(t, s, "Acme")
		screening := kyc.CheckVariant{ID: kyc.NewID(), Alias: "pep_screen_lists", CheckType: string(kyc.CheckPEPsAndSanctions),
			Provider: "screening", Config: map[string]any{"monitoring": true}}
		demo := screening
		demo.Provider = "demo"
		withCheck := func(v kyc.CheckVariant, state kyc.CheckState) *kyc.Profile {
			p := newProfile(inst, "Alex", "Wheeler")
			p.Checks = append(p.Checks, &kyc.Check{ID: kyc.NewID(), ProfileID: p.ID, Type: kyc.CheckPEPsAndSanctions, Variant: v,
				State: state, Result: "Pass", TaskIDs: []string{}, Input: p.CollectedData, CreatedAt: now})
			p.Checks = append(p.Checks, &kyc.Check{ID: kyc.NewID(), ProfileID: p.ID, Type: kyc.CheckPEPsAndSanctions, Variant: v,
				State: state, Result: "Pass", TaskIDs: []string{}, Input: p.CollectedData, CreatedAt: now})
			save(t, s, p)
			return p
		}
		var want []string
		for range 5 {
			want = append(want, withCheck(screening, kyc.CheckComplete).ID)
		}
		withCheck(demo, kyc.CheckComplete)
		withCheck(screening, kyc.CheckRunning)
		save(t, s, newProfile(inst, "No", "Checks"))
		sort.Strings(want)

		mr := s
		var got []string
		after := ""
		for {
			page, err := mr.MonitorCandidates(ctx, after, 2)
			if err != nil {
				t.Fatal(err)
			}
			if len(page) == 0 {
				break
			}
			for _, ref := range page {
				if ref.InstitutionID != inst.ID {
					t.Errorf("got institution %s, want %s", ref.InstitutionID, inst.ID)
				}
				got = append(got, ref.ProfileID)
			}
			after = page[len(page)-1].ProfileID
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("got candidates %v, want %v (each once, in id order)", got, want)
		}
	})
}
