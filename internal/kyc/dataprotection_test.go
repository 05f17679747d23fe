package kyc_test

import (
	"strings"
	"testing"
	"time"

	"github.com/gatehouse/gatehouse/internal/checks/builtin"
	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/policy"
	"github.com/gatehouse/gatehouse/internal/store/storetest"
)

// retentionPolicy is the demo policy with retention rules appended.
func retentionPolicy(t *testing.T, rules string) kyc.Policy {
	t.Helper()
	doc := string(policy.DemoYAML()) + "\nretention:\n" + rules
	p, err := policy.Parse([]byte(doc), builtin.Registry(nil))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// reject rejects every open application of a profile, with a reason.
func (e *env) rejectAll(id, reason string) {
	e.t.Helper()
	for _, a := range e.load(id).Applications {
		if a.Status == kyc.AppRejected || a.Status == kyc.AppCancelled {
			continue
		}
		if _, err := e.svc.DecideApplication(ctx, e.actor, id, a.ID, kyc.AppRejected, reason); err != nil {
			e.t.Fatal(err)
		}
	}
}

// sealAndVerify seals the audit items and verifies the chain.
func (e *env) sealAndVerify() kyc.AuditReport {
	e.t.Helper()
	if _, err := e.svc.SealAudit(ctx, 10_000); err != nil {
		e.t.Fatal(err)
	}
	rep, err := e.svc.VerifyAudit(ctx, e.actor.InstitutionID, kyc.AuditCheck{})
	if err != nil {
		e.t.Fatal(err)
	}
	return rep
}

// TestRetention: with a one-day rule for individual customers and the
// clock moved forward, the profile whose relationship ended a day ago is
// erased, one under a legal hold is not (until the hold is cleared), nor
// one with an application still open; the plan lists what falls due.
func TestRetention(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		e := newEnv(t, db.Open(t), retentionPolicy(t, "  - role: INDIVIDUAL_CUSTOMER\n    keep: 1d\n"))
		now := time.Date(2030, 1, 1, 12, 0, 0, 0, time.UTC)
		e.svc.NowFunc = func() time.Time { return now }
		ended := e.create(individual("Ended", "Relationship"))
		held := e.create(individual("Held", "ForLitigation"))
		open := e.create(individual("Still", "Customer"))
		e.drain()
		e.rejectAll(ended.ID, "identity not verified")
		e.rejectAll(held.ID, "identity not verified")
		if _, err := e.svc.SetLegalHold(ctx, e.actor, held.ID, "case 2030-17"); err != nil {
			t.Fatal(err)
		}

		plan, err := e.svc.RetentionPlan(ctx, now.Add(48*time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		if len(plan) != 1 || plan[0].ProfileID != ended.ID || !plan[0].DueAt.Equal(now.AddDate(0, 0, 1)) {
			t.Fatalf("plan: got %+v, want the ended profile due %s", plan, now.AddDate(0, 0, 1))
		}
		rep, err := e.svc.RunRetention(ctx)
		if err != nil || len(rep.Erased) != 0 {
			t.Fatalf("run before due: %+v %v, want nothing erased", rep, err)
		}

		now = now.Add(25 * time.Hour)
		rep, err = e.svc.RunRetention(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(rep.Erased) != 1 || rep.Erased[0].ProfileID != ended.ID {
			t.Fatalf("run when due: got %+v, want the ended profile alone", rep)
		}
		if p := e.load(ended.ID); !p.Erased() || p.DisplayName != "" {
			t.Errorf("the due profile: erased %v, name %q", p.Erased(), p.DisplayName)
		}
		for _, id := range []string{held.ID, open.ID} {
			if p := e.load(id); p.Erased() || p.DisplayName == "" {
				t.Errorf("profile %s was erased, want it kept", p.DisplayName)
			}
		}
		if _, err := e.svc.ClearLegalHold(ctx, e.actor, held.ID); err != nil {
			t.Fatal(err)
		}
		if rep, err = e.svc.RunRetention(ctx); err != nil || len(rep.Erased) != 1 || rep.Erased[0].ProfileID != held.ID {
			t.Fatalf("after the hold is cleared: %+v %v, want the held profile erased", rep, err)
		}
		if r := e.sealAndVerify(); r.Problem != "" {
			t.Errorf("audit chain after retention: %s at %d", r.Problem, r.Position)
		}
	})
}

// TestAssociateKeptWithItsCompany: a director never applies for anything,
// so its own relationship "ended" when it was last changed; it is still
// kept, and cannot be erased on request, while the company it belongs to
// is kept. Once retention erases the company, the director goes too.
func TestAssociateKeptWithItsCompany(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		e := newEnv(t, db.Open(t), retentionPolicy(t,
			"  - role: INDIVIDUAL_ASSOCIATED\n    keep: 1d\n  - role: COMPANY_CUSTOMER\n    keep: 10d\n"))
		now := time.Date(2030, 1, 1, 12, 0, 0, 0, time.UTC)
		e.svc.NowFunc = func() time.Time { return now }
		data := individual("Dora", "Director")
		f, err := kyc.ParseFacts(data)
		if err != nil {
			t.Fatal(err)
		}
		dir, err := e.svc.CreateProfile(ctx, e.actor, kyc.NewProfile{Role: kyc.RoleIndividualAssociated,
			CollectedData: data, Facts: f, Applications: []kyc.NewApplication{}})
		if err != nil {
			t.Fatal(err)
		}
		company := func(linked string) []byte {
			officers := ""
			if linked != "" {
				officers = `,"officers":{"directors":[{"entity_type":"INDIVIDUAL","linked_profile":{"id":"` + linked +
					`"},"task_variant_ids":["41579478-c4bd-47bf-8e69-8d5e3a53eed4"]}]}`
			}
			return []byte(`{"entity_type":"COMPANY","metadata":{"name":"Archer Holdings","number":"09565115","country_of_incorporation":"GBR"}` +
				officers + `}`)
		}
		cf, err := kyc.ParseFacts(company(""))
		if err != nil {
			t.Fatal(err)
		}
		co, err := e.svc.CreateProfile(ctx, e.actor, kyc.NewProfile{Role: kyc.RoleCompanyCustomer, CollectedData: company(""), Facts: cf})
		if err != nil {
			t.Fatal(err)
		}
		if cf, err = kyc.ParseFacts(company(dir.ID)); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.ReplaceCollectedData(ctx, e.actor, co.ID, company(dir.ID), cf); err != nil {
			t.Fatal(err)
		}
		e.drain()
		e.rejectAll(co.ID, "ownership not verified")

		_, err = e.svc.EraseProfile(ctx, e.actor, dir.ID)
		if err == nil || !strings.Contains(err.Error(), co.ID) {
			t.Fatalf("erasing a director of a kept company: %v, want a refusal naming the company", err)
		}
		now = now.AddDate(0, 0, 2)
		if plan, err := e.svc.RetentionPlan(ctx, now); err != nil || len(plan) != 0 {
			t.Fatalf("plan while the company is kept: %+v %v, want nothing", plan, err)
		}
		if rep, err := e.svc.RunRetention(ctx); err != nil || len(rep.Erased) != 0 {
			t.Fatalf("retention while the company is kept: %+v %v, want nothing erased", rep, err)
		}

		now = now.AddDate(0, 0, 10)
		for range 2 { // the director may come before its company in a run
			if _, err := e.svc.RunRetention(ctx); err != nil {
				t.Fatal(err)
			}
		}
		for _, id := range []string{co.ID, dir.ID} {
			if p := e.load(id); !p.Erased() {
				t.Errorf("profile %s (%s) kept, want it erased", id, p.Role)
			}
		}
	})
}

// TestErasure: the tombstone keeps the profile's id, role, dates and
// decisions (status and date, not the reason, which was sealed), loses its
// data, notes and name index; the erasure is audited in clear while the
// other items lose their messages; the chain still verifies; the tombstone
// refuses commands; erasure needs DELETE_PROFILE.
func TestErasure(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		e := newEnv(t, db.Open(t), retentionPolicy(t, ""))
		p := e.create(individual("Erin", "Erasable"))
		e.drain()
		p = e.load(p.ID)
		if _, err := e.svc.AddNote(ctx, e.actor, p.ID, p.Tasks[0].ID, "met Erin at the branch"); err != nil {
			t.Fatal(err)
		}
		e.rejectAll(p.ID, "could not verify Erin Erasable")
		if r := e.sealAndVerify(); r.Problem != "" {
			t.Fatalf("before: %s", r.Problem)
		}
		before, err := e.svc.AuditItems(ctx, e.actor, p.ID)
		if err != nil {
			t.Fatal(err)
		}

		viewer := e.actor
		viewer.Granted = []kyc.Capability{"READ_PROFILE"}
		if _, err := e.svc.EraseProfile(ctx, viewer, p.ID); !kyc.IsCode(err, kyc.EForbidden) {
			t.Errorf("erasure without DELETE_PROFILE: got %v, want forbidden", err)
		}
		tomb, err := e.svc.EraseProfile(ctx, e.actor, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		got := e.load(p.ID)
		for _, g := range []*kyc.Profile{tomb, got} {
			if !g.Erased() || g.DisplayName != "" || string(g.CollectedData) != `{"entity_type":"INDIVIDUAL"}` || g.Role != p.Role || !g.CreatedAt.Equal(p.CreatedAt) {
				t.Errorf("tombstone: erased %v, name %q, data %s, role %s", g.Erased(), g.DisplayName, g.CollectedData, g.Role)
			}
		}
		if len(got.Applications) != len(p.Applications) {
			t.Fatalf("applications: got %d, want %d kept", len(got.Applications), len(p.Applications))
		}
		for _, a := range got.Applications {
			last := a.History[len(a.History)-1]
			if a.Status != kyc.AppRejected || last.Status != kyc.AppRejected || last.Comment != "" {
				t.Errorf("decision: %s, last %s %q; want REJECTED kept without its reason", a.Status, last.Status, last.Comment)
			}
		}
		for _, c := range got.Checks {
			if string(c.Input) != "{}" || string(c.Output) != "{}" {
				t.Errorf("check %s kept input %s output %s", c.ID, c.Input, c.Output)
			}
		}
		notes, err := e.store.ProfileNotes(ctx, e.actor.InstitutionID, p.ID)
		if err != nil || len(notes) != 0 {
			t.Errorf("notes after erasure: %v %v", notes, err)
		}
		if ms, err := e.store.ProfilesByNameToken(ctx, e.actor.InstitutionID, "erasable", 10); err != nil || len(ms) != 0 {
			t.Errorf("name index after erasure: %v %v", ms, err)
		}
		after, err := e.svc.AuditItems(ctx, e.actor, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(after) != len(before)+1 {
			t.Fatalf("audit items: %d after, %d before; want the erasure's added", len(after), len(before))
		}
		for _, it := range after[:len(before)] {
			if it.Message != "" || it.RefData != nil {
				t.Errorf("audit item %s kept %q %v after erasure", it.Action, it.Message, it.RefData)
			}
		}
		if last := after[len(after)-1]; !strings.Contains(last.Message, "erased") || last.RefData["data_protection"] != "erased" {
			t.Errorf("the erasure's item: %q %v", last.Message, last.RefData)
		}
		if r := e.sealAndVerify(); r.Problem != "" || r.Sealed != int64(len(after)) {
			t.Errorf("after erasure: %q at %d, %d sealed", r.Problem, r.Position, r.Sealed)
		}
		if _, err := e.svc.AddNote(ctx, e.actor, p.ID, p.Tasks[0].ID, "again"); !kyc.IsCode(err, kyc.EConflict) {
			t.Errorf("a note on the tombstone: got %v, want a conflict", err)
		}
		if _, err := e.svc.SetLegalHold(ctx, e.actor, p.ID, "too late"); !kyc.IsCode(err, kyc.EConflict) {
			t.Errorf("a hold on the tombstone: got %v, want a conflict", err)
		}
		again, err := e.svc.EraseProfile(ctx, e.actor, p.ID)
		if err != nil || !again.Erased() {
			t.Errorf("erasing again: %v, want the tombstone", err)
		}
	})
}

// TestLegalHoldInput: a hold needs a reason, within bounds; clearing a
// profile without one is refused; both name what is wrong.
func TestLegalHoldInput(t *testing.T) {
	s := storetest.OpenSQLite(t)
	e := newEnv(t, s, retentionPolicy(t, ""))
	p := e.create(individual("Hal", "Holder"))
	for _, tc := range []struct {
		name, reason string
		code         kyc.Code
	}{
		{"empty", "  ", kyc.EInvalid},
		{"too long", strings.Repeat("x", kyc.MaxLegalHoldReason+1), kyc.EInvalid},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := e.svc.SetLegalHold(ctx, e.actor, p.ID, tc.reason)
			if !kyc.IsCode(err, tc.code) || !strings.Contains(err.Error(), "reason") {
				t.Errorf("got %v, want %s naming the reason", err, tc.code)
			}
		})
	}
	if _, err := e.svc.ClearLegalHold(ctx, e.actor, p.ID); !kyc.IsCode(err, kyc.EConstraints) {
		t.Errorf("clearing no hold: got %v, want constraints", err)
	}
	h, err := e.svc.SetLegalHold(ctx, e.actor, p.ID, "regulator's inquiry")
	if err != nil || h.LegalHold == nil || h.LegalHold.Reason != "regulator's inquiry" || h.LegalHold.SetBy != "svc" {
		t.Fatalf("set: %+v %v", h.LegalHold, err)
	}
	if got := e.load(p.ID).LegalHold; got == nil || got.Reason != "regulator's inquiry" {
		t.Errorf("reloaded hold: %+v", got)
	}
}

// TestParsePeriod: retention periods as the policy writes them.
func TestParsePeriod(t *testing.T) {
	from := time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		in   string
		want time.Time
		err  string
	}{
		{"5y", time.Date(2029, 3, 1, 0, 0, 0, 0, time.UTC), ""},
		{"1d", time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC), ""},
		{"2w", time.Date(2024, 3, 14, 0, 0, 0, 0, time.UTC), ""},
		{"1y6m", time.Date(2025, 8, 29, 0, 0, 0, 0, time.UTC), ""},
		{"", time.Time{}, "empty"},
		{"5", time.Time{}, "unit"},
		{"y", time.Time{}, "number"},
		{"5x", time.Time{}, "unknown unit"},
		{"0d", time.Time{}, "at least a day"},
		{"101y", time.Time{}, "hundred"},
	} {
		t.Run(tc.in, func(t *testing.T) {
			p, err := kyc.ParsePeriod(tc.in)
			switch {
			case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)):
				t.Errorf("got %v, want an error saying %q", err, tc.err)
			case tc.err == "" && err != nil:
				t.Errorf("got %v", err)
			case tc.err == "" && !p.After(from).Equal(tc.want):
				t.Errorf("got %s, want %s", p.After(from), tc.want)
			}
		})
	}
}
