// Package integrationtest is a partner integration for tests: an HTTP
// server that implements PassFort's partner protocol for one check type,
// written from the protocol's documents (not from Gatehouse's client), so
// that tests of Gatehouse's client and handlers run against an integration
// that could have been written by a provider.
//
// It serves GET /, GET /config, POST /checks (synchronous, callback and
// polled templates), /checks/{id}/ready, /complete and /poll, POST
// /download_file and POST /search; verifies every signed request with its
// own verifier (sig.go) and signs its callbacks and image downloads to
// Gatehouse with its own signer. Its answers follow the demo_result values
// of the protocol's Demo Checks section, and a live check gives the ANY
// demo answer built from the check input. Tests can inject faults (an
// error status, a delay, a dropped connection) and read every request it
// received.
package integrationtest

import (
	"bytes"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// Options configure a Provider. Zero values take the defaults noted.
type Options struct {
	// CheckType is the protocol check type served, e.g. IDENTITY_CHECK.
	CheckType string
	// Key is the 32-byte key shared with Gatehouse.
	Key []byte
	// Gatehouse is the base URL (ending in "/") of Gatehouse's
	// integration endpoints: callbacks go to Gatehouse+"callbacks", image
	// downloads to Gatehouse+"images/{id}".
	Gatehouse string
	// ProviderName is GET /'s provider_name; default "Gatehouse Test Provider".
	ProviderName string
	// ProviderID is the provider_id of callback and polled checks;
	// default 7c6b1f3e-5a8d-4c2e-9f10-2b3a4c5d6e7f.
	ProviderID string
	// Credentials are the DIRECT credentials the provider accepts;
	// default {"username": "tester", "password": "s3cret"}.
	Credentials map[string]string
	// Features are the supported_features declared.
	Features []string
	// PollsBeforeResult is how many polls answer "still running" before
	// the result (polled checks); -1 never gives a result.
	PollsBeforeResult int
	// MaxPolls, PollingInterval and InitialInterval are declared in the
	// polled template; defaults 5, 0.01 and 0 seconds.
	MaxPolls                         int
	PollingInterval, InitialInterval float64
	// Timeout is declared as the template's timeout (sync) or
	// request_timeout and callback_timeout (callback); 0 declares none.
	Timeout int
	// AutoCallback makes a live callback check call back while answering
	// /ready, as demo checks always do. Without it, a test calls Callback.
	AutoCallback bool
	// Now is the provider's clock; nil means time.Now.
	Now func() time.Time
}

// Provider is a running test integration.
type Provider struct {
	// URL is the integration's base URL, ending in "/".
	URL string

	o      Options
	srv    *httptest.Server
	client *http.Client

	mu     sync.Mutex
	log    []Request
	faults []*fault
	checks map[string]*check // by reference
	refs   int
	// calledBack marks the references called back (by Callback).
	calledBack map[string]bool
}

// Request is a request the provider received.
type Request struct {
	Method, Path string
	Body         []byte
	// Refused is why the provider refused the request's signature; empty
	// when it verified.
	Refused string
	// Status is the status answered.
	Status int
}

// Fault is what a request to a path gets instead of its answer.
type Fault struct {
	// Status answers this status (with a JSON error body).
	Status int
	// Delay waits this long before answering (or before the fault).
	Delay time.Duration
	// Drop closes the connection without answering.
	Drop bool
	// Body answers this body with status 200 (or Status).
	Body string
	// ContentType is the Content-Type of Body; default application/json.
	ContentType string
}

type fault struct {
	path  string
	left  int
	fault Fault
}

// check is a check the provider started.
type check struct {
	id, reference, demo string
	input               map[string]any
	config              map[string]any
	polls               int
	ready               bool
	images              []string          // image ids downloaded from Gatehouse
	digests             map[string]string // their SHA-256, by id
}

// Start starts a provider on loopback; it stops when the test ends.
func Start(t testing.TB, o Options) *Provider {
	t.Helper()
	return StartOn(t, nil, o)
}

// StartOn starts a provider on a listener, such as one on an address a
// test configured before the provider existed; nil means a new loopback
// listener. It stops when the test ends.
func StartOn(t testing.TB, l net.Listener, o Options) *Provider {
	t.Helper()
	if len(o.Key) != 32 {
		t.Fatalf("integrationtest: the key must be 32 bytes, got %d", len(o.Key))
	}
	if o.ProviderName == "" {
		o.ProviderName = "Gatehouse Test Provider"
	}
	if o.ProviderID == "" {
		o.ProviderID = "7c6b1f3e-5a8d-4c2e-9f10-2b3a4c5d6e7f"
	}
	if o.Credentials == nil {
		o.Credentials = map[string]string{"username": "tester", "password": "s3cret"}
	}
	if o.MaxPolls == 0 {
		o.MaxPolls = 5
	}
	if o.PollingInterval == 0 {
		o.PollingInterval = 0.01
	}
	p := &Provider{o: o, checks: map[string]*check{}, calledBack: map[string]bool{}, client: &http.Client{Timeout: 10 * time.Second}}
	p.srv = httptest.NewUnstartedServer(http.HandlerFunc(p.serve))
	if l != nil {
		p.srv.Listener.Close()
		p.srv.Listener = l
	}
	p.srv.Start()
	t.Cleanup(p.srv.Close)
	p.URL = p.srv.URL + "/"
	return p
}

// Inject makes the next times requests to path (such as "/checks" or
// "/checks/*/poll") get the fault; times < 0 means every request.
func (p *Provider) Inject(path string, times int, f Fault) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.faults = append(p.faults, &fault{path: path, left: times, fault: f})
}

// Requests returns the requests received so far, in order.
func (p *Provider) Requests() []Request {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]Request(nil), p.log...)
}

// Count is how many requests to path (a pattern as Inject takes) arrived.
func (p *Provider) Count(path string) int {
	n := 0
	for _, r := range p.Requests() {
		if match(path, r.Path) {
			n++
		}
	}
	return n
}

// Downloaded lists the image ids the provider downloaded from Gatehouse
// for the check with this reference.
func (p *Provider) Downloaded(reference string) []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	if c := p.checks[reference]; c != nil {
		return append([]string(nil), c.images...)
	}
	return nil
}

// DownloadedSHA256 gives the hex SHA-256 of each image the provider
// downloaded from Gatehouse for the check with this reference, by image
// id: what a test compares with the bytes it uploaded.
func (p *Provider) DownloadedSHA256(reference string) map[string]string {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := map[string]string{}
	if c := p.checks[reference]; c != nil {
		for id, sum := range c.digests {
			out[id] = sum
		}
	}
	return out
}

func (p *Provider) now() time.Time {
	if p.o.Now != nil {
		return p.o.Now()
	}
	return time.Now()
}

// match reports whether a path matches a pattern whose "*" segments match
// any one segment.
func match(pattern, path string) bool {
	ps, qs := strings.Split(pattern, "/"), strings.Split(path, "/")
	if len(ps) != len(qs) {
		return false
	}
	for i := range ps {
		if ps[i] != "*" && ps[i] != qs[i] {
			return false
		}
	}
	return true
}

func (p *Provider) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	// The request is logged as it arrives (a test counting requests must
	// see one whose answer never came), and its outcome when known.
	p.mu.Lock()
	at := len(p.log)
	p.log = append(p.log, Request{Method: r.Method, Path: r.URL.Path, Body: body})
	p.mu.Unlock()
	w = &logWriter{ResponseWriter: w, p: p, at: at}
	if f, ok := p.takeFault(r.URL.Path); ok {
		if f.Delay > 0 {
			select {
			case <-time.After(f.Delay):
			case <-r.Context().Done():
				return
			}
		}
		switch {
		case f.Drop:
			if conn, _, err := http.NewResponseController(w).Hijack(); err == nil {
				conn.Close()
			} else {
				panic("integrationtest: cannot drop the connection: " + err.Error())
			}
			return
		case f.Status != 0 || f.Body != "":
			status := f.Status
			if status == 0 {
				status = http.StatusOK
			}
			ct := f.ContentType
			if ct == "" {
				ct = "application/json"
			}
			w.Header().Set("Content-Type", ct)
			w.WriteHeader(status)
			if f.Body != "" {
				io.WriteString(w, f.Body)
			} else {
				io.WriteString(w, `{"error":"injected fault"}`)
			}
			return
		}
	}
	if !(r.Method == http.MethodGet && r.URL.Path == "/") {
		if err := verify(r, body, p.o.Key, p.now()); err != nil {
			p.mu.Lock()
			p.log[at].Refused = err.Error()
			p.mu.Unlock()
			writeJSON(w, http.StatusUnauthorized, map[string]any{"error": "unauthorised: " + err.Error()})
			return
		}
	}
	p.route(w, r, body)
}

// logWriter notes the status of an answer in the log before the answer
// goes out, so that a test reading the log after its call sees it.
type logWriter struct {
	http.ResponseWriter
	p  *Provider
	at int
}

func (lw *logWriter) WriteHeader(status int) {
	lw.p.mu.Lock()
	lw.p.log[lw.at].Status = status
	lw.p.mu.Unlock()
	lw.ResponseWriter.WriteHeader(status)
}

func (lw *logWriter) Write(b []byte) (int, error) {
	lw.p.mu.Lock()
	if lw.p.log[lw.at].Status == 0 {
		lw.p.log[lw.at].Status = http.StatusOK
	}
	lw.p.mu.Unlock()
	return lw.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController (and Hijack) reach the connection.
func (lw *logWriter) Unwrap() http.ResponseWriter { return lw.ResponseWriter }

func (p *Provider) takeFault(path string) (Fault, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, f := range p.faults {
		if f.left != 0 && match(f.path, path) {
			if f.left > 0 {
				f.left--
			}
			return f.fault, true
		}
	}
	return Fault{}, false
}

func (p *Provider) route(w http.ResponseWriter, r *http.Request, body []byte) int {
	parts := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
	switch {
	case r.Method == http.MethodGet && r.URL.Path == "/":
		return writeJSON(w, 200, map[string]any{"protocol_version": 1, "provider_name": p.o.ProviderName})
	case r.Method == http.MethodGet && r.URL.Path == "/config":
		return writeJSON(w, 200, p.config())
	case r.Method != http.MethodPost:
		return writeJSON(w, 405, map[string]any{"error": "method not allowed"})
	}
	var req map[string]any
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if err := dec.Decode(&req); err != nil {
		return writeJSON(w, 400, map[string]any{"error": "the body is not a JSON object"})
	}
	switch {
	case r.URL.Path == "/checks":
		return p.startCheck(w, req)
	case len(parts) == 3 && parts[0] == "checks" && parts[2] == "ready":
		return p.ready(w, parts[1], req)
	case len(parts) == 3 && parts[0] == "checks" && parts[2] == "complete":
		return p.complete(w, parts[1], req)
	case len(parts) == 3 && parts[0] == "checks" && parts[2] == "poll":
		return p.poll(w, parts[1], req)
	case r.URL.Path == "/download_file":
		return p.download(w, req)
	case r.URL.Path == "/search":
		return p.search(w, req)
	}
	return writeJSON(w, 404, map[string]any{"error": "not found"})
}

func writeJSON(w http.ResponseWriter, status int, v any) int {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
	return status
}

// template is the check_template of the check type.
func (p *Provider) template() string {
	switch p.o.CheckType {
	case "DOCUMENT_VERIFICATION", "DOCUMENT_FETCH":
		return "ONE_TIME_CALLBACK"
	case "PEPS_AND_SANCTIONS_SCREEN", "COMPANY_PEPS_AND_SANCTIONS_SCREEN":
		return "POLLED"
	}
	return "ONE_TIME_SYNCHRONOUS"
}

func (p *Provider) config() map[string]any {
	tmpl := map[string]any{}
	switch p.template() {
	case "ONE_TIME_SYNCHRONOUS":
		tmpl["type"] = "ONE_TIME_SYNCHRONOUS"
		if p.o.Timeout > 0 {
			tmpl["timeout"] = p.o.Timeout
		}
	case "ONE_TIME_CALLBACK":
		tmpl["type"] = "ONE_TIME_CALLBACK"
		if p.o.Timeout > 0 {
			tmpl["request_timeout"], tmpl["callback_timeout"] = p.o.Timeout, p.o.Timeout
		}
	default:
		tmpl["polling_strategy"] = "UNIFORM"
		tmpl["initial_interval"] = p.o.InitialInterval
		tmpl["polling_interval"] = p.o.PollingInterval
		tmpl["max_polls"] = p.o.MaxPolls
	}
	custom := strings.HasSuffix(p.o.CheckType, "_CUSTOM")
	pricing := map[string]any{"supports_reselling": !custom}
	if !custom {
		pricing["maximum_cost"] = 150
	}
	features := p.o.Features
	if features == nil {
		features = []string{}
	}
	return map[string]any{
		"check_type":          p.o.CheckType,
		"check_template":      tmpl,
		"pricing":             pricing,
		"supported_countries": []string{"GBR", "USA", "IRL"},
		"supported_features":  features,
		"credentials": map[string]any{"fields": []any{
			map[string]any{"type": "string", "name": "username", "label": "User name"},
			map[string]any{"type": "password", "name": "password", "label": "Password"},
		}},
		"config": map[string]any{"fields": []any{
			map[string]any{"type": "boolean", "name": "strict", "label": "Strict matching", "default": false},
			map[string]any{"type": "MultiSelect", "name": "decision", "label": "Decision to return (custom checks)",
				"options": []string{"PASS", "FAIL", "PARTIAL", "WARN", "ERROR"}, "default": nil},
		}},
	}
}
