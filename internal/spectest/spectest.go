// Package spectest checks HTTP responses against the PassFort API 4.0
// OpenAPI document. The document is read at test time from ../shared/spec
// next to the repository (or $GATEHOUSE_SPEC) and never copied into it.
// Without it tests skip, unless $GATEHOUSE_TEST_REQUIRE_SPEC is 1.
package spectest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
)

// Validator validates responses of paths the contract describes.
type Validator struct {
	doc    *openapi3.T
	router routers.Router
}

var (
	docOnce sync.Once
	doc     *openapi3.T
	docErr  error

	once   sync.Once
	shared *Validator
	err    error
)

// RequireEnv names the environment variable that, set to 1, turns a missing
// spec into a test failure instead of a skip (./scripts/test sets it).
const RequireEnv = "GATEHOUSE_TEST_REQUIRE_SPEC"

// Path returns where the spec is expected: $GATEHOUSE_SPEC, or
// ../shared/spec/passfort-api-4.0.openapi.json beside the module root.
func Path() string {
	if p := os.Getenv("GATEHOUSE_SPEC"); p != "" {
		return p
	}
	dir, _ := os.Getwd()
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Join(dir, "..", "shared", "spec", "passfort-api-4.0.openapi.json")
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// Doc returns the parsed PassFort 4.0 document (read once per test binary).
// It skips the test when the spec is absent, or fails it when
// $GATEHOUSE_TEST_REQUIRE_SPEC is 1.
func Doc(t testing.TB) *openapi3.T {
	t.Helper()
	docOnce.Do(func() {
		p := Path()
		if p == "" {
			docErr = os.ErrNotExist
			return
		}
		if _, docErr = os.Stat(p); docErr != nil {
			return
		}
		if doc, docErr = openapi3.NewLoader().LoadFromFile(p); docErr != nil {
			return
		}
		doc.Servers = openapi3.Servers{{URL: "/4.0"}}
	})
	if docErr != nil {
		unavailable(t, docErr)
	}
	return doc
}

// unavailable ends a test that cannot have the spec: a skip when it is
// absent and $GATEHOUSE_TEST_REQUIRE_SPEC is not 1, a failure otherwise.
func unavailable(t testing.TB, err error) {
	t.Helper()
	switch {
	case !errors.Is(err, os.ErrNotExist):
		t.Fatalf("load the PassFort spec: %v", err)
	case os.Getenv(RequireEnv) == "1":
		t.Fatalf("the PassFort spec is not at %q (%v) and %s=1", Path(), err, RequireEnv)
	default:
		t.Skipf("the PassFort spec is not at %q: %v", Path(), err)
	}
}

// Load returns the validator. Like Doc it skips the test when the spec is
// absent (or fails it when $GATEHOUSE_TEST_REQUIRE_SPEC is 1); it never
// returns nil.
func Load(t testing.TB) *Validator {
	t.Helper()
	d := Doc(t)
	once.Do(func() {
		var r routers.Router
		if r, err = gorillamux.NewRouter(d); err != nil {
			return
		}
		shared = &Validator{doc: d, router: r}
	})
	if shared == nil {
		t.Fatalf("route the PassFort spec: %v", err)
	}
	return shared
}

// Check validates one response. A 200 response of a path and method the
// contract describes must validate against it; any other status must be
// PassFort's error envelope. Paths outside the contract are only checked to
// be JSON.
func (v *Validator) Check(t testing.TB, req *http.Request, status int, header http.Header, body []byte) {
	t.Helper()
	if status != http.StatusOK {
		CheckEnvelope(t, body)
		return
	}
	route, params, err := v.router.FindRoute(req)
	if err != nil {
		if !json.Valid(body) {
			t.Errorf("%s %s: response is not JSON: %s", req.Method, req.URL.Path, body)
		}
		return
	}
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{
			Request: req, PathParams: params, Route: route,
			Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc},
		},
		Status: status,
		Header: header,
		Options: &openapi3filter.Options{
			AuthenticationFunc:    openapi3filter.NoopAuthenticationFunc,
			IncludeResponseStatus: true,
			MultiError:            true,
		},
	}
	in.SetBodyBytes(body)
	if err := openapi3filter.ValidateResponse(context.Background(), in); err != nil {
		t.Errorf("%s %s: response does not validate against the PassFort 4.0 spec:\n%v\nbody: %s",
			req.Method, req.URL.Path, err, truncate(body))
	}
}

// CheckEnvelope asserts body is PassFort's error envelope:
// {"errors":[{"code": int, "message": string, "source": API|ENGINE|PROVIDER, "info": object}]}.
func CheckEnvelope(t testing.TB, body []byte) {
	t.Helper()
	var env struct {
		Errors []struct {
			Code    *int            `json:"code"`
			Message *string         `json:"message"`
			Source  *string         `json:"source"`
			Info    json.RawMessage `json:"info"`
		} `json:"errors"`
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&env); err != nil || len(env.Errors) == 0 {
		t.Errorf("not an error envelope (%v): %s", err, truncate(body))
		return
	}
	for _, e := range env.Errors {
		if e.Code == nil || e.Message == nil || *e.Message == "" || e.Source == nil || len(e.Info) == 0 || e.Info[0] != '{' {
			t.Errorf("error entry lacks code, message, source or info object: %s", truncate(body))
		}
		if e.Source != nil && *e.Source != "API" && *e.Source != "ENGINE" && *e.Source != "PROVIDER" {
			t.Errorf("error source %q is not API, ENGINE or PROVIDER", *e.Source)
		}
	}
}

func truncate(b []byte) string {
	if len(b) > 2000 {
		return string(b[:2000]) + "…"
	}
	return string(b)
}

// Client is an HTTP client whose every response is validated.
type Client struct {
	T       testing.TB
	V       *Validator
	BaseURL string
	Key     string
	HTTP    *http.Client
}

// Do sends a request with the client's API key and returns status and body,
// after validating the response.
func (c *Client) Do(method, path string, body any, header ...string) (int, []byte) {
	c.T.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = bytes.NewBufferString(b)
	case []byte:
		rd = bytes.NewReader(b)
	default:
		j, err := json.Marshal(b)
		if err != nil {
			c.T.Fatal(err)
		}
		rd = bytes.NewReader(j)
	}
	req, err := http.NewRequest(method, c.BaseURL+path, rd)
	if err != nil {
		c.T.Fatal(err)
	}
	if c.Key != "" {
		req.Header.Set("apikey", c.Key)
	}
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	hc := c.HTTP
	if hc == nil {
		hc = http.DefaultClient
	}
	resp, err := hc.Do(req)
	if err != nil {
		c.T.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	if err != nil {
		c.T.Fatal(err)
	}
	// Validate against the contract's server-relative path.
	vreq, _ := http.NewRequest(method, "http://gatehouse"+path, nil)
	if c.V != nil {
		c.V.Check(c.T, vreq, resp.StatusCode, resp.Header, out)
	}
	return resp.StatusCode, out
}
