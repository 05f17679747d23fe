package portal

import (
	"net/http"
	"strings"
	"testing"

	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/store/storetest"
)

// TestDataProtectionActions: an admin sets a legal hold from the case
// page, is refused the erasure while it (or an open application) stands,
// clears it, and erases the profile after typing ERASE; the case page then
// shows the tombstone. An analyst sees none of these controls.
func TestDataProtectionActions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		f := newFixture(t, db)
		id := f.p.ID
		casePath := "/portal/profiles/" + id

		analyst := f.e.browser()
		analyst.signIn(f.creds[kyc.UserAnalyst][0], f.creds[kyc.UserAnalyst][1])
		_, _, page := analyst.get(casePath)
		for _, control := range []string{"/legal-hold", "/erase", "Data protection"} {
			if strings.Contains(page, control) {
				t.Errorf("an analyst's case page shows %q", control)
			}
		}

		b := f.e.browser()
		b.signIn(f.creds[kyc.UserAdmin][0], f.creds[kyc.UserAdmin][1])
		_, _, page = b.get(casePath)
		if tx := text(page); !strings.Contains(tx, "No legal hold.") || !strings.Contains(tx, "Set a legal hold") ||
			!strings.Contains(tx, "Erase the profile") {
			t.Fatalf("an admin's case page lacks the data protection controls: %s", tx)
		}

		// A legal hold needs its reason.
		if status, _, page := b.post(casePath+"/legal-hold", "reason", " "); status < 400 || !strings.Contains(text(page), "reason") {
			t.Errorf("a hold without a reason: %d %.300s", status, text(page))
		}
		status, loc, _ := b.post(casePath+"/legal-hold", "reason", "Litigation: case 42")
		if status != http.StatusSeeOther || !strings.Contains(loc, "done=hold-set") {
			t.Fatalf("set the hold: %d to %q", status, loc)
		}
		_, _, page = b.get(loc)
		if tx := text(page); !strings.Contains(tx, "Legal hold set by admin") || !strings.Contains(tx, "Litigation: case 42") ||
			!strings.Contains(tx, "Clear the legal hold") {
			t.Errorf("the page does not show the hold: %s", tx)
		}

		// The erasure needs the confirmation, then is refused while the
		// hold stands and, once it is cleared, while the application is open.
		if status, _, page := b.post(casePath+"/erase", "confirm", "yes"); status < 400 || !strings.Contains(text(page), "type ERASE") {
			t.Errorf("erase without typing ERASE: %d %.300s", status, text(page))
		}
		if status, _, page := b.post(casePath+"/erase", "confirm", "ERASE"); status < 400 || !strings.Contains(text(page), "legal hold") {
			t.Errorf("erase under a legal hold: %d %.300s", status, text(page))
		}
		status, loc, _ = b.post(casePath + "/legal-hold/clear")
		if status != http.StatusSeeOther || !strings.Contains(loc, "done=hold-cleared") {
			t.Fatalf("clear the hold: %d to %q", status, loc)
		}
		b.get(loc)
		if status, _, page := b.post(casePath+"/erase", "confirm", "ERASE"); status < 400 || !strings.Contains(text(page), "reject or cancel it") {
			t.Errorf("erase with an open application: %d %.300s", status, text(page))
		}
		if p := f.e.load(id); p.Erased() || p.DisplayName == "" {
			t.Fatal("a refused erasure erased the profile")
		}
		app := f.p.Applications[0].ID
		if status, loc, page := b.post(casePath+"/applications/"+app+"/decision", "decision", "reject", "reason", "Suspected fraud"); status != http.StatusSeeOther {
			t.Fatalf("reject: %d to %q: %.300s", status, loc, text(page))
		}
		b.get(casePath)
		status, loc, _ = b.post(casePath+"/erase", "confirm", "ERASE")
		if status != http.StatusSeeOther || !strings.Contains(loc, "done=erased") {
			t.Fatalf("erase: %d to %q", status, loc)
		}
		p := f.e.load(id)
		if !p.Erased() || strings.Contains(string(p.CollectedData), "Carter") {
			t.Fatalf("after the erasure: erased %t, data %s", p.Erased(), p.CollectedData)
		}
		status, _, page = b.get(loc)
		if tx := text(page); status != http.StatusOK || !strings.Contains(tx, "The profile's personal data was erased") ||
			!strings.Contains(tx, "Erased ") || strings.Contains(tx, "Carter") {
			t.Errorf("the tombstone's page: %d %s", status, tx)
		}
		items, err := f.e.store.AuditItems(ctx, f.e.inst.ID, id)
		if err != nil {
			t.Fatal(err)
		}
		var holds int
		for _, it := range items {
			if it.User != nil && it.User.Email == f.creds[kyc.UserAdmin][0] && it.Action == kyc.AuditProfileStatusChanged {
				holds++
			}
		}
		if holds < 2 {
			t.Errorf("%d legal hold items by the admin in the trail, want the set and the clear", holds)
		}
	})
}
