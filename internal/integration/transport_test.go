package integration_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gatehouse/gatehouse/internal/integration"
	"github.com/gatehouse/gatehouse/internal/integration/httpsig"
	"github.com/gatehouse/gatehouse/internal/integration/integrationtest"
	"github.com/gatehouse/gatehouse/internal/kyc"
)

// TestRetries: calls that get no answer (a dropped connection, a timeout)
// are retried with back-off; an HTTP answer, even 500, never is. The
// protocol documents no retry of checks; retrying only what never reached
// an answer cannot run a check twice at a provider that answered, and the
// check id, the same on every attempt, lets a provider that did get the
// request recognise the repeat.
func TestRetries(t *testing.T) {
	t.Parallel()
	m := integration.Mapping{Kind: integration.IdentityCheck, Target: kyc.CheckIdentity, Provider: "P"}
	for _, tc := range []struct {
		name      string
		fault     integrationtest.Fault
		times     int
		timeout   time.Duration
		requests  int
		kind      integration.ErrorKind // 0: success
		code      int                   // the check error of a final failure
		temporary bool
	}{
		{name: "dropped twice, then answered", fault: integrationtest.Fault{Drop: true}, times: 2, requests: 3},
		{name: "always dropped", fault: integrationtest.Fault{Drop: true}, times: -1, requests: 3, kind: integration.KindConnection, temporary: true},
		{name: "slow once", fault: integrationtest.Fault{Delay: time.Second}, times: 1, timeout: 100 * time.Millisecond, requests: 2},
		{name: "always slow", fault: integrationtest.Fault{Delay: time.Second}, times: -1, timeout: 100 * time.Millisecond, requests: 3,
			kind: integration.KindConnection, temporary: true},
		{name: "500", fault: integrationtest.Fault{Status: 500}, times: -1, requests: 1, kind: integration.KindStatus, code: 303},
		{name: "503", fault: integrationtest.Fault{Status: 503}, times: -1, requests: 1, kind: integration.KindStatus, code: 303},
		{name: "401", fault: integrationtest.Fault{Status: 401}, times: -1, requests: 1, kind: integration.KindStatus, code: 502},
		{name: "not JSON", fault: integrationtest.Fault{Body: "<html>oops</html>", ContentType: "text/html"}, times: -1, requests: 1,
			kind: integration.KindBody, code: 303},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, p, _, _ := setup(t, integration.IdentityCheck, integrationtest.Options{})
			if tc.timeout > 0 {
				c.Timeout = tc.timeout
			}
			var waits []time.Duration
			c.Sleep = func(ctx context.Context, d time.Duration) error { waits = append(waits, d); return ctx.Err() }
			p.Inject("/checks", tc.times, tc.fault)
			r, err := c.RunCheck(context.Background(), request(individual, "ANY"))
			if n := p.Count("/checks"); n != tc.requests {
				t.Errorf("the provider got %d requests, want %d", n, tc.requests)
			}
			if len(waits) != tc.requests-1 {
				t.Errorf("waited %v between %d attempts", waits, tc.requests)
			}
			if tc.kind == 0 {
				if err != nil || m.Outcome(r).Result != "2+2" {
					t.Fatalf("got %v, want the answer of the last attempt", err)
				}
				return
			}
			ce := integration.AsCallError(err)
			if ce == nil || ce.Kind != tc.kind || ce.Temporary() != tc.temporary || ce.Attempts != tc.requests {
				t.Fatalf("got %v (%+v), want a %v error after %d attempts", err, ce, tc.kind, tc.requests)
			}
			o, ferr := m.Failure(err)
			if tc.temporary {
				if !kyc.IsCode(ferr, kyc.EProvider) {
					t.Errorf("Failure: got %v, want EProvider, for the job queue to retry", ferr)
				}
				return
			}
			if ferr != nil || o.Result != "Error" || len(o.Errors) != 1 || o.Errors[0].Code != tc.code {
				t.Errorf("Failure: got %+v, %v; want Error with code %d", o, ferr, tc.code)
			}
			validate(t, kyc.CheckIdentity, individual, o)
		})
	}
}

// TestBackoff pins the delays: doubling from Base to Max, each between
// half and all of its step.
func TestBackoff(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		rand float64
		n    int
		want time.Duration
	}{
		{0, 1, 50 * time.Millisecond}, {0.999999, 1, 100 * time.Millisecond},
		{0, 2, 100 * time.Millisecond}, {0.5, 3, 300 * time.Millisecond},
		{0, 10, 500 * time.Millisecond}, {0.999999, 40, time.Second},
	} {
		r := integration.Retry{Base: 100 * time.Millisecond, Max: time.Second, Rand: func() float64 { return tc.rand }}
		if got := r.Delay(tc.n); got.Round(time.Millisecond) != tc.want {
			t.Errorf("Delay(%d) with rand %v: got %v, want %v", tc.n, tc.rand, got, tc.want)
		}
	}
}

// TestBadAnswers: an answer that is not what the protocol says becomes a
// precise error naming what is wrong.
func TestBadAnswers(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, path, body string
		kind             integration.CheckType
		want             string
	}{
		{"empty", "/checks", " ", integration.IdentityCheck, "the answer is empty"},
		{"array", "/checks", `[]`, integration.IdentityCheck, "not a JSON object"},
		{"truncated", "/checks", `{"errors":[`, integration.IdentityCheck, "not valid JSON (at byte 11)"},
		{"errors an object", "/checks", `{"errors":{"type":"X"}}`, integration.IdentityCheck, "errors: is a JSON object, where the protocol expects an array"},
		{"check_output a string", "/checks", `{"check_output":"yes"}`, integration.IdentityCheck, "check_output: must be an object"},
		{"result a number", "/checks", `{"result":2}`, integration.IdentityCheck, "result: must be a result name"},
		{"start without reference", "/checks", `{"provider_id":"7c6b1f3e-5a8d-4c2e-9f10-2b3a4c5d6e7f"}`, integration.DocumentVerification, "reference: is required"},
		{"start with a bad provider_id", "/checks", `{"provider_id":"p1","reference":"r"}`, integration.DocumentVerification, "provider_id: must be a UUID"},
		{"custom_data a list", "/checks", `{"provider_id":"7c6b1f3e-5a8d-4c2e-9f10-2b3a4c5d6e7f","reference":"r","custom_data":[]}`,
			integration.DocumentVerification, "custom_data: must be an object"},
		{"invalid UTF-8", "/checks", "{\"errors\":[{\"type\":\"\xff\"}]}", integration.IdentityCheck, "not valid UTF-8"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, p, _, _ := setup(t, tc.kind, integrationtest.Options{})
			p.Inject(tc.path, -1, integrationtest.Fault{Body: tc.body})
			var err error
			if tc.kind.Template() == integration.TemplateSync {
				_, err = c.RunCheck(context.Background(), request(individual, ""))
			} else {
				_, err = c.StartCheck(context.Background(), request(individual, ""))
			}
			ce := integration.AsCallError(err)
			if ce == nil || ce.Kind != integration.KindBody || !strings.Contains(ce.Error(), tc.want) || ce.Attempts != 1 {
				t.Fatalf("got %v, want a body error saying %q", err, tc.want)
			}
			if strings.Contains(ce.Error(), "integration.") {
				t.Errorf("the error %q names Go types", ce.Error())
			}
		})
	}
	c, p, _, _ := setup(t, integration.IdentityCheck, integrationtest.Options{})
	c.MaxBody = 64
	p.Inject("/checks", -1, integrationtest.Fault{Body: `{"provider_data":"` + strings.Repeat("x", 100) + `"}`})
	if _, err := c.RunCheck(context.Background(), request(individual, "")); !isCallError(err, integration.KindBody) ||
		!strings.Contains(err.Error(), "larger than 64 bytes") {
		t.Errorf("a large answer: got %v", err)
	}
}

// TestUnusableResults: answers that parse but that Gatehouse cannot map
// end the check as Error 303 naming the member.
func TestUnusableResults(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		kind   integration.CheckType
		target kyc.CheckType
		answer string
		want   string
	}{
		{integration.IdentityCheck, kyc.CheckIdentity, `{}`, "check_output: is required"},
		{integration.IdentityCheck, kyc.CheckIdentity, `{"check_output":{"entity_type":"INDIVIDUAL"}}`, "check_output.electronic_id_check: is required"},
		{integration.IdentityCheck, kyc.CheckIdentity, `{"check_output":{"electronic_id_check":{"matches":[{"count":1,"database_name":"A","database_type":"PHONE","matched_fields":[]}]}}}`,
			"matches[0].database_type"},
		{integration.IdentityCheck, kyc.CheckIdentity, `{"check_output":{"electronic_id_check":{"matches":[{"count":-1,"database_name":"A","database_type":"CIVIL","matched_fields":[]}]}}}`,
			"matches[0].count"},
		{integration.IdentityCheck, kyc.CheckIdentity, `{"check_output":{"electronic_id_check":{"matches":[{"count":1,"database_name":"A","database_type":"CIVIL","matched_fields":["EMAIL"]}]}}}`,
			"matched_fields[0]"},
		{integration.IdentityCheck, kyc.CheckIdentity, `{"result":"Maybe"}`, "result: \"Maybe\" is not one of"},
		{integration.DocumentVerification, kyc.CheckDocumentVerification, `{"check_output":{"documents":[]}}`, "check_output.documents: must list"},
		{integration.DocumentVerification, kyc.CheckDocumentVerification, `{"check_output":{"documents":[{"category":"PROOF_OF_IDENTITY","document_type":"SCROLL","images":[]}]}}`,
			"check_output.documents[0].document_type"},
		{integration.CompanyData, kyc.CheckCompanyRegistry, `{"check_output":{"metadata":{"country_of_incorporation":"XX"}}}`,
			"check_output.metadata.country_of_incorporation"},
		{integration.CompanyData, kyc.CheckCompanyRegistry, `{"check_output":{"metadata":{"name":"A"},"associates":[{"entity_type":"INDIVIDUAL","immediate_data":{"entity_type":"INDIVIDUAL"},"relationships":[{"relationship_type":"FRIEND"}]}]}}`,
			"associates[0].relationships[0].relationship_type"},
		{integration.CompanyData, kyc.CheckCompanyRegistry, `{"check_output":{"field_checks":[{"field":"NAME","result":"MAYBE"}]}}`, "field_checks[0].result"},
		{integration.IndividualCustom, kyc.CheckIndividualManualForm, `{"result":{"decision":"YES"}}`, "result.decision"},
		{integration.IndividualCustom, kyc.CheckIndividualManualForm, `{"errors":[]}`, "result: is required"},
		{integration.PEPsAndSanctionsScreen, kyc.CheckPEPsAndSanctions, `{"check_output":{"screening_hits":[{"data":{"name":"A"}}]}}`, "screening_hits[0].provider"},
		{integration.PEPsAndSanctionsScreen, kyc.CheckPEPsAndSanctions, `{"check_output":{"screening_hits":[{"provider":{"name":"p","label":"p","hit_id":"1"},"flags":[{"type":"CRIME"}],"data":{"name":"A"}}]}}`,
			"flags[0].type"},
		{integration.PEPsAndSanctionsScreen, kyc.CheckPEPsAndSanctions, `{"check_output":{"screening_hits":[{"provider":{"name":"p","label":"p","hit_id":"1"},"data":{}}]}}`,
			"data.name: is required"},
	} {
		t.Run(tc.want, func(t *testing.T) {
			var r integration.Result
			if err := json.Unmarshal([]byte(tc.answer), &r); err != nil {
				t.Fatal(err)
			}
			o := integration.Mapping{Kind: tc.kind, Target: tc.target, Provider: "P"}.Outcome(&r)
			wantResult := "Error"
			if tc.target == kyc.CheckIndividualManualForm {
				wantResult = "Fail"
			}
			if o.Result != wantResult || len(o.Errors) != 1 || o.Errors[0].Code != 303 || !strings.Contains(o.Errors[0].Message, tc.want) {
				t.Fatalf("got %s %+v, want %s with 303 naming %q", o.Result, o.Errors, wantResult, tc.want)
			}
		})
	}
}

// TestCredentialsOnlyWhenDirect: provider_credentials go with DIRECT
// requests and never with PASSFORT ones (the test integration refuses
// those with credentials).
func TestCredentialsOnlyWhenDirect(t *testing.T) {
	t.Parallel()
	c, p, _, _ := setup(t, integration.IdentityCheck, integrationtest.Options{})
	for _, rel := range []integration.CommercialRelationship{integration.Direct, integration.PassFort} {
		req := request(individual, "ANY")
		req.CommercialRelationship = rel
		if _, err := c.RunCheck(context.Background(), req); err != nil {
			t.Fatalf("%s: %v", rel, err)
		}
		reqs := p.Requests()
		body := reqs[len(reqs)-1].Body
		if has := bytes.Contains(body, []byte(`"provider_credentials"`)); has != (rel == integration.Direct) {
			t.Errorf("%s: credentials sent %v: %s", rel, has, body)
		}
		if rel == integration.Direct && !bytes.Contains(body, []byte(`"password":"s3cret"`)) {
			t.Errorf("DIRECT: the credentials' values were not sent: %s", body)
		}
	}
}

// TestCallerMistakes: a request Gatehouse should not send is refused
// before anything is sent, with a kyc error naming the member.
func TestCallerMistakes(t *testing.T) {
	t.Parallel()
	c, p, _, _ := setup(t, integration.IdentityCheck, integrationtest.Options{})
	for _, tc := range []struct {
		name  string
		edit  func(*integration.CheckRequest)
		field string
	}{
		{"id not a UUID", func(r *integration.CheckRequest) { r.ID = "check-1" }, "id"},
		{"id with a slash", func(r *integration.CheckRequest) { r.ID = "5b4a3c2d-1e0f-4a9b-8c7d/../../search" }, "id"},
		{"no relationship", func(r *integration.CheckRequest) { r.CommercialRelationship = "" }, "commercial_relationship"},
		{"unknown relationship", func(r *integration.CheckRequest) { r.CommercialRelationship = "FRIENDS" }, "commercial_relationship"},
		{"input not an object", func(r *integration.CheckRequest) { r.CheckInput = json.RawMessage(`[]`) }, "check_input"},
		{"no input", func(r *integration.CheckRequest) { r.CheckInput = nil }, "check_input"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := len(p.Requests())
			req := request(individual, "")
			tc.edit(&req)
			_, err := c.RunCheck(context.Background(), req)
			var ke *kyc.Error
			if !errors.As(err, &ke) || ke.Info["field"] != tc.field {
				t.Fatalf("got %v, want a kyc error naming %s", err, tc.field)
			}
			if n := len(p.Requests()) - before; n != 0 {
				t.Errorf("%d requests sent", n)
			}
		})
	}
}

func TestNewClient(t *testing.T) {
	t.Parallel()
	key := mustKey(t, keyBytes(1))
	for _, tc := range []struct {
		url string
		ok  bool
	}{
		{"https://provider.example/", true},
		{"https://provider.example/integrations/ekyc/", true},
		{"http://127.0.0.1:8080/", true},
		{"https://provider.example", false},
		{"https://provider.example/ekyc", false},
		{"ftp://provider.example/", false},
		{"https://user:pass@provider.example/", false},
		{"https://provider.example/?x=1", false},
		{"/relative/", false},
		{"https://provider.example/%zz/", false},
	} {
		_, err := integration.NewClient(tc.url, key)
		if (err == nil) != tc.ok {
			t.Errorf("NewClient(%q): %v, want ok %v", tc.url, err, tc.ok)
		}
		if err != nil && strings.Contains(err.Error(), "pass@") {
			t.Errorf("NewClient(%q): the error %q shows the password", tc.url, err)
		}
	}
	if _, err := integration.NewClient("https://provider.example/", httpsig.Key{}); err == nil {
		t.Error("NewClient without a key accepted")
	}
}

// TestNoRedirects: a redirect is not followed (it would carry a signed
// request elsewhere); it is a final status error.
func TestNoRedirects(t *testing.T) {
	t.Parallel()
	_, p, _, _ := setup(t, integration.IdentityCheck, integrationtest.Options{})
	redirect := httptest.NewServer(http.RedirectHandler(p.URL+"checks", http.StatusTemporaryRedirect))
	defer redirect.Close()
	c, err := integration.NewClient(redirect.URL+"/", mustKey(t, keyBytes(3)))
	if err != nil {
		t.Fatal(err)
	}
	before := len(p.Requests())
	_, err = c.RunCheck(context.Background(), request(individual, "ANY"))
	if ce := integration.AsCallError(err); ce == nil || ce.Kind != integration.KindStatus || ce.Status != http.StatusTemporaryRedirect {
		t.Fatalf("got %v, want a 307 status error", err)
	}
	if n := len(p.Requests()) - before; n != 0 {
		t.Errorf("the redirect was followed: the provider got %d requests", n)
	}
}
