package main

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gatehouse/gatehouse/internal/content/contenttest"
	"github.com/gatehouse/gatehouse/internal/integration/integrationtest"
	"github.com/gatehouse/gatehouse/internal/kyc"
)

// testIntegration is a check variant on an integration, for a policy file.
type testIntegration struct {
	alias, target, kind string
	url                 string
	// keyEnv names the variable holding the key (base64).
	keyEnv string
}

// integrationPolicy writes a policy whose check variants run on
// integrations (credentials from INT_USER and INT_PASSWORD), with one
// product.
func integrationPolicy(t *testing.T, ints ...testIntegration) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("name: integrations\ncheck_variants:\n")
	for _, in := range ints {
		cfg, _ := json.Marshal(map[string]any{"url": in.url, "key": "env:" + in.keyEnv, "check_type": in.kind,
			"provider_credentials": map[string]any{"username": "env:INT_USER", "password": "env:INT_PASSWORD"}})
		fmt.Fprintf(&b, "  - {id: %s, alias: %s, name: %s, check_type: %s, provider: integration, config: %s}\n", kyc.NewID(), in.alias, in.alias, in.target, cfg)
	}
	fmt.Fprintf(&b, "task_variants:\n  - {id: %s, alias: review, name: Review, task_type: INDIVIDUAL_MANUAL_TASK}\n", kyc.NewID())
	fmt.Fprintf(&b, "products:\n  - id: %s\n    alias: p\n    name: P\n    smart_policies:\n      INDIVIDUAL: [{tasks: [review]}]\n", kyc.NewID())
	path := filepath.Join(t.TempDir(), "policy.yaml")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func newIntegrationKey(t *testing.T) ([]byte, string) {
	k := make([]byte, 32)
	if _, err := rand.Read(k); err != nil {
		t.Fatal(err)
	}
	return k, base64.StdEncoding.EncodeToString(k)
}

// downURL is an address nothing listens on.
func downURL(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return "http://" + l.Addr().String() + "/"
}

// TestPolicyCheckIntegrations: `gatehouse policy check` probes each
// integration and fails on one it cannot reach or that does not match its
// variant, naming the variant and the problem.
func TestPolicyCheckIntegrations(t *testing.T) {
	key, key64 := newIntegrationKey(t)
	good := integrationtest.Start(t, integrationtest.Options{CheckType: "IDENTITY_CHECK", Key: key})
	wrong := integrationtest.Start(t, integrationtest.Options{CheckType: "COMPANY_DATA", Key: key})
	env := map[string]string{"IDV_KEY": key64, "INT_USER": "tester", "INT_PASSWORD": "s3cret"}
	ok := integrationPolicy(t, testIntegration{alias: "idv", target: "IDENTITY_CHECK", kind: "IDENTITY_CHECK", url: good.URL, keyEnv: "IDV_KEY"})
	out, err := runCmd(t, env, "policy", "check", ok)
	if err != nil || !strings.Contains(out, "Integration idv: Gatehouse Test Provider (IDENTITY_CHECK, "+good.URL+") ready") ||
		!strings.Contains(out, "valid policy") {
		t.Errorf("a policy with a good integration: %v\n%s", err, out)
	}
	bad := integrationPolicy(t,
		testIntegration{alias: "idv", target: "IDENTITY_CHECK", kind: "IDENTITY_CHECK", url: good.URL, keyEnv: "IDV_KEY"},
		testIntegration{alias: "idv_wrong", target: "IDENTITY_CHECK", kind: "IDENTITY_CHECK", url: wrong.URL, keyEnv: "IDV_KEY"},
		testIntegration{alias: "idv_down", target: "IDENTITY_CHECK", kind: "IDENTITY_CHECK", url: downURL(t), keyEnv: "IDV_KEY"},
		testIntegration{alias: "idv_nokey", target: "IDENTITY_CHECK", kind: "IDENTITY_CHECK", url: good.URL, keyEnv: "UNSET_KEY"},
	)
	out, err = runCmd(t, env, "policy", "check", bad)
	for _, want := range []string{
		"check variant idv_wrong (mismatched): GET /config: check_type: is COMPANY_DATA; this integration is set up for IDENTITY_CHECK checks",
		"check variant idv_down (unreachable): GET /: no answer",
		"check variant idv_nokey (mismatched): config.key: integration: the environment variable UNSET_KEY is not set",
	} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("got %v, want an error containing %q", err, want)
		}
	}
	if err != nil && strings.Contains(err.Error(), key64) {
		t.Error("the error shows the key")
	}
	if !strings.Contains(out, "Integration idv: Gatehouse Test Provider") {
		t.Errorf("the good integration is not reported ready:\n%s", out)
	}
}

// intServer is an in-process `gatehouse serve`.
type intServer struct {
	base, key string
	out       []string
	stop      func()
}

// serveWithKey starts `gatehouse serve` on addr with env, and returns
// once it listens, with the first-run key and what it printed.
func serveWithKey(t *testing.T, addr string, env map[string]string) *intServer {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	out := &lineWriter{lines: make(chan string, 100)}
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"gatehouse", "serve", "--addr", addr}, func(k string) string { return env[k] }, out)
	}()
	s := &intServer{}
	s.stop = func() {
		cancel()
		select {
		case <-done:
		case <-time.After(30 * time.Second):
			t.Error("no shutdown within 30s")
		}
	}
	t.Cleanup(s.stop)
	deadline := time.After(60 * time.Second)
	for s.key == "" {
		select {
		case line := <-out.lines:
			s.out = append(s.out, line)
			if m := listenRE.FindStringSubmatch(line); m != nil {
				s.base = m[1]
			}
			if m := keyRE.FindStringSubmatch(line); m != nil {
				s.key = m[1]
			}
		case err := <-done:
			t.Fatalf("serve exited: %v\n%s", err, strings.Join(s.out, "\n"))
		case <-deadline:
			t.Fatalf("no first-run key within 60s:\n%s", strings.Join(s.out, "\n"))
		}
	}
	return s
}

// apiCheck is a check as the API shows it.
type apiCheck struct {
	ID     string `json:"id"`
	State  string `json:"state"`
	Result string `json:"result"`
	Errors []struct {
		Code int `json:"code"`
	} `json:"errors"`
}

func waitCheck(t *testing.T, base, key, profileID, checkID string, timeout time.Duration) apiCheck {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		var c apiCheck
		if status, err := call(key, "GET", base+"/4.0/profiles/"+profileID+"/checks/"+checkID, "", &c); status != 200 || err != nil {
			t.Fatalf("get check: %d %v", status, err)
		}
		if c.State == "COMPLETE" {
			return c
		}
		if time.Now().After(deadline) {
			t.Fatalf("check %s still %s after %s", checkID, c.State, timeout)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

const docsProfile = `{"role":"INDIVIDUAL_CUSTOMER","collected_data":{"entity_type":"INDIVIDUAL",` +
	`"personal_details":{"name":{"given_names":["Robin"],"family_name":"Fairweather"},"dob":"1984-03-09"},` +
	`"address_history":[{"address":{"type":"STRUCTURED","country":"GBR","postal_code":"NW1 6XE","locality":"London","route":"Baker Street","street_number":"221B"}}],` +
	`"documents":[{"id":"3f1c2b9a-6d4e-4f8a-9b7c-1e2d3c4b5a69","category":"PROOF_OF_IDENTITY","document_type":"PASSPORT","images":[]}]}}`

func createProfile(t *testing.T, base, key, body string) string {
	t.Helper()
	var p struct{ ID string }
	if status, err := call(key, "POST", base+"/4.0/profiles", body, &p); status != 200 || err != nil {
		t.Fatalf("create profile: %d %v", status, err)
	}
	return p.ID
}

func instructCheck(t *testing.T, base, key, profileID, body string) apiCheck {
	t.Helper()
	var c apiCheck
	if status, err := call(key, "POST", base+"/4.0/profiles/"+profileID+"/checks", body, &c); status != 200 || err != nil {
		t.Fatalf("instruct check %s: %d %v", body, status, err)
	}
	return c
}

// TestServeIntegrations runs `gatehouse serve` with a policy whose checks
// run on test integrations, on both databases: a synchronous, a callback
// (live, on an image uploaded through the API, and demo) and a polled
// check complete through the process's own job kinds and integration
// endpoints, and a mismatched integration is reported at start and its
// checks end as Error 502 (serve starts anyway).
func TestServeIntegrations(t *testing.T) {
	forEachDB(t, func(t *testing.T, db string) {
		addr := freePort(t)
		gatehouse := "http://" + addr + "/integrations/v1/"
		key, key64 := newIntegrationKey(t)
		idv := integrationtest.Start(t, integrationtest.Options{CheckType: "IDENTITY_CHECK", Key: key, Gatehouse: gatehouse})
		docs := integrationtest.Start(t, integrationtest.Options{CheckType: "DOCUMENT_VERIFICATION", Key: key, Gatehouse: gatehouse})
		screen := integrationtest.Start(t, integrationtest.Options{CheckType: "PEPS_AND_SANCTIONS_SCREEN", Key: key, Gatehouse: gatehouse, PollsBeforeResult: 1})
		wrong := integrationtest.Start(t, integrationtest.Options{CheckType: "COMPANY_DATA", Key: key, Gatehouse: gatehouse})
		pol := integrationPolicy(t,
			testIntegration{alias: "idv", target: "IDENTITY_CHECK", kind: "IDENTITY_CHECK", url: idv.URL, keyEnv: "INT_KEY"},
			testIntegration{alias: "docs", target: "DOCUMENT_VERIFICATION", kind: "DOCUMENT_VERIFICATION", url: docs.URL, keyEnv: "INT_KEY"},
			testIntegration{alias: "screen", target: "PEPS_AND_SANCTIONS_SCREEN", kind: "PEPS_AND_SANCTIONS_SCREEN", url: screen.URL, keyEnv: "INT_KEY"},
			testIntegration{alias: "idv_wrong", target: "IDENTITY_CHECK", kind: "IDENTITY_CHECK", url: wrong.URL, keyEnv: "INT_KEY"},
		)
		s := serveWithKey(t, addr, map[string]string{"GATEHOUSE_DATABASE": db, "GATEHOUSE_POLICY": pol, "GATEHOUSE_LOG_LEVEL": "error",
			"INT_KEY": key64, "INT_USER": "tester", "INT_PASSWORD": "s3cret"})
		banner := strings.Join(s.out, "\n")
		for _, want := range []string{"Integration idv: Gatehouse Test Provider (IDENTITY_CHECK", "Integration docs: Gatehouse Test Provider (DOCUMENT_VERIFICATION",
			"Integration idv_wrong: " + wrong.URL + " cannot be used, its checks end as Error until it is fixed: GET /config: check_type: is COMPANY_DATA"} {
			if !strings.Contains(banner, want) {
				t.Errorf("the banner lacks %q:\n%s", want, banner)
			}
		}
		id := createProfile(t, s.base, s.key, docsProfile)

		// A live document verification of an image uploaded through the
		// API: the integration downloads the very bytes, from the
		// documents service the server wires in.
		passport := contenttest.JPEG(12_000)
		imageID, err := upload(s.key, s.base, id, passport)
		if err != nil {
			t.Fatal(err)
		}
		const liveDoc = "0190a0b0-0000-7000-8000-00000000d0c5"
		doc := `{"id":"` + liveDoc + `","category":"PROOF_OF_IDENTITY","document_type":"PASSPORT","images":[{"id":"` + imageID + `"}]}`
		if status, err := call(s.key, "POST", s.base+"/4.0/profiles/"+id+"/collected_data/documents", doc, nil); status != 200 || err != nil {
			t.Fatalf("add the document: %d %v", status, err)
		}
		live := instructCheck(t, s.base, s.key, id, `{"check_type":"DOCUMENT_VERIFICATION","variant":{"alias":"docs"},"document_id":"`+liveDoc+`"}`)
		waitUntil(t, "the integration is told to call back", func() bool { return docs.Count("/checks/"+live.ID+"/ready") == 1 })
		const ref = "REF-0001" // the test integration's first reference
		if got := docs.DownloadedSHA256(ref)[imageID]; got != sum(passport) {
			t.Errorf("the integration downloaded bytes of SHA-256 %q, want the upload's %s", got, sum(passport))
		}
		if st, err := docs.Callback(context.Background(), ref, integrationtest.Tamper{}); err != nil || st != http.StatusOK {
			t.Fatalf("callback: %d %v", st, err)
		}
		if c := waitCheck(t, s.base, s.key, id, live.ID, 30*time.Second); c.Result != "Pass" {
			t.Errorf("live document verification: got %s %+v, want Pass", c.Result, c.Errors)
		}

		for _, tc := range []struct {
			body   string
			result string
			code   int
		}{
			{`{"check_type":"IDENTITY_CHECK","variant":{"alias":"idv"}}`, "2+2", 0},
			{`{"check_type":"DOCUMENT_VERIFICATION","variant":{"alias":"docs"},"document_id":"3f1c2b9a-6d4e-4f8a-9b7c-1e2d3c4b5a69","demo_result":"DOCUMENT_ALL_PASS"}`, "Pass", 0},
			{`{"check_type":"PEPS_AND_SANCTIONS_SCREEN","variant":{"alias":"screen"},"demo_result":"SCREEN_SINGLE_SANCTION"}`, "Sanction", 0},
			{`{"check_type":"IDENTITY_CHECK","variant":{"alias":"idv_wrong"}}`, "Error", 502},
		} {
			c := waitCheck(t, s.base, s.key, id, instructCheck(t, s.base, s.key, id, tc.body).ID, 30*time.Second)
			if c.Result != tc.result || tc.code != 0 && (len(c.Errors) != 1 || c.Errors[0].Code != tc.code) {
				t.Errorf("%s: got %s %+v, want %s %d", tc.body, c.Result, c.Errors, tc.result, tc.code)
			}
		}
		for _, p := range []*integrationtest.Provider{idv, docs, screen} {
			for _, r := range p.Requests() {
				if r.Refused != "" {
					t.Errorf("an integration refused %s %s: %s", r.Method, r.Path, r.Refused)
				}
			}
		}
		if docs.Count("/checks/*/complete") != 2 || screen.Count("/checks/*/poll") != 2 {
			t.Errorf("got %d /complete and %d polls, want 2 and 2", docs.Count("/checks/*/complete"), screen.Count("/checks/*/poll"))
		}
		// Unsigned requests to the integration endpoints are refused.
		for _, r := range []struct{ method, path string }{{"POST", "/integrations/v1/callbacks"}, {"GET", "/integrations/v1/images/" + kyc.NewID()}} {
			req, _ := http.NewRequest(r.method, s.base+r.path, strings.NewReader(`{}`))
			resp, err := http.DefaultClient.Do(req)
			if err != nil || resp.StatusCode != http.StatusUnauthorized {
				t.Errorf("unsigned %s %s: %v %v, want 401", r.method, r.path, resp, err)
			}
			if resp != nil {
				resp.Body.Close()
			}
		}
	})
}

// TestCrashCallbackCheck kills `gatehouse serve` (SIGKILL) twice in the
// middle of a live callback check, on both databases: first while it waits
// for the integration's callback (which meanwhile finds nobody there), then
// while it fetches the result after the callback. Each time the restarted
// process takes over and the check completes.
func TestCrashCallbackCheck(t *testing.T) {
	if testing.Short() {
		t.Skip("starts server processes")
	}
	forEachDB(t, func(t *testing.T, db string) {
		key := newKey(t, db)
		addr := freePort(t)
		ikey, ikey64 := newIntegrationKey(t)
		docs := integrationtest.Start(t, integrationtest.Options{CheckType: "DOCUMENT_VERIFICATION", Key: ikey, Gatehouse: "http://" + addr + "/integrations/v1/"})
		pol := integrationPolicy(t, testIntegration{alias: "docs", target: "DOCUMENT_VERIFICATION", kind: "DOCUMENT_VERIFICATION", url: docs.URL, keyEnv: "DOCS_KEY"})
		env := []string{"GATEHOUSE_POLICY=" + pol, "DOCS_KEY=" + ikey64, "INT_USER=tester", "INT_PASSWORD=s3cret"}
		srv := startChild(t, db, addr, env...)
		id := createProfile(t, srv.base, key, docsProfile)
		body := `{"check_type":"DOCUMENT_VERIFICATION","variant":{"alias":"docs"},"document_id":"3f1c2b9a-6d4e-4f8a-9b7c-1e2d3c4b5a69"}`

		// 1. Killed while the check waits for its callback.
		first := instructCheck(t, srv.base, key, id, body)
		waitUntil(t, "the integration is told to call back", func() bool { return docs.Count("/checks/"+first.ID+"/ready") == 1 })
		srv.kill()
		ref := "REF-0001" // the test integration's first reference
		if st, err := docs.Callback(context.Background(), ref, integrationtest.Tamper{}); err == nil {
			t.Fatalf("a callback reached the killed server: %d", st)
		}
		srv = startChild(t, db, addr, env...)
		if st, err := docs.Callback(context.Background(), ref, integrationtest.Tamper{}); err != nil || st != http.StatusOK {
			t.Fatalf("callback after the restart: %d %v", st, err)
		}
		if c := waitCheck(t, srv.base, key, id, first.ID, time.Minute); c.Result != "Pass" {
			t.Errorf("first check: got %s %+v, want Pass", c.Result, c.Errors)
		}

		// 2. Killed while it fetches the result: /complete answers slowly.
		docs.Inject("/checks/*/complete", 1, integrationtest.Fault{Delay: 30 * time.Second})
		second := instructCheck(t, srv.base, key, id, body)
		waitUntil(t, "the integration is told to call back", func() bool { return docs.Count("/checks/"+second.ID+"/ready") > 0 })
		if st, err := docs.Callback(context.Background(), "REF-0002", integrationtest.Tamper{}); err != nil || st != http.StatusOK {
			t.Fatalf("second callback: %d %v", st, err)
		}
		waitUntil(t, "the result is being fetched", func() bool { return docs.Count("/checks/"+second.ID+"/complete") == 1 })
		srv.kill()
		srv = startChild(t, db, addr, env...)
		if c := waitCheck(t, srv.base, key, id, second.ID, time.Minute); c.Result != "Pass" {
			t.Errorf("second check: got %s %+v, want Pass", c.Result, c.Errors)
		}
		if n := docs.Count("/checks/" + second.ID + "/complete"); n != 2 {
			t.Errorf("got %d /complete of the second check, want 2 (one cut off by the kill, then its retry)", n)
		}
		for _, r := range docs.Requests() {
			if r.Refused != "" {
				t.Errorf("the integration refused %s %s: %s", r.Method, r.Path, r.Refused)
			}
		}
	})
}

func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within 30s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
