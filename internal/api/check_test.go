package api_test

import (
	"strings"
	"testing"

	"github.com/gatehouse/gatehouse/internal/api"
	"github.com/gatehouse/gatehouse/internal/store/storetest"
)

type checkView struct {
	ID        string   `json:"id"`
	CheckType string   `json:"check_type"`
	State     string   `json:"state"`
	Result    string   `json:"result"`
	TaskIDs   []string `json:"task_ids"`
	Errors    []struct {
		Code   int    `json:"code"`
		Source string `json:"source"`
	} `json:"errors"`
	OutputData map[string]any `json:"output_data"`
}

// newQuietProfile creates an individual with no product (no automatic
// checks), named as given, with the date of birth and address an identity
// check needs.
func newQuietProfile(t *testing.T, e *env, given, family string) string {
	t.Helper()
	status, body := e.c.Do("POST", "/4.0/profiles", `{"role":"INDIVIDUAL_CUSTOMER","applications":[],"collected_data":{"entity_type":"INDIVIDUAL","personal_details":{"name":{"given_names":["`+given+`"],"family_name":"`+family+`"},"dob":"1985-02-03"},"address_history":[{"address":{"type":"STRUCTURED","country":"GBR","street_number":"12","route":"St James's Square","postal_town":"London","postal_code":"SW1Y 4LB"}}]}}`)
	if status != 200 {
		t.Fatalf("create: %d %s", status, body)
	}
	return decode[profileView](t, body).ID
}

func TestChecksAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		e := newEnv(t, db, api.Config{})
		id := newQuietProfile(t, e, "Ada", "Lovelace")
		base := "/4.0/profiles/" + id

		// Only check_type: an identity check runs synchronously by default.
		status, body := e.c.Do("POST", base+"/checks", `{"check_type":"IDENTITY_CHECK"}`)
		c := decode[checkView](t, body)
		if status != 200 || c.State != "COMPLETE" || c.Result != "2+2" || c.OutputData["electronic_id_check"] == nil {
			t.Fatalf("sync identity check: %d %s", status, body)
		}
		// Other types run asynchronously unless mode=sync.
		status, body = e.c.Do("POST", base+"/checks", `{"check_type":"PEPS_AND_SANCTIONS_SCREEN"}`)
		if c = decode[checkView](t, body); status != 200 || c.State != "RUNNING" || c.Result != "" {
			t.Fatalf("async screening: %d %s", status, body)
		}
		e.settle()
		_, body = e.c.Do("GET", base+"/checks/"+c.ID, nil)
		if c = decode[checkView](t, body); c.State != "COMPLETE" || c.Result != "Pass" {
			t.Errorf("screening after the worker ran: %s", body)
		}
		status, body = e.c.Do("POST", base+"/checks?mode=async", `{"check_type":"IDENTITY_CHECK"}`)
		if c = decode[checkView](t, body); c.State != "RUNNING" {
			t.Errorf("mode=async identity: %s", body)
		}
		status, body = e.c.Do("POST", base+"/checks?mode=sync", `{"check_type":"PEPS_AND_SANCTIONS_SCREEN","demo_result":"SCREEN_SINGLE_PEP"}`)
		if c = decode[checkView](t, body); status != 200 || c.Result != "PEP" || len(c.OutputData["sanctions_results"].([]any)) != 1 {
			t.Fatalf("sync PEP screen: %d %s", status, body)
		}
		p := decode[profileView](t, must(e.c.Do("GET", base, nil)))
		if len(p.UnresolvedEventTypes) != 1 || p.UnresolvedEventTypes[0] != "PEP_FLAG" {
			t.Errorf("a PEP hit raises an event: %v", p.UnresolvedEventTypes)
		}
		// The same match is not raised twice while it is open.
		e.c.Do("POST", base+"/checks?mode=sync", `{"check_type":"PEPS_AND_SANCTIONS_SCREEN","demo_result":"SCREEN_SINGLE_PEP"}`)
		_, body = e.c.Do("GET", base+"/events", nil)
		if evs := decode[[]any](t, body); len(evs) != 1 {
			t.Errorf("events after screening twice: %d", len(evs))
		}
		// A provider that cannot be reached is retried, then ends as Error.
		status, body = e.c.Do("POST", base+"/checks", `{"check_type":"PEPS_AND_SANCTIONS_SCREEN","demo_result":"ERROR_CONNECTION_TO_PROVIDER"}`)
		errID := decode[checkView](t, body).ID
		e.settle()
		_, body = e.c.Do("GET", base+"/checks/"+errID, nil)
		if c = decode[checkView](t, body); c.Result != "Error" || len(c.Errors) != 1 || c.Errors[0].Code != 302 || c.Errors[0].Source != "PROVIDER" {
			t.Errorf("unreachable provider: %s", body)
		}

		for _, bad := range []struct{ body, field string }{
			{`{}`, "check_type"},
			{`{"check_type":"CREDIT_SCORE"}`, "check_type"},
			{`{"check_type":"COMPANY_REGISTRY"}`, "check_type"},
			{`{"check_type":"IDENTITY_CHECK","task_ids":["3d7a333c-418d-72a1-007b-06854dbb28eb"]}`, "task_ids[0]"},
			{`{"check_type":"IDENTITY_CHECK","variant":{"id":"bd1e7a31-f42d-486a-99df-fe78cd3ee5dd"}}`, "variant.id"},
			{`{"check_type":"DOCUMENT_VERIFICATION"}`, "document_id"},
			{`{"check_type":"IDENTITY_CHECK","input_data":{"entity_type":"INDIVIDUAL","personal_details":{"dob":"x"}}}`, "input_data.personal_details.dob"},
		} {
			status, body := e.c.Do("POST", base+"/checks", bad.body)
			if _, field := errorOf(t, body); status != 400 || field != bad.field {
				t.Errorf("%s: %d %s, want 400 naming %s", bad.body, status, body, bad.field)
			}
		}
		if status, _ = e.c.Do("POST", base+"/checks?mode=later", `{"check_type":"IDENTITY_CHECK"}`); status != 400 {
			t.Errorf("bad mode: %d", status)
		}
		_, body = e.c.Do("GET", base+"/checks", nil)
		if all := decode[[]checkView](t, body); len(all) != 6 {
			t.Errorf("checks listed: %d", len(all))
		}
	})
}

// TestChecksCompleteTasks: automatic checks from the policy pass tasks
// through their acceptance checks; a PEP hit does not; approve and reject
// make new checks; task links can be changed.
func TestChecksCompleteTasks(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		e := newEnv(t, db, api.Config{})
		_, body := e.c.Do("POST", "/4.0/profiles", strings.Replace(guideIndividual, "Wheeler", "Wheeler-pep", 1))
		id := decode[profileView](t, body).ID
		base := "/4.0/profiles/" + id
		e.settle()
		p := decode[profileView](t, must(e.c.Do("GET", base, nil)))
		var screening string
		for _, tk := range p.Tasks {
			switch tk.Type {
			case "INDIVIDUAL_VERIFY_IDENTITY":
				if tk.State != "COMPLETED_PASS" {
					t.Errorf("identity task after a 2+2: %s", tk.State)
				}
			case "INDIVIDUAL_ASSESS_POLITICAL_AND_SANCTIONS_EXPOSURE":
				screening = tk.ID
				if tk.State != "INCOMPLETE" {
					t.Errorf("screening task after a PEP hit: %s", tk.State)
				}
			}
		}
		if a := p.Applications[0]; a.Flag != "REQUIRES_MANUAL_TASK_COMPLETION" {
			t.Errorf("flag with a PEP hit: %s", a.Flag)
		}
		var pepCheck string
		_, body = e.c.Do("GET", base+"/checks", nil)
		for _, c := range decode[[]checkView](t, body) {
			if c.CheckType == "PEPS_AND_SANCTIONS_SCREEN" {
				pepCheck = c.ID
				if c.Result != "PEP" || len(c.TaskIDs) != 1 || c.TaskIDs[0] != screening {
					t.Errorf("automatic PEP screen: %+v", c)
				}
			}
		}
		// Resolve the match, then an analyst approves the screening check:
		// a new check, which passes the task.
		_, body = e.c.Do("GET", base+"/events", nil)
		ev := decode[[]struct{ ID string }](t, body)[0]
		e.c.Do("POST", base+"/events/"+ev.ID, `{"resolution":"MISMATCH"}`)
		status, body := e.c.Do("POST", base+"/checks/"+pepCheck+"/approve", nil)
		approved := decode[checkView](t, body)
		if status != 200 || approved.ID == pepCheck || approved.Result != "Pass" || approved.State != "COMPLETE" {
			t.Fatalf("approve: %d %s", status, body)
		}
		p = decode[profileView](t, must(e.c.Do("GET", base, nil)))
		if p.Applications[0].Flag != "READY_FOR_DECISION" {
			t.Errorf("after approving the screening check: %s", p.Applications[0].Flag)
		}
		_, body = e.c.Do("GET", base+"/checks/"+pepCheck, nil)
		if orig := decode[checkView](t, body); orig.Result != "PEP" {
			t.Errorf("the reviewed check changed: %s", body)
		}
		status, body = e.c.Do("POST", base+"/checks/"+pepCheck+"/reject", nil)
		if c := decode[checkView](t, body); status != 200 || c.Result != "Fail" {
			t.Errorf("reject: %d %s", status, body)
		}
		status, body = e.c.Do("POST", base+"/checks/"+pepCheck, `{"task_ids":[]}`)
		if c := decode[checkView](t, body); status != 200 || len(c.TaskIDs) != 0 {
			t.Errorf("unlink: %d %s", status, body)
		}
		if status, _ = e.c.Do("POST", base+"/checks/"+pepCheck, `{"result":"Pass"}`); status != 400 {
			t.Errorf("a check's result cannot be changed: %d", status)
		}
	})
}

// TestCollectionSteps: a check instructed without the data it needs waits
// with a collection step; the data arriving removes the step and runs it.
func TestCollectionSteps(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		e := newEnv(t, db, api.Config{})
		_, body := e.c.Do("POST", "/4.0/profiles", `{"role":"INDIVIDUAL_CUSTOMER","collected_data":{"entity_type":"INDIVIDUAL"}}`)
		p := decode[profileView](t, body)
		base := "/4.0/profiles/" + p.ID
		e.settle()
		_, body = e.c.Do("GET", base+"/collection_steps", nil)
		steps := decode[[]struct {
			CollectionType string `json:"collection_type"`
		}](t, body)
		// The identity check needs a name, a date of birth and an address.
		if len(steps) != 3 || steps[0].CollectionType != "FULL_NAME" || steps[1].CollectionType != "DOB" || steps[2].CollectionType != "ADDRESS_HISTORY" {
			t.Fatalf("collection steps: %s, want FULL_NAME, DOB, ADDRESS_HISTORY", body)
		}
		// The screen waits for the name, so the required PEP status is
		// missing: REQUIRES_RISK_SCORE comes first in PassFort's order.
		p = decode[profileView](t, must(e.c.Do("GET", base, nil)))
		if p.Applications[0].Flag != "REQUIRES_RISK_SCORE" {
			t.Errorf("flag: %s", p.Applications[0].Flag)
		}
		_, body = e.c.Do("GET", base+"/checks", nil)
		for _, c := range decode[[]checkView](t, body) {
			if c.State != "PENDING" {
				t.Errorf("check %s waits: %s", c.CheckType, c.State)
			}
		}
		// An officer asks for more: the list is replaced.
		status, body := e.c.Do("POST", base+"/collection_steps", `[{"collection_type":"FULL_NAME"},{"collection_type":"DOCUMENT","category":"PROOF_OF_ADDRESS","allowed_types":["BANK_STATEMENT"]}]`)
		if status != 200 || len(decode[[]any](t, body)) != 2 {
			t.Fatalf("replace steps: %d %s", status, body)
		}
		if status, body = e.c.Do("POST", base+"/collection_steps", `[{"collection_type":"SELFIE"}]`); status != 400 {
			t.Errorf("bad step: %d %s", status, body)
		}
		e.c.Do("POST", base+"/collection_steps", `[{"collection_type":"FULL_NAME"}]`)
		status, body = e.c.Do("POST", base+"/collected_data", `{"entity_type":"INDIVIDUAL","personal_details":{"name":{"given_names":["Grace"],"family_name":"Hopper"},"dob":"1906-12-09"},"address_history":[{"address":{"type":"STRUCTURED","country":"GBR","street_number":"7","route":"Arlington Street","postal_town":"London","postal_code":"SW1A 1RB"}}]}`)
		if status != 200 {
			t.Fatalf("data: %d %s", status, body)
		}
		e.settle()
		p = decode[profileView](t, must(e.c.Do("GET", base, nil)))
		if p.Applications[0].Flag != "READY_FOR_DECISION" {
			t.Errorf("once the data came: %s", p.Applications[0].Flag)
		}
		_, body = e.c.Do("GET", base+"/collection_steps", nil)
		if len(decode[[]any](t, body)) != 0 {
			t.Errorf("steps left: %s", body)
		}
	})
}

func must(status int, body []byte) []byte {
	if status != 200 {
		panic(string(body))
	}
	return body
}

// TestCheckRequestFields: the type-specific fields of POST /checks are
// required where the contract requires them, refused where they name
// nothing, and echoed on the check.
func TestCheckRequestFields(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		e := newEnv(t, db, api.Config{})
		ind := "/4.0/profiles/" + newQuietProfile(t, e, "Ada", "Lovelace") + "/checks"
		_, body := e.c.Do("POST", "/4.0/profiles", `{"role":"COMPANY_CUSTOMER","applications":[],"collected_data":{"entity_type":"COMPANY","metadata":{"name":"Acme Limited","number":"01234567","country_of_incorporation":"GBR"}}}`)
		co := "/4.0/profiles/" + decode[profileView](t, body).ID + "/checks"
		filings := decode[struct {
			OutputData struct {
				Filings []struct {
					SourceID string `json:"source_id"`
				} `json:"filings"`
			} `json:"output_data"`
		}](t, must(e.c.Do("POST", co+"?mode=sync", `{"check_type":"COMPANY_FILINGS"}`))).OutputData.Filings
		if len(filings) < 2 {
			t.Fatalf("got %d filings, want a list to buy from", len(filings))
		}

		for _, tc := range []struct {
			name, path, body, field string
			code                    int
		}{
			{"document fetch without source", ind, `{"check_type":"DOCUMENT_FETCH","reference":"abc"}`, "source", 101},
			{"document fetch without reference", ind, `{"check_type":"DOCUMENT_FETCH","source":"ONFIDO"}`, "reference", 101},
			{"document fetch from an unknown source", ind, `{"check_type":"DOCUMENT_FETCH","source":"ACME","reference":"abc"}`, "source", 201},
			{"document fetch with an empty reference", ind, `{"check_type":"DOCUMENT_FETCH","source":"JUMIO","reference":" "}`, "reference", 201},
			{"filing purchase without source_id", co, `{"check_type":"COMPANY_FILING_PURCHASE"}`, "source_id", 101},
			{"filing purchase of an unknown filing", co, `{"check_type":"COMPANY_FILING_PURCHASE","source_id":"NOT-A-FILING"}`, "source_id", 201},
			{"monitoring flag on an identity check", ind, `{"check_type":"IDENTITY_CHECK","disable_monitoring":true}`, "disable_monitoring", 201},
			{"monitoring only on an identity check", ind, `{"check_type":"IDENTITY_CHECK","disable_initial_screen":true}`, "disable_initial_screen", 201},
			{"monitoring only with a variant that does not monitor", ind, `{"check_type":"PEPS_AND_SANCTIONS_SCREEN","disable_initial_screen":true}`, "disable_initial_screen", 201},
			{"monitoring only without monitoring", ind, `{"check_type":"PEPS_AND_SANCTIONS_SCREEN","disable_initial_screen":true,"disable_monitoring":true}`, "disable_initial_screen", 201},
			{"monitoring flag not a boolean", ind, `{"check_type":"PEPS_AND_SANCTIONS_SCREEN","disable_monitoring":"yes"}`, "disable_monitoring", 201},
		} {
			t.Run(tc.name, func(t *testing.T) {
				status, out := e.c.Do("POST", tc.path, tc.body)
				if code, field := errorOf(t, out); status != 400 || code != tc.code || field != tc.field {
					t.Errorf("got %d code %d field %q, want 400 %d %q: %s", status, code, field, tc.code, tc.field, out)
				}
			})
		}

		fetch := decode[struct {
			Source    string `json:"source"`
			Reference string `json:"reference"`
		}](t, must(e.c.Do("POST", ind+"?mode=sync", `{"check_type":"DOCUMENT_FETCH","source":"ONFIDO","reference":"doc-42"}`)))
		if fetch.Source != "ONFIDO" || fetch.Reference != "doc-42" {
			t.Errorf("got source %q reference %q, want ONFIDO doc-42 echoed", fetch.Source, fetch.Reference)
		}
		// Asynchronous: the fields survive the queue.
		id := decode[checkView](t, must(e.c.Do("POST", co, `{"check_type":"COMPANY_FILING_PURCHASE","source_id":"`+filings[1].SourceID+`"}`))).ID
		e.settle()
		bought := decode[struct {
			State    string `json:"state"`
			SourceID string `json:"source_id"`
		}](t, must(e.c.Do("GET", co+"/"+id, nil)))
		if bought.State != "COMPLETE" || bought.SourceID != filings[1].SourceID {
			t.Errorf("got %+v, want a complete purchase of %s", bought, filings[1].SourceID)
		}
		must(e.c.Do("GET", ind, nil)) // every check validates against the contract
	})
}

// TestDemoScreensAreNotMonitored: nothing monitors the demo provider's
// screens, so they do not claim is_monitored.
func TestDemoScreensAreNotMonitored(t *testing.T) {
	e := newEnv(t, storetest.Databases()[0], api.Config{})
	base := "/4.0/profiles/" + newQuietProfile(t, e, "Ada", "Lovelace") + "/checks"
	c := decode[struct {
		Providers []struct {
			ProviderName string `json:"provider_name"`
			IsMonitored  bool   `json:"is_monitored"`
		} `json:"providers"`
	}](t, must(e.c.Do("POST", base+"?mode=sync", `{"check_type":"PEPS_AND_SANCTIONS_SCREEN"}`)))
	if len(c.Providers) != 1 || c.Providers[0].IsMonitored {
		t.Errorf("got providers %+v, want one, not monitored", c.Providers)
	}
}

// TestSharedRegistryCheck: a check two tasks need runs once. The guide's
// company verifies its identity and identifies its officers with the same
// registry check variant: one COMPANY_REGISTRY check serves both tasks.
func TestSharedRegistryCheck(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		e := newEnv(t, db, api.Config{})
		p := decode[struct{ ID string }](t, must(e.c.Do("POST", "/4.0/profiles", guideCompany)))
		e.settle()
		checks := decode[[]struct {
			ID        string `json:"id"`
			CheckType string `json:"check_type"`
		}](t, must(e.c.Do("GET", "/4.0/profiles/"+p.ID+"/checks", nil)))
		var registry []string
		for _, c := range checks {
			if c.CheckType == "COMPANY_REGISTRY" {
				registry = append(registry, c.ID)
			}
		}
		if len(registry) != 1 {
			t.Fatalf("got %d COMPANY_REGISTRY checks, want one shared by the tasks that need it", len(registry))
		}
		tasks := decode[[]struct {
			Type     string   `json:"type"`
			CheckIDs []string `json:"check_ids"`
		}](t, must(e.c.Do("GET", "/4.0/profiles/"+p.ID+"/tasks", nil)))
		serving := 0
		for _, tk := range tasks {
			for _, id := range tk.CheckIDs {
				if id == registry[0] {
					serving++
				}
			}
		}
		if serving < 2 {
			t.Errorf("the registry check serves %d tasks, want the two that need it", serving)
		}
	})
}
