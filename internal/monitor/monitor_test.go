package monitor

import (
	"strings"
	"testing"

	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/store/storetest"
)

const (
	unrelated = `{"id":"W-1","schema":"Person","properties":{"name":["Boris Quellenberg"],"topics":["sanction"]}}` + "\n"
	other     = `{"id":"W-3","schema":"Person","properties":{"name":["Zora Halvorsen-Nkemelu"],"topics":["sanction"]}}` + "\n"
)

// TestMonitoringEndToEnd approves a profile screened against a list, then
// swaps in list versions: an added matching entry raises an event and puts
// the application in review; resolved as a mismatch, it is not raised by
// an unchanged re-screen (even a full one after a restart), but is raised
// again when the entry changes.
func TestMonitoringEndToEnd(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		e := newEnv(t, db, unrelated, true)
		p := e.person("Ivan", "Sidorov", "1970-03-04")
		c := MonitoredCheck(p)
		if c == nil || c.Result != "Pass" {
			t.Fatalf("got monitored check %+v, want a passing screening check", c)
		}
		e.approve(p)
		bystander := e.person("Alex", "Wheeler", "1985-07-14")
		e.approve(bystander)
		if got := len(e.runs()); got != 0 {
			t.Fatalf("got %d monitoring runs before any list change, want 0", got)
		}

		// A matching entry is added.
		ivan := entity("W-2", "Ivan Sidorov", "1970-03-04", "sanction")
		e.writeList(unrelated + ivan)
		e.check(e.watcher)
		runs := e.runs()
		if len(runs) != 1 || runs[0].Full || !runs[0].Done || len(runs[0].Keys) != 1 || runs[0].Keys[0] != "W-2" ||
			runs[0].Profiles != 2 || runs[0].Events != 1 {
			t.Fatalf("got runs %+v, want one delta run over W-2: 2 profiles, 1 event", runs)
		}
		p = e.profile(p.ID)
		if len(p.Events) != 1 || p.Events[0].Type != kyc.EventSanction || !p.Events[0].Open() ||
			!strings.HasPrefix(p.Events[0].MatchKey, "screen:watch:W-2@") || !strings.Contains(string(p.Events[0].Data), `"provider_name":"Gatehouse screening"`) {
			t.Fatalf("got events %+v, want one open SANCTION_FLAG for W-2", p.Events)
		}
		if got := p.Applications[0].Status; got != kyc.AppInReview {
			t.Errorf("got application %s, want IN_REVIEW", got)
		}
		if b := e.profile(bystander.ID); len(b.Events) != 0 || b.Applications[0].Status != kyc.AppApproved {
			t.Errorf("bystander: got %d events, application %s", len(b.Events), b.Applications[0].Status)
		}

		// The analyst resolves it as a mismatch.
		if _, err := e.svc.UpdateEvents(ctx, e.actor, p.ID, []kyc.EventUpdate{{ID: p.Events[0].ID, Resolution: kyc.ResolvedMismatch}}, false); err != nil {
			t.Fatal(err)
		}

		// The same bytes again: no new version, no run.
		e.writeList(unrelated + ivan)
		e.check(e.watcher)
		if got := len(e.runs()); got != 1 {
			t.Errorf("got %d runs after rewriting the same list, want 1", got)
		}

		// Another entry is added: a run over that entry only.
		e.writeList(unrelated + ivan + other)
		e.check(e.watcher)
		if runs := e.runs(); len(runs) != 2 || runs[0].Keys[0] != "W-3" || runs[0].Events != 0 {
			t.Errorf("got runs %+v, want a second run over W-3 raising nothing", runs)
		}

		// The list changes while no process watches; a restarted process
		// re-screens the whole list. Ivan's entry is unchanged: the
		// mismatch stands.
		e.writeList(unrelated + ivan + other + entity("W-4", "Unrelated Person", "1990", "sanction"))
		restarted := e.newWatcher()
		e.check(restarted)
		runs = e.runs()
		if len(runs) != 3 || !runs[0].Full || !runs[0].Done || runs[0].Profiles != 2 || runs[0].Events != 0 {
			t.Fatalf("got runs %+v, want a full run raising nothing", runs)
		}
		if p = e.profile(p.ID); len(p.Events) != 1 || len(p.OpenEvents()) != 0 {
			t.Fatalf("got %d events (%d open) after an unchanged re-screen, want the one mismatch", len(p.Events), len(p.OpenEvents()))
		}

		// Ivan's entry changes: the match is raised again.
		changed := strings.Replace(ivan, `"name":["Ivan Sidorov"]`, `"name":["Ivan Sidorov"],"alias":["Ivan P. Sidorov"]`, 1)
		e.writeList(unrelated + changed + other + entity("W-4", "Unrelated Person", "1990", "sanction"))
		e.check(restarted)
		p = e.profile(p.ID)
		if len(p.Events) != 2 || len(p.OpenEvents()) != 1 || p.OpenEvents()[0].MatchKey == p.Events[0].MatchKey {
			t.Fatalf("got %d events (%d open), want the changed entry raised again", len(p.Events), len(p.OpenEvents()))
		}
		if runs := e.runs(); runs[0].Full || runs[0].Keys[0] != "W-2" || runs[0].Events != 1 {
			t.Errorf("got run %+v, want a delta run over W-2 raising 1", runs[0])
		}
	})
}

// TestMonitoringCompanies: a company screened by company_screen_lists gets
// a SANCTION_FLAG when a listed company with its name is added.
func TestMonitoringCompanies(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		e := newEnv(t, db, unrelated, true)
		p := e.company("Zentrix Logistics Limited")
		if c := MonitoredCheck(p); c == nil || c.Type != kyc.CheckCompanyPEPsSanctions || c.Result != "Pass" {
			t.Fatalf("got monitored check %+v, want a passing company screening check", c)
		}
		e.writeList(unrelated + `{"id":"W-5","schema":"Company","properties":{"name":["Zentrix Logistics Ltd"],"country":["gb"],"topics":["sanction"]}}` + "\n")
		e.check(e.watcher)
		p = e.profile(p.ID)
		if len(p.Events) != 1 || p.Events[0].Type != kyc.EventSanction || !strings.HasPrefix(p.Events[0].MatchKey, "screen:watch:W-5@") {
			t.Fatalf("got events %+v, want one SANCTION_FLAG for W-5", p.Events)
		}
	})
}
