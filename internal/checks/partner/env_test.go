package partner_test

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gatehouse/gatehouse/internal/api"
	"github.com/gatehouse/gatehouse/internal/blob"
	"github.com/gatehouse/gatehouse/internal/checks"
	"github.com/gatehouse/gatehouse/internal/checks/demo"
	"github.com/gatehouse/gatehouse/internal/checks/partner"
	"github.com/gatehouse/gatehouse/internal/content"
	"github.com/gatehouse/gatehouse/internal/content/contenttest"
	"github.com/gatehouse/gatehouse/internal/integration"
	"github.com/gatehouse/gatehouse/internal/integration/integrationtest"
	"github.com/gatehouse/gatehouse/internal/jobs"
	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/policy"
	"github.com/gatehouse/gatehouse/internal/spectest"
	"github.com/gatehouse/gatehouse/internal/store/storetest"
	"github.com/gatehouse/gatehouse/internal/vault"
)

var ctx = context.Background()

// variant is one integration check variant of a test's policy, served by
// a test integration (integrationtest, written from the protocol's
// documents) unless URL points elsewhere.
type variant struct {
	alias string
	// target is the 4.0 check type; kind the integration's check type.
	target kyc.CheckType
	kind   integration.CheckType
	// opts configure the test integration (CheckType, Key and Gatehouse
	// are set by the env).
	opts integrationtest.Options
	// config adds to or overrides the variant's config.
	config map[string]any
	// url, when set, is the integration's URL instead of a test one.
	url string
}

// env is Gatehouse over a real store, serving the 4.0 API and the
// integration endpoints on loopback, running its jobs, with test
// integrations as the providers, and document images uploaded through the
// API into its documents service (encrypted in a blob directory), which
// integrations download from.
type env struct {
	t        *testing.T
	store    kyc.Store
	svc      *kyc.Service
	prov     *partner.Provider
	url      string // Gatehouse's base URL
	c        *spectest.Client
	ints     map[string]*integrationtest.Provider // by variant alias
	keys     map[string][]byte                    // by variant alias
	statuses []partner.VariantStatus
	pol      *policy.Policy
	// uploads are the passport images of the individual profiles, by
	// profile id.
	uploads map[string]upload
}

// upload is an image uploaded through the API.
type upload struct {
	ID     string
	SHA256 string // of the bytes uploaded
}

// options of an env.
type options struct {
	// maxAttempts of the check and follow-up jobs (default 3).
	maxAttempts int
	// noImages leaves the integrations without the documents service's
	// images (Provider.Images nil).
	noImages bool
}

func newEnv(t *testing.T, db storetest.Opener, vs []variant, o options) *env {
	t.Helper()
	return newEnvWith(t, db, vs, o, nil)
}

// newEnvWith is newEnv, with prepare called on the test integrations
// once they run and before Gatehouse probes them.
func newEnvWith(t *testing.T, db storetest.Opener, vs []variant, o options, prepare func(map[string]*integrationtest.Provider)) *env {
	t.Helper()
	if o.maxAttempts == 0 {
		o.maxAttempts = 3
	}
	var handler atomic.Value // the server starts before Gatehouse is built: integrations need its URL
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		handler.Load().(http.Handler).ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	e := &env{t: t, url: srv.URL, ints: map[string]*integrationtest.Provider{}, keys: map[string][]byte{}, uploads: map[string]upload{}}
	secrets := map[string]string{"INT_USER": "tester", "INT_PASSWORD": "s3cret"}
	var doc strings.Builder
	doc.WriteString("name: integrations\ncheck_variants:\n")
	for i, v := range vs {
		key := make([]byte, 32)
		_, _ = rand.Read(key)
		e.keys[v.alias] = key
		envName := fmt.Sprintf("INT_KEY_%d", i)
		secrets[envName] = base64.StdEncoding.EncodeToString(key)
		url := v.url
		if url == "" {
			o := v.opts
			if o.CheckType == "" {
				o.CheckType = string(v.kind)
			}
			if o.Key == nil {
				o.Key = key
			}
			o.Gatehouse = srv.URL + "/integrations/v1/"
			p := integrationtest.Start(t, o)
			e.ints[v.alias] = p
			url = p.URL
		}
		cfg := map[string]any{"url": url, "key": "env:" + envName, "check_type": string(v.kind),
			"provider_credentials": map[string]any{"username": "env:INT_USER", "password": "env:INT_PASSWORD"}}
		for k, x := range v.config {
			if x == nil {
				delete(cfg, k)
			} else {
				cfg[k] = x
			}
		}
		raw, _ := json.Marshal(cfg)
		fmt.Fprintf(&doc, "  - {id: %s, alias: %s, name: %s, check_type: %s, provider: integration, config: %s}\n",
			kyc.NewID(), v.alias, v.alias, v.target, raw)
	}
	// Automatic checks: a verification task whose identity check runs on
	// the first identity variant, and a screening task on the first
	// screening variant, for profiles that apply for the product.
	var tasks, steps []string
	for _, v := range vs {
		switch {
		case v.target == kyc.CheckIdentity && tasks == nil:
			tasks = append(tasks, fmt.Sprintf("  - {id: %s, alias: verify, name: Verify, task_type: INDIVIDUAL_VERIFY_IDENTITY, automatic_checks: [%s], acceptance_checks: [%s]}", kyc.NewID(), v.alias, v.alias))
			steps = append(steps, "verify")
		case v.target == kyc.CheckPEPsAndSanctions && !contains(steps, "screen"):
			tasks = append(tasks, fmt.Sprintf("  - {id: %s, alias: screen, name: Screen, task_type: INDIVIDUAL_ASSESS_POLITICAL_AND_SANCTIONS_EXPOSURE, automatic_checks: [%s], acceptance_checks: [%s]}", kyc.NewID(), v.alias, v.alias))
			steps = append(steps, "screen")
		}
	}
	if len(tasks) == 0 {
		tasks = append(tasks, fmt.Sprintf("  - {id: %s, alias: review, name: Review, task_type: INDIVIDUAL_MANUAL_TASK}", kyc.NewID()))
		steps = append(steps, "review")
	}
	{
		fmt.Fprintf(&doc, "task_variants:\n%s\nproducts:\n  - id: %s\n    alias: onboarding\n    name: Onboarding\n    smart_policies:\n      INDIVIDUAL:\n        - tasks: [%s]\n",
			strings.Join(tasks, "\n"), kyc.NewID(), strings.Join(steps, ", "))
	}

	if prepare != nil {
		prepare(e.ints)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	prov := partner.New()
	prov.Resolver = integration.Resolver{Getenv: func(k string) string { return secrets[k] }}
	prov.Retry = integration.Retry{Attempts: 2, Base: 5 * time.Millisecond, Max: 10 * time.Millisecond}
	prov.Reprobe = 50 * time.Millisecond
	prov.Log = log
	registry := checks.NewRegistry(demo.New(), checks.Manual{}, prov)
	pol, err := policy.Parse([]byte(doc.String()), registry)
	if err != nil {
		t.Fatalf("policy: %v\n%s", err, doc.String())
	}
	e.pol = pol
	s := db.Open(t)
	cs := contentStore(t, s)
	runner := &jobs.Runner{Store: s, Poll: 10 * time.Millisecond, Log: log, Lease: 10 * time.Second,
		Pools: []jobs.Pool{{Name: "checks", Workers: 4}}}
	svc := &kyc.Service{Store: s, Policy: pol, Checks: registry, Companies: registry, Notify: runner.Wake, Content: cs}
	prov.Store, prov.Service, prov.Notify = s, svc, runner.Wake
	if !o.noImages {
		prov.Images = partner.DocumentImages{Service: svc, MaxBytes: cs.MaxBytes}
	}
	fast := func(int) time.Duration { return 10 * time.Millisecond }
	runner.Kinds = []jobs.Kind{
		{Name: kyc.JobCheck, Pool: "checks", Handler: jobs.HandlerFunc(svc.RunCheckJob), MaxAttempts: o.maxAttempts, Backoff: fast},
		{Name: kyc.JobAutomate, Pool: "checks", Handler: jobs.HandlerFunc(svc.RunAutomateJob), MaxAttempts: o.maxAttempts, Backoff: fast},
		{Name: partner.JobComplete, Pool: "checks", Handler: jobs.HandlerFunc(prov.RunCompleteJob), MaxAttempts: o.maxAttempts, Backoff: fast},
		{Name: partner.JobPoll, Pool: "checks", Handler: jobs.HandlerFunc(prov.RunPollJob), MaxAttempts: o.maxAttempts, Backoff: fast},
	}
	e.store, e.svc, e.prov = s, svc, prov
	e.statuses = prov.Connect(ctx, pol.CheckVariants())
	handler.Store(api.New(svc, api.Config{IntegrationCallbacks: prov.CallbackHandler(), IntegrationImages: prov.ImageHandler(),
		MaxDocumentBytes: cs.MaxBytes}, log, nil, nil))
	rctx, stop := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { runner.Run(rctx); close(done) }()
	t.Cleanup(func() { stop(); <-done })
	key, _, _, err := svc.CreateAPIKey(ctx, "Acme", "test key")
	if err != nil {
		t.Fatal(err)
	}
	e.c = &spectest.Client{T: t, V: spectest.Load(t), BaseURL: srv.URL, Key: key}
	return e
}

// contentStore is a documents store as a server has one: a blob
// directory, data keys in the SQL store under a fresh master key.
func contentStore(t *testing.T, s kyc.Store) *content.Store {
	t.Helper()
	b, err := blob.Open(ctx, filepath.Join(t.TempDir(), "blobs"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	ks := s.(vault.KeyStore)
	return &content.Store{Blobs: b, Keys: storetest.Keyring(s), KeyStore: ks, MaxBytes: 1 << 20}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// Inputs, written for these tests. An individual profile also gets a
// passport (documentID) whose front is an image uploaded through the API.
const (
	documentID = "3f1c2b9a-6d4e-4f8a-9b7c-1e2d3c4b5a69"
	individual = `{"entity_type":"INDIVIDUAL","personal_details":{"name":{"given_names":["Robin","Alex"],"family_name":"Fairweather"},` +
		`"dob":"1984-03-09","nationality":"GBR"},"address_history":[{"address":{"type":"STRUCTURED","country":"GBR",` +
		`"locality":"York","postal_code":"YO1 7HH","route":"Stonegate","street_number":"8"},"start_date":"2019-05"}],` +
		`"external_refs":{"generic":"PROVIDER-TOKEN-1"}}`
	company = `{"entity_type":"COMPANY","metadata":{"name":"Northwind Traders Ltd","number":"04123456","country_of_incorporation":"GBR"}}`
)

// passport is the image of the individual profiles' passport: a real JPEG.
var passport = contenttest.JPEG(6000)

// profile creates a profile with the collected data (and the products);
// an individual's gets its passport: the image uploaded (POST
// /document_images), then the document referring to it (POST
// /collected_data/documents).
func (e *env) profile(data string, products ...string) string {
	e.t.Helper()
	role := "INDIVIDUAL_CUSTOMER"
	if strings.Contains(data, `"COMPANY"`) {
		role = "COMPANY_CUSTOMER"
	}
	apps := []any{}
	for _, p := range products {
		apps = append(apps, map[string]any{"product": map[string]any{"alias": p}})
	}
	body := map[string]any{"role": role, "collected_data": json.RawMessage(data), "applications": apps}
	status, out := e.c.Do("POST", "/4.0/profiles", body)
	if status != 200 {
		e.t.Fatalf("create profile: %d %s", status, out)
	}
	var p struct {
		ID string `json:"id"`
	}
	_ = json.Unmarshal(out, &p)
	if role == "INDIVIDUAL_CUSTOMER" {
		e.uploads[p.ID] = e.addPassport(p.ID)
	}
	return p.ID
}

// addPassport uploads the passport's front to a profile and adds the
// document (documentID) referring to it.
func (e *env) addPassport(profileID string) upload {
	e.t.Helper()
	base := "/4.0/profiles/" + profileID
	status, out := e.c.Do("POST", base+"/document_images", contenttest.JSON(`"image_type":"FRONT","document_type":"PASSPORT"`, passport))
	if status != 200 {
		e.t.Fatalf("upload the passport: %d %s", status, out)
	}
	var im struct {
		ID string `json:"id"`
	}
	_ = json.Unmarshal(out, &im)
	doc := `{"id":"` + documentID + `","category":"PROOF_OF_IDENTITY","document_type":"PASSPORT","images":[{"id":"` + im.ID + `"}]}`
	if status, out := e.c.Do("POST", base+"/collected_data/documents", doc); status != 200 {
		e.t.Fatalf("add the passport: %d %s", status, out)
	}
	sum := sha256.Sum256(passport)
	return upload{ID: im.ID, SHA256: hex.EncodeToString(sum[:])}
}

// check is a 4.0 check as the API shows it.
type check struct {
	ID         string          `json:"id"`
	CheckType  string          `json:"check_type"`
	State      string          `json:"state"`
	Result     string          `json:"result"`
	OutputData json.RawMessage `json:"output_data"`
	Errors     []struct {
		Code    int            `json:"code"`
		Message string         `json:"message"`
		Source  string         `json:"source"`
		Info    map[string]any `json:"info"`
	} `json:"errors"`
	Providers []struct {
		Name string `json:"provider_name"`
	} `json:"providers"`
}

func (c check) codes() []int {
	out := []int{}
	for _, e := range c.Errors {
		out = append(out, e.Code)
	}
	return out
}

// instruct runs a check of a variant on a profile (mode "" is the type's
// default) and returns the API's answer.
func (e *env) instruct(profileID, alias string, target kyc.CheckType, demo, mode string) check {
	e.t.Helper()
	body := map[string]any{"check_type": target, "variant": map[string]any{"alias": alias}}
	if demo != "" {
		body["demo_result"] = demo
	}
	if target == kyc.CheckDocumentVerification || target == kyc.CheckDocumentFetch {
		body["document_id"] = documentID
	}
	if target == kyc.CheckDocumentFetch {
		body["source"], body["reference"] = "ONFIDO", "partner-test-reference"
	}
	path := "/4.0/profiles/" + profileID + "/checks"
	if mode != "" {
		path += "?mode=" + mode
	}
	status, out := e.c.Do("POST", path, body)
	if status != 200 {
		e.t.Fatalf("instruct %s: %d %s", alias, status, out)
	}
	var c check
	if err := json.Unmarshal(out, &c); err != nil {
		e.t.Fatal(err)
	}
	return c
}

// get reads a check through the API (validated against the contract).
func (e *env) get(profileID, checkID string) check {
	e.t.Helper()
	status, out := e.c.Do("GET", "/4.0/profiles/"+profileID+"/checks/"+checkID, nil)
	if status != 200 {
		e.t.Fatalf("get check: %d %s", status, out)
	}
	var c check
	if err := json.Unmarshal(out, &c); err != nil {
		e.t.Fatal(err)
	}
	return c
}

// wait waits until a check is COMPLETE and returns it.
func (e *env) wait(profileID, checkID string) check {
	e.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		c := e.get(profileID, checkID)
		if c.State == "COMPLETE" {
			return c
		}
		if time.Now().After(deadline) {
			e.t.Fatalf("check %s still %s after 30s", checkID, c.State)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// waitFor waits until cond holds.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within 30s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// signedBothWays asserts that every request an integration received was
// signed and verified by it (the integration refuses unsigned ones), and
// returns how many there were.
func (e *env) signedBothWays(alias string) int {
	e.t.Helper()
	n := 0
	for _, r := range e.ints[alias].Requests() {
		if r.Refused != "" {
			e.t.Errorf("%s refused %s %s: %s", alias, r.Method, r.Path, r.Refused)
		}
		n++
	}
	return n
}

func integrationOpts(features ...string) integrationtest.Options {
	return integrationtest.Options{Features: features}
}
