package api_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"reflect"
	"sort"
	"sync"
	"testing"

	"github.com/gatehouse/gatehouse/internal/api"
	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/policy"
	"github.com/gatehouse/gatehouse/internal/screening"
	"github.com/gatehouse/gatehouse/internal/screening/registry"
	"github.com/gatehouse/gatehouse/internal/screening/screeningtest"
	"github.com/gatehouse/gatehouse/internal/store/storetest"
)

var screenSDN struct {
	once sync.Once
	idx  *screening.Index
	err  error
}

// screenIndex indexes the bundled OFAC SDN list (2024-05) and the UN list,
// skipping the test when the data is absent.
func screenIndex(tb testing.TB) *screening.Index {
	tb.Helper()
	dir := screeningtest.DataDir(tb)
	screenSDN.once.Do(func() {
		reg, err := registry.Load(context.Background(), filepath.Join(dir, "ofac-sdn-2024-05"), filepath.Join(dir, "un"))
		if screenSDN.err = err; err == nil {
			screenSDN.idx = reg.Index()
		}
	})
	if screenSDN.err != nil {
		tb.Fatal(screenSDN.err)
	}
	return screenSDN.idx
}

// screenHandler is the API over a fresh SQLite store with the given
// index, and an API key.
func screenHandler(tb testing.TB, idx *screening.Index) (http.Handler, string) {
	tb.Helper()
	s := storetest.OpenSQLite(tb)
	svc := &kyc.Service{Store: s, Policy: policy.Demo()}
	key, _, _, err := svc.CreateAPIKey(context.Background(), "Acme", "screening")
	if err != nil {
		tb.Fatal(err)
	}
	return api.New(svc, api.Config{ScreenIndexFunc: func() *screening.Index { return idx }}, nil, nil, nil), key
}

// screenServer serves screenHandler over loopback HTTP and returns its URL
// and the key.
func screenServer(tb testing.TB, idx *screening.Index) (string, string) {
	tb.Helper()
	h, key := screenHandler(tb, idx)
	srv := httptest.NewServer(h)
	tb.Cleanup(srv.Close)
	return srv.URL, key
}

// screenGet calls the endpoint and decodes its JSON answer.
func screenGet(t *testing.T, base, key string, params url.Values, out any) int {
	t.Helper()
	req, _ := http.NewRequest("GET", base+"/gatehouse/v1/screen?"+params.Encode(), nil)
	if key != "" {
		req.Header.Set("apikey", key)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if err := json.Unmarshal(body, out); err != nil {
		t.Fatalf("answer is not JSON: %v\n%s", err, body)
	}
	return resp.StatusCode
}

type screenAnswer struct {
	Matches []struct {
		List        string   `json:"list"`
		ListID      string   `json:"list_id"`
		Name        string   `json:"name"`
		MatchedName string   `json:"matched_name"`
		Score       float64  `json:"score"`
		Match       bool     `json:"match"`
		Reasons     []string `json:"reasons"`
		Explanation struct {
			Tokens []struct {
				Query, Listed, How string
				Similarity, Weight float64
			} `json:"tokens"`
			NameScore float64 `json:"name_score"`
			DOB       *struct {
				Agreement string  `json:"agreement"`
				Delta     float64 `json:"delta"`
			} `json:"dob"`
		} `json:"explanation"`
	} `json:"matches"`
	Lists []struct {
		List    string `json:"list"`
		Version string `json:"version"`
	} `json:"lists"`
}

func TestScreenEndpoint(t *testing.T) {
	t.Parallel()
	base, key := screenServer(t, screenIndex(t))

	var a screenAnswer
	st := screenGet(t, base, key, url.Values{"name": {"Ayman al-Zawahiri"}, "type": {"person"}, "dob": {"1951-06-19"}, "country": {"EG"}}, &a)
	if st != 200 || len(a.Matches) == 0 {
		t.Fatalf("got %d with %d matches", st, len(a.Matches))
	}
	m := a.Matches[0]
	if m.List != "ofac-sdn-2024-05" || m.ListID != "2676" || m.Name != "AL ZAWAHIRI, Dr. Ayman" || !m.Match ||
		m.Score <= 0.8 || m.Score > 1 || len(m.Reasons) == 0 {
		t.Errorf("got first match %+v, want SDN 2676 matched with reasons", m)
	}
	// The explanation carries the same pieces for programs.
	if x := m.Explanation; len(x.Tokens) == 0 || x.NameScore <= 0 || x.DOB == nil || x.DOB.Agreement != "same_date" || x.DOB.Delta <= 0 {
		t.Errorf("got explanation %+v, want paired tokens, a name score and the date of birth agreeing", x)
	} else if tk := x.Tokens[0]; tk.Query == "" || tk.Listed == "" || tk.How == "" || tk.Similarity <= 0 || tk.Weight <= 0 {
		t.Errorf("got token %+v, want query, listed, how, similarity and weight", tk)
	}
	if !sort.SliceIsSorted(a.Matches, func(i, j int) bool { return a.Matches[i].Score > a.Matches[j].Score }) {
		t.Errorf("matches are not sorted by score: %+v", a.Matches)
	}
	for _, m := range a.Matches {
		if m.Match != (m.Score >= screening.DefaultThreshold) {
			t.Errorf("match %s:%s has score %.3f and match %v; want the default threshold applied", m.List, m.ListID, m.Score, m.Match)
		}
	}
	got := map[string]bool{}
	for _, l := range a.Lists {
		got[l.List] = l.Version != ""
	}
	if !got["ofac-sdn-2024-05"] || !got["un"] || len(a.Lists) != 2 {
		t.Errorf("got lists %+v, want the SDN and UN lists with versions", a.Lists)
	}

	// An alias: name is the primary name, matched_name the alias.
	a = screenAnswer{}
	screenGet(t, base, key, url.Values{"name": {"Ahmad Fuad Salim"}}, &a)
	if len(a.Matches) == 0 || a.Matches[0].ListID != "2676" || a.Matches[0].MatchedName != "SALIM, Ahmad Fuad" || a.Matches[0].Name != "AL ZAWAHIRI, Dr. Ayman" {
		t.Errorf("alias: got %+v", a.Matches)
	}

	// A clean name: near misses at most, none a match; limit caps them.
	a = screenAnswer{}
	screenGet(t, base, key, url.Values{"name": {"Alex Wheeler"}, "type": {"person"}, "limit": {"3"}}, &a)
	if len(a.Matches) > 3 {
		t.Errorf("limit 3: got %d matches", len(a.Matches))
	}
	for _, m := range a.Matches {
		if m.Match {
			t.Errorf("clean name matched %+v", m)
		}
	}
}

// TestScreenEndpointShape checks the answer has exactly the documented members.
func TestScreenEndpointShape(t *testing.T) {
	t.Parallel()
	base, key := screenServer(t, screenIndex(t))
	var raw map[string]any
	screenGet(t, base, key, url.Values{"name": {"Banco Nacional de Cuba"}, "type": {"company"}}, &raw)
	if got := screenKeys(raw); !reflect.DeepEqual(got, []string{"lists", "matches"}) {
		t.Errorf("got members %v", got)
	}
	ms, _ := raw["matches"].([]any)
	if len(ms) == 0 {
		t.Fatal("no matches")
	}
	if got := screenKeys(ms[0].(map[string]any)); !reflect.DeepEqual(got, []string{"explanation", "list", "list_id", "match", "matched_name", "name", "reasons", "score"}) {
		t.Errorf("got match members %v", got)
	}
	x, _ := ms[0].(map[string]any)["explanation"].(map[string]any)
	if got := screenKeys(x); !reflect.DeepEqual(got, []string{"extra", "listed_coverage", "missing", "name_score", "query_coverage", "tokens", "type"}) {
		t.Errorf("got explanation members %v", got)
	}
	ls, _ := raw["lists"].([]any)
	if got := screenKeys(ls[0].(map[string]any)); !reflect.DeepEqual(got, []string{"list", "version"}) {
		t.Errorf("got list members %v", got)
	}
}

func screenKeys(m map[string]any) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func TestScreenEndpointErrors(t *testing.T) {
	t.Parallel()
	base, key := screenServer(t, screenIndex(t))
	type envelope struct {
		Errors []struct {
			Code    int            `json:"code"`
			Message string         `json:"message"`
			Source  string         `json:"source"`
			Info    map[string]any `json:"info"`
		} `json:"errors"`
	}
	long := make([]byte, 301)
	for i := range long {
		long[i] = 'a'
	}
	cases := []struct {
		params      url.Values
		status      int
		code        int
		field       string
		noKey, none bool
	}{
		{url.Values{}, 400, 101, "name", false, false},
		{url.Values{"name": {"  "}}, 400, 101, "name", false, false},
		{url.Values{"name": {string(long)}}, 400, 201, "name", false, false},
		{url.Values{"name": {"X"}, "type": {"vessel"}}, 400, 201, "type", false, false},
		{url.Values{"name": {"X"}, "dob": {"1970-13-01"}}, 400, 201, "dob", false, false},
		{url.Values{"name": {"X"}, "dob": {"19 June 1951"}}, 400, 201, "dob", false, false},
		{url.Values{"name": {"X"}, "country": {"Atlantis"}}, 400, 201, "country", false, false},
		{url.Values{"name": {"X"}, "limit": {"0"}}, 400, 201, "limit", false, false},
		{url.Values{"name": {"X"}, "limit": {"101"}}, 400, 201, "limit", false, false},
		{url.Values{"name": {"X"}, "limit": {"ten"}}, 400, 201, "limit", false, false},
		{url.Values{"name": {"X"}}, 401, 203, "", true, false},
	}
	for _, c := range cases {
		k := key
		if c.noKey {
			k = ""
		}
		var e envelope
		st := screenGet(t, base, k, c.params, &e)
		if st != c.status || len(e.Errors) != 1 || e.Errors[0].Code != c.code {
			t.Errorf("%v: got %d %+v, want %d with code %d", c.params, st, e, c.status, c.code)
			continue
		}
		if c.field != "" && e.Errors[0].Info["field"] != c.field {
			t.Errorf("%v: got info %v, want field %s", c.params, e.Errors[0].Info, c.field)
		}
	}

	// No list loaded: an error, never an empty answer.
	base, key = screenServer(t, nil)
	var e envelope
	st := screenGet(t, base, key, url.Values{"name": {"Ayman al-Zawahiri"}}, &e)
	if st != 422 || len(e.Errors) != 1 || e.Errors[0].Code != 502 || e.Errors[0].Source != "ENGINE" {
		t.Errorf("no lists: got %d %+v, want 422 with 502 ENGINE", st, e)
	}
}
