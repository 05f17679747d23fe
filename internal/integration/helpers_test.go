package integration_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/gatehouse/gatehouse/internal/integration"
	"github.com/gatehouse/gatehouse/internal/integration/httpsig"
	"github.com/gatehouse/gatehouse/internal/integration/integrationtest"
	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/passfort"
	"github.com/gatehouse/gatehouse/internal/spectest"
)

// keyBytes returns a 32-byte key starting at first.
func keyBytes(first byte) []byte {
	b := make([]byte, httpsig.KeySize)
	for i := range b {
		b[i] = first + byte(i)*7
	}
	return b
}

func mustKey(t testing.TB, b []byte) httpsig.Key {
	t.Helper()
	k, err := httpsig.NewKey(b)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// Fixed ids of the inputs.
const (
	documentID = "3f1c2b9a-6d4e-4f8a-9b7c-1e2d3c4b5a69"
	imageID    = "8a7b6c5d-4e3f-4a2b-9c1d-0e9f8a7b6c5d"
	checkID    = "5b4a3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d"
)

// Inputs, written for these tests.
var (
	individual = `{"entity_type":"INDIVIDUAL","personal_details":{"name":{"given_names":["Robin","Alex"],"family_name":"Fairweather"},` +
		`"dob":"1984-03-09","nationality":"GBR"},"address_history":[{"address":{"type":"STRUCTURED","country":"GBR",` +
		`"locality":"York","postal_code":"YO1 7HH","route":"Stonegate","street_number":"8"},"start_date":"2019-05"}],` +
		`"documents":[{"id":"` + documentID + `","category":"PROOF_OF_IDENTITY","document_type":"PASSPORT",` +
		`"images":[{"id":"` + imageID + `","image_type":"FRONT"}]}]}`
	fetchInput = `{"entity_type":"INDIVIDUAL","personal_details":{"name":{"given_names":["Robin"],"family_name":"Fairweather"},` +
		`"dob":"1984-03-09"},"external_refs":{"generic":"PROVIDER-TOKEN-1"},` +
		`"documents":[{"id":"` + documentID + `","category":"PROOF_OF_ADDRESS","document_type":"UNKNOWN","images":[]}]}`
	company = `{"entity_type":"COMPANY","metadata":{"name":"Northwind Traders Ltd","number":"04123456","country_of_incorporation":"GBR"}}`
)

// gatehouse is the Gatehouse side of the tests: an HTTP server on loopback
// with the callback and image handlers, over an in-memory record of the
// checks in progress (the lead's store in production).
type gatehouse struct {
	srv   *httptest.Server
	base  string // ends in "/"
	peers *integration.Peers

	mu        sync.Mutex
	running   map[string]*running // by peer, provider_id and reference
	images    map[string]string   // image id to the peer running a check on it
	accepted  chan integration.Callback
	acceptErr error
}

type running struct {
	ref integration.Ref
}

const peerName = "test-provider"

func newGatehouse(t *testing.T, key httpsig.Key) *gatehouse {
	t.Helper()
	peers, err := integration.NewPeers(integration.Peer{Name: peerName, Key: key})
	if err != nil {
		t.Fatal(err)
	}
	g := &gatehouse{peers: peers, running: map[string]*running{}, images: map[string]string{}, accepted: make(chan integration.Callback, 16)}
	mux := http.NewServeMux()
	mux.Handle("/gatehouse/v1/integrations/v1/callbacks", &integration.CallbackHandler{Peers: peers, Accept: g.accept})
	mux.Handle("/gatehouse/v1/integrations/v1/images/{image_id}", &integration.ImageHandler{Peers: peers, Image: g.image})
	g.srv = httptest.NewServer(mux)
	t.Cleanup(g.srv.Close)
	g.base = g.srv.URL + "/gatehouse/v1/integrations/v1/"
	return g
}

func runningKey(peer, providerID, reference string) string {
	return peer + "|" + providerID + "|" + reference
}

// track records a check in progress, as the lead's store does before
// calling /ready.
func (g *gatehouse) track(ref integration.Ref) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.running[runningKey(peerName, ref.ProviderID, ref.Reference)] = &running{ref: ref}
}

// grant lets the peer download images while a check on them runs: from
// its instruction (before the start request) to its end.
func (g *gatehouse) grant(images ...string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	for _, id := range images {
		g.images[id] = peerName
	}
}

func (g *gatehouse) revoke(images ...string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	for _, id := range images {
		delete(g.images, id)
	}
}

func (g *gatehouse) finish(ref integration.Ref) {
	g.mu.Lock()
	defer g.mu.Unlock()
	delete(g.running, runningKey(peerName, ref.ProviderID, ref.Reference))
}

// ref returns a check's Ref with the custom_data merged so far.
func (g *gatehouse) ref(ref integration.Ref) integration.Ref {
	g.mu.Lock()
	defer g.mu.Unlock()
	if r := g.running[runningKey(peerName, ref.ProviderID, ref.Reference)]; r != nil {
		return r.ref
	}
	return ref
}

func (g *gatehouse) accept(_ context.Context, from integration.Peer, cb integration.Callback) (string, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.acceptErr != nil {
		return "", g.acceptErr
	}
	r := g.running[runningKey(from.Name, cb.ProviderID, cb.Reference)]
	if r == nil {
		return "", integration.ErrUnknownCheck
	}
	merged, err := integration.MergeCustomData(r.ref.CustomData, cb.CustomData)
	if err != nil {
		return "", err
	}
	r.ref.CustomData = merged
	g.accepted <- cb
	return "", nil
}

func (g *gatehouse) image(_ context.Context, from integration.Peer, id string) (integration.Image, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.images[id] != from.Name {
		return integration.Image{}, integration.ErrUnknownCheck
	}
	return integration.Image{ContentType: "image/png", Data: integrationtest.PNG}, nil
}

// waitCallback waits for the handler to accept a callback.
func (g *gatehouse) waitCallback(t *testing.T) integration.Callback {
	t.Helper()
	select {
	case cb := <-g.accepted:
		return cb
	case <-time.After(5 * time.Second):
		t.Fatal("no callback accepted within 5 s")
		return integration.Callback{}
	}
}

// setup starts a provider of a check type and Gatehouse, and returns a
// client of the provider configured from its /config.
func setup(t *testing.T, checkType integration.CheckType, o integrationtest.Options) (*integration.Client, *integrationtest.Provider, *gatehouse, *integration.Config) {
	t.Helper()
	kb := keyBytes(3)
	key := mustKey(t, kb)
	g := newGatehouse(t, key)
	o.CheckType, o.Key, o.Gatehouse = string(checkType), kb, g.base
	p := integrationtest.Start(t, o)
	c, err := integration.NewClient(p.URL, key)
	if err != nil {
		t.Fatal(err)
	}
	c.Retry = integration.Retry{Base: time.Millisecond, Max: 4 * time.Millisecond}
	cfg, err := c.Config(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if err := cfg.Validate(checkType); err != nil {
		t.Fatalf("the test provider's config does not validate: %v", err)
	}
	c.Configure(cfg)
	return c, p, g, cfg
}

// direct is the commercial terms of a direct customer.
func direct() (integration.CommercialRelationship, integration.Credentials) {
	return integration.Direct, integration.Credentials{"username": integration.NewSecret("tester"), "password": integration.NewSecret("s3cret")}
}

func request(input, demo string) integration.CheckRequest {
	rel, creds := direct()
	return integration.CheckRequest{ID: checkID, DemoResult: demo, CommercialRelationship: rel, CheckInput: json.RawMessage(input),
		ProviderConfig: map[string]any{"strict": true}, ProviderCredentials: creds}
}

func facts(t testing.TB, input string) kyc.Facts {
	t.Helper()
	_, f, err := passfort.DecodeEntityData([]byte(input), "input_data")
	if err != nil {
		t.Fatalf("test input does not validate: %v", err)
	}
	return f
}

// validate checks an outcome as the API would show it against the 4.0
// contract: the CheckResource of its target type, and each hit's event as
// EventData (with the contract and with Gatehouse's decoder).
func validate(t *testing.T, target kyc.CheckType, input string, o kyc.CheckOutcome) {
	t.Helper()
	doc := spectest.Doc(t)
	errs := []any{}
	for _, e := range o.Errors {
		if e.Code == 0 || e.Message == "" || (e.Source != "API" && e.Source != "ENGINE" && e.Source != "PROVIDER") {
			t.Errorf("incomplete check error %+v", e)
		}
		errs = append(errs, map[string]any{"code": e.Code, "message": e.Message, "source": e.Source, "info": e.Info})
	}
	provs := []any{}
	for _, p := range o.Providers {
		provs = append(provs, map[string]any{"provider_name": p.Name, "is_monitored": p.IsMonitored})
	}
	res := map[string]any{
		"id": checkID, "check_type": string(target), "state": "COMPLETE", "result": o.Result,
		"variant":      map[string]any{"id": "5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d", "name": "Integration"},
		"performed_on": "2026-01-02 03:04:05", "errors": errs, "task_ids": []any{}, "providers": provs,
		"instructed_externally": false, "input_data": json.RawMessage(input), "output_data": o.Output,
	}
	switch target {
	case kyc.CheckDocumentVerification:
		res["document_id"] = documentID
	case kyc.CheckDocumentFetch:
		res["source"], res["reference"] = "ONFIDO", "demo-reference"
	}
	if err := doc.Components.Schemas["CheckResource"].Value.VisitJSON(generic(t, res)); err != nil {
		t.Errorf("the check does not validate as a 4.0 %s CheckResource: %v\noutput: %s", target, err, o.Output)
	}
	for _, h := range o.Hits {
		if err := doc.Components.Schemas["EventData"].Value.VisitJSON(generic(t, h.Event)); err != nil {
			t.Errorf("hit does not validate as EventData: %v\n%s", err, h.Event)
		}
		if _, et, err := passfort.DecodeEventData(h.Event, "data"); err != nil || et != h.Type {
			t.Errorf("hit refused by the event decoder (%v) or typed %s, want %s", err, et, h.Type)
		}
	}
	if (o.Result == "Error") != (len(o.Errors) > 0) && target != kyc.CheckIndividualManualForm && target != kyc.CheckCompanyManualForm {
		t.Errorf("result %s with errors %+v", o.Result, o.Errors)
	}
}

// generic turns a value into the plain JSON values kin-openapi visits.
func generic(t testing.TB, v any) any {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var out any
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

func codes(errs []kyc.CheckError) []int {
	out := []int{}
	for _, e := range errs {
		out = append(out, e.Code)
	}
	return out
}

func isCallError(err error, kind integration.ErrorKind) bool {
	var ce *integration.CallError
	return errors.As(err, &ce) && ce.Kind == kind
}
