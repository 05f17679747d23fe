package address

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/spectest"
)

func TestSearchParameters(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("é", MaxQueryLength+1)
	tests := []struct {
		name, query, country string
		limit                int
		code                 kyc.Code
		field                string
	}{
		{"no address", "  ", "GBR", 0, kyc.EMissingFields, "address"},
		{"address too long", long, "GBR", 0, kyc.EInvalid, "address"},
		{"no country", "10 High Street", "", 0, kyc.EMissingFields, "country_code"},
		{"alpha-2 country", "10 High Street", "GB", 0, kyc.EInvalid, "country_code"},
		{"limit too large", "10 High Street", "GBR", MaxLimit + 1, kyc.EInvalid, "limit"},
		{"negative limit", "10 High Street", "GBR", -1, kyc.EInvalid, "limit"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := SearchAddresses(context.Background(), Demo{}, tc.query, tc.country, tc.limit)
			var ke *kyc.Error
			if !errors.As(err, &ke) || ke.Code != tc.code || ke.Info["field"] != tc.field {
				t.Errorf("got %v, want a %s error naming %s", err, tc.code, tc.field)
			}
		})
	}
	r, err := SearchAddresses(context.Background(), Demo{}, strings.Repeat("é", MaxQueryLength), "gbr", 0)
	if err != nil || r.Count != DefaultLimit || len(r.Results) != DefaultLimit {
		t.Errorf("200-character query, no limit: got %d results, %v; want %d", r.Count, err, DefaultLimit)
	}
	for _, tc := range []struct {
		in   string
		want int
		bad  bool
	}{{"", DefaultLimit, false}, {"100", 100, false}, {"0", 0, true}, {"101", 0, true}, {"x", 0, true}} {
		n, err := ParseLimit(tc.in)
		if n != tc.want || (err != nil) != tc.bad {
			t.Errorf("ParseLimit(%q): got %d, %v; want %d, error %v", tc.in, n, err, tc.want, tc.bad)
		}
	}
	if _, err := ResolveAddress(context.Background(), Demo{}, " ", "GBR"); !isField(err, "id") {
		t.Errorf("ResolveAddress without id: got %v, want an error naming id", err)
	}
}

func isField(err error, field string) bool {
	var ke *kyc.Error
	return errors.As(err, &ke) && ke.Info["field"] == field
}

// checkResults asserts what every searcher's results must satisfy, and
// that each id resolves to the address its text shows.
func checkResults(t *testing.T, s Searcher, query, country string, rs []Result) {
	t.Helper()
	seen := map[string]bool{}
	for _, r := range rs {
		if r.ID == "" || seen[r.ID] {
			t.Errorf("result %q: empty or repeated id %q", r.Text, r.ID)
		}
		seen[r.ID] = true
		text := []rune(r.Text)
		prev := 0
		for _, q := range r.QuerySubstrings {
			if q[0] < prev || q[1] <= q[0] || q[1] > len(text) {
				t.Fatalf("result %q: substring %v out of order or range", r.Text, q)
			}
			prev = q[1]
			if part := strings.ToLower(string(text[q[0]:q[1]])); !strings.Contains(strings.ToLower(query), part) {
				t.Errorf("result %q: substring %v is %q, not in the query %q", r.Text, q, part, query)
			}
		}
		a, err := s.Resolve(context.Background(), r.ID, country)
		if err != nil {
			t.Fatalf("Resolve(%s): %v", r.ID, err)
		}
		lines, err := FormatWith(a, country, Options{Domestic: true})
		if err != nil || lines.OneLine() != r.Text || a.Country != country || a.Type != Structured {
			t.Errorf("Resolve(%q) gives %+v, formatted %q (%v); want the text %q in %s", r.ID, a, lines.OneLine(), err, r.Text, country)
		}
	}
}

func TestDemoSearch(t *testing.T) {
	t.Parallel()
	tests := []struct {
		query, country string
		contains       []string // in every result's text
	}{
		{"10 downing", "GBR", []string{"10 Downing "}},
		{"10 downing street london", "GBR", []string{"10 Downing Street", "LONDON"}},
		{"1600 pennsylvania avenue", "USA", []string{"1600 Pennsylvania Avenue"}},
		{"12 rivoli", "FRA", []string{"12 ", " Rivoli, "}},
		{"haupt 5 berlin", "DEU", []string{"Haupt", " 5, 10", " Berlin"}},
		{"damrak 1", "NLD", []string{"Damrak", " 1,"}},
		{"grafton", "IRL", []string{"Grafton "}},
		{"mayor", "ESP", []string{"Mayor"}},
		{"5", "BEL", []string{" 5"}},
	}
	for _, tc := range tests {
		t.Run(tc.country+" "+tc.query, func(t *testing.T) {
			t.Parallel()
			r, err := SearchAddresses(context.Background(), Demo{}, tc.query, tc.country, 0)
			if err != nil {
				t.Fatal(err)
			}
			if r.Count != DefaultLimit || len(r.Results) != DefaultLimit {
				t.Fatalf("got %d results (count %d), want %d", len(r.Results), r.Count, DefaultLimit)
			}
			again, _ := SearchAddresses(context.Background(), Demo{}, tc.query, tc.country, 0)
			for i := range r.Results {
				if r.Results[i].ID != again.Results[i].ID {
					t.Fatalf("result %d differs between two searches: got %q then %q", i, r.Results[i].Text, again.Results[i].Text)
				}
				for _, c := range tc.contains {
					if !strings.Contains(r.Results[i].Text, c) {
						t.Errorf("result %q: want it to contain %q", r.Results[i].Text, c)
					}
				}
				if len(r.Results[i].QuerySubstrings) == 0 {
					t.Errorf("result %q: got no query substrings", r.Results[i].Text)
				}
			}
			checkResults(t, Demo{}, tc.query, tc.country, r.Results)
		})
	}
}

func TestDemoSearchManyAndResolveRefusals(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	r, err := SearchAddresses(ctx, Demo{}, "high", "GBR", MaxLimit)
	if err != nil || len(r.Results) != MaxLimit {
		t.Fatalf("got %d results, %v; want %d", len(r.Results), err, MaxLimit)
	}
	checkResults(t, Demo{}, "high", "GBR", r.Results)
	id := r.Results[0].ID
	for _, tc := range []struct{ id, country string }{
		{id, "FRA"},                   // another country
		{id[:len(id)-1] + "x", "GBR"}, // tag altered
		{"demo1.W10.00000000", "GBR"}, // forged
		{"nonsense", "GBR"},
	} {
		_, err := ResolveAddress(ctx, Demo{}, tc.id, tc.country)
		var ke *kyc.Error
		if !errors.As(err, &ke) || ke.Code != kyc.ENotFound {
			t.Errorf("Resolve(%q, %s): got %v, want not found", tc.id, tc.country, err)
		}
	}
}

// TestSearchAnswersValidate checks the answers of GET /address/search and
// GET /address/format against the contract.
func TestSearchAnswersValidate(t *testing.T) {
	v := spectest.Load(t)
	ctx := context.Background()
	r, err := SearchAddresses(ctx, Demo{}, "221b baker street", "GBR", 3)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := json.Marshal(r)
	h := http.Header{"Content-Type": {"application/json"}}
	v.Check(t, httptest.NewRequest("GET", "/4.0/address/search?address=x&country_code=GBR", nil), 200, h, body)
	a, err := ResolveAddress(ctx, Demo{}, r.Results[0].ID, "GBR")
	if err != nil {
		t.Fatal(err)
	}
	body, _ = json.Marshal(a)
	v.Check(t, httptest.NewRequest("GET", "/4.0/address/format?id=x&country_code=GBR", nil), 200, h, body)
}

// service is an address service of HTTPSearcher's contract on loopback,
// answering from the demo searcher; its handler can be replaced per test.
func service(t *testing.T, key string, override http.HandlerFunc) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	mux.HandleFunc("GET /address/search", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("apikey") != key {
			http.Error(w, `{"errors":[]}`, http.StatusUnauthorized)
			return
		}
		q := r.URL.Query()
		n, _ := ParseLimit(q.Get("limit"))
		res, err := SearchAddresses(r.Context(), Demo{}, q.Get("address"), q.Get("country_code"), n)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		_ = json.NewEncoder(w).Encode(res)
	})
	mux.HandleFunc("GET /address/format", func(w http.ResponseWriter, r *http.Request) {
		a, err := ResolveAddress(r.Context(), Demo{}, r.URL.Query().Get("id"), r.URL.Query().Get("country_code"))
		if err != nil {
			http.Error(w, err.Error(), http.StatusNotFound)
			return
		}
		_ = json.NewEncoder(w).Encode(a)
	})
	var h http.Handler = mux
	if override != nil {
		h = override
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

func TestHTTPSearcher(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv := service(t, "secret-key", nil)
	s := &HTTPSearcher{BaseURL: srv.URL + "/", APIKey: "secret-key", Client: srv.Client()}
	got, err := SearchAddresses(ctx, s, "10 downing", "GBR", 5)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := SearchAddresses(ctx, Demo{}, "10 downing", "GBR", 5)
	if len(got.Results) != 5 || got.Results[0].ID != want.Results[0].ID || !slices.Equal(got.Results[4].QuerySubstrings, want.Results[4].QuerySubstrings) {
		t.Errorf("got %+v, want the service's answer %+v", got, want)
	}
	checkResults(t, s, "10 downing", "GBR", got.Results)
	if _, err := ResolveAddress(ctx, s, "demo1.unknown.00000000", "GBR"); !isCode(err, kyc.ENotFound) {
		t.Errorf("unknown id: got %v, want not found", err)
	}
	wrongKey := &HTTPSearcher{BaseURL: srv.URL, APIKey: "other", Client: srv.Client()}
	if _, err := SearchAddresses(ctx, wrongKey, "10 downing", "GBR", 5); !isCode(err, kyc.EProvider) {
		t.Errorf("refused key: got %v, want a provider error", err)
	}
}

func isCode(err error, c kyc.Code) bool {
	var ke *kyc.Error
	return errors.As(err, &ke) && ke.Code == c
}

func TestHTTPSearcherBadAnswers(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		status int
		body   string
		check  func(t *testing.T, rs []Result, err error)
	}{
		{"server error", 503, `{}`, func(t *testing.T, _ []Result, err error) {
			if !isCode(err, kyc.EProvider) || !strings.Contains(err.Error(), "503") {
				t.Errorf("got %v, want a provider error naming HTTP 503", err)
			}
		}},
		{"not JSON", 200, `<html>`, func(t *testing.T, _ []Result, err error) {
			if !isCode(err, kyc.EProvider) {
				t.Errorf("got %v, want a provider error", err)
			}
		}},
		{"too large", 200, `{"results":[` + strings.Repeat(`{"id":"a","text":"b"},`, maxServiceBody/20) + `{}]}`, func(t *testing.T, _ []Result, err error) {
			if !isCode(err, kyc.EProvider) {
				t.Errorf("got %v, want a provider error", err)
			}
		}},
		{"results cleaned", 200, `{"count":4,"results":[{"id":"","text":"no id"},{"id":"a","text":"High St","query_substrings":[[0,4],[5,99],[3,1]]},{"id":"b","text":"x"},{"id":"c","text":"y"}]}`,
			func(t *testing.T, rs []Result, err error) {
				if err != nil || len(rs) != 2 || rs[0].ID != "a" || !slices.Equal(rs[0].QuerySubstrings, [][2]int{{0, 4}}) || rs[1].ID != "b" {
					t.Errorf("got %+v, %v; want ids a and b (limit 2), a's one valid substring", rs, err)
				}
			}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := service(t, "", func(w http.ResponseWriter, r *http.Request) {
				w.WriteHeader(tc.status)
				_, _ = w.Write([]byte(tc.body))
			})
			rs, err := (&HTTPSearcher{BaseURL: srv.URL, Client: srv.Client()}).Search(context.Background(), "high", "GBR", 2)
			tc.check(t, rs, err)
		})
	}
	srv := service(t, "", func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte(`{"type":"STRUCTURED","country":"FRA","route":"rue X"}`))
	})
	if _, err := (&HTTPSearcher{BaseURL: srv.URL, Client: srv.Client()}).Resolve(context.Background(), "a", "GBR"); !isCode(err, kyc.EProvider) {
		t.Errorf("address in another country: got %v, want a provider error", err)
	}
	closed := httptest.NewServer(http.NotFoundHandler())
	closed.Close()
	if _, err := (&HTTPSearcher{BaseURL: closed.URL}).Search(context.Background(), "high", "GBR", 2); !isCode(err, kyc.EProvider) {
		t.Errorf("unreachable service: got %v, want a provider error", err)
	}
}

func FuzzDemoSearch(f *testing.F) {
	f.Add("10 downing street london", "GBR", 7)
	f.Add("Ünter den Linden 1", "DEU", 100)
	f.Add("  ,,; 0000000000 é", "nld", 0)
	f.Add("İstanbul ǅ", "TUR", 3)
	f.Fuzz(func(t *testing.T, query, country string, limit int) {
		r, err := SearchAddresses(context.Background(), Demo{}, query, country, limit)
		if err != nil {
			var ke *kyc.Error
			if !errors.As(err, &ke) || ke.Info["field"] == nil {
				t.Fatalf("got %v, want a field error", err)
			}
			return
		}
		if r.Count != len(r.Results) || r.Count == 0 {
			t.Fatalf("got count %d for %d results", r.Count, len(r.Results))
		}
		for _, res := range r.Results {
			n := len([]rune(res.Text))
			for _, q := range res.QuerySubstrings {
				if q[0] < 0 || q[1] > n || q[0] >= q[1] {
					t.Fatalf("substring %v outside %q", q, res.Text)
				}
			}
			if _, err := (Demo{}).Resolve(context.Background(), res.ID, strings.ToUpper(strings.TrimSpace(country))); err != nil {
				t.Fatalf("Resolve(%s): %v", res.ID, err)
			}
		}
	})
}

func FuzzDemoResolve(f *testing.F) {
	f.Add("demo1.WyJHQlIiXQ.00000000")
	f.Add("demo1..")
	f.Fuzz(func(t *testing.T, id string) {
		if _, err := ResolveAddress(context.Background(), Demo{}, id, "GBR"); err != nil && !isCode(err, kyc.ENotFound) && !isField(err, "id") {
			t.Fatalf("got %v, want not found", err)
		}
	})
}
