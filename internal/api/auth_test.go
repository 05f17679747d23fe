package api_test

import (
	"encoding/json"
	"errors"
	"net/http"
	"testing"

	"github.com/gatehouse/gatehouse/internal/api"
	"github.com/gatehouse/gatehouse/internal/spectest"
	"github.com/gatehouse/gatehouse/internal/store/storetest"
)

func TestAuthentication(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		e := newEnv(t, db, api.Config{})
		anon := *e.c
		anon.Key = ""
		status, body := anon.Do("GET", "/4.0/whoami", nil)
		if code, _ := errorOf(t, body); status != 401 || code != 203 {
			t.Errorf("no key: %d %s, want 401 code 203", status, body)
		}
		status, body = anon.Do("GET", "/4.0/whoami", nil, "apikey", "gh_0000")
		if code, _ := errorOf(t, body); status != 401 || code != 204 {
			t.Errorf("unknown key: %d %s, want 401 code 204", status, body)
		}
		// The query parameter works, and the header wins over it.
		status, _ = anon.Do("GET", "/4.0/whoami?apikey="+e.c.Key, nil)
		if status != 200 {
			t.Errorf("key in query: %d", status)
		}
		status, _ = anon.Do("GET", "/4.0/whoami?apikey="+e.c.Key, nil, "apikey", "gh_wrong")
		if status != 401 {
			t.Errorf("bad header, good query: %d, want 401 (header wins)", status)
		}
		status, body = e.c.Do("GET", "/4.0/whoami", nil)
		who := decode[struct {
			Institution struct{ ID, Name string }
			User        *struct{} `json:"user"`
		}](t, body)
		if status != 200 || who.Institution.Name != "Acme" || who.User != nil {
			t.Errorf("whoami = %d %s", status, body)
		}
		// A revoked key stops working at once.
		ks, _ := e.store.APIKeys(ctx)
		if _, err := e.svc.RevokeAPIKey(ctx, ks[0].Prefix); err != nil {
			t.Fatal(err)
		}
		status, body = e.c.Do("GET", "/4.0/whoami", nil)
		if code, _ := errorOf(t, body); status != 401 || code != 204 {
			t.Errorf("revoked key: %d %s, want 401 code 204", status, body)
		}
	})
}

// TestInstitutionIsolation: a key never sees another institution's data;
// everything of it answers 404 as if absent.
func TestInstitutionIsolation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		e := newEnv(t, db, api.Config{})
		other := e.client("Other bank")
		_, body := e.c.Do("POST", "/4.0/profiles", guideIndividual)
		p := decode[profileView](t, body)
		_, body = e.c.Do("POST", "/4.0/profiles/"+p.ID+"/tags", `{"name":"vip"}`)
		tag := decode[struct{ ID string }](t, body)
		for _, r := range []struct{ method, path, body string }{
			{"GET", "/4.0/profiles/" + p.ID, ""},
			{"GET", "/4.0/profiles/" + p.ID + "/collected_data", ""},
			{"POST", "/4.0/profiles/" + p.ID + "/collected_data", `{"entity_type":"INDIVIDUAL"}`},
			{"GET", "/4.0/profiles/" + p.ID + "/status", ""},
			{"POST", "/4.0/profiles/" + p.ID + "/status", `"BANNED"`},
			{"GET", "/4.0/profiles/" + p.ID + "/applications", ""},
			{"POST", "/4.0/profiles/" + p.ID + "/applications", `{"product":{"alias":"forexo_basic"}}`},
			{"GET", "/4.0/profiles/" + p.ID + "/applications/" + p.Applications[0].ID, ""},
			{"GET", "/4.0/profiles/" + p.ID + "/audit-items", ""},
			{"POST", "/4.0/profiles/" + p.ID + "/tags", `{"id":"` + tag.ID + `"}`},
			{"DELETE", "/4.0/profiles/" + p.ID + "/tags/" + tag.ID, ""},
		} {
			var b any
			if r.body != "" {
				b = r.body
			}
			status, body := other.Do(r.method, r.path, b)
			if status != 404 {
				t.Errorf("%s %s by another institution: %d %s, want 404", r.method, r.path, status, body)
			}
		}
		_, body = other.Do("GET", "/4.0/profiles?q=Wheeler", nil)
		if n := decode[struct{ Count int }](t, body).Count; n != 0 {
			t.Errorf("another institution's search found %d profiles", n)
		}
		_, body = other.Do("GET", "/4.0/tags/search/vip", nil)
		if tags := decode[[]any](t, body); len(tags) != 0 {
			t.Errorf("another institution's tag search found %v", tags)
		}
		// And the owner still sees its unchanged profile.
		_, body = e.c.Do("GET", "/4.0/profiles/"+p.ID, nil)
		if got := decode[profileView](t, body); got.Status != "NORMAL" || len(got.Tags) != 1 || len(got.Applications) != 1 {
			t.Errorf("owner's profile changed: %s", body)
		}
	})
}

// gemError reproduces how PassFort's Ruby client (gocardless/passfort,
// lib/passfort/http.rb, handle_error) turns a response into an error: any
// status but 200/201 is a generic RequestError; on 200/201 the body's
// errors[0].code picks the typed error. The gem itself cannot be installed
// here (rubygems.org is unreachable), so this is its logic, not its code.
func gemError(status int, body []byte) error {
	if status != 200 && status != 201 {
		return errRequest
	}
	var b map[string]any
	if json.Unmarshal(body, &b) != nil {
		return nil // a bare JSON string (GET /status) has no errors
	}
	var errs []any
	switch v := b["errors"].(type) {
	case []any:
		errs = v
	case nil:
	default:
		errs = []any{v}
	}
	if len(errs) == 0 {
		return nil
	}
	code, _ := errs[0].(map[string]any)["code"].(float64)
	switch code {
	case 201:
		return errInvalidInput
	case 204:
		return errInvalidKey
	case 104:
		return errChargeable
	}
	return errUnknownAPI
}

var (
	errRequest      = errors.New("RequestError")
	errInvalidInput = errors.New("InvalidInputDataError")
	errInvalidKey   = errors.New("InvalidAPIKeyError")
	errChargeable   = errors.New("ChargeableLimitReachedError")
	errUnknownAPI   = errors.New("UnknownApiError")
)

// TestCompatErrorStatus: with --compat-error-status 200 the Ruby client gets
// its typed errors; by default it gets proper statuses (and a generic error).
func TestCompatErrorStatus(t *testing.T) {
	for _, tc := range []struct {
		cfg                   api.Config
		badKey, badInput, bad int
		wantKey, wantInput    error
	}{
		{api.Config{}, 401, 400, 404, errRequest, errRequest},
		{api.Config{CompatErrorStatus: 200}, 200, 200, 200, errInvalidKey, errInvalidInput},
	} {
		e := newEnv(t, storetest.Databases()[0], tc.cfg)
		c := *e.c
		c.V = nil // 200 errors are not valid 200 bodies by design; check the envelope instead
		status, body := c.Do("POST", "/4.0/profiles", guideIndividual, "apikey", "gh_wrong")
		spectest.CheckEnvelope(t, body)
		if status != tc.badKey || gemError(status, body) != tc.wantKey {
			t.Errorf("compat %d, bad key: %d → %v, want %d → %v", tc.cfg.CompatErrorStatus, status, gemError(status, body), tc.badKey, tc.wantKey)
		}
		status, body = c.Do("POST", "/4.0/profiles", `{"role":"INDIVIDUAL_CUSTOMER","collected_data":{"entity_type":"INDIVIDUAL","personal_details":{"dob":"x"}}}`)
		spectest.CheckEnvelope(t, body)
		if status != tc.badInput || gemError(status, body) != tc.wantInput {
			t.Errorf("compat %d, bad input: %d → %v, want %d → %v", tc.cfg.CompatErrorStatus, status, gemError(status, body), tc.badInput, tc.wantInput)
		}
		status, _ = c.Do("GET", "/4.0/profiles/3d7a333c-418d-72a1-007b-06854dbb28eb", nil)
		if status != tc.bad {
			t.Errorf("compat %d, not found: %d, want %d", tc.cfg.CompatErrorStatus, status, tc.bad)
		}
		// What the gem does for its create/get/collected_data calls works unchanged.
		status, body = e.c.Do("POST", "/4.0/profiles", `{"role":"INDIVIDUAL_CUSTOMER","collected_data":{"entity_type":"INDIVIDUAL","personal_details":{"name":{"given_names":["Ada"],"family_name":"Lovelace"}}}}`)
		if gemError(status, body) != nil {
			t.Fatalf("gem create: %d %s", status, body)
		}
		id := decode[profileView](t, body).ID
		for _, path := range []string{"/4.0/profiles/" + id, "/4.0/profiles/" + id + "/collected_data", "/4.0/profiles/" + id + "/status"} {
			status, body = e.c.Do("GET", path, nil)
			if err := gemError(status, body); err != nil || status != http.StatusOK {
				t.Errorf("gem GET %s: %d %v", path, status, err)
			}
		}
	}
}
