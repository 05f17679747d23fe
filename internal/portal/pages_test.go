package portal

import (
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/store/storetest"
)

// TestEveryPageRenders: every GET page of the table renders for an admin,
// with the security headers and no caching.
func TestEveryPageRenders(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		f := newFixture(t, db)
		b := f.e.browser()
		b.signIn(f.creds[kyc.UserAdmin][0], f.creds[kyc.UserAdmin][1])
		for _, rt := range (&Server{}).routeTable() {
			if rt.method != "GET" || rt.access.stages != nil && rt.path != "/portal/account/totp" {
				continue
			}
			path := f.path(rt.path)
			req, _ := http.NewRequest("GET", f.e.srv.URL+path, nil)
			resp, err := b.c.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			page, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
				checkLabels(t, path, string(page))
			}
			want := 200
			switch path {
			case "/portal/", "/portal/signin":
				want = http.StatusSeeOther // a signed-in user goes to the queue
			}
			if resp.StatusCode != want {
				t.Errorf("GET %s: got %d, want %d", path, resp.StatusCode, want)
			}
			h := resp.Header
			if !strings.Contains(h.Get("Content-Security-Policy"), "script-src 'self'") || h.Get("X-Frame-Options") != "DENY" {
				t.Errorf("GET %s: security headers missing: %v", path, h)
			}
			if rt.path != "/portal/assets/{name}" && h.Get("Cache-Control") != "no-store" {
				t.Errorf("GET %s: got Cache-Control %q, want no-store", path, h.Get("Cache-Control"))
			}
		}
	})
}

// TestSessionCookie: HttpOnly and SameSite=Lax always; Secure and
// __Host- with an https public URL.
func TestSessionCookie(t *testing.T) {
	for _, tt := range []struct {
		public, name string
		secure       bool
	}{{"", "gh_session", false}, {"https://kyc.example.org", "__Host-gh_session", true}} {
		s := &Server{secure: strings.HasPrefix(tt.public, "https:")}
		rec := newRecorder()
		s.setCookie(rec, s.sessionCookie(), "tok", 0)
		c := rec.Result().Cookies()[0]
		if c.Name != tt.name || !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Secure != tt.secure || c.Path != "/" {
			t.Errorf("public URL %q: got %+v", tt.public, c)
		}
	}
}

// TestQueueFilters: each filter narrows the queue; a bad value is a 400
// naming the parameter.
func TestQueueFilters(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		e := newEnv(t, db, nil)
		em, pw := e.user("Acme Bank", "ana@example.org", kyc.UserAnalyst)
		a := e.profile("Alex", "Wheeler")
		c := e.profile("Chris", "Young")
		u, _ := e.store.UserByEmail(ctx, em)
		ana := u.Actor(e.inst)
		if _, err := e.svc.AssignApplication(ctx, ana, c.ID, c.Applications[0].ID, u.ID); err != nil {
			t.Fatal(err)
		}
		b := e.browser()
		b.signIn(em, pw)
		tests := []struct {
			query      string
			want, nots []string
		}{
			{"", []string{a.ID, c.ID}, nil},
			{"?assignee=me", []string{c.ID}, []string{a.ID}},
			{"?assignee=none", []string{a.ID}, []string{c.ID}},
			{"?risk=HIGH", nil, []string{a.ID, c.ID}},
			{"?risk=LOW", []string{a.ID, c.ID}, nil},
			{"?waiting=30d", nil, []string{a.ID, c.ID}},
			{"?bucket=DECIDED", nil, []string{a.ID, c.ID}},
		}
		for _, tt := range tests {
			t.Run(tt.query, func(t *testing.T) {
				status, _, page := b.get("/portal/queue" + tt.query)
				if status != 200 {
					t.Fatalf("got %d", status)
				}
				for _, id := range tt.want {
					if !strings.Contains(page, id) {
						t.Errorf("missing %s", id)
					}
				}
				for _, id := range tt.nots {
					if strings.Contains(page, id) {
						t.Errorf("shows %s", id)
					}
				}
			})
		}
		for _, bad := range []string{"?bucket=ALL", "?risk=EXTREME", "?assignee=bob", "?waiting=1y", "?page=0", "?product=nope"} {
			status, _, page := b.get("/portal/queue" + bad)
			field := strings.SplitN(strings.TrimPrefix(bad, "?"), "=", 2)[0]
			if status != http.StatusBadRequest || !strings.Contains(text(page), field+":") {
				t.Errorf("%s: got %d: %.200s", bad, status, text(page))
			}
		}
		_, _, page := b.get("/portal/queue")
		if !regexp.MustCompile(`Ready for decision <span class="count">2</span>`).MatchString(page) {
			t.Errorf("the tab must count 2 ready for decision: %s", text(page))
		}
	})
}

// TestSearch: by the start of any word of a name, by tag and by id; the
// name travels in a POST body, never a URL; no link of the results or of
// the case page carries personal data.
func TestSearch(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		e := newEnv(t, db, nil)
		em, pw := e.user("Acme Bank", "ana@example.org", kyc.UserAnalyst)
		a := e.profile("Alexandra", "Wheeler")
		c := e.profile("Chris", "Young")
		if _, err := e.svc.AddTag(ctx, e.key, c.ID, kyc.TagRef{Name: "priority-review"}); err != nil {
			t.Fatal(err)
		}
		b := e.browser()
		b.signIn(em, pw)
		tests := []struct {
			q          string
			want, nots []string
		}{
			{"wheel", []string{a.ID}, []string{c.ID}},
			{"ALEX wheeler", []string{a.ID}, []string{c.ID}},
			{"alex young", nil, []string{a.ID, c.ID}},
			{"priority", []string{c.ID}, []string{a.ID}},
			{"zzz", nil, []string{a.ID, c.ID}},
		}
		for _, tt := range tests {
			t.Run(tt.q, func(t *testing.T) {
				b.get("/portal/queue")
				status, _, page := b.post("/portal/search", "q", tt.q)
				if status != 200 {
					t.Fatalf("got %d", status)
				}
				for _, id := range tt.want {
					if !strings.Contains(page, id) {
						t.Errorf("missing %s: %s", id, text(page))
					}
				}
				for _, id := range tt.nots {
					if strings.Contains(page, id) {
						t.Errorf("shows %s", id)
					}
				}
			})
		}
		b.get("/portal/queue")
		status, loc, _ := b.post("/portal/search", "q", strings.ToUpper(c.Applications[0].ID))
		if status != http.StatusSeeOther || loc != "/portal/profiles/"+c.ID {
			t.Errorf("search by application id: got %d to %q", status, loc)
		}
		// No URL on these pages carries a name, a date of birth or an address.
		href := regexp.MustCompile(`(?:href|action|src)="([^"]*)"`)
		for _, path := range []string{"/portal/queue", "/portal/profiles/" + a.ID} {
			_, _, page := b.get(path)
			for _, m := range href.FindAllStringSubmatch(page, -1) {
				for _, pii := range []string{"Wheeler", "Alexandra", "1990", "Baker"} {
					if strings.Contains(strings.ToLower(m[1]), strings.ToLower(pii)) {
						t.Errorf("%s: a URL carries %q: %s", path, pii, m[1])
					}
				}
			}
		}
		if strings.Contains(e.logs.String(), "wheel") {
			t.Error("the search text is in the logs")
		}
	})
}

// TestAdminPages: an admin adds a user (the password shown once), changes
// a role, resets a password, creates an API key (shown once) and revokes
// it, adds a webhook endpoint and redelivers from its log.
func TestAdminPages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		f := newFixture(t, db)
		e := f.e
		b := e.browser()
		b.signIn(f.creds[kyc.UserAdmin][0], f.creds[kyc.UserAdmin][1])

		b.get("/portal/admin/users")
		status, _, page := b.post("/portal/admin/users", "email", "new@example.org", "name", "New Analyst", "role", "analyst")
		pw := regexp.MustCompile(`<code class="secret">([^<]+)</code>`).FindStringSubmatch(page)
		if status != 200 || pw == nil {
			t.Fatalf("add user: got %d: %s", status, text(page))
		}
		nb := e.browser()
		nb.signIn("new@example.org", pw[1])
		if status, _, page := b.post("/portal/admin/users", "email", "new@example.org", "role", "viewer"); status != http.StatusConflict ||
			!strings.Contains(text(page), "a user with this email exists") {
			t.Errorf("duplicate email: got %d: %.300s", status, text(page))
		}
		u, _ := e.store.UserByEmail(ctx, "new@example.org")
		b.get("/portal/admin/users")
		if status, _, _ := b.post("/portal/admin/users/"+u.ID, "action", "role", "role", "viewer"); status != http.StatusSeeOther {
			t.Fatalf("change role: got %d", status)
		}
		if u, _ = e.store.UserByEmail(ctx, "new@example.org"); u.Role != kyc.UserViewer {
			t.Fatalf("got role %s", u.Role)
		}
		if status, _, _ := nb.get("/portal/queue"); status != http.StatusSeeOther {
			t.Errorf("a role change must end the user's sessions: got %d", status)
		}
		admin, _ := e.store.UserByEmail(ctx, f.creds[kyc.UserAdmin][0])
		if status, _, page := b.post("/portal/admin/users/"+admin.ID, "action", "disable"); status != http.StatusBadRequest ||
			!strings.Contains(text(page), "cannot disable yourself") {
			t.Errorf("self-disable: got %d", status)
		}

		b.get("/portal/admin/keys")
		status, _, page = b.post("/portal/admin/keys", "name", "crm")
		secret := regexp.MustCompile(`<code class="secret">(gh_[0-9a-f]+)</code>`).FindStringSubmatch(page)
		if status != 200 || secret == nil {
			t.Fatalf("create key: got %d: %s", status, text(page))
		}
		actor, err := e.svc.Authenticate(ctx, secret[1])
		if err != nil || actor.InstitutionID != e.inst.ID {
			t.Fatalf("the new key must work for the institution: %v", err)
		}
		if _, _, page := b.get("/portal/admin/keys"); strings.Contains(page, secret[1]) {
			t.Error("the key is shown again")
		}
		status, _, _ = b.post("/portal/admin/keys/" + actor.APIKey.ID + "/revoke")
		if status != http.StatusSeeOther {
			t.Fatalf("revoke: got %d", status)
		}
		keys, _ := e.store.APIKeys(ctx)
		for _, k := range keys {
			if k.ID == actor.APIKey.ID && k.RevokedAt == nil {
				t.Error("the key is not revoked")
			}
		}

		b.get("/portal/admin/webhooks")
		status, _, page = b.post("/portal/admin/webhooks", "url", "http://127.0.0.1:9/other", "events", "PRODUCT_STATUS_CHANGED")
		if status != 200 || !strings.Contains(page, "whsec_") {
			t.Fatalf("add endpoint: got %d: %s", status, text(page))
		}
		if status, _, page := b.post("/portal/admin/webhooks", "url", "ftp://x"); status != http.StatusBadRequest || !strings.Contains(text(page), "url:") {
			t.Errorf("a bad URL: got %d: %.200s", status, text(page))
		}
		// A delivery in the log of the fixture's endpoint, redelivered.
		if _, err := e.svc.AddTag(ctx, e.key, f.p.ID, kyc.TagRef{Name: "x"}); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.DecideApplication(ctx, e.key, f.p.ID, f.p.Applications[0].ID, kyc.AppRejected, "test"); err != nil {
			t.Fatal(err)
		}
		ds, _ := e.svc.WebhookDeliveries(ctx, e.key, f.endpoint.ID, 0, 10)
		if len(ds) == 0 {
			t.Fatal("no delivery to redeliver")
		}
		_, _, page = b.get("/portal/admin/webhooks/" + f.endpoint.ID + "?delivery=" + ds[0].ID)
		if !strings.Contains(text(page), "Delivery log") || !strings.Contains(page, ds[0].ID) {
			t.Fatalf("delivery log: %s", text(page))
		}
		status, loc, _ := b.post("/portal/admin/webhooks/" + f.endpoint.ID + "/deliveries/" + ds[0].ID + "/redeliver")
		if status != http.StatusSeeOther || !strings.Contains(loc, "done=redelivered") {
			t.Fatalf("redeliver: got %d to %q", status, loc)
		}
		if after, _ := e.svc.WebhookDeliveries(ctx, e.key, f.endpoint.ID, 0, 10); len(after) != len(ds)+1 {
			t.Errorf("got %d deliveries, want one more than %d", len(after), len(ds))
		}
		if strings.Contains(e.logs.String(), secret[1]) || strings.Contains(e.logs.String(), pw[1]) {
			t.Error("a secret is in the logs")
		}
	})
}

// TestScreeningPage: the ad-hoc search explains each match (the name that
// matched, every piece of the score) from a POST body.
func TestScreeningPage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		e := newEnv(t, db, nil)
		em, pw := e.user("Acme Bank", "vic@example.org", kyc.UserViewer)
		b := e.browser()
		b.signIn(em, pw)
		b.get("/portal/screening")
		status, _, page := b.post("/portal/screening", "name", "Viktor Petrenko", "dob", "1970-12-01", "country", "RUS", "type", "person")
		tx := text(page)
		if status != 200 || !strings.Contains(tx, "test-sdn, entry 4242") || !strings.Contains(tx, "How the score was made") ||
			!strings.Contains(page, "<mark>Viktor Petrenko</mark>") || !strings.Contains(tx, "UKRAINE-EO13660") {
			t.Fatalf("got %d: %s", status, tx)
		}
		if status, _, page := b.post("/portal/screening", "name", "x", "dob", "12/01/1970"); status != http.StatusBadRequest || !strings.Contains(text(page), "dob:") {
			t.Errorf("a bad date: got %d", status)
		}
		_, _, page = b.get("/portal/lists")
		if tx := text(page); !strings.Contains(tx, "test-sdn ofac 2026-01-01 1") || !strings.Contains(tx, "current") {
			t.Errorf("lists page: %s", tx)
		}
	})
}

// TestRowsRenderedInGoAreEscaped: the rows rendered outside html/template
// escape every value, so a name, a note or an output field that holds
// markup shows as text.
func TestRowsRenderedInGoAreEscaped(t *testing.T) {
	evil := `<script>alert(1)</script>"'&`
	q := string(queueRows([]kyc.QueueItem{{ProfileID: `x"><img src=x onerror=1>`, DisplayName: evil, ProductName: evil,
		AssigneeName: evil, Status: kyc.AppStatus(evil), Flag: kyc.Flag(evil), Risk: kyc.RiskCategory(evil)}}))
	a := string(auditRows([]auditView{{Item: kyc.AuditItem{Action: kyc.AuditAction(evil), Message: evil, Hash: evil, Seq: 1}, Who: evil, Verified: true}}))
	c := string(checkViewOf(&kyc.Check{Type: kyc.CheckCompanyRegistry, Output: []byte(`{"` + strings.ReplaceAll(evil, `"`, `\"`) + `":"` + strings.ReplaceAll(evil, `"`, `\"`) + `"}`)}, &kyc.Profile{}).FieldsHTML)
	for name, out := range map[string]string{"queue": q, "audit": a, "check": c} {
		if strings.Contains(out, "<script") || strings.Contains(out, "<img") || strings.Contains(out, `"'`) {
			t.Errorf("%s rows carry unescaped markup: %s", name, out)
		}
		if !strings.Contains(out, "&lt;script&gt;") {
			t.Errorf("%s rows lost the text: %s", name, out)
		}
	}
}

var (
	controlRe = regexp.MustCompile(`<(input|select|textarea)\b[^>]*>`)
	idRe      = regexp.MustCompile(`\bid="([^"]+)"`)
	typeRe    = regexp.MustCompile(`\btype="([^"]+)"`)
)

// checkLabels fails when a form control of a page has no label: every
// input a person fills has an id that a <label for> names.
func checkLabels(t *testing.T, path, page string) {
	t.Helper()
	for _, c := range controlRe.FindAllString(page, -1) {
		if m := typeRe.FindStringSubmatch(c); m != nil && (m[1] == "hidden" || m[1] == "submit") {
			continue
		}
		id := idRe.FindStringSubmatch(c)
		if id == nil {
			t.Errorf("%s: a control without an id: %s", path, c)
			continue
		}
		if !strings.Contains(page, `<label for="`+id[1]+`"`) {
			t.Errorf("%s: no <label for=%q>: %s", path, id[1], c)
		}
	}
}

// TestSignInPageLabels: the pages before sign-in label their controls too.
func TestSignInPageLabels(t *testing.T) {
	e := newEnv(t, storetest.Databases()[0], nil)
	b := e.browser()
	_, _, page := b.get("/portal/signin")
	checkLabels(t, "/portal/signin", page)
	if !strings.Contains(page, `type="email"`) || !strings.Contains(page, `type="password"`) {
		t.Error("the sign-in form must use email and password inputs")
	}
}
