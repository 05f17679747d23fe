package api_test

import (
	"strings"
	"testing"

	"github.com/gatehouse/gatehouse/internal/api"
	"github.com/gatehouse/gatehouse/internal/store/storetest"
)

// TestControlCharacters: a control character where the contract has no use
// for it is a 400 naming the field, on both databases, wherever it comes
// from (a JSON member at any depth, a query parameter, a path parameter),
// and nothing is written. Line breaks and tabs are kept in free text.
func TestControlCharacters(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		e := newEnv(t, db, api.Config{})
		_, body := e.c.Do("POST", "/4.0/profiles", guideIndividual)
		p := decode[profileView](t, body)
		base := "/4.0/profiles/" + p.ID
		task := base + "/tasks/" + p.Tasks[0].ID
		person := func(name string) string {
			return `{"role":"INDIVIDUAL_CUSTOMER","applications":[],"collected_data":{"entity_type":"INDIVIDUAL","personal_details":{"name":{"given_names":["Ann"],"family_name":"` + name + `"}}}}`
		}
		for _, tc := range []struct {
			name, method, path, body string
			field                    string
		}{
			{"NUL in a given name", "POST", "/4.0/profiles", `{"role":"INDIVIDUAL_CUSTOMER","collected_data":{"entity_type":"INDIVIDUAL","personal_details":{"name":{"given_names":["A\u0000nn"]}}}}`,
				"collected_data.personal_details.name.given_names[0]"},
			{"lone surrogate in a family name", "POST", "/4.0/profiles", person(`Sm\ud800ith`), "collected_data.personal_details.name.family_name"},
			{"escape in a family name", "POST", "/4.0/profiles", person(`Sm\u001bith`), "collected_data.personal_details.name.family_name"},
			{"line break in a family name", "POST", "/4.0/profiles", person(`Smith\nJones`), "collected_data.personal_details.name.family_name"},
			{"C1 control in a family name", "POST", "/4.0/profiles", person(`Smith\u0085`), "collected_data.personal_details.name.family_name"},
			{"DEL in a member the contract leaves open", "POST", "/4.0/profiles",
				`{"role":"INDIVIDUAL_CUSTOMER","collected_data":{"entity_type":"INDIVIDUAL","extra":{"k":["ok","x` + "\x7f" + `"]}}}`, "collected_data.extra.k[1]"},
			{"NUL in a member name", "POST", "/4.0/profiles",
				`{"role":"INDIVIDUAL_CUSTOMER","collected_data":{"entity_type":"INDIVIDUAL","ex\u0000tra":1}}`, "collected_data"},
			{"NUL in collected data replaced", "POST", base + "/collected_data", `{"entity_type":"INDIVIDUAL","customer_ref":"r\u0000"}`, "collected_data.customer_ref"},
			{"NUL in a tag name", "POST", base + "/tags", `{"name":"vip\u0000"}`, "name"},
			{"tab in a tag name", "POST", base + "/tags", `{"name":"vip\tgold"}`, "name"},
			{"NUL in a note", "POST", task + "/notes", `{"text":"called\u0000"}`, "text"},
			{"bell in a decision comment", "POST", base + "/applications/" + p.Applications[0].ID, `{"status":"REJECTED","comment":"no\u0007"}`, "comment"},
			{"NUL in event data", "POST", base + "/events", `{"data":{"event_type":"REFER_FLAG","match_name":"x\u0000"}}`, "data.match_name"},
			{"NUL in a resolution reason", "POST", base + "/events/bulk_update", `[{"id":"3d7a333c-418d-72a1-007b-06854dbb28eb","resolution":"MISMATCH","resolution_reason":"\u0000"}]`, "[0].resolution_reason"},
			{"NUL in a webhook secret", "POST", "/gatehouse/v1/webhooks", `{"url":"https://hooks.example.com/in","secret":"s3cr3t-s3cr3t-\u0000"}`, "secret"},
			{"NUL in q", "GET", "/4.0/profiles?q=%00", "", "q"},
			{"invalid UTF-8 in q", "GET", "/4.0/profiles?q=%FF", "", "q"},
			{"line break in q", "GET", "/4.0/profiles?q=a%0Ab", "", "q"},
			{"NUL in a tag search term", "GET", "/4.0/tags/search/%00", "", "term"},
			{"NUL in a path id", "GET", "/gatehouse/v1/webhooks/%00", "", "id"},
			{"NUL in a task id", "GET", base + "/tasks/%00", "", "task_id"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				var b any
				if tc.body != "" {
					b = tc.body
				}
				status, out := e.c.Do(tc.method, tc.path, b)
				if status != 400 {
					t.Fatalf("got status %d, want 400: %s", status, out)
				}
				if code, field := errorOf(t, out); code != 201 || field != tc.field {
					t.Errorf("got code %d field %q, want 201 %q: %s", code, field, tc.field, out)
				}
			})
		}
		// Nothing of the refused requests was written.
		_, body = e.c.Do("GET", "/4.0/profiles", nil)
		if n := decode[struct{ Count int }](t, body).Count; n != 1 {
			t.Errorf("got %d profiles after the refused requests, want 1", n)
		}
		got := decode[profileView](t, must(e.c.Do("GET", base, nil)))
		if len(got.Tags) != 0 || len(got.UnresolvedEventTypes) != 0 || got.Applications[0].Status != "APPLIED" {
			t.Errorf("got tags %v, events %v, application %s after refused requests", got.Tags, got.UnresolvedEventTypes, got.Applications[0].Status)
		}

		// Free text keeps its line breaks and tabs; escaped letters are letters.
		status, out := e.c.Do("POST", task+"/notes", `{"text":"called twice\nno answer\tretry"}`)
		if status != 200 || decode[struct{ Text string }](t, out).Text != "called twice\nno answer\tretry" {
			t.Errorf("got %d %s for a note with a line break and a tab, want it kept", status, out)
		}
		status, out = e.c.Do("POST", "/4.0/profiles", person(`Z\u00fcrcher`))
		if status != 200 || decode[profileView](t, out).DisplayName != "Ann Zürcher" {
			t.Errorf("got %d %s for an escaped ü, want Ann Zürcher", status, out)
		}
		status, out = e.c.Do("POST", "/4.0/profiles", `{"role":"INDIVIDUAL_CUSTOMER","applications":[],"collected_data":{"entity_type":"INDIVIDUAL","address_history":[{"address":{"type":"FREEFORM","country":"GBR","text":"1 High St\nLondon"}}]}}`)
		if status != 200 {
			t.Errorf("got %d %s for a free-form address over two lines, want 200", status, out)
		}
		if status, out := e.c.Do("GET", "/4.0/profiles?q=z%C3%BCrcher", nil); status != 200 || decode[struct{ Count int }](t, out).Count != 1 {
			t.Errorf("got %d %s searching for zürcher, want one profile", status, out)
		}
	})
}

// TestSearchTermLength: search terms are bounded with a 400, not a 500
// from the database (SQLite refuses LIKE patterns past 50,000 bytes).
func TestSearchTermLength(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		e := newEnv(t, db, api.Config{})
		// Rows to match, so that the database evaluates the pattern.
		_, body := e.c.Do("POST", "/4.0/profiles", guideIndividual)
		e.c.Do("POST", "/4.0/profiles/"+decode[profileView](t, body).ID+"/tags", `{"name":"vip"}`)
		for _, tc := range []struct {
			name, path, field string
			status            int
		}{
			{"q of 50,000 characters", "/4.0/profiles?q=" + strings.Repeat("a", 50000), "q", 400},
			{"q of 201 characters", "/4.0/profiles?q=" + strings.Repeat("é", 201), "q", 400},
			{"q of 200 characters", "/4.0/profiles?q=" + strings.Repeat("é", 200), "", 200},
			{"tag term of 50,000 characters", "/4.0/tags/search/" + strings.Repeat("a", 50000), "term", 400},
			{"tag term of 200 characters", "/4.0/tags/search/" + strings.Repeat("a", 200), "", 200},
		} {
			t.Run(tc.name, func(t *testing.T) {
				status, out := e.c.Do("GET", tc.path, nil)
				if status != tc.status {
					t.Fatalf("got status %d, want %d: %.300s", status, tc.status, out)
				}
				if tc.status != 200 {
					if code, field := errorOf(t, out); code != 201 || field != tc.field {
						t.Errorf("got code %d field %q, want 201 %q", code, field, tc.field)
					}
				}
			})
		}
	})
}
