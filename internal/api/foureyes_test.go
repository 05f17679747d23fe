package api_test

import (
	"strings"
	"testing"

	"github.com/gatehouse/gatehouse/internal/checks/builtin"

	"github.com/gatehouse/gatehouse/internal/api"
	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/policy"
	"github.com/gatehouse/gatehouse/internal/store/storetest"
)

// TestFourEyesOverAPI: on a four_eyes product, an API approval records the
// first approval and answers the application as it is (status unchanged,
// pending_approval set, valid against the contract); a second approval by
// an API key is refused with 105 (only an analyst in the portal confirms);
// an analyst's confirmation approves it.
func TestFourEyesOverAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		e := newEnv(t, db, api.Config{})
		src := strings.Replace(string(policy.DemoYAML()), "    automatically_approve: false\n", "    automatically_approve: false\n    four_eyes: true\n", 1)
		pol, err := policy.Parse([]byte(src), builtin.Registry(nil))
		if err != nil {
			t.Fatal(err)
		}
		e.svc.Policy = pol
		status, body := e.c.Do("POST", "/4.0/profiles", guideIndividual)
		if status != 200 {
			t.Fatalf("create: %d %s", status, body)
		}
		id := decode[profileView](t, body).ID
		e.settle()
		l := &lifecycle{t: t, e: e, id: id}
		app := l.app()
		if app.Flag != "READY_FOR_DECISION" {
			t.Fatalf("got flag %s, want READY_FOR_DECISION", app.Flag)
		}
		path := "/4.0/profiles/" + id + "/applications/" + app.ID
		status, body = e.c.Do("POST", path, `{"status":"APPROVED","comment":"first"}`)
		first := decode[struct {
			Status          string `json:"status"`
			PendingApproval *struct {
				Approver *struct{ ID string }   `json:"approver"`
				APIKey   *struct{ Name string } `json:"apikey"`
				Comment  string                 `json:"comment"`
			} `json:"pending_approval"`
		}](t, body)
		if status != 200 || first.Status != "APPLIED" || first.PendingApproval == nil || first.PendingApproval.Approver != nil ||
			first.PendingApproval.APIKey == nil || first.PendingApproval.Comment != "first" {
			t.Fatalf("first approval: got %d %s", status, body)
		}
		status, body = e.c.Do("POST", path, `{"status":"APPROVED"}`)
		if code, _ := errorOf(t, body); status != 422 || code != 105 || !strings.Contains(string(body), "second analyst") {
			t.Fatalf("second approval by an API key: got %d %s", status, body)
		}
		insts, err := e.store.Institutions(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var acme string
		for _, in := range insts {
			if in.Name == "Acme" {
				acme = in.ID
			}
		}
		analyst := kyc.Actor{InstitutionID: acme, User: &kyc.User{ID: kyc.NewID(), Name: "Ana", Email: "ana@example.org"}}
		if _, err := e.svc.Decide(ctx, analyst, id, app.ID, kyc.Decision{To: kyc.AppApproved, Reason: "Due diligence complete"}); err != nil {
			t.Fatal(err)
		}
		if got := l.app(); got.Status != "APPROVED" || got.History[len(got.History)-1].Comment != "Due diligence complete" {
			t.Fatalf("after the analyst's confirmation: got %+v", got)
		}
		status, body = e.c.Do("GET", path, nil)
		if status != 200 || strings.Contains(string(body), "pending_approval") {
			t.Fatalf("a decided application has no pending approval: %s", body)
		}
	})
}
