package portal

import (
	"net/http"
	"strings"
	"testing"

	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/store/storetest"
)

// TestCaseViewIsAudited: opening a case records a viewed-profile audit
// item naming the user, shown in the trail; reloading within the hour
// adds none, a view after it does; an API key's reads record nothing.
func TestCaseViewIsAudited(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		e := newEnv(t, db, nil)
		e.svc.NowFunc = e.clock.now
		p := e.profile("Vera", "Lind")
		email, pw := e.user("Acme Bank", "vic@example.org", kyc.UserViewer)
		views := func() int {
			t.Helper()
			items, err := e.store.AuditItems(ctx, e.inst.ID, p.ID)
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for _, it := range items {
				if it.Action == kyc.AuditViewedProfile {
					if it.User == nil || it.User.Email != email {
						t.Errorf("a view recorded for %+v, want the user", it.User)
					}
					n++
				}
			}
			return n
		}
		b := e.browser()
		b.signIn(email, pw)
		status, _, page := b.get("/portal/profiles/" + p.ID)
		if status != http.StatusOK {
			t.Fatalf("case page: %d", status)
		}
		if n := views(); n != 1 {
			t.Fatalf("%d views recorded after opening the case, want 1", n)
		}
		if !strings.Contains(text(page), "Viewed profile vic") {
			t.Errorf("the trail on the page does not show the view: %s", text(page))
		}
		b.get("/portal/profiles/" + p.ID)
		if n := views(); n != 1 {
			t.Errorf("%d views recorded after a reload, want still 1", n)
		}
		if _, err := e.svc.ViewProfile(ctx, e.key, p.ID); err != nil {
			t.Fatal(err)
		}
		if n := views(); n != 1 {
			t.Errorf("%d views after an API key's read, want still 1", n)
		}
		e.clock.add(kyc.ViewEvery + 1)
		b = e.browser()
		b.signIn(email, pw)
		if status, _, _ := b.get("/portal/profiles/" + p.ID); status != http.StatusOK {
			t.Fatalf("case page: %d", status)
		}
		if n := views(); n != 2 {
			t.Errorf("%d views recorded an hour later, want 2", n)
		}
	})
}
