package api_test

import (
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/gatehouse/gatehouse/internal/api"
	"github.com/gatehouse/gatehouse/internal/spectest"
	"github.com/gatehouse/gatehouse/internal/store/storetest"
)

func TestIdempotency(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		e := newEnv(t, db, api.Config{})
		s1, b1 := e.c.Do("POST", "/4.0/profiles", guideIndividual, "Idempotency-Key", "signup-42")
		s2, b2 := e.c.Do("POST", "/4.0/profiles", guideIndividual, "Idempotency-Key", "signup-42")
		if s1 != 200 || s2 != 200 || string(b1) != string(b2) {
			t.Fatalf("repeat: %d %d, bodies equal %v", s1, s2, string(b1) == string(b2))
		}
		s3, b3 := e.c.Do("POST", "/4.0/profiles", guideCompany, "Idempotency-Key", "signup-42")
		if code, _ := errorOf(t, b3); s3 != 409 || code != 201 {
			t.Errorf("same key, other body: %d %s, want 409", s3, b3)
		}
		// The same key on another path is another request: refused too.
		id := decode[profileView](t, b1).ID
		s4, _ := e.c.Do("POST", "/4.0/profiles/"+id+"/tags", `{"name":"a"}`, "Idempotency-Key", "signup-42")
		if s4 != 409 {
			t.Errorf("same key, other path: %d, want 409", s4)
		}
		// Keys are per institution.
		other := e.client("Other")
		s5, b5 := other.Do("POST", "/4.0/profiles", guideIndividual, "Idempotency-Key", "signup-42")
		if s5 != 200 || decode[profileView](t, b5).ID == id {
			t.Errorf("another institution's same key: %d, id reused %v", s5, decode[profileView](t, b5).ID == id)
		}
		// Concurrent repeats create exactly one profile.
		var wg sync.WaitGroup
		ids := make([]string, 8)
		for i := range ids {
			wg.Add(1)
			go func() {
				defer wg.Done()
				s, b := e.c.Do("POST", "/4.0/profiles", guideCompany, "Idempotency-Key", "concurrent")
				if s == 200 {
					ids[i] = decode[profileView](t, b).ID
				} else if s != 409 {
					t.Errorf("concurrent repeat: %d %s", s, b)
				}
			}()
		}
		wg.Wait()
		seen := map[string]bool{}
		for _, id := range ids {
			if id != "" {
				seen[id] = true
			}
		}
		if len(seen) != 1 {
			t.Errorf("concurrent repeats created %d profiles", len(seen))
		}
		_, body := e.c.Do("GET", "/4.0/profiles", nil)
		if n := decode[struct{ Count int }](t, body).Count; n != 2 {
			t.Errorf("profiles stored: %d, want 2", n)
		}
		status, body := e.c.Do("POST", "/4.0/profiles", guideCompany, "Idempotency-Key", "has space")
		if status != 400 {
			t.Errorf("bad key: %d %s", status, body)
		}
	})
}

func TestSearch(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		e := newEnv(t, db, api.Config{})
		var ids []string
		for i := range 5 {
			status, body := e.c.Do("POST", "/4.0/profiles", fmt.Sprintf(
				`{"role":"INDIVIDUAL_CUSTOMER","collected_data":{"entity_type":"INDIVIDUAL","personal_details":{"name":{"given_names":["Person%d"],"family_name":"O'Neil_%%"}}}}`, i))
			if status != 200 {
				t.Fatalf("create: %s", body)
			}
			ids = append(ids, decode[profileView](t, body).ID)
		}
		e.c.Do("POST", "/4.0/profiles", guideCompany)
		e.c.Do("POST", "/4.0/profiles/"+ids[1]+"/tags", `{"name":"High Value"}`)

		search := func(query string) (int, []string) {
			t.Helper()
			status, body := e.c.Do("GET", "/4.0/profiles"+query, nil)
			if status != 200 {
				t.Fatalf("search %s: %d %s", query, status, body)
			}
			r := decode[struct {
				Count   int
				Results []profileView
			}](t, body)
			var names []string
			for _, p := range r.Results {
				names = append(names, p.DisplayName)
			}
			return r.Count, names
		}
		if n, names := search(""); n != 6 || len(names) != 6 || names[0] != "PassFort Limited" {
			t.Errorf("all: %d %v, want 6 newest first", n, names)
		}
		if n, names := search("?q=person3"); n != 1 || names[0] != "Person3 O'Neil_%" {
			t.Errorf("by name: %d %v", n, names)
		}
		// Names are found by their words, through the blind index: a %
		// is no word, and no wildcard either.
		if n, _ := search("?q=%25"); n != 0 {
			t.Errorf("a %% in q: %d, want 0", n)
		}
		if n, names := search("?q=high%20val"); n != 1 || names[0] != "Person1 O'Neil_%" {
			t.Errorf("by tag: %d %v", n, names)
		}
		if n, names := search("?limit=2&offset=4"); n != 6 || len(names) != 2 || names[1] != "Person0 O'Neil_%" {
			t.Errorf("page: %d %v", n, names)
		}
		if n, names := search("?offset=10"); n != 6 || len(names) != 0 {
			t.Errorf("past the end: %d %v", n, names)
		}
		if n, _ := search("?categories=APPLICANT,CUSTOMER"); n != 6 {
			t.Errorf("applicants: %d", n)
		}
		if n, _ := search("?categories=CUSTOMER"); n != 0 {
			t.Errorf("customers: %d", n)
		}
		for _, bad := range []string{"?limit=201", "?limit=-1", "?offset=x", "?categories=VIP"} {
			status, body := e.c.Do("GET", "/4.0/profiles"+bad, nil)
			if status != 400 {
				t.Errorf("%s: %d %s, want 400", bad, status, body)
			}
		}
	})
}

func TestCollectedDataStatusAndAudit(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		e := newEnv(t, db, api.Config{})
		_, body := e.c.Do("POST", "/4.0/profiles", guideIndividual)
		id := decode[profileView](t, body).ID

		newData := `{"entity_type":"INDIVIDUAL","personal_details":{"name":{"given_names":["Alexandra"],"family_name":"Wheeler-Smith"},"dob":"1990-04"},"customer_ref":"u-1"}`
		status, body := e.c.Do("POST", "/4.0/profiles/"+id+"/collected_data", newData)
		if status != 200 || string(body) != newData+"\n" {
			t.Fatalf("replace: %d %s", status, body)
		}
		_, body = e.c.Do("GET", "/4.0/profiles/"+id, nil)
		if dn := decode[profileView](t, body).DisplayName; dn != "Alexandra Wheeler-Smith" {
			t.Errorf("display_name after replace = %q", dn)
		}
		status, body = e.c.Do("POST", "/4.0/profiles/"+id+"/collected_data", `{"entity_type":"COMPANY"}`)
		if code, field := errorOf(t, body); status != 400 || code != 201 || field != "collected_data.entity_type" {
			t.Errorf("entity type change: %d %s", status, body)
		}

		for _, b := range []string{`"SUSPENDED"`, `{"status":"BANNED"}`, `"NORMAL"`, `"BANNED"`} {
			status, body = e.c.Do("POST", "/4.0/profiles/"+id+"/status", b)
			if status != 200 {
				t.Fatalf("status %s: %d %s", b, status, body)
			}
		}
		status, body = e.c.Do("GET", "/4.0/profiles/"+id+"/status", nil)
		if status != 200 || string(body) != `"BANNED"`+"\n" {
			t.Errorf("status = %s", body)
		}
		_, body = e.c.Do("GET", "/4.0/profiles/"+id, nil)
		p := decode[profileView](t, body)
		suspended := false
		for _, b := range p.Applications[0].ApprovalBlockers {
			suspended = suspended || b.BlockerType == "SUSPENDED_PROFILE"
		}
		if p.Status != "BANNED" || !suspended {
			t.Errorf("banned profile: status %s, blockers %+v, want SUSPENDED_PROFILE among them", p.Status, p.Applications[0].ApprovalBlockers)
		}
		status, body = e.c.Do("POST", "/4.0/profiles/"+id+"/status", `"DELETED"`)
		if code, field := errorOf(t, body); status != 400 || code != 201 || field != "status" {
			t.Errorf("bad status: %d %s", status, body)
		}

		e.settle()
		_, body = e.c.Do("GET", "/4.0/profiles/"+id+"/audit-items", nil)
		all := decode[[]struct {
			Action    string `json:"action"`
			ProfileID string `json:"profileID"`
			APIKey    *struct{ Name string }
			Timestamp float64
		}](t, body)
		// What the API key did (the smart policy's automatic checks are audited too, without a key).
		items := all[:0]
		for _, it := range all {
			if it.APIKey != nil {
				items = append(items, it)
			}
		}
		want := []string{"created-profile", "added-product", "replace-collected-data",
			"profile-status-changed", "profile-status-changed", "profile-status-changed", "profile-status-changed"}
		if len(items) != len(want) || len(all) <= len(items) {
			t.Fatalf("audit items: %s", body)
		}
		for i, it := range items {
			if it.Action != want[i] || it.ProfileID != id || it.APIKey == nil || it.APIKey.Name != "test key" || it.Timestamp < 1.7e9 {
				t.Errorf("audit item %d = %+v, want %s by the key", i, it, want[i])
			}
		}
	})
}

func TestTagsAndApplications(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		e := newEnv(t, db, api.Config{})
		_, body := e.c.Do("POST", "/4.0/profiles", `{"role":"INDIVIDUAL_CUSTOMER","collected_data":{"entity_type":"INDIVIDUAL"},"applications":[]}`)
		p := decode[profileView](t, body)
		if len(p.Applications) != 0 || len(p.Tasks) != 0 {
			t.Fatalf("an empty applications list applies for nothing: %s", body)
		}
		status, body := e.c.Do("POST", "/4.0/profiles/"+p.ID+"/tags", `{"name":"  Priority "}`)
		tag := decode[struct{ ID, Name string }](t, body)
		if status != 200 || tag.Name != "Priority" {
			t.Fatalf("add tag: %d %s", status, body)
		}
		status, body = e.c.Do("POST", "/4.0/profiles/"+p.ID+"/tags", `{"id":"`+tag.ID+`"}`)
		if status != 200 {
			t.Fatalf("add tag by id: %d %s", status, body)
		}
		_, body = e.c.Do("GET", "/4.0/profiles/"+p.ID, nil)
		if tags := decode[profileView](t, body).Tags; len(tags) != 1 {
			t.Errorf("attaching twice gives %d tags", len(tags))
		}
		_, body = e.c.Do("GET", "/4.0/tags/search/prio", nil)
		if found := decode[[]struct{ ID string }](t, body); len(found) != 1 || found[0].ID != tag.ID {
			t.Errorf("tag search = %s", body)
		}
		for _, bad := range []string{`{"name":""}`, `{}`, `{"id":"nope"}`} {
			if status, body := e.c.Do("POST", "/4.0/profiles/"+p.ID+"/tags", bad); status != 400 {
				t.Errorf("tag %s: %d %s", bad, status, body)
			}
		}
		status, body = e.c.Do("DELETE", "/4.0/profiles/"+p.ID+"/tags/"+tag.ID, nil)
		if status != 200 || decode[struct{ ID string }](t, body).ID != tag.ID {
			t.Errorf("remove tag: %d %s", status, body)
		}
		if status, _ = e.c.Do("DELETE", "/4.0/profiles/"+p.ID+"/tags/"+tag.ID, nil); status != 404 {
			t.Errorf("remove again: %d", status)
		}

		status, body = e.c.Do("POST", "/4.0/profiles/"+p.ID+"/applications", `{"product":{"id":"B0CE7C17-2CAB-86E7-9A83-EBEE0D4D5DC8"}}`)
		app := decode[struct {
			ID, Status, Flag string
			Product          struct{ Alias string }
		}](t, body)
		// The automatic checks are scheduled with the application and run in the background.
		if status != 200 || app.Product.Alias != "forexo_basic" || app.Status != "APPLIED" || app.Flag != "AUTOMATING" {
			t.Fatalf("add application by id: %d %s", status, body)
		}
		// The profile has no name, date of birth or address: the automatic
		// checks wait for them as collection steps, and the risk for the
		// screen's PEP status.
		e.settle()
		_, body = e.c.Do("GET", "/4.0/profiles/"+p.ID+"/applications/"+app.ID, nil)
		if got := decode[struct{ Flag string }](t, body); got.Flag != "REQUIRES_RISK_SCORE" {
			t.Fatalf("application after automation: %s", body)
		}
		if steps := decode[[]any](t, must(e.c.Do("GET", "/4.0/profiles/"+p.ID+"/collection_steps", nil))); len(steps) != 3 {
			t.Errorf("got %d collection steps, want the name, date of birth and address asked for", len(steps))
		}
		status, body = e.c.Do("POST", "/4.0/profiles/"+p.ID+"/applications", `{"product":{"alias":"forexo_basic"}}`)
		if code, _ := errorOf(t, body); status != 409 || code != 202 {
			t.Errorf("second application for the same product: %d %s", status, body)
		}
		status, body = e.c.Do("POST", "/4.0/profiles/"+p.ID+"/applications", `{"product":{"alias":"forexo_basic"},"associated_role":"CEO"}`)
		if _, field := errorOf(t, body); status != 400 || field != "associated_role" {
			t.Errorf("bad associated role: %d %s", status, body)
		}
		status, body = e.c.Do("GET", "/4.0/profiles/"+p.ID+"/applications/"+app.ID, nil)
		if status != 200 || decode[struct{ ID string }](t, body).ID != app.ID {
			t.Errorf("get application: %d %s", status, body)
		}
		status, body = e.c.Do("GET", "/4.0/profiles/"+p.ID+"/applications", nil)
		if status != 200 || len(decode[[]any](t, body)) != 1 {
			t.Errorf("list applications: %d %s", status, body)
		}
		if status, _ = e.c.Do("GET", "/4.0/profiles/"+p.ID+"/applications/"+p.ID, nil); status != 404 {
			t.Errorf("unknown application: %d", status)
		}
		_, body = e.c.Do("GET", "/4.0/profiles/"+p.ID, nil)
		if got := decode[profileView](t, body); len(got.Tasks) != 2 || got.TaskProgress.TotalCount != 2 {
			t.Errorf("tasks after applying: %s", body)
		}
	})
}

// TestIdempotencyCoversQuery: the query string is part of the request an
// Idempotency-Key stands for (?mode=sync is not ?mode=async), except the
// apikey parameter, which names the caller, not the request.
func TestIdempotencyCoversQuery(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		e := newEnv(t, db, api.Config{})
		checks := "/4.0/profiles/" + newQuietProfile(t, e, "Ada", "Lovelace") + "/checks"
		body := `{"check_type":"IDENTITY_CHECK"}`
		s1, b1 := e.c.Do("POST", checks+"?mode=async", body, "Idempotency-Key", "check-1")
		if s1 != 200 || decode[checkView](t, b1).State != "RUNNING" {
			t.Fatalf("got %d %s, want an async check", s1, b1)
		}
		s2, b2 := e.c.Do("POST", checks+"?mode=sync", body, "Idempotency-Key", "check-1")
		if code, _ := errorOf(t, b2); s2 != 409 || code != 201 {
			t.Errorf("same key, other query: got %d %s, want 409", s2, b2)
		}
		s3, b3 := e.c.Do("POST", checks+"?mode=async&apikey="+e.c.Key, body, "Idempotency-Key", "check-1")
		if s3 != 200 || string(b3) != string(b1) {
			t.Errorf("same request with the key in the query too: got %d %s, want the first response replayed", s3, b3)
		}
		e.settle()
		_, all := e.c.Do("GET", checks, nil)
		if n := len(decode[[]checkView](t, all)); n != 1 {
			t.Errorf("got %d checks, want 1", n)
		}
	})
}

// TestContentType: a body must be JSON (application/json or a +json type,
// UTF-8): anything else is 415 and writes nothing. Requests without a body
// need no Content-Type.
func TestContentType(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		e := newEnv(t, db, api.Config{})
		for _, tc := range []struct {
			contentType string
			status      int
		}{
			{"text/plain", 415},
			{"application/x-www-form-urlencoded", 415},
			{"application/json; charset=iso-8859-1", 415},
			{"application/json;", 200},
			{"", 415},
			{"application/json", 200},
			{"Application/JSON; charset=UTF-8", 200},
			{"application/vnd.passfort+json", 200},
		} {
			name := tc.contentType
			if name == "" {
				name = "none"
			}
			t.Run(name, func(t *testing.T) {
				req, _ := http.NewRequest("POST", e.url+"/4.0/profiles", strings.NewReader(guideCompany))
				req.Header.Set("apikey", e.c.Key)
				if tc.contentType != "" {
					req.Header.Set("Content-Type", tc.contentType)
				}
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				out, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if resp.StatusCode != tc.status {
					t.Fatalf("got %d %s, want %d", resp.StatusCode, out, tc.status)
				}
				if tc.status != 200 {
					spectest.CheckEnvelope(t, out)
					if code, _ := errorOf(t, out); code != 201 {
						t.Errorf("got code %d, want 201", code)
					}
				}
			})
		}
		_, body := e.c.Do("GET", "/4.0/profiles", nil)
		if n := decode[struct{ Count int }](t, body).Count; n != 4 {
			t.Errorf("got %d profiles, want the 4 sent as JSON", n)
		}
		// No body, no Content-Type needed.
		id := newQuietProfile(t, e, "Ada", "Lovelace")
		c := decode[checkView](t, must(e.c.Do("POST", "/4.0/profiles/"+id+"/checks", `{"check_type":"IDENTITY_CHECK"}`)))
		req, _ := http.NewRequest("POST", e.url+"/4.0/profiles/"+id+"/checks/"+c.ID+"/approve", nil)
		req.Header.Set("apikey", e.c.Key)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Errorf("approve without a body: got %d, want 200", resp.StatusCode)
		}
	})
}

// TestAssociatedProfileApplications: an associate gets its applications
// through its company, so one created without applications has none; a
// customer without applications applies for the automatic products.
func TestAssociatedProfileApplications(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		e := newEnv(t, db, api.Config{})
		for _, tc := range []struct {
			name, body string
			apps       int
		}{
			{"individual associate", `{"role":"INDIVIDUAL_ASSOCIATED","collected_data":{"entity_type":"INDIVIDUAL"}}`, 0},
			{"company associate", `{"role":"COMPANY_ASSOCIATED","collected_data":{"entity_type":"COMPANY"}}`, 0},
			{"associate applying", `{"role":"INDIVIDUAL_ASSOCIATED","collected_data":{"entity_type":"INDIVIDUAL"},"applications":[{"product":{"alias":"forexo_basic"},"associated_role":"DIRECTOR"}]}`, 1},
			{"customer", `{"role":"INDIVIDUAL_CUSTOMER","collected_data":{"entity_type":"INDIVIDUAL"}}`, 1},
		} {
			t.Run(tc.name, func(t *testing.T) {
				status, body := e.c.Do("POST", "/4.0/profiles", tc.body)
				if p := decode[profileView](t, body); status != 200 || len(p.Applications) != tc.apps || tc.apps == 0 && len(p.Tasks) != 0 {
					t.Errorf("got %d, %d applications, %d tasks, want %d applications: %s", status, len(p.Applications), len(p.Tasks), tc.apps, body)
				}
			})
		}
	})
}

// TestSearchResultsLeaveOutChecksAndEvents: search results are minimal
// profiles; they leave checks and events out rather than show empty lists
// for profiles that have some, and their derived fields are the full
// profile's.
func TestSearchResultsLeaveOutChecksAndEvents(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		e := newEnv(t, db, api.Config{})
		_, body := e.c.Do("POST", "/4.0/profiles", strings.Replace(guideIndividual, "Wheeler", "Wheeler-pep", 1))
		id := decode[profileView](t, body).ID
		e.settle()
		full := decode[map[string]any](t, must(e.c.Do("GET", "/4.0/profiles/"+id, nil)))
		if checks, _ := full["checks"].([]any); len(checks) == 0 || len(full["events"].([]any)) == 0 {
			t.Fatalf("the profile should have checks and events: %v", full)
		}
		_, body = e.c.Do("GET", "/4.0/profiles", nil)
		res := decode[struct {
			Results []map[string]any `json:"results"`
		}](t, body).Results
		if len(res) != 1 {
			t.Fatalf("got %d results, want 1", len(res))
		}
		for _, k := range []string{"checks", "events", "collected_data"} {
			if v, ok := res[0][k]; ok {
				t.Errorf("got %s: %v in a search result, want it left out", k, v)
			}
		}
		for _, k := range []string{"unresolved_event_types", "task_progress", "applications", "risk"} {
			if got, want := fmt.Sprint(res[0][k]), fmt.Sprint(full[k]); got != want {
				t.Errorf("got %s %s in the search result, want the profile's %s", k, got, want)
			}
		}
	})
}

// TestCapabilities: whoami and search results list what an API key can do,
// each a CapabilityType of the contract: everything its routes allow.
func TestCapabilities(t *testing.T) {
	e := newEnv(t, storetest.Databases()[0], api.Config{})
	enum := map[string]bool{}
	for _, v := range spectest.Doc(t).Components.Schemas["CapabilityType"].Value.Enum {
		enum[v.(string)] = true
	}
	id := newQuietProfile(t, e, "Ada", "Lovelace")
	who := decode[struct {
		Capabilities []string `json:"capabilities"`
	}](t, must(e.c.Do("GET", "/4.0/whoami", nil))).Capabilities
	search := decode[struct {
		Capabilities map[string][]string `json:"capabilities"`
	}](t, must(e.c.Do("GET", "/4.0/profiles", nil))).Capabilities[id]
	perProfile := []string{"READ_PROFILE", "RUN_CHECK", "CREATE_PROFILE_TASK", "CREATE_TASK_NOTE", "DELETE_TASK_NOTE",
		"MANAGE_PEP_AND_SANCTIONS_MATCHES", "EDIT_PROFILE_COLLECTION_STEPS", "CREATE_PROFILE_TAG", "EDIT_TASK_COMPLETION_STATUS",
		"DELETE_PROFILE"} // DELETE /gatehouse/v1/profiles/{id}: erasure
	for _, tc := range []struct {
		name      string
		got, want []string
		not       []string
	}{
		{"whoami", who, append([]string{"CREATE_PROFILE", "SEARCH"}, perProfile...), []string{"ROOT", "CREATE_USER", "EDIT_CONFIG"}},
		{"search", search, perProfile, []string{"CREATE_PROFILE", "SEARCH"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, c := range tc.got {
				if !enum[c] {
					t.Errorf("got %s, which is not a CapabilityType", c)
				}
			}
			for _, c := range tc.want {
				if !slices.Contains(tc.got, c) {
					t.Errorf("got %v, want %s in it", tc.got, c)
				}
			}
			for _, c := range tc.not {
				if slices.Contains(tc.got, c) {
					t.Errorf("got %s, which an API key cannot do", c)
				}
			}
		})
	}
}
