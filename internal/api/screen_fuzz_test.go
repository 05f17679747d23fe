package api_test

import (
	"encoding/json"
	"net/http/httptest"
	"testing"

	"github.com/gatehouse/gatehouse/internal/screening"
	"github.com/gatehouse/gatehouse/internal/screening/sources/ftm"
)

// FuzzScreenQuery sends arbitrary query strings to the screen endpoint:
// the answer is 200 with matches sorted by score in [0, 1], or a 400 in
// the error envelope, never anything else.
func FuzzScreenQuery(f *testing.F) {
	l, err := ftm.Parse("fuzz", []byte(`{"id":"F-1","schema":"Person","properties":{"name":["Ivan Petrovich Sidorov"],"birthDate":["1970-03-04"],"topics":["sanction"]}}
{"id":"F-2","schema":"Company","properties":{"name":["Zentrix Logistics LLC"],"topics":["sanction"]}}`))
	if err != nil {
		f.Fatal(err)
	}
	h, key := screenHandler(f, screening.NewIndex(l))
	for _, seed := range []string{
		"name=Ivan+Sidorov&type=person&dob=1970&country=RU&limit=3",
		"name=Zentrix+Logistics&type=company",
		"name=%00%ff&dob=1970-02-31&country=&limit=-1",
		"name=&type=PERSON",
		"name=a&name=b&limit=100",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, query string) {
		req := httptest.NewRequest("GET", "/gatehouse/v1/screen", nil)
		req.URL.RawQuery = query
		req.Header.Set("apikey", key)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		switch rec.Code {
		case 200:
			var a screenAnswer
			if err := json.Unmarshal(rec.Body.Bytes(), &a); err != nil {
				t.Fatalf("200 with %v: %s", err, rec.Body)
			}
			for i, m := range a.Matches {
				if m.Score < 0 || m.Score > 1 || i > 0 && m.Score > a.Matches[i-1].Score {
					t.Fatalf("scores out of range or order: %+v", a.Matches)
				}
			}
		case 400:
			var e struct {
				Errors []struct {
					Code int            `json:"code"`
					Info map[string]any `json:"info"`
				} `json:"errors"`
			}
			if err := json.Unmarshal(rec.Body.Bytes(), &e); err != nil || len(e.Errors) != 1 || e.Errors[0].Info["field"] == nil {
				t.Fatalf("400 without a field: %s", rec.Body)
			}
		default:
			t.Fatalf("status %d for %q: %s", rec.Code, query, rec.Body)
		}
	})
}
