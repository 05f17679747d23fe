package api_test

import (
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gatehouse/gatehouse/internal/api"
	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/passfort"
	"github.com/gatehouse/gatehouse/internal/spectest"
	"github.com/gatehouse/gatehouse/internal/store/storetest"
)

type collectKeyView struct {
	Name   string `json:"name"`
	Key    string `json:"key"`
	Expiry string `json:"expiry"`
}

// collectClient returns a validating client that sends a collect key.
func (e *env) collectClient(key string) *spectest.Client {
	c := *e.c
	c.Key = key
	return &c
}

// TestCollectKeyLifecycle: an institution issues a collect key for a
// name-only profile whose identity check waits for a date of birth and an
// address; the key reads that profile (without the institution's
// assessment) and its steps, submits the data, which releases the check,
// and stops working after its expiry.
func TestCollectKeyLifecycle(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		var later atomic.Int64 // how far the service's clock is ahead
		e := newEnvWith(t, db, api.Config{}, func(svc *kyc.Service, _ kyc.Store) {
			svc.NowFunc = func() time.Time { return time.Now().Add(time.Duration(later.Load())) }
		})
		_, body := e.c.Do("POST", "/4.0/profiles", guideNameOnly)
		id := decode[profileView](t, body).ID
		e.settle()
		_, body = e.c.Do("GET", "/4.0/profiles/"+id+"/checks", nil)
		if cs := decode[[]checkView](t, body); len(cs) == 0 || cs[0].State != "PENDING" {
			t.Fatalf("before collection: checks %s, want a PENDING identity check", body)
		}

		before := time.Now().UTC()
		status, body := e.c.Do("POST", "/4.0/api_keys/collect/"+id, nil)
		if status != 200 {
			t.Fatalf("issue: %d %s", status, body)
		}
		k := decode[collectKeyView](t, body)
		exp, err := passfort.ParseDateTime(k.Expiry)
		if err != nil || exp.Before(before.Add(24*time.Hour-time.Minute)) || exp.After(before.Add(24*time.Hour+time.Minute)) {
			t.Errorf("got expiry %q (%v), want 24 hours from now", k.Expiry, err)
		}
		if !strings.HasPrefix(k.Key, "ghc_") || k.Name == "" {
			t.Errorf("got key %q named %q, want a ghc_ key with a name", k.Key, k.Name)
		}
		c := e.collectClient(k.Key)

		status, body = c.Do("GET", "/4.0/profiles/"+id, nil)
		if status != 200 {
			t.Fatalf("read own profile: %d %s", status, body)
		}
		view := decode[map[string]any](t, body)
		for _, hidden := range []string{"checks", "events", "risk", "tasks", "applications", "tags", "unresolved_event_types"} {
			if _, ok := view[hidden]; ok {
				t.Errorf("a collect key's profile shows %q: %s", hidden, body)
			}
		}
		if view["has_collection_steps"] != true {
			t.Errorf("got has_collection_steps %v, want true", view["has_collection_steps"])
		}
		status, body = c.Do("GET", "/4.0/profiles/"+id+"/collection_steps", nil)
		if status != 200 || !strings.Contains(string(body), `"DOB"`) || !strings.Contains(string(body), `"ADDRESS_HISTORY"`) {
			t.Errorf("steps: %d %s, want DOB and ADDRESS_HISTORY", status, body)
		}
		if status, body = c.Do("GET", "/4.0/profiles/"+id+"/collected_data", nil); status != 200 {
			t.Errorf("read collected data: %d %s", status, body)
		}

		full := `{"entity_type":"INDIVIDUAL","personal_details":{"name":{"given_names":["Alex","D"],"family_name":"Wheeler"},"dob":"1990-01-12"},` +
			`"address_history":[{"address":{"type":"STRUCTURED","country":"GBR","street_number":"221B","route":"Baker Street","postal_town":"London","postal_code":"NW1 6XE"}}]}`
		if status, body = c.Do("POST", "/4.0/profiles/"+id+"/collected_data", full); status != 200 {
			t.Fatalf("submit: %d %s", status, body)
		}
		e.settle()
		_, body = e.c.Do("GET", "/4.0/profiles/"+id+"/checks", nil)
		cs := decode[[]checkView](t, body)
		if len(cs) == 0 || cs[0].CheckType != "IDENTITY_CHECK" || cs[0].State != "COMPLETE" || cs[0].Result != "2+2" {
			t.Errorf("after collection: checks %s, want the identity check COMPLETE with 2+2", body)
		}
		_, body = e.c.Do("GET", "/4.0/profiles/"+id+"/audit-items", nil)
		if !strings.Contains(string(body), `"requested-data"`) || !strings.Contains(string(body), `"submitted-data"`) {
			t.Errorf("audit items %s, want requested-data and submitted-data", body)
		}

		later.Store(int64(time.Until(exp)))
		status, body = c.Do("GET", "/4.0/profiles/"+id, nil)
		if code, _ := errorOf(t, body); status != 401 || code != 204 {
			t.Errorf("at expiry: %d %s, want 401 code 204", status, body)
		}
	})
}

// TestCollectKeyReach: a collect key reaches only its profiles, and only
// the collect routes; everything else is 403 (code 204) and changes nothing.
func TestCollectKeyReach(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		e := newEnv(t, db, api.Config{})
		_, body := e.c.Do("POST", "/4.0/profiles", guideNameOnly)
		mine := decode[profileView](t, body)
		_, body = e.c.Do("POST", "/4.0/profiles", guideIndividual)
		other := decode[profileView](t, body)
		e.settle()
		_, body = e.c.Do("POST", "/4.0/api_keys/collect", `{"profile_ids":["`+mine.ID+`"]}`)
		c := e.collectClient(decode[collectKeyView](t, body).Key)
		_, body = e.c.Do("GET", "/4.0/profiles/"+mine.ID+"/tasks", nil)
		taskID := decode[[]struct{ ID string }](t, body)[0].ID
		_, body = e.c.Do("GET", "/4.0/profiles/"+mine.ID+"/checks", nil)
		checkID := decode[[]checkView](t, body)[0].ID

		p, o := "/4.0/profiles/"+mine.ID, "/4.0/profiles/"+other.ID
		data := `{"entity_type":"INDIVIDUAL","personal_details":{"name":{"given_names":["Eve"],"family_name":"Mallory"}}}`
		for _, r := range []struct{ method, path, body string }{
			// Another profile, on the routes a collect key may use.
			{"GET", o, ""},
			{"GET", o + "/collected_data", ""},
			{"POST", o + "/collected_data", data},
			{"GET", o + "/collection_steps", ""},
			// Its own profile, on routes it may not use.
			{"GET", p + "/checks", ""},
			{"GET", p + "/checks/" + checkID, ""},
			{"POST", p + "/checks", `{"check_type":"IDENTITY_CHECK"}`},
			{"GET", p + "/tasks", ""},
			{"POST", p + "/tasks/" + taskID, `{"state":"COMPLETED_PASS"}`},
			{"GET", p + "/events", ""},
			{"GET", p + "/applications", ""},
			{"POST", p + "/applications", `{"product":{"alias":"forexo_pro"}}`},
			{"GET", p + "/audit-items", ""},
			{"GET", p + "/status", ""},
			{"POST", p + "/status", `"BANNED"`},
			{"POST", p + "/tags", `{"name":"x"}`},
			{"POST", p + "/collection_steps", `[]`},
			{"POST", "/4.0/api_keys/collect/" + mine.ID, ""},
			{"POST", "/4.0/api_keys/collect", `{"profile_ids":["` + other.ID + `"]}`},
			// The institution's endpoints.
			{"GET", "/4.0/profiles", ""},
			{"POST", "/4.0/profiles", guideIndividual},
			{"GET", "/4.0/whoami", ""},
			{"GET", "/4.0/tags/search/x", ""},
			{"GET", "/4.0/search/companies?country=GBR&query=acme", ""},
			{"GET", "/4.0/address/search?address=10+downing&country_code=GBR", ""},
			{"GET", "/gatehouse/v1/webhooks", ""},
			{"GET", "/gatehouse/v1/screen?name=x", ""},
			{"GET", "/4.0/no/such/endpoint", ""},
		} {
			t.Run(r.method+" "+strings.ReplaceAll(r.path, "/", "_"), func(t *testing.T) {
				var b any
				if r.body != "" {
					b = r.body
				}
				status, body := c.Do(r.method, r.path, b)
				if code, _ := errorOf(t, body); status != http.StatusForbidden || code != 204 {
					t.Errorf("got %d %s, want 403 code 204", status, body)
				}
			})
		}
		// Nothing changed on either profile.
		_, body = e.c.Do("GET", o+"/collected_data", nil)
		if strings.Contains(string(body), "Mallory") {
			t.Errorf("another profile's data was replaced: %s", body)
		}
		_, body = e.c.Do("GET", p, nil)
		if v := decode[profileView](t, body); v.Status != "NORMAL" || len(v.Applications) != 1 {
			t.Errorf("own profile changed: status %s, %d applications", v.Status, len(v.Applications))
		}
		// An institution key of another institution cannot issue keys for it.
		if status, _ := e.client("Other bank").Do("POST", "/4.0/api_keys/collect/"+mine.ID, nil); status != 404 {
			t.Errorf("another institution: %d, want 404", status)
		}
	})
}

// TestCollectKeyRequests: bad requests to issue a key are refused with the
// field named, and a repeated Idempotency-Key issues a new key (a key is
// never stored, so it cannot be replayed).
func TestCollectKeyRequests(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		e := newEnv(t, db, api.Config{})
		_, body := e.c.Do("POST", "/4.0/profiles", guideNameOnly)
		id := decode[profileView](t, body).ID
		absent := "0190a0b0-0000-7000-8000-000000000000"
		for _, tc := range []struct {
			name, path, body string
			status, code     int
			field            string
		}{
			{"no body", "/4.0/api_keys/collect", "", 400, 201, "body"},
			{"no profile_ids", "/4.0/api_keys/collect", `{}`, 400, 101, "profile_ids"},
			{"null profile_ids", "/4.0/api_keys/collect", `{"profile_ids":null}`, 400, 101, "profile_ids"},
			{"empty", "/4.0/api_keys/collect", `{"profile_ids":[]}`, 400, 201, "profile_ids"},
			{"not strings", "/4.0/api_keys/collect", `{"profile_ids":[1]}`, 400, 201, "profile_ids"},
			{"not a uuid", "/4.0/api_keys/collect", `{"profile_ids":["` + id + `","x"]}`, 400, 201, "profile_ids[1]"},
			{"absent", "/4.0/api_keys/collect", `{"profile_ids":["` + absent + `"]}`, 404, 201, "profile_ids[0]"},
			{"absent path", "/4.0/api_keys/collect/" + absent, "", 404, 201, ""},
			{"bad path", "/4.0/api_keys/collect/nope", "", 404, 201, ""},
		} {
			t.Run(tc.name, func(t *testing.T) {
				var b any
				if tc.body != "" {
					b = tc.body
				}
				status, body := e.c.Do("POST", tc.path, b)
				code, field := errorOf(t, body)
				if status != tc.status || code != tc.code || field != tc.field {
					t.Errorf("got %d code %d field %q (%s), want %d code %d field %q", status, code, field, body, tc.status, tc.code, tc.field)
				}
			})
		}
		_, b1 := e.c.Do("POST", "/4.0/api_keys/collect/"+id, nil, "Idempotency-Key", "k1")
		_, b2 := e.c.Do("POST", "/4.0/api_keys/collect/"+id, nil, "Idempotency-Key", "k1")
		if k1, k2 := decode[collectKeyView](t, b1).Key, decode[collectKeyView](t, b2).Key; k1 == "" || k1 == k2 {
			t.Errorf("repeated Idempotency-Key: got keys %q and %q, want two keys", k1, k2)
		}
	})
}
