package monitor

import (
	"fmt"
	"strings"
	"testing"

	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/passfort"
	"github.com/gatehouse/gatehouse/internal/store/storetest"
)

// bare creates an individual with no application (no automatic checks).
func (e *env) bare(given, family, dob string) *kyc.Profile {
	e.t.Helper()
	raw := fmt.Sprintf(`{"entity_type":"INDIVIDUAL","personal_details":{"name":{"given_names":[%q],"family_name":%q},"dob":%q}}`, given, family, dob)
	data, facts, err := passfort.DecodeEntityData([]byte(raw), "collected_data")
	if err != nil {
		e.t.Fatal(err)
	}
	p, err := e.svc.CreateProfile(ctx, e.actor, kyc.NewProfile{Role: kyc.RoleIndividualCustomer, CollectedData: data, Facts: facts,
		Applications: []kyc.NewApplication{}})
	if err != nil {
		e.t.Fatal(err)
	}
	return p
}

// screen instructs a screening check on the monitoring variant, at once.
func (e *env) screen(p *kyc.Profile, disableMonitoring, disableInitialScreen bool) *kyc.Check {
	e.t.Helper()
	c, err := e.svc.InstructCheck(ctx, e.actor, p.ID, kyc.NewCheckRequest{Type: kyc.CheckPEPsAndSanctions, VariantRef: "pep_screen_lists",
		Mode: "sync", DisableMonitoring: disableMonitoring, DisableInitialScreen: disableInitialScreen})
	if err != nil {
		e.t.Fatal(err)
	}
	return c
}

func monitored(c *kyc.Check) bool { return len(c.Providers) == 1 && c.Providers[0].IsMonitored }

// TestDisableMonitoring: a screen with disable_monitoring screens now but
// puts the profile under no monitoring (is_monitored false): a matching
// entry added later raises nothing on it.
func TestDisableMonitoring(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		e := newEnv(t, db, unrelated, true)
		watched := e.bare("Ivan", "Sidorov", "1970-03-04")
		if c := e.screen(watched, false, false); c.Result != "Pass" || !monitored(c) {
			t.Fatalf("got %s, is_monitored %v, want a monitored Pass", c.Result, monitored(c))
		}
		unwatched := e.bare("Ivan", "Sidorov", "1970-03-04")
		c := e.screen(unwatched, true, false)
		if c.State != kyc.CheckComplete || c.Result != "Pass" || monitored(c) {
			t.Fatalf("got %s %s, is_monitored %v, want a Pass not monitored", c.State, c.Result, monitored(c))
		}
		if got := MonitoredCheck(e.profile(unwatched.ID)); got != nil {
			t.Fatalf("got monitored check %s, want none", got.ID)
		}
		e.writeList(unrelated + entity("W-2", "Ivan Sidorov", "1970-03-04", "sanction"))
		e.check(e.watcher)
		if n := len(e.profile(watched.ID).Events); n != 1 {
			t.Errorf("monitored profile: got %d events, want 1", n)
		}
		if n := len(e.profile(unwatched.ID).Events); n != 0 {
			t.Errorf("profile screened with disable_monitoring: got %d events, want 0", n)
		}
	})
}

// TestMonitorOnly: disable_initial_screen screens nothing now (a listed
// match is not raised), completes without a result (it passes no task),
// and monitors: a change to the listed entry is raised.
func TestMonitorOnly(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		ivan := entity("W-2", "Ivan Sidorov", "1970-03-04", "sanction")
		e := newEnv(t, db, unrelated+ivan, true)
		p := e.bare("Ivan", "Sidorov", "1970-03-04")
		c := e.screen(p, false, true)
		if c.State != kyc.CheckComplete || c.Result != "" || !monitored(c) || len(e.profile(p.ID).Events) != 0 {
			t.Fatalf("got %s %q, is_monitored %v, %d events, want COMPLETE, no result, monitored, no event",
				c.State, c.Result, monitored(c), len(e.profile(p.ID).Events))
		}
		if got := MonitoredCheck(e.profile(p.ID)); got == nil || got.ID != c.ID {
			t.Fatalf("got monitored check %v, want %s", got, c.ID)
		}
		changed := strings.Replace(ivan, `"name":["Ivan Sidorov"]`, `"name":["Ivan Sidorov"],"alias":["Ivan P. Sidorov"]`, 1)
		e.writeList(unrelated + changed)
		e.check(e.watcher)
		if evs := e.profile(p.ID).Events; len(evs) != 1 || evs[0].Type != kyc.EventSanction {
			t.Errorf("got events %+v after the entry changed, want one SANCTION_FLAG", evs)
		}
	})
}
