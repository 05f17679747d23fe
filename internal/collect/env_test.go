package collect_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gatehouse/gatehouse/internal/api"
	"github.com/gatehouse/gatehouse/internal/blob"
	"github.com/gatehouse/gatehouse/internal/checks"
	"github.com/gatehouse/gatehouse/internal/checks/demo"
	"github.com/gatehouse/gatehouse/internal/collect"
	"github.com/gatehouse/gatehouse/internal/content"
	"github.com/gatehouse/gatehouse/internal/jobs"
	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/policy"
	"github.com/gatehouse/gatehouse/internal/store/storetest"
	"github.com/gatehouse/gatehouse/internal/vault"
)

var ctx = context.Background()

// syncBuffer is a log sink safe for the server's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// env is the whole server (API, workers, the form) over a real store, on
// loopback.
type env struct {
	t     *testing.T
	svc   *kyc.Service
	store kyc.Store
	url   string
	key   string // an institution API key of "Acme"
	logs  *syncBuffer
}

type envOptions struct {
	policy *policy.Policy
	// noDocuments builds the form without a documents service (its
	// document step disabled).
	noDocuments bool
	setup       func(*kyc.Service)
}

func newEnv(t *testing.T, db storetest.Opener, o envOptions) *env {
	t.Helper()
	s := db.Open(t)
	logs := &syncBuffer{}
	log := slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	runner := &jobs.Runner{Store: s, Poll: 20 * time.Millisecond, Log: log,
		Pools: []jobs.Pool{{Name: "checks", Workers: 2}}}
	pol := o.policy
	if pol == nil {
		pol = policy.Demo()
	}
	providers := checks.NewRegistry(demo.New(), checks.Manual{})
	svc := &kyc.Service{Store: s, Policy: pol, Checks: providers, Companies: providers, Notify: runner.Wake, Content: contentStore(t, s)}
	if o.setup != nil {
		o.setup(svc)
	}
	runner.Kinds = []jobs.Kind{
		{Name: kyc.JobCheck, Pool: "checks", Handler: jobs.HandlerFunc(svc.RunCheckJob), MaxAttempts: 6},
		{Name: kyc.JobAutomate, Pool: "checks", Handler: jobs.HandlerFunc(svc.RunAutomateJob), MaxAttempts: 6},
	}
	var documents collect.Documents = collect.ServiceDocuments{Service: svc}
	if o.noDocuments {
		documents = nil
	}
	form := collect.New(collect.Config{Service: svc, ThemeFunc: pol.CollectTheme, Documents: documents, Log: log})
	rctx, stop := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { runner.Run(rctx); close(done) }()
	srv := httptest.NewServer(api.New(svc, api.Config{Collect: form}, log, nil, nil))
	t.Cleanup(func() { srv.Close(); stop(); <-done })
	key, _, _, err := svc.CreateAPIKey(ctx, "Acme", "onboarding")
	if err != nil {
		t.Fatal(err)
	}
	return &env{t: t, svc: svc, store: s, url: srv.URL, key: key, logs: logs}
}

// contentStore is a documents store as a server has one: a blob
// directory, data keys in the SQL store under a fresh master key.
func contentStore(t *testing.T, s kyc.Store) *content.Store {
	t.Helper()
	b, err := blob.OpenDir(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	ks := s.(vault.KeyStore)
	return &content.Store{Blobs: b, Keys: storetest.Keyring(s), KeyStore: ks}
}

// api calls the API with the institution key and decodes the answer.
func (e *env) api(method, path, body string, out any) int {
	e.t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, _ := http.NewRequest(method, e.url+path, rd)
	req.Header.Set("apikey", e.key)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			e.t.Fatalf("%s %s: %v: %s", method, path, err, b)
		}
	}
	return resp.StatusCode
}

// nameOnly creates a profile with a name only: the demo policy's identity
// check waits for a date of birth and an address.
func (e *env) nameOnly(given, family string) string {
	e.t.Helper()
	var p struct{ ID string }
	body := `{"role":"INDIVIDUAL_CUSTOMER","collected_data":{"entity_type":"INDIVIDUAL","personal_details":{"name":{"given_names":["` + given + `"],"family_name":"` + family + `"}}},"applications":[{"product":{"alias":"forexo_basic"}}]}`
	if st := e.api("POST", "/4.0/profiles", body, &p); st != 200 {
		e.t.Fatalf("create profile: %d", st)
	}
	e.settle()
	return p.ID
}

// collectKey issues a collect key for profiles.
func (e *env) collectKey(ids ...string) string {
	e.t.Helper()
	var k struct{ Key string }
	b, _ := json.Marshal(map[string][]string{"profile_ids": ids})
	if st := e.api("POST", "/4.0/api_keys/collect", string(b), &k); st != 200 {
		e.t.Fatalf("issue collect key: %d", st)
	}
	return k.Key
}

// settle waits until the background workers have run every queued job.
func (e *env) settle() {
	e.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		counts, err := e.store.JobCounts(ctx)
		if err != nil {
			e.t.Fatal(err)
		}
		if len(counts) == 0 {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	e.t.Fatal("background jobs did not finish within 20s")
}

type checkView struct {
	CheckType string `json:"check_type"`
	State     string `json:"state"`
	Result    string `json:"result"`
}

// checks lists a profile's checks.
func (e *env) checks(id string) []checkView {
	e.t.Helper()
	var cs []checkView
	e.api("GET", "/4.0/profiles/"+id+"/checks", "", &cs)
	return cs
}

// collectedData returns a profile's collected data.
func (e *env) collectedData(id string) string {
	e.t.Helper()
	var raw json.RawMessage
	e.api("GET", "/4.0/profiles/"+id+"/collected_data", "", &raw)
	return string(raw)
}

// browser is an HTTP client that keeps cookies and does not follow
// redirects, as a test of the form's own answers.
type browser struct {
	t   *testing.T
	c   *http.Client
	url string
}

func (e *env) browser() *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{t: e.t, url: e.url, c: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
}

// get fetches a page.
func (b *browser) get(path string) (*http.Response, string) {
	b.t.Helper()
	resp, err := b.c.Get(b.url + path)
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp, string(body)
}

// post sends a form.
func (b *browser) post(path string, form url.Values, header ...string) (*http.Response, string) {
	b.t.Helper()
	req, _ := http.NewRequest("POST", b.url+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := b.c.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp, string(body)
}

// csrfOf reads the CSRF token of a page.
func csrfOf(t *testing.T, page string) string {
	t.Helper()
	_, rest, ok := strings.Cut(page, `name="csrf" value="`)
	if !ok {
		t.Fatalf("no CSRF token in the page:\n%s", page)
	}
	tok, _, _ := strings.Cut(rest, `"`)
	return tok
}
