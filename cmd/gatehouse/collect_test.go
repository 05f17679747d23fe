package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gatehouse/gatehouse/internal/content/contenttest"
	"github.com/gatehouse/gatehouse/internal/store/storetest"
)

// TestServeAddressServiceAndForm starts `gatehouse serve` with an address
// service (GATEHOUSE_ADDRESS_SEARCH_URL) whose key is given by reference
// (GATEHOUSE_ADDRESS_SEARCH_KEY=env:…): GET /4.0/address/search asks that
// service with the key; and the hosted form answers a collect key's link
// and takes a document into the server's documents service.
func TestServeAddressServiceAndForm(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		service := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Header.Get("apikey") != "addr-secret" || r.URL.Path != "/v1/address/search" {
				http.Error(w, "no", http.StatusUnauthorized)
				return
			}
			w.Header().Set("Content-Type", "application/json")
			_, _ = io.WriteString(w, `{"count":1,"results":[{"id":"a1","text":"1 Test Road, TESTTOWN, TE1 1ST","query_substrings":[[0,1]]}]}`)
		}))
		defer service.Close()
		env := map[string]string{"GATEHOUSE_DATABASE": db.URL(t), "GATEHOUSE_LOG_LEVEL": "error",
			"GATEHOUSE_ADDRESS_SEARCH_URL": service.URL + "/v1/", "GATEHOUSE_ADDRESS_SEARCH_KEY": "env:ADDRESS_KEY", "ADDRESS_KEY": "addr-secret"}
		ctx, cancel := context.WithCancel(context.Background())
		out := &lineWriter{lines: make(chan string, 100)}
		done := make(chan error, 1)
		go func() {
			done <- run(ctx, []string{"gatehouse", "serve", "--addr", "127.0.0.1:0"}, func(k string) string { return env[k] }, out)
		}()
		defer func() { cancel(); <-done }()
		var base, key string
		for deadline := time.After(30 * time.Second); base == "" || key == ""; {
			select {
			case line := <-out.lines:
				if m := listenRE.FindStringSubmatch(line); m != nil {
					base = m[1]
				}
				if m := keyRE.FindStringSubmatch(line); m != nil {
					key = m[1]
				}
			case err := <-done:
				t.Fatalf("serve exited: %v", err)
			case <-deadline:
				t.Fatal("no banner within 30s")
			}
		}
		call := func(method, path, body string) (int, string) {
			req, _ := http.NewRequest(method, base+path, strings.NewReader(body))
			req.Header.Set("apikey", key)
			if body != "" {
				req.Header.Set("Content-Type", "application/json")
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			return resp.StatusCode, string(b)
		}
		if st, body := call("GET", "/4.0/address/search?address=1+test&country_code=GBR", ""); st != 200 || !strings.Contains(body, "1 Test Road") {
			t.Errorf("address search through the service: %d %s", st, body)
		}
		_, body := call("POST", "/4.0/profiles", `{"role":"INDIVIDUAL_CUSTOMER","applications":[],"collected_data":{"entity_type":"INDIVIDUAL","personal_details":{"name":{"given_names":["Alex"],"family_name":"Wheeler"}}}}`)
		var p struct{ ID string }
		_ = json.Unmarshal([]byte(body), &p)
		st, body := call("POST", "/4.0/api_keys/collect/"+p.ID, "")
		var k struct{ Key string }
		if err := json.Unmarshal([]byte(body), &k); err != nil || st != 200 {
			t.Fatalf("issue a collect key: %d %s", st, body)
		}
		noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		resp, err := noFollow.Get(base + "/collect/?key=" + k.Key)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/collect/p/"+p.ID {
			t.Errorf("the form's link: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
		}

		// The form's document step stores through the server's documents
		// service: the photo becomes the profile's image. (The profile
		// applied for nothing: its only step is the one set here.)
		if st, body := call("POST", "/4.0/profiles/"+p.ID+"/collection_steps", `[{"collection_type":"DOCUMENT","category":"PROOF_OF_IDENTITY","allowed_types":["PASSPORT"]}]`); st != 200 {
			t.Fatalf("set steps: %d %s", st, body)
		}
		jar, _ := cookiejar.New(nil)
		applicant := &http.Client{Jar: jar, CheckRedirect: noFollow.CheckRedirect}
		resp, err = applicant.Get(base + "/collect/?key=" + k.Key)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		resp, err = applicant.Get(base + "/collect/p/" + p.ID)
		if err != nil {
			t.Fatal(err)
		}
		page, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		_, csrf, _ := strings.Cut(string(page), `name="csrf" value="`)
		csrf, _, _ = strings.Cut(csrf, `"`)
		if csrf == "" || strings.Contains(string(page), "document-unavailable") {
			t.Fatalf("the form offers no document step:\n%s", page)
		}
		photo := contenttest.JPEG(9000)
		var form bytes.Buffer
		mw := multipart.NewWriter(&form)
		_ = mw.WriteField("csrf", csrf)
		_ = mw.WriteField("action", "submit")
		_ = mw.WriteField("document_type", "PASSPORT")
		fw, _ := mw.CreateFormFile("document_front", "passport.jpg")
		_, _ = fw.Write(photo)
		_ = mw.Close()
		req, _ := http.NewRequest("POST", base+"/collect/p/"+p.ID, &form)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		if resp, err = applicant.Do(req); err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("send the document: %d", resp.StatusCode)
		}
		var images []struct {
			ID string `json:"id"`
		}
		_, body = call("GET", "/4.0/profiles/"+p.ID+"/document_images", "")
		if err := json.Unmarshal([]byte(body), &images); err != nil || len(images) != 1 {
			t.Fatalf("images after the form: %s (%v)", body, err)
		}
		req, _ = http.NewRequest("GET", base+"/gatehouse/v1/profiles/"+p.ID+"/document_images/"+images[0].ID+"/content", nil)
		req.Header.Set("apikey", key)
		resp, err = http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if !bytes.Equal(got, photo) {
			t.Errorf("the photo reads back as %d bytes, want the %d sent", len(got), len(photo))
		}
	})
}

// TestAddressKeyReference: the address service's key is read from its
// reference; a reference that cannot be read stops the start, naming the
// setting.
func TestAddressKeyReference(t *testing.T) {
	env := map[string]string{"GATEHOUSE_DATABASE": storetest.SQLiteURL(t),
		"GATEHOUSE_ADDRESS_SEARCH_URL": "https://addresses.example/4.0", "GATEHOUSE_ADDRESS_SEARCH_KEY": "env:MISSING_ADDRESS_KEY"}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	err := run(ctx, []string{"gatehouse", "serve", "--addr", "127.0.0.1:0"}, func(k string) string { return env[k] }, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "GATEHOUSE_ADDRESS_SEARCH_KEY") || !strings.Contains(err.Error(), "MISSING_ADDRESS_KEY") {
		t.Errorf("got %v, want an error naming the setting and the variable", err)
	}
}
