package portal

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/store/storetest"
)

// fixture is an institution with a profile, a user of each role, a tag,
// a key and a webhook endpoint: something for every route to act on.
type fixture struct {
	e        *env
	p        *kyc.Profile
	creds    map[kyc.UserRole][2]string
	params   map[string]string
	analyst  *kyc.UserAccount
	endpoint *kyc.WebhookEndpoint
}

func newFixture(t *testing.T, db storetest.Opener) *fixture {
	f := &fixture{e: newEnv(t, db, nil), creds: map[kyc.UserRole][2]string{}}
	e := f.e
	for _, r := range []kyc.UserRole{kyc.UserViewer, kyc.UserAnalyst, kyc.UserAdmin} {
		em, pw := e.user("Acme Bank", string(r)+"@example.org", r)
		f.creds[r] = [2]string{em, pw}
	}
	f.p = e.profile("Sam", "Carter-sanction")
	tag, err := e.svc.AddTag(ctx, e.key, f.p.ID, kyc.TagRef{Name: "vip"})
	if err != nil {
		t.Fatal(err)
	}
	url := "http://127.0.0.1:9/hook"
	f.endpoint, err = e.svc.CreateWebhookEndpoint(ctx, e.key, kyc.WebhookEndpointInput{URL: &url})
	if err != nil {
		t.Fatal(err)
	}
	analyst, err := e.store.UserByEmail(ctx, "analyst@example.org")
	if err != nil {
		t.Fatal(err)
	}
	f.analyst = analyst
	f.p = e.load(f.p.ID)
	f.params = map[string]string{
		"{id}": f.p.ID, "{task}": f.p.Tasks[0].ID, "{app}": f.p.Applications[0].ID, "{tag}": tag.ID,
		"{user}": analyst.ID, "{key}": e.key.APIKey.ID, "{hook}": f.endpoint.ID, "{delivery}": kyc.NewID(),
		"{name}": "portal.css", "{$}": "",
	}
	return f
}

// path fills a route pattern's wildcards with the fixture's ids.
func (f *fixture) path(pattern string) string {
	for k, v := range f.params {
		pattern = strings.ReplaceAll(pattern, k, v)
	}
	return pattern
}

// state summarises what an action could change: the profile's audit
// trail, the users, the keys, the endpoint.
func (f *fixture) state(t *testing.T) string {
	t.Helper()
	items, err := f.e.store.AuditItems(ctx, f.e.inst.ID, f.p.ID)
	if err != nil {
		t.Fatal(err)
	}
	users, _ := f.e.store.Users(ctx, "")
	keys, _ := f.e.store.APIKeys(ctx)
	ep, _ := f.e.store.WebhookEndpoint(ctx, f.e.inst.ID, f.endpoint.ID)
	var b strings.Builder
	fmt.Fprintf(&b, "audit=%d;", len(items))
	for _, u := range users {
		fmt.Fprintf(&b, "%s:%s:%t:%t:%s;", u.Email, u.Role, u.Disabled, u.TOTPEnabled, u.PasswordHash)
	}
	for _, k := range keys {
		fmt.Fprintf(&b, "%s:%v;", k.ID, k.RevokedAt != nil)
	}
	fmt.Fprintf(&b, "hook=%t", ep.Enabled)
	return b.String()
}

// TestEveryRouteChecksAccess drives every route of the table as each
// role: a route whose capability the role lacks answers 403 and changes
// nothing (hidden buttons are not the defence), and without a session
// every route but the sign-in pages sends the browser to sign in.
func TestEveryRouteChecksAccess(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		f := newFixture(t, db)
		s := &Server{}
		routes := s.routeTable()
		browsers := map[kyc.UserRole]*browser{}
		for r, c := range f.creds {
			browsers[r] = f.e.browser()
			browsers[r].signIn(c[0], c[1])
		}
		for _, rt := range routes {
			if rt.access.public {
				continue
			}
			path := f.path(rt.path)
			t.Run(rt.method+" "+rt.path, func(t *testing.T) {
				before := f.state(t)
				anon := f.e.browser()
				anon.get("/portal/signin") // a sign-in token, but no session
				status, loc, _ := anon.do(rt.method, path, nil)
				if rt.method == "POST" {
					status, loc, _ = anon.post(path, "action", "pass")
				}
				if status != http.StatusSeeOther || !strings.HasPrefix(loc, "/portal/signin") {
					t.Errorf("without a session: got %d to %q, want to sign in", status, loc)
				}
				for role, b := range browsers {
					if rt.access.cap == "" || role.Can(rt.access.cap) {
						continue
					}
					b.get("/portal/account") // a fresh CSRF token of the session
					var status int
					var page string
					if rt.method == "POST" {
						status, _, page = b.post(path, "action", "pass", "decision", "approve", "reason", "Other",
							"event", "x", "resolution", "MISMATCH", "comment", "c", "name", "x", "role", "admin", "user_id", "me")
					} else {
						status, _, page = b.get(path)
					}
					if status != http.StatusForbidden || !strings.Contains(text(page), "cannot do this") {
						t.Errorf("as %s: got %d, want 403: %.200s", role, status, text(page))
					}
				}
				if after := f.state(t); after != before {
					t.Errorf("a refused request changed the state:\n%s\n%s", before, after)
				}
			})
		}
	})
}

// TestRoleMatrix pins the role table: viewers read, analysts work cases,
// admins also administer.
func TestRoleMatrix(t *testing.T) {
	tests := []struct {
		cap                    string
		viewer, analyst, admin bool
	}{
		{kyc.CapReadProfile, true, true, true},
		{kyc.CapSearch, true, true, true},
		{kyc.CapEditApplicationStatus, false, true, true},
		{kyc.CapManageMatches, false, true, true},
		{kyc.CapEditTaskCompletion, false, true, true},
		{kyc.CapAssignApplication, false, true, true},
		{kyc.CapCreateUser, false, false, true},
		{kyc.CapEditConfig, false, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.cap, func(t *testing.T) {
			for role, want := range map[kyc.UserRole]bool{kyc.UserViewer: tt.viewer, kyc.UserAnalyst: tt.analyst, kyc.UserAdmin: tt.admin} {
				if got := role.Can(tt.cap); got != want {
					t.Errorf("%s: got %t, want %t", role, got, want)
				}
			}
		})
	}
	// Every capability the routes ask for is one a role grants, and every
	// route that reads or changes an institution's data asks for one.
	for _, rt := range (&Server{}).routeTable() {
		if c := rt.access.cap; c != "" && !kyc.UserAdmin.Can(c) {
			t.Errorf("%s %s needs %s, which no role has", rt.method, rt.path, c)
		}
		for _, prefix := range []string{"/portal/profiles", "/portal/admin", "/portal/queue", "/portal/search", "/portal/screening", "/portal/lists"} {
			if strings.HasPrefix(rt.path, prefix) && rt.access.cap == "" {
				t.Errorf("%s %s needs no capability", rt.method, rt.path)
			}
		}
	}
	// The actions that change a case or the institution need what the
	// contract names for them.
	want := map[string]string{
		"POST /portal/profiles/{id}/tasks/{task}":                            kyc.CapEditTaskCompletion,
		"POST /portal/profiles/{id}/events":                                  kyc.CapManageMatches,
		"POST /portal/profiles/{id}/tags":                                    kyc.CapCreateProfileTag,
		"POST /portal/profiles/{id}/tags/{tag}/remove":                       kyc.CapDeleteProfileTag,
		"POST /portal/profiles/{id}/applications/{app}/assign":               kyc.CapAssignApplication,
		"POST /portal/profiles/{id}/applications/{app}/decision":             kyc.CapEditApplicationStatus,
		"POST /portal/profiles/{id}/applications/{app}/revert":               kyc.CapEditApplicationStatus,
		"POST /portal/admin/users":                                           kyc.CapCreateUser,
		"POST /portal/admin/users/{user}":                                    kyc.CapEditUser,
		"POST /portal/admin/keys":                                            kyc.CapEditConfig,
		"POST /portal/admin/keys/{key}/revoke":                               kyc.CapEditConfig,
		"POST /portal/admin/webhooks":                                        kyc.CapEditConfig,
		"POST /portal/admin/webhooks/{hook}":                                 kyc.CapEditConfig,
		"POST /portal/admin/webhooks/{hook}/deliveries/{delivery}/redeliver": kyc.CapEditConfig,
		"POST /portal/admin/security":                                        kyc.CapEditConfig,
		"POST /portal/profiles/{id}/legal-hold":                              kyc.CapEditProfile,
		"POST /portal/profiles/{id}/legal-hold/clear":                        kyc.CapDeleteProfile,
		"POST /portal/profiles/{id}/erase":                                   kyc.CapDeleteProfile,
	}
	for _, rt := range (&Server{}).routeTable() {
		if c, ok := want[rt.method+" "+rt.path]; ok && rt.access.cap != c {
			t.Errorf("%s %s: got capability %q, want %q", rt.method, rt.path, rt.access.cap, c)
		}
		delete(want, rt.method+" "+rt.path)
	}
	for r := range want {
		t.Errorf("no route %s", r)
	}
}

// TestViewerSeesNoDecisionControls: the case page shows a viewer no form
// that changes anything, and a decision forged with the viewer's session
// and token is refused.
func TestViewerSeesNoDecisionControls(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		f := newFixture(t, db)
		b := f.e.browser()
		b.signIn(f.creds[kyc.UserViewer][0], f.creds[kyc.UserViewer][1])
		_, _, page := b.get("/portal/profiles/" + f.p.ID)
		for _, control := range []string{"/decision", "/tasks/", "Resolve match", "Approve", "Reject", "/assign", "Add tag"} {
			if strings.Contains(page, control) {
				t.Errorf("a viewer's case page shows %q", control)
			}
		}
		if !strings.Contains(text(page), "Why it is a potential match") {
			t.Error("a viewer reads the match and its explanation")
		}
		before := f.state(t)
		status, _, _ := b.post("/portal/profiles/"+f.p.ID+"/applications/"+f.p.Applications[0].ID+"/decision",
			"decision", "reject", "reason", "Suspected fraud")
		if status != http.StatusForbidden || f.state(t) != before {
			t.Fatalf("forged decision: got %d; the state must not change", status)
		}
	})
}

// TestCSRF: a POST without the session's token, with another token, or
// from another origin gets 403 and changes nothing.
func TestCSRF(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		f := newFixture(t, db)
		b := f.e.browser()
		b.signIn(f.creds[kyc.UserAnalyst][0], f.creds[kyc.UserAnalyst][1])
		path := "/portal/profiles/" + f.p.ID + "/tags"
		b.get("/portal/profiles/" + f.p.ID) // the view is recorded once, before the forgeries
		before := f.state(t)
		tests := []struct {
			name, token, origin string
		}{
			{"no token", "", ""},
			{"another token", "forged-token-forged-token", ""},
			{"another origin", "", "https://evil.example"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				b.get("/portal/profiles/" + f.p.ID)
				form := map[string][]string{"name": {"x"}, "csrf": {tt.token}}
				if tt.origin != "" {
					form["csrf"] = []string{b.csrf}
				}
				req, _ := http.NewRequest("POST", f.e.srv.URL+path, strings.NewReader(encode(form)))
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				if tt.origin != "" {
					req.Header.Set("Origin", tt.origin)
				}
				resp, err := b.c.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				resp.Body.Close()
				if resp.StatusCode != http.StatusForbidden {
					t.Errorf("got %d, want 403", resp.StatusCode)
				}
				if after := f.state(t); after != before {
					t.Errorf("the state changed")
				}
			})
		}
		// The sign-in form has its own token (double submit).
		anon := f.e.browser()
		status, _, _ := anon.do("POST", "/portal/signin", map[string][]string{"email": {"analyst@example.org"}, "password": {"x"}})
		if status != http.StatusForbidden {
			t.Errorf("sign-in without its token: got %d, want 403", status)
		}
	})
}

func encode(form map[string][]string) string {
	var parts []string
	for k, vs := range form {
		for _, v := range vs {
			parts = append(parts, k+"="+strings.ReplaceAll(v, " ", "+"))
		}
	}
	return strings.Join(parts, "&")
}

// TestInstitutionIsolation: a user of another institution sees none of
// Acme's profiles, users, keys or endpoints, and cannot act on them: each
// answers 404 exactly as an absent one.
func TestInstitutionIsolation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		f := newFixture(t, db)
		em, pw := f.e.user("Other Bank", "olga@other.example", kyc.UserAdmin)
		b := f.e.browser()
		b.signIn(em, pw)
		before := f.state(t)
		for _, path := range []string{"/portal/profiles/{id}", "/portal/admin/webhooks/{hook}"} {
			if status, _, _ := b.get(f.path(path)); status != http.StatusNotFound {
				t.Errorf("GET %s: got %d, want 404", path, status)
			}
		}
		for _, path := range []string{"/portal/profiles/{id}/applications/{app}/decision", "/portal/profiles/{id}/tags",
			"/portal/profiles/{id}/tasks/{task}", "/portal/admin/keys/{key}/revoke", "/portal/admin/users/{user}",
			"/portal/admin/webhooks/{hook}", "/portal/profiles/{id}/applications/{app}/assign"} {
			b.get("/portal/account")
			status, _, _ := b.post(f.path(path), "decision", "reject", "reason", "Suspected fraud", "name", "x",
				"action", "disable", "user_id", "me")
			if status != http.StatusNotFound {
				t.Errorf("POST %s: got %d, want 404", path, status)
			}
		}
		for _, page := range []string{"/portal/queue?bucket=REQUIRES_MANUAL_TASK_COMPLETION", "/portal/admin/users", "/portal/admin/keys", "/portal/admin/webhooks"} {
			_, _, body := b.get(page)
			for _, leak := range []string{f.p.ID, "Carter", "analyst@example.org", f.e.key.APIKey.Prefix, f.endpoint.ID} {
				if strings.Contains(body, leak) {
					t.Errorf("%s shows Acme's %q", page, leak)
				}
			}
		}
		b.get("/portal/queue")
		status, loc, page := b.post("/portal/search", "q", f.p.ID)
		if status == http.StatusSeeOther || strings.Contains(loc, f.p.ID) || strings.Contains(page, "Carter") {
			t.Errorf("searching Acme's profile id: got %d to %q", status, loc)
		}
		b.get("/portal/queue")
		if _, _, page := b.post("/portal/search", "q", "Carter"); strings.Contains(page, f.p.ID) {
			t.Error("searching Acme's name finds Acme's profile")
		}
		if after := f.state(t); after != before {
			t.Errorf("another institution's user changed Acme's state:\n%s\n%s", before, after)
		}
	})
}
