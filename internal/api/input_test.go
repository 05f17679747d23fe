package api_test

import (
	"strings"
	"testing"

	"github.com/gatehouse/gatehouse/internal/api"
	"github.com/gatehouse/gatehouse/internal/store/storetest"
)

// TestBadInput: every refusal is the PassFort envelope naming the field, with
// the right HTTP status and code, and writes nothing.
func TestBadInput(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		e := newEnv(t, db, api.Config{MaxBodyBytes: 4096})
		ind := func(cd string) string {
			return `{"role":"INDIVIDUAL_CUSTOMER","collected_data":` + cd + `}`
		}
		for _, tc := range []struct {
			name, body string
			status     int
			code       int
			field      string
		}{
			{"malformed JSON", `{"role":`, 400, 201, "body"},
			{"empty body", ``, 400, 201, "body"},
			{"array body", `[]`, 400, 201, "body"},
			{"missing role", `{"collected_data":{"entity_type":"INDIVIDUAL"}}`, 400, 101, "role"},
			{"unknown role", `{"role":"ROBOT","collected_data":{"entity_type":"INDIVIDUAL"}}`, 400, 201, "role"},
			{"role of wrong type", `{"role":7,"collected_data":{"entity_type":"INDIVIDUAL"}}`, 400, 201, "role"},
			{"missing collected_data", `{"role":"INDIVIDUAL_CUSTOMER"}`, 400, 101, "collected_data"},
			{"role and entity type disagree", `{"role":"COMPANY_CUSTOMER","collected_data":{"entity_type":"INDIVIDUAL"}}`, 400, 201, "collected_data.entity_type"},
			{"missing entity type", ind(`{}`), 400, 101, "collected_data.entity_type"},
			{"bad partial date", ind(`{"entity_type":"INDIVIDUAL","personal_details":{"dob":"1990-13"}}`), 400, 201, "collected_data.personal_details.dob"},
			{"dob of wrong type", ind(`{"entity_type":"INDIVIDUAL","personal_details":{"dob":1990}}`), 400, 201, "collected_data.personal_details.dob"},
			{"alpha-2 country", ind(`{"entity_type":"INDIVIDUAL","address_history":[{"address":{"type":"FREEFORM","country":"GB","text":"1 High St"}}]}`), 400, 201, "collected_data.address_history[0].address.country"},
			{"unknown field where closed", ind(`{"entity_type":"INDIVIDUAL","personal_details":{"nickname":"Al"}}`), 400, 201, "collected_data.personal_details.nickname"},
			{"given_names not an array", ind(`{"entity_type":"INDIVIDUAL","personal_details":{"name":{"given_names":"Alex"}}}`), 400, 201, "collected_data.personal_details.name.given_names"},
			{"end date without start", ind(`{"entity_type":"INDIVIDUAL","address_history":[{"address":{"type":"FREEFORM","country":"GBR","text":"x"},"end_date":"2020-01"}]}`), 400, 201, "collected_data.address_history[0].end_date"},
			{"unknown product", `{"role":"INDIVIDUAL_CUSTOMER","collected_data":{"entity_type":"INDIVIDUAL"},"applications":[{"product":{"alias":"nope"}}]}`, 400, 201, "applications[0].product.alias"},
			{"product without id or alias", `{"role":"INDIVIDUAL_CUSTOMER","collected_data":{"entity_type":"INDIVIDUAL"},"applications":[{"product":{}}]}`, 400, 101, "applications[0].product.alias"},
			{"product id not a UUID", `{"role":"INDIVIDUAL_CUSTOMER","collected_data":{"entity_type":"INDIVIDUAL"},"applications":[{"product":{"id":"x"}}]}`, 400, 201, "applications[0].product.id"},
			{"product for another entity type", `{"role":"INDIVIDUAL_CUSTOMER","collected_data":{"entity_type":"INDIVIDUAL"},"applications":[{"product":{"alias":"forexo_pro"}}]}`, 400, 201, "applications[0].product"},
			{"same product twice", `{"role":"INDIVIDUAL_CUSTOMER","collected_data":{"entity_type":"INDIVIDUAL"},"applications":[{"product":{"alias":"forexo_basic"}},{"product":{"alias":"forexo_basic"}}]}`, 409, 202, "applications[1].product"},
			{"applications not an array", `{"role":"INDIVIDUAL_CUSTOMER","collected_data":{"entity_type":"INDIVIDUAL"},"applications":{}}`, 400, 201, "applications"},
			{"body too large", ind(`{"entity_type":"INDIVIDUAL","customer_ref":"` + strings.Repeat("x", 5000) + `"}`), 413, 201, "body"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				status, body := e.c.Do("POST", "/4.0/profiles", tc.body)
				if status != tc.status {
					t.Fatalf("status %d, want %d: %s", status, tc.status, body)
				}
				code, field := errorOf(t, body)
				if code != tc.code || field != tc.field {
					t.Errorf("code %d field %q, want %d %q: %s", code, field, tc.code, tc.field, body)
				}
			})
		}
		status, body := e.c.Do("GET", "/4.0/profiles", nil)
		if p := decode[struct{ Count int }](t, body); status != 200 || p.Count != 0 {
			t.Errorf("refused requests wrote %d profiles", p.Count)
		}
	})
}

// TestNotFoundAndRouting: unknown ids, routes and methods answer in the envelope.
func TestNotFoundAndRouting(t *testing.T) {
	e := newEnv(t, storetest.Databases()[0], api.Config{})
	for _, tc := range []struct {
		method, path string
		status       int
	}{
		{"GET", "/4.0/profiles/3d7a333c-418d-72a1-007b-06854dbb28eb", 404},
		{"GET", "/4.0/profiles/not-a-uuid", 404},
		{"GET", "/4.0/profiles/3d7a333c-418d-72a1-007b-06854dbb28eb/collected_data", 404},
		{"POST", "/4.0/profiles/3d7a333c-418d-72a1-007b-06854dbb28eb/status", 400}, // body checked first
		{"GET", "/4.0/profiles/3d7a333c-418d-72a1-007b-06854dbb28eb/audit-items", 404},
		{"DELETE", "/4.0/profiles/3d7a333c-418d-72a1-007b-06854dbb28eb/tags/3d7a333c-418d-72a1-007b-06854dbb28eb", 404},
		{"GET", "/4.0/nothing-here", 404},
		{"PUT", "/4.0/profiles", 405},
		{"DELETE", "/4.0/whoami", 405},
	} {
		status, body := e.c.Do(tc.method, tc.path, nil)
		if status != tc.status {
			t.Errorf("%s %s: status %d, want %d: %s", tc.method, tc.path, status, tc.status, body)
		}
	}
}
