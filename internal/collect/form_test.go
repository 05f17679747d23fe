package collect_test

import (
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/store/storetest"
)

// TestLinkMovesKeyToCookie: opening the link puts the key in an HttpOnly
// cookie and redirects to a URL without it; the form then shows the
// profile's outstanding steps in plain language, with security headers,
// and the key appears in no page and no log line.
func TestLinkMovesKeyToCookie(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		e := newEnv(t, db, envOptions{})
		id := e.nameOnly("Alex", "Wheeler")
		key := e.collectKey(id)
		b := e.browser()
		resp, _ := b.get("/collect/?key=" + key)
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/collect/p/"+id {
			t.Fatalf("open the link: %d to %q, want 303 to /collect/p/%s", resp.StatusCode, resp.Header.Get("Location"), id)
		}
		var cookie *http.Cookie
		for _, c := range resp.Cookies() {
			if c.Name == "gatehouse_collect" {
				cookie = c
			}
		}
		if cookie == nil || cookie.Value != key || !cookie.HttpOnly || cookie.SameSite != http.SameSiteLaxMode || cookie.Path != "/collect/" || cookie.Expires.IsZero() {
			t.Fatalf("got cookie %+v, want the key, HttpOnly, SameSite=Lax, Path=/collect/, expiring", cookie)
		}
		if resp.Header.Get("Referrer-Policy") != "same-origin" {
			t.Errorf("got Referrer-Policy %q, want same-origin", resp.Header.Get("Referrer-Policy"))
		}
		resp, page := b.get(resp.Header.Get("Location"))
		if resp.StatusCode != 200 {
			t.Fatalf("form: %d %s", resp.StatusCode, page)
		}
		for _, want := range []string{"Your date of birth", "Your home address", `name="dob_day"`, `<label for="address_locality">Town or city</label>`, "Find address"} {
			if !strings.Contains(page, want) {
				t.Errorf("the form lacks %q", want)
			}
		}
		if strings.Contains(page, "Your name") {
			t.Errorf("the form asks for the name, which the profile has")
		}
		csp := resp.Header.Get("Content-Security-Policy")
		if !strings.Contains(csp, "default-src 'none'") || !strings.Contains(csp, "form-action 'self'") || !strings.Contains(csp, "frame-ancestors 'none'") {
			t.Errorf("got CSP %q", csp)
		}
		if resp.Header.Get("Cache-Control") != "no-store" {
			t.Errorf("got Cache-Control %q, want no-store", resp.Header.Get("Cache-Control"))
		}
		if strings.Contains(page, key) || strings.Contains(e.logs.String(), key) {
			t.Errorf("the key is in the page or the logs")
		}
		for path, ctype := range map[string]string{"/collect/assets/collect.css": "text/css", "/collect/assets/collect.js": "javascript"} {
			if resp, body := b.get(path); resp.StatusCode != 200 || !strings.Contains(resp.Header.Get("Content-Type"), ctype) || len(body) < 100 {
				t.Errorf("%s: %d %q", path, resp.StatusCode, resp.Header.Get("Content-Type"))
			}
		}
		if !strings.Contains(e.logs.String(), `"route":"GET /collect/{$}"`) {
			t.Errorf("the form's requests are not logged by route: %s", e.logs.String())
		}
	})
}

// TestBadLinks: a made-up, expired or institution key, or none, opens no
// form and sets no cookie.
func TestBadLinks(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		var later atomic.Int64
		e := newEnv(t, db, envOptions{setup: func(s *kyc.Service) {
			s.NowFunc = func() time.Time { return time.Now().Add(time.Duration(later.Load())) }
		}})
		id := e.nameOnly("Alex", "Wheeler")
		key := e.collectKey(id)
		for _, tc := range []struct{ name, path, want string }{
			{"no key", "/collect/", "Open the link you were sent"},
			{"empty key", "/collect/?key=", "Open the link you were sent"},
			{"made-up key", "/collect/?key=ghc_" + strings.Repeat("0", 64), "This link does not work"},
			{"institution key", "/collect/?key=" + e.key, "This link does not work"},
			{"form without cookie", "/collect/p/" + id, "Open the link you were sent"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				resp, page := e.browser().get(tc.path)
				if resp.StatusCode != http.StatusUnauthorized || !strings.Contains(page, tc.want) {
					t.Errorf("got %d, want 401 saying %q:\n%s", resp.StatusCode, tc.want, page)
				}
				for _, c := range resp.Cookies() {
					if c.Name == "gatehouse_collect" && c.Value != "" {
						t.Errorf("a cookie was set: %+v", c)
					}
				}
			})
		}
		b := e.browser()
		b.get("/collect/?key=" + key)
		later.Store(int64(25 * time.Hour))
		resp, page := b.get("/collect/p/" + id)
		if resp.StatusCode != http.StatusUnauthorized || !strings.Contains(page, "This link has expired") {
			t.Errorf("after expiry: %d, want 401 saying it expired:\n%s", resp.StatusCode, page)
		}
	})
}

// validAnswers are a date of birth and an address, as the form sends them.
func validAnswers(csrf string) url.Values {
	return url.Values{"csrf": {csrf}, "action": {"submit"},
		"dob_day": {"12"}, "dob_month": {"1"}, "dob_year": {"1990"},
		"address_country": {"GBR"}, "address_street_number": {"221B"}, "address_route": {"Baker Street"},
		"address_locality": {"London"}, "address_postal_code": {"NW1 6XE"}, "moved_in_month": {"3"}, "moved_in_year": {"2019"}}
}

// TestCSRF: a form sent without the session's token, with another token,
// or from another site's page is refused with 403 and changes nothing.
func TestCSRF(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		e := newEnv(t, db, envOptions{})
		id := e.nameOnly("Alex", "Wheeler")
		b := e.browser()
		b.get("/collect/?key=" + e.collectKey(id))
		_, page := b.get("/collect/p/" + id)
		token := csrfOf(t, page)
		other := e.browser()
		other.get("/collect/?key=" + e.collectKey(id))
		_, otherPage := other.get("/collect/p/" + id)
		before := e.collectedData(id)
		var audit []any
		e.api("GET", "/4.0/profiles/"+id+"/audit-items", "", &audit)
		for _, tc := range []struct {
			name   string
			form   url.Values
			header []string
		}{
			{"no token", func() url.Values { v := validAnswers(""); v.Del("csrf"); return v }(), nil},
			{"empty token", validAnswers(""), nil},
			{"another token", validAnswers(strings.Repeat("A", len(token))), nil},
			{"another session's token", validAnswers(csrfOf(t, otherPage)), nil},
			{"another site", validAnswers(token), []string{"Origin", "https://evil.example"}},
			{"an opaque origin", validAnswers(token), []string{"Origin", "null"}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				resp, page := b.post("/collect/p/"+id, tc.form, tc.header...)
				if resp.StatusCode != http.StatusForbidden || !strings.Contains(page, "Nothing was changed") {
					t.Errorf("got %d, want 403:\n%s", resp.StatusCode, page)
				}
			})
		}
		if resp, _ := b.post("/collect/leave", url.Values{}); resp.StatusCode != http.StatusForbidden {
			t.Errorf("leave without a token: %d, want 403", resp.StatusCode)
		}
		var after []any
		e.api("GET", "/4.0/profiles/"+id+"/audit-items", "", &after)
		if e.collectedData(id) != before || len(after) != len(audit) {
			t.Errorf("refused forms changed the profile")
		}
		if resp, _ := b.post("/collect/p/"+id, validAnswers(token)); resp.StatusCode != http.StatusSeeOther {
			t.Errorf("with the token: %d, want 303", resp.StatusCode)
		}
	})
}

// TestSubmitReleasesChecks: the answers go into collected data, the steps
// go, the identity check that waited for them runs, and the form says it
// is done.
func TestSubmitReleasesChecks(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		e := newEnv(t, db, envOptions{})
		id := e.nameOnly("Alex", "Wheeler")
		if c := identityCheck(t, e.checks(id)); c.State != "PENDING" {
			t.Fatalf("before: identity check %+v, want it PENDING", c)
		}
		b := e.browser()
		b.get("/collect/?key=" + e.collectKey(id))
		_, page := b.get("/collect/p/" + id)
		resp, _ := b.post("/collect/p/"+id, validAnswers(csrfOf(t, page)))
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/collect/p/"+id {
			t.Fatalf("send: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
		}
		e.settle()
		if c := identityCheck(t, e.checks(id)); c.State != "COMPLETE" || c.Result != "2+2" {
			t.Errorf("after: identity check %+v, want it COMPLETE 2+2", c)
		}
		data := e.collectedData(id)
		for _, want := range []string{`"dob":"1990-01-12"`, `"route":"Baker Street"`, `"start_date":"2019-03"`, `"given_names":["Alex"]`} {
			if !strings.Contains(data, want) {
				t.Errorf("collected data %s lacks %s", data, want)
			}
		}
		resp, page = b.get("/collect/p/" + id)
		if resp.StatusCode != 200 || !strings.Contains(page, "All done") {
			t.Errorf("after sending: %d, want the done page:\n%s", resp.StatusCode, page)
		}
	})
}

// TestSubmitValidation: each wrong answer is named next to its field, the
// page keeps what was typed, and nothing is written.
func TestSubmitValidation(t *testing.T) {
	e := newEnv(t, storetest.Databases()[0], envOptions{})
	id := e.nameOnly("Alex", "Wheeler")
	b := e.browser()
	b.get("/collect/?key=" + e.collectKey(id))
	_, page := b.get("/collect/p/" + id)
	token := csrfOf(t, page)
	before := e.collectedData(id)
	future := time.Now().AddDate(1, 0, 0)
	for _, tc := range []struct {
		name   string
		change map[string]string
		field  string
		want   string
	}{
		{"no date of birth", map[string]string{"dob_day": "", "dob_month": "", "dob_year": ""}, "dob_day", "Enter your date of birth"},
		{"not a date", map[string]string{"dob_day": "31", "dob_month": "2"}, "dob_day", "Enter a real date of birth"},
		{"letters", map[string]string{"dob_day": "twelve"}, "dob_day", "as numbers"},
		{"two-digit year", map[string]string{"dob_year": "90"}, "dob_day", "as numbers"},
		{"born in the future", map[string]string{"dob_year": future.Format("2006")}, "dob_day", "must be in the past"},
		{"no country", map[string]string{"address_country": ""}, "address_country", "Select the country you live in"},
		{"not a country", map[string]string{"address_country": "XYZ"}, "address_country", "Select the country you live in"},
		{"no street", map[string]string{"address_route": ""}, "address_route", "Enter the street, or the building name"},
		{"no town", map[string]string{"address_locality": ""}, "address_locality", "Enter the town or city"},
		{"control character", map[string]string{"address_route": "Baker\x07Street"}, "address_route", "plain text on one line"},
		{"too long", map[string]string{"address_postal_code": strings.Repeat("9", 201)}, "address_postal_code", "200 characters or fewer"},
		{"US state missing", map[string]string{"address_country": "USA"}, "address_state", "Enter the state, province or region"},
		{"moved in later", map[string]string{"moved_in_year": future.Format("2006"), "moved_in_month": "12"}, "moved_in_month", "must be in the past"},
		{"moved in month 13", map[string]string{"moved_in_month": "13"}, "moved_in_month", "Enter the month and year"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			form := validAnswers(token)
			for k, v := range tc.change {
				form.Set(k, v)
			}
			resp, page := b.post("/collect/p/"+id, form)
			if resp.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("got %d, want 422", resp.StatusCode)
			}
			if !strings.Contains(page, `<a href="#`+tc.field+`">`) || !strings.Contains(page, tc.want) {
				t.Errorf("the page does not link %q to #%s", tc.want, tc.field)
			}
			if !strings.Contains(page, `value="Baker`) && tc.field != "address_route" {
				t.Errorf("the page lost what was typed")
			}
			if !strings.Contains(page, "<title>Error:") {
				t.Errorf("the title does not say there is an error")
			}
		})
	}
	if e.collectedData(id) != before {
		t.Errorf("refused answers changed the collected data")
	}
}

// TestAddressFinder: the applicant searches, chooses, and the address
// fields are filled with the chosen address, all without JavaScript.
func TestAddressFinder(t *testing.T) {
	e := newEnv(t, storetest.Databases()[0], envOptions{})
	id := e.nameOnly("Alex", "Wheeler")
	b := e.browser()
	b.get("/collect/?key=" + e.collectKey(id))
	_, page := b.get("/collect/p/" + id)
	token := csrfOf(t, page)
	form := url.Values{"csrf": {token}, "action": {"find-address"}, "address_country": {"GBR"}, "address_query": {"10 downing"},
		"dob_day": {"12"}, "dob_month": {"1"}, "dob_year": {"1990"}}
	resp, page := b.post("/collect/p/"+id, form)
	if resp.StatusCode != 200 || !strings.Contains(page, "Choose your address") || !strings.Contains(page, "10 Downing Street") {
		t.Fatalf("find: %d, want addresses to choose:\n%s", resp.StatusCode, page)
	}
	if !strings.Contains(page, `name="dob_year" type="text" value="1990"`) {
		t.Errorf("the search lost the date of birth typed")
	}
	_, rest, _ := strings.Cut(page, `name="address_choice" value="`)
	choice, _, _ := strings.Cut(rest, `"`)
	form.Set("action", "choose-address")
	form.Set("address_choice", strings.ReplaceAll(choice, "&#43;", "+"))
	resp, page = b.post("/collect/p/"+id, form)
	if resp.StatusCode != 200 || !strings.Contains(page, `name="address_route" type="text" value="Downing Street"`) || !strings.Contains(page, "We have filled in your address") {
		t.Fatalf("choose: %d, want the fields filled:\n%s", resp.StatusCode, page)
	}
	form.Set("action", "find-address")
	form.Set("address_query", "")
	if resp, page := b.post("/collect/p/"+id, form); resp.StatusCode != 422 || !strings.Contains(page, "Enter your postcode") {
		t.Errorf("empty search: %d", resp.StatusCode)
	}
	if e.collectedData(id) != `{"entity_type":"INDIVIDUAL","personal_details":{"name":{"given_names":["Alex"],"family_name":"Wheeler"}}}` {
		t.Errorf("searching wrote collected data: %s", e.collectedData(id))
	}
}

// TestOtherProfiles: a key's form never opens or writes another profile,
// and a key for several profiles lists them.
func TestOtherProfiles(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		e := newEnv(t, db, envOptions{})
		mine, other := e.nameOnly("Alex", "Wheeler"), e.nameOnly("Sam", "Other")
		b := e.browser()
		b.get("/collect/?key=" + e.collectKey(mine))
		_, page := b.get("/collect/p/" + mine)
		token := csrfOf(t, page)
		before := e.collectedData(other)
		if resp, page := b.get("/collect/p/" + other); resp.StatusCode != 404 || strings.Contains(page, "Sam") {
			t.Errorf("another profile's form: %d", resp.StatusCode)
		}
		if resp, _ := b.post("/collect/p/"+other, validAnswers(token)); resp.StatusCode != 404 {
			t.Errorf("another profile's form sent: %d, want 404", resp.StatusCode)
		}
		if e.collectedData(other) != before {
			t.Errorf("another profile was written")
		}
		both := e.browser()
		resp, _ := both.get("/collect/?key=" + e.collectKey(mine, other))
		if resp.Header.Get("Location") != "/collect/" {
			t.Fatalf("a key for two profiles goes to %q, want the list", resp.Header.Get("Location"))
		}
		_, page = both.get("/collect/")
		if !strings.Contains(page, `href="/collect/p/`+mine+`">Alex Wheeler</a>`) || !strings.Contains(page, `href="/collect/p/`+other+`">Sam Other</a>`) {
			t.Errorf("the list lacks the two profiles:\n%s", page)
		}
	})
}

// TestLeave forgets the key in the browser.
func TestLeave(t *testing.T) {
	e := newEnv(t, storetest.Databases()[0], envOptions{})
	id := e.nameOnly("Alex", "Wheeler")
	b := e.browser()
	b.get("/collect/?key=" + e.collectKey(id))
	_, page := b.get("/collect/p/" + id)
	resp, _ := b.post("/collect/leave", url.Values{"csrf": {csrfOf(t, page)}})
	if resp.StatusCode != 200 {
		t.Fatalf("leave: %d", resp.StatusCode)
	}
	if resp, _ := b.get("/collect/p/" + id); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("after leaving: %d, want 401", resp.StatusCode)
	}
}

// identityCheck returns the identity check of a profile's checks.
func identityCheck(t *testing.T, cs []checkView) checkView {
	t.Helper()
	for _, c := range cs {
		if c.CheckType == "IDENTITY_CHECK" {
			return c
		}
	}
	t.Fatalf("no identity check among %+v", cs)
	return checkView{}
}
