package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"testing"
	"time"

	"github.com/gatehouse/gatehouse/internal/api"
	"github.com/gatehouse/gatehouse/internal/checks"
	"github.com/gatehouse/gatehouse/internal/checks/demo"
	"github.com/gatehouse/gatehouse/internal/checks/documents"
	"github.com/gatehouse/gatehouse/internal/jobs"
	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/policy"
	"github.com/gatehouse/gatehouse/internal/spectest"
	"github.com/gatehouse/gatehouse/internal/store/storetest"
	"github.com/gatehouse/gatehouse/internal/webhook"
	"github.com/gatehouse/gatehouse/internal/webhook/deliver"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata")

var ctx = context.Background()

// env is a running API server over a real store and real HTTP on loopback.
type env struct {
	t     *testing.T
	svc   *kyc.Service
	store kyc.Store
	url   string
	c     *spectest.Client // institution "Acme"
}

func newEnv(t *testing.T, db storetest.Opener, cfg api.Config) *env {
	t.Helper()
	return newEnvWith(t, db, cfg, nil)
}

// newEnvPolicy is newEnv with another policy than the demo's.
func newEnvPolicy(t *testing.T, db storetest.Opener, cfg api.Config, pol kyc.Policy) *env {
	return newEnvWith(t, db, cfg, func(svc *kyc.Service, _ kyc.Store) { svc.Policy = pol })
}

// newEnvWith is newEnv with setup run on the service before it serves.
func newEnvWith(t *testing.T, db storetest.Opener, cfg api.Config, setup func(svc *kyc.Service, s kyc.Store)) *env {
	t.Helper()
	s := db.Open(t)
	runner := &jobs.Runner{Store: s, Poll: 20 * time.Millisecond, Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Pools: []jobs.Pool{{Name: "checks", Workers: 4}, {Name: "webhooks", Workers: 2}}}
	providers := checks.NewRegistry(demo.New(), documents.New(), checks.Manual{})
	svc := &kyc.Service{Store: s, Policy: policy.Demo(), Checks: providers, Companies: providers, Notify: runner.Wake}
	fast := func(int) time.Duration { return 10 * time.Millisecond }
	runner.Kinds = []jobs.Kind{
		{Name: kyc.JobCheck, Pool: "checks", Handler: jobs.HandlerFunc(svc.RunCheckJob), MaxAttempts: 6, Backoff: fast},
		{Name: kyc.JobAutomate, Pool: "checks", Handler: jobs.HandlerFunc(svc.RunAutomateJob), MaxAttempts: 6, Backoff: fast},
		{Name: kyc.JobAssociates, Pool: "checks", Handler: jobs.HandlerFunc(svc.RunAssociatesJob), MaxAttempts: 6, Backoff: fast},
		{Name: kyc.JobWebhook, Pool: "webhooks", Handler: &deliver.Worker{Store: s, Sender: &webhook.Sender{Timeout: 2 * time.Second}},
			Backoff: func(int) time.Duration { return 50 * time.Millisecond }},
	}
	svc.CheckWebhookURL = webhook.DefaultGuard().CheckURL
	if setup != nil {
		setup(svc, s)
	}
	rctx, stop := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { runner.Run(rctx); close(done) }()
	srv := httptest.NewServer(api.New(svc, cfg, nil, nil, nil))
	t.Cleanup(func() { srv.Close(); stop(); <-done })
	e := &env{t: t, svc: svc, store: s, url: srv.URL}
	e.c = e.client("Acme")
	return e
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

// client returns a validating client with a new key of an institution.
func (e *env) client(institution string) *spectest.Client {
	e.t.Helper()
	key, _, _, err := e.svc.CreateAPIKey(ctx, institution, "test key")
	if err != nil {
		e.t.Fatal(err)
	}
	return &spectest.Client{T: e.t, V: spectest.Load(e.t), BaseURL: e.url, Key: key}
}

func decode[T any](t *testing.T, body []byte) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(body, &v); err != nil {
		t.Fatalf("decode %T: %v: %s", v, err, body)
	}
	return v
}

// errorOf returns the code and info.field of an error envelope.
func errorOf(t *testing.T, body []byte) (int, string) {
	t.Helper()
	env := decode[struct {
		Errors []struct {
			Code int            `json:"code"`
			Info map[string]any `json:"info"`
		} `json:"errors"`
	}](t, body)
	if len(env.Errors) != 1 {
		t.Fatalf("want one error, got %s", body)
	}
	f, _ := env.Errors[0].Info["field"].(string)
	return env.Errors[0].Code, f
}

var (
	uuidRE     = regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`)
	dateTimeRE = regexp.MustCompile(`"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}"`)
	// The policy version is a hash of the demo policy: it changes with every edit of it.
	policyVersionRE = regexp.MustCompile(`"policy_version":"[0-9a-f]+"`)
	// ageRE finds the Age risk factor's values, which follow the calendar.
	ageRE = regexp.MustCompile(`("name":"Age","input_value":)"\d+"(,"raw_value":)"\d+"`)
)

// normalize replaces generated ids (not the policy's stable ones) by
// <id-N> in order of appearance, and DateTimes by <datetime>, and indents.
func normalize(t *testing.T, body []byte) []byte {
	t.Helper()
	stable := map[string]bool{}
	for _, p := range policy.Demo().Products() {
		stable[p.ID] = true
	}
	for _, m := range uuidRE.FindAll(policy.DemoYAML(), -1) {
		stable[string(m)] = true
	}
	seen := map[string]string{}
	out := uuidRE.ReplaceAllFunc(body, func(b []byte) []byte {
		s := string(b)
		if stable[s] {
			return b
		}
		if _, ok := seen[s]; !ok {
			seen[s] = "<id-" + strconv.Itoa(len(seen)+1) + ">"
		}
		return []byte(seen[s])
	})
	out = dateTimeRE.ReplaceAll(out, []byte(`"<datetime>"`))
	out = policyVersionRE.ReplaceAll(out, []byte(`"policy_version":"<policy-version>"`))
	out = ageRE.ReplaceAll(out, []byte(`${1}"<age>"${2}"<age>"`))
	var buf bytes.Buffer
	if err := json.Indent(&buf, out, "", "  "); err != nil {
		t.Fatalf("indent: %v", err)
	}
	buf.WriteByte('\n')
	return buf.Bytes()
}

// golden compares a normalized response with testdata/NAME.golden.
func golden(t *testing.T, name string, body []byte) {
	t.Helper()
	got := normalize(t, body)
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (run go test -update and review the diff):\n got: %s", path, got)
	}
}

func keys(m map[string]any) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
