package api_test

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/gatehouse/gatehouse/internal/api"
	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/policy"
	"github.com/gatehouse/gatehouse/internal/spectest"
	"github.com/gatehouse/gatehouse/internal/store/storetest"
)

// FuzzCreateProfile sends arbitrary bodies to POST /4.0/profiles: the answer
// is a valid profile (200) or a 4xx envelope, never a 5xx, and a refused
// request writes nothing.
func FuzzCreateProfile(f *testing.F) {
	for _, s := range []string{
		guideIndividual, guideCompany, `{}`, `[]`, `null`, `"x"`, `{"role":"INDIVIDUAL_CUSTOMER"}`,
		`{"role":"INDIVIDUAL_CUSTOMER","collected_data":{"entity_type":"INDIVIDUAL"},"applications":[{"product":{"id":"b0ce7c17-2cab-86e7-9a83-ebee0d4d5dc8"}}]}`,
		`{"role":"COMPANY_CUSTOMER","collected_data":{"entity_type":"COMPANY","officers":{"directors":[{"entity_type":"INDIVIDUAL","linked_profile":{"id":"3d7a333c-418d-72a1-007b-06854dbb28eb"}}]}}}`,
		`{"role":"INDIVIDUAL_CUSTOMER","collected_data":{"entity_type":"INDIVIDUAL","address_history":[{"address":{"type":"STRUCTURED","country":"GBR"},"start_date":"2020-01"}]},"applications":null}`,
		`{"role":"INDIVIDUAL_CUSTOMER","collected_data":{"entity_type":"INDIVIDUAL"},"applications":[{"product":{"alias":"forexo_basic"},"associated_role":"DIRECTOR"}]}`,
		`{"role":"INDIVIDUAL_CUSTOMER","collected_data":{"entity_type":"INDIVIDUAL","personal_details":{"name":{"given_names":["A\u0000"],"family_name":"B\nC"}}}}`,
		`{"role":"INDIVIDUAL_CUSTOMER","collected_data":{"entity_type":"INDIVIDUAL","customer_ref":"\ud800","x\u0085":"\u007f"}}`,
	} {
		f.Add([]byte(s))
	}
	s := storetest.OpenSQLite(f)
	svc := &kyc.Service{Store: s, Policy: policy.Demo()}
	key, _, _, err := svc.CreateAPIKey(context.Background(), "Fuzz", "fuzz")
	if err != nil {
		f.Fatal(err)
	}
	h := api.New(svc, api.Config{}, nil, nil, nil)
	f.Fuzz(func(t *testing.T, body []byte) {
		before, _ := s.SearchProfiles(context.Background(), mustInstitution(t, s), kyc.ProfileQuery{Limit: 1})
		req := httptest.NewRequest("POST", "/4.0/profiles", bytes.NewReader(body))
		req.Header.Set("apikey", key)
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		after, _ := s.SearchProfiles(context.Background(), mustInstitution(t, s), kyc.ProfileQuery{Limit: 1})
		switch {
		case rec.Code == http.StatusOK:
			if after.Count != before.Count+1 {
				t.Fatalf("200 but %d → %d profiles", before.Count, after.Count)
			}
			vreq, _ := http.NewRequest("POST", "http://gatehouse/4.0/profiles", nil)
			spectest.Load(t).Check(t, vreq, rec.Code, rec.Header(), rec.Body.Bytes())
		case rec.Code >= 400 && rec.Code < 500:
			spectest.CheckEnvelope(t, rec.Body.Bytes())
			if after.Count != before.Count {
				t.Fatalf("refused (%d) but %d → %d profiles", rec.Code, before.Count, after.Count)
			}
		default:
			t.Fatalf("status %d for %q: %s", rec.Code, body, rec.Body.Bytes())
		}
	})
}

func mustInstitution(t *testing.T, s kyc.Store) string {
	insts, err := s.Institutions(context.Background())
	if err != nil || len(insts) != 1 {
		t.Fatalf("institutions: %v %v", insts, err)
	}
	return insts[0].ID
}

func TestOperationalEndpoints(t *testing.T) {
	s := storetest.OpenSQLite(t)
	svc := &kyc.Service{Store: s, Policy: policy.Demo()}
	ready := func() error { return s.Reader.PingContext(context.Background()) }
	srv := api.New(svc, api.Config{MetricsToken: "sesame"}, nil, nil, ready)
	hs := httptest.NewServer(srv)
	defer hs.Close()
	get := func(path, auth string) int {
		req, _ := http.NewRequest("GET", hs.URL+path, nil)
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	for _, tc := range []struct {
		path, auth string
		want       int
	}{
		{"/healthz", "", 200},
		{"/readyz", "", 200},
		{"/metrics", "", 401},
		{"/metrics", "Bearer wrong", 401},
		{"/metrics", "Bearer sesame", 200},
	} {
		if got := get(tc.path, tc.auth); got != tc.want {
			t.Errorf("GET %s (%q): %d, want %d", tc.path, tc.auth, got, tc.want)
		}
	}
	srv.Closing()
	if got := get("/readyz", ""); got != 503 {
		t.Errorf("readyz while closing: %d, want 503", got)
	}
}
