package collect_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/gatehouse/gatehouse/internal/checks/builtin"

	"github.com/gatehouse/gatehouse/internal/policy"
	"github.com/gatehouse/gatehouse/internal/store/storetest"
)

// TestEveryStep: steps an officer sets (POST /collection_steps) show in
// the form, and the answers to each go where the contract puts them.
func TestEveryStep(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		e := newEnv(t, db, envOptions{})
		var p struct{ ID string }
		e.api("POST", "/4.0/profiles", `{"role":"INDIVIDUAL_CUSTOMER","applications":[],"collected_data":{"entity_type":"INDIVIDUAL"}}`, &p)
		steps := `[{"collection_type":"FULL_NAME"},{"collection_type":"DOB"},{"collection_type":"NATIONALITY"},{"collection_type":"ADDRESS_HISTORY"},{"collection_type":"EMAIL"},{"collection_type":"PHONE_NUMBER"}]`
		if st := e.api("POST", "/4.0/profiles/"+p.ID+"/collection_steps", steps, nil); st != 200 {
			t.Fatalf("set steps: %d", st)
		}
		b := e.browser()
		b.get("/collect/?key=" + e.collectKey(p.ID))
		_, page := b.get("/collect/p/" + p.ID)
		for _, want := range []string{"Your name", "Your date of birth", "Your nationality", "Your home address", "How we can reach you",
			`type="email"`, `type="tel"`, `autocomplete="given-name"`, `autocomplete="bday-year"`} {
			if !strings.Contains(page, want) {
				t.Errorf("the form lacks %q", want)
			}
		}
		form := validAnswers(csrfOf(t, page))
		for k, v := range map[string]string{"given_names": "Grace Brewster", "family_name": "Hopper", "nationality": "USA",
			"email": "grace@example.com", "phone": "+1 202 555 0143", "address_country": "USA", "address_state": "NY",
			"address_street_number": "1", "address_route": "Fifth Avenue", "address_locality": "New York", "address_postal_code": "10003"} {
			form.Set(k, v)
		}
		if resp, page := b.post("/collect/p/"+p.ID, form); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("send: %d\n%s", resp.StatusCode, page)
		}
		data := e.collectedData(p.ID)
		for _, want := range []string{`"given_names":["Grace","Brewster"]`, `"family_name":"Hopper"`, `"nationality":"USA"`,
			`"email":"grace@example.com"`, `"phone_number":"+1 202 555 0143"`, `"state_province":"NY"`, `"dob":"1990-01-12"`} {
			if !strings.Contains(data, want) {
				t.Errorf("collected data %s lacks %s", data, want)
			}
		}
		var left []any
		e.api("GET", "/4.0/profiles/"+p.ID+"/collection_steps", "", &left)
		if len(left) != 0 {
			t.Errorf("steps left: %v", left)
		}
	})
}

// TestDocumentStepUnavailable: without a documents service the document
// step is shown, disabled, saying so; the rest of the form still works and
// the document step stays.
func TestDocumentStepUnavailable(t *testing.T) {
	e := newEnv(t, storetest.Databases()[0], envOptions{noDocuments: true})
	id := e.nameOnly("Alex", "Wheeler")
	steps := `[{"collection_type":"DOB"},{"collection_type":"ADDRESS_HISTORY"},{"collection_type":"DOCUMENT","id":"0190a0b0-0000-7000-8000-000000000001","category":"PROOF_OF_IDENTITY","allowed_types":["PASSPORT","DRIVING_LICENCE"]}]`
	if st := e.api("POST", "/4.0/profiles/"+id+"/collection_steps", steps, nil); st != 200 {
		t.Fatalf("set steps: %d", st)
	}
	b := e.browser()
	b.get("/collect/?key=" + e.collectKey(id))
	_, page := b.get("/collect/p/" + id)
	for _, want := range []string{"Your identity document", `disabled aria-describedby="document-unavailable"`, "not available yet",
		`value="PASSPORT"`, `value="DRIVING_LICENCE"`, `<label for="document_front">Front of the document</label>`} {
		if !strings.Contains(page, want) {
			t.Errorf("the document step lacks %q", want)
		}
	}
	if strings.Contains(page, `value="STATE_ID"`) {
		t.Errorf("the form offers a document type the step does not allow")
	}
	if resp, _ := b.post("/collect/p/"+id, validAnswers(csrfOf(t, page))); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("send: %d", resp.StatusCode)
	}
	_, page = b.get("/collect/p/" + id)
	if !strings.Contains(page, "Your identity document") || strings.Contains(page, "Your date of birth") {
		t.Errorf("after sending, the form should ask only for the document")
	}
}

// TestTheme: the policy's theme for the institution brands the form: its
// name, logo, colour and wording; another institution gets the policy's
// default theme.
func TestTheme(t *testing.T) {
	doc := string(policy.DemoYAML()) + `
collect:
  theme:
    name: Forexo
    colour: "#0b6e4f"
    wording:
      title: Finish opening your Forexo account
      submit: Continue
  institutions:
    Acme:
      logo: https://cdn.acme.example/logo.svg
      colour: "#ffd700"
      privacy_url: https://acme.example/privacy
`
	pol, err := policy.Parse([]byte(doc), builtin.Registry(nil))
	if err != nil {
		t.Fatal(err)
	}
	e := newEnv(t, storetest.Databases()[0], envOptions{policy: pol})
	id := e.nameOnly("Alex", "Wheeler")
	b := e.browser()
	b.get("/collect/?key=" + e.collectKey(id))
	resp, page := b.get("/collect/p/" + id)
	for _, want := range []string{`<img class="logo" src="https://cdn.acme.example/logo.svg" alt="Forexo"`, "--brand:#ffd700;--on-brand:#000000",
		"<h1>Finish opening your Forexo account</h1>", `class="primary">Continue</button>`, `href="https://acme.example/privacy"`} {
		if !strings.Contains(page, want) {
			t.Errorf("the themed form lacks %q", want)
		}
	}
	_, nonce, _ := strings.Cut(page, `<style nonce="`)
	nonce, _, _ = strings.Cut(nonce, `"`)
	if csp := resp.Header.Get("Content-Security-Policy"); nonce == "" || !strings.Contains(csp, "'nonce-"+nonce+"'") {
		t.Errorf("the theme's style nonce %q is not the CSP's: %s", nonce, csp)
	}
}
