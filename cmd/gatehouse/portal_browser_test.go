package main

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/gatehouse/gatehouse/internal/store/storetest"
	"github.com/jackc/pgx/v5"
)

// The portal driven by a real browser (Debian's chromium through the
// DevTools protocol) against a real server process, on SQLite and on
// PostgreSQL. Controls are found by their labels and button texts, as a
// person finds them. With GATEHOUSE_SCREENSHOTS=1 the SQLite run writes
// the screenshots of docs/portal.md to docs/img.

// chromiumPath finds the browser: $GATEHOUSE_CHROMIUM, else chromium on
// the PATH. Without one the test skips, or fails when
// $GATEHOUSE_TEST_REQUIRE_BROWSER is 1 (./scripts/test installs chromium).
func chromiumPath(t *testing.T) string {
	if p := os.Getenv("GATEHOUSE_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("GATEHOUSE_TEST_REQUIRE_BROWSER") == "1" {
		t.Fatal("no chromium found but GATEHOUSE_TEST_REQUIRE_BROWSER=1")
	}
	t.Skip("no chromium on the PATH; ./scripts/test installs it")
	return ""
}

// newBrowser starts a headless chromium with a fresh profile directory and
// the flags that keep it off the network (this machine has none).
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromiumPath(t)),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("no-default-browser-check", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 800),
	}
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(alloc)
	ctx, cancelTimeout := context.WithTimeout(ctx, 3*time.Minute)
	t.Cleanup(func() { cancelTimeout(); cancelCtx(); cancelAlloc() })
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 800)); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return ctx
}

// labelled is the control a label names, found as a person finds it.
func labelled(label string) chromedp.Search {
	return chromedp.Search(fmt.Sprintf(`//*[@id=//label[normalize-space(.)=%q]/@for]`, label))
}

// button is the button with this text.
func button(text string) chromedp.Search {
	return chromedp.Search(fmt.Sprintf(`//button[normalize-space(.)=%q]`, text))
}

// page drives one tab and fails the test on the first error.
type page struct {
	t    *testing.T
	ctx  context.Context
	base string
}

func (p *page) do(what string, actions ...chromedp.Action[chromedp.Void]) {
	p.t.Helper()
	if err := chromedp.Do(p.ctx, actions...); err != nil {
		p.t.Fatalf("%s: %v", what, err)
	}
}

func (p *page) open(path string) int64 {
	p.t.Helper()
	resp, err := chromedp.Run(p.ctx, chromedp.NavigateResponse(p.base+path))
	if err != nil {
		p.t.Fatalf("open %s: %v", path, err)
	}
	return resp.Status
}

// submit clicks a button and waits for the page it leads to.
func (p *page) submit(sel chromedp.Search) int64 {
	p.t.Helper()
	resp, err := chromedp.RunResponse(p.ctx, chromedp.Click(sel))
	if err != nil {
		p.t.Fatalf("click %s: %v", sel, err)
	}
	return resp.Status
}

func (p *page) text(sel string) string {
	p.t.Helper()
	s, err := chromedp.Run(p.ctx, chromedp.Text(chromedp.Search(sel)))
	if err != nil {
		p.t.Fatalf("text of %s: %v", sel, err)
	}
	return strings.Join(strings.Fields(s), " ")
}

func (p *page) count(sel string) int {
	p.t.Helper()
	n, err := chromedp.Run(p.ctx, chromedp.Evaluate[int](fmt.Sprintf(
		`document.evaluate(%q, document, null, XPathResult.ORDERED_NODE_SNAPSHOT_TYPE, null).snapshotLength`, sel)))
	if err != nil {
		p.t.Fatalf("count %s: %v", sel, err)
	}
	return n
}

// post sends a form from the page's own script context with fetch, as a
// forged request from the signed-in user's browser would, and returns
// the answer's status.
func (p *page) post(path, body string) int {
	p.t.Helper()
	status, err := chromedp.Run(p.ctx, chromedp.Evaluate[int](fmt.Sprintf(
		`fetch(%q, {method: "POST", headers: {"Content-Type": "application/x-www-form-urlencoded"}, body: %q, redirect: "manual"}).then(r => r.status)`,
		path, body), chromedp.EvalAwaitPromise))
	if err != nil {
		p.t.Fatalf("post %s: %v", path, err)
	}
	return status
}

func (p *page) screenshot(name string, full bool) {
	p.t.Helper()
	if os.Getenv("GATEHOUSE_SCREENSHOTS") != "1" {
		return
	}
	var png []byte
	var err error
	if full {
		png, err = chromedp.Run(p.ctx, chromedp.FullScreenshot(100))
	} else {
		png, err = chromedp.Run(p.ctx, chromedp.CaptureScreenshot())
	}
	if err != nil {
		p.t.Fatalf("screenshot %s: %v", name, err)
	}
	if err := os.WriteFile(filepath.Join("..", "..", "docs", "img", name), png, 0o644); err != nil {
		p.t.Fatal(err)
	}
}

func (p *page) signIn(email, password string) {
	p.t.Helper()
	p.open("/portal/signin")
	p.do("type the credentials",
		chromedp.SendKeys(labelled("Email"), email),
		chromedp.SendKeys(labelled("Password"), password))
	p.submit(button("Sign in"))
}

// waitFlag polls the API until a profile's application leaves automation
// and its checks, and returns its flag.
func waitFlag(t *testing.T, base, key, id string) string {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		var apps []struct{ Flag string }
		if _, err := call(key, "GET", base+"/4.0/profiles/"+id+"/applications", "", &apps); err != nil {
			t.Fatal(err)
		}
		if len(apps) == 1 && apps[0].Flag != "AUTOMATING" && apps[0].Flag != "WAITING_ON_CHECKS" && apps[0].Flag != "RECALCULATING_RISK" {
			return apps[0].Flag
		}
		if time.Now().After(deadline) {
			t.Fatalf("profile %s still automating after 30s: %+v", id, apps)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func createIndividual(t *testing.T, base, key, given, family string) string {
	t.Helper()
	body := `{"role":"INDIVIDUAL_CUSTOMER","collected_data":{"entity_type":"INDIVIDUAL","personal_details":{"name":{"given_names":["` + given +
		`"],"family_name":"` + family + `"},"dob":"1988-04-21","nationality":"GBR"},"address_history":[{"address":{"type":"STRUCTURED","country":"GBR","locality":"London","postal_code":"NW1 6XE","route":"Baker Street","street_number":"221B"}}]}}`
	var p struct{ ID string }
	if status, err := call(key, "POST", base+"/4.0/profiles", body, &p); err != nil || status != 200 {
		t.Fatalf("create %s %s: %d %v", given, family, status, err)
	}
	return p.ID
}

// expireSessions ages every session past the idle timeout, in the
// database the server uses, as if its user had left for the day.
func expireSessions(t *testing.T, dbURL string) {
	t.Helper()
	const q = "UPDATE sessions SET last_seen_at = 0"
	if storetest.IsPostgresURL(dbURL) {
		c, err := pgx.Connect(context.Background(), dbURL)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close(context.Background())
		if _, err := c.Exec(context.Background(), q); err != nil {
			t.Fatal(err)
		}
		return
	}
	db, err := sql.Open("sqlite", "file:"+dbURL+"?_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(q); err != nil {
		t.Fatal(err)
	}
}

// TestPortalInBrowser: sign in; the queue shows a new clean profile ready
// for a decision; a profile with a sanctions hit shows the hit and the
// engine's explanation; resolving it as MISMATCH with a comment and
// passing the screening task with a note readies it; approving moves it
// to APPROVED and the audit trail names the analyst; a viewer sees no
// decision controls and a forged decision from the viewer's session gets
// 403; a POST without the CSRF token gets 403; an expired session returns
// to sign-in; repeated bad passwords are throttled.
func TestPortalInBrowser(t *testing.T) {
	chromiumPath(t)
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		url := db.URL(t)
		env := map[string]string{"GATEHOUSE_DATABASE": url}
		users := map[string]string{}
		for _, u := range [][2]string{{"ana@acme.example", "analyst"}, {"vic@acme.example", "viewer"}, {"ada@acme.example", "admin"}} {
			out, err := runCmd(t, env, "users", "create", "--email", u[0], "--role", u[1], "--institution", "Acme", "--name",
				map[string]string{"analyst": "Ana Analyst", "viewer": "Vic Viewer", "admin": "Ada Admin"}[u[1]])
			if err != nil {
				t.Fatal(err)
			}
			users[u[0]] = lastLine(out)
		}
		key := newKey(t, url)
		c := startChild(t, url, freePort(t))
		clean := createIndividual(t, c.base, key, "Alex", "Wheeler")
		hit := createIndividual(t, c.base, key, "Sam", "Carter-sanction")
		if f := waitFlag(t, c.base, key, clean); f != "READY_FOR_DECISION" {
			t.Fatalf("clean profile: got %s, want READY_FOR_DECISION", f)
		}
		if f := waitFlag(t, c.base, key, hit); f != "REQUIRES_MANUAL_TASK_COMPLETION" {
			t.Fatalf("sanction hit: got %s, want REQUIRES_MANUAL_TASK_COMPLETION", f)
		}
		shots := db.Name == "sqlite"
		p := &page{t: t, ctx: newBrowser(t), base: c.base}

		// Sign in; the queue opens on READY_FOR_DECISION with the new profile.
		p.signIn("ana@acme.example", users["ana@acme.example"])
		if h := p.text(`//h1`); h != "Queue" {
			t.Fatalf("after sign-in: got %q, want the queue", h)
		}
		if got := p.text(`//h2[@id="bucket"]`); got != "Ready for decision" {
			t.Fatalf("got queue %q", got)
		}
		if n := p.count(`//table//a[normalize-space(.)="Alex Wheeler"]`); n != 1 {
			t.Fatalf("the queue must list Alex Wheeler: %s", p.text(`//main`))
		}
		if shots {
			p.screenshot("queue.png", false)
		}

		// The hit, with the explanation of the match.
		p.submit(chromedp.Search(`//nav[@aria-label="Queues"]//a[contains(., "Requires manual task completion")]`))
		p.submit(chromedp.Search(`//table//a[normalize-space(.)="Sam Carter-sanction"]`))
		match := p.text(`//section[@id="events"]`)
		for _, want := range []string{"CARTER, Sam", "Sanction flag", "Why it is a potential match: score 93%, a strong match",
			"Date of birth 1988-04-21 1988-04-21 exact", "shared: GBR", "Demo Consolidated Sanctions List"} {
			if !strings.Contains(match, want) {
				t.Errorf("the match lacks %q: %s", want, match)
			}
		}
		if shots {
			p.screenshot("case.png", false)
			png, err := chromedp.Run(p.ctx, chromedp.Screenshot(chromedp.Search(`//section[@id="events"]`)))
			if err == nil && os.Getenv("GATEHOUSE_SCREENSHOTS") == "1" {
				err = os.WriteFile(filepath.Join("..", "..", "docs", "img", "case-match.png"), png, 0o644)
			}
			if err != nil {
				t.Fatal(err)
			}
		}

		// Resolve it as MISMATCH with a comment, then pass the task with a note.
		p.do("resolve the match",
			chromedp.SetValue(labelled("Resolution for CARTER, Sam"), "MISMATCH"),
			chromedp.SendKeys(labelled("Comment on CARTER, Sam"), "Different person: date of birth and passport differ"))
		p.submit(button("Resolve match"))
		if got := p.text(`//p[@role="status"]`); got != "The matches were resolved." {
			t.Fatalf("after resolving: got %q", got)
		}
		p.do("note the task", chromedp.SendKeys(labelled("Note on Assess PEP and sanctions exposure"), "Only match dismissed as a mismatch"))
		p.submit(chromedp.Search(`//article[.//h3[contains(., "Assess PEP and sanctions exposure")]]//button[normalize-space(.)="Mark passed"]`))
		if got := p.text(`//article[contains(@class, "app")]//h3`); !strings.Contains(got, "Ready for decision") {
			t.Fatalf("after passing the task: got %q, want ready for decision", got)
		}

		// Approve with a reason: APPROVED, and the audit trail names the analyst.
		p.do("approve",
			chromedp.SetValue(labelled("Approval reason"), "Potential matches reviewed and dismissed"),
			chromedp.SendKeys(labelled("Approval comment"), "Onboarded after review"))
		p.submit(button("Approve"))
		if got := p.text(`//article[contains(@class, "app")]//h3`); !strings.Contains(got, "Approved") {
			t.Fatalf("after approving: got %q", got)
		}
		if audit := p.text(`//section[@id="audit"]//tbody/tr[1]`); !strings.Contains(audit, "Manual decision") || !strings.Contains(audit, "Ana Analyst") {
			t.Fatalf("the audit trail's latest item: got %q, want the analyst's decision", audit)
		}
		var app []struct {
			Status  string
			History []struct {
				Decisioner *struct{ Email string }
			}
		}
		call(key, "GET", c.base+"/4.0/profiles/"+hit+"/applications", "", &app)
		if h := app[0].History; app[0].Status != "APPROVED" || h[len(h)-1].Decisioner == nil || h[len(h)-1].Decisioner.Email != "ana@acme.example" {
			t.Fatalf("over the API: got %+v, want APPROVED by the analyst", app)
		}

		// A POST without the CSRF token: 403, and nothing changes.
		p.open("/portal/profiles/" + clean)
		if status := p.post("/portal/profiles/"+clean+"/tags", "name=forged"); status != 403 {
			t.Errorf("a POST without the CSRF token: got %d, want 403", status)
		}
		var prof struct{ Tags []struct{ Name string } }
		call(key, "GET", c.base+"/4.0/profiles/"+clean, "", &prof)
		if len(prof.Tags) != 0 {
			t.Errorf("the refused POST added tags: %+v", prof.Tags)
		}

		// The viewer: no decision controls; a forged decision is refused.
		p.submit(button("Sign out"))
		p.signIn("vic@acme.example", users["vic@acme.example"])
		p.open("/portal/profiles/" + clean)
		if n := p.count(`//form[contains(@action, "/decision")] | //button[normalize-space(.)="Approve"] | //button[normalize-space(.)="Reject"]`); n != 0 {
			t.Errorf("the viewer sees %d decision controls", n)
		}
		csrf, err := chromedp.Run(p.ctx, chromedp.Evaluate[string](`document.querySelector('input[name=csrf]').value`))
		if err != nil || csrf == "" {
			t.Fatalf("the viewer's CSRF token: %q %v", csrf, err)
		}
		var apps []struct{ ID, Status string }
		call(key, "GET", c.base+"/4.0/profiles/"+clean+"/applications", "", &apps)
		forged := "csrf=" + csrf + "&decision=approve&reason=Due+diligence+complete"
		if status := p.post("/portal/profiles/"+clean+"/applications/"+apps[0].ID+"/decision", forged); status != 403 {
			t.Errorf("a viewer's forged decision: got %d, want 403", status)
		}
		call(key, "GET", c.base+"/4.0/profiles/"+clean+"/applications", "", &apps)
		if apps[0].Status != "APPLIED" {
			t.Errorf("after the forged decision: got %s, want APPLIED", apps[0].Status)
		}

		// The admin: a legal hold set and cleared from the case page; the
		// erasure asks for ERASE and is refused while the application is open.
		p.submit(button("Sign out"))
		p.signIn("ada@acme.example", users["ada@acme.example"])
		p.open("/portal/profiles/" + clean)
		p.do("legal hold", chromedp.SendKeys(labelled("Legal hold reason"), "Regulator's request 7"))
		p.submit(button("Set a legal hold"))
		if got := p.text(`//p[@role="status"]`); !strings.HasPrefix(got, "The legal hold is set") {
			t.Fatalf("after setting the hold: got %q", got)
		}
		if dp := p.text(`//section[@id="data-protection"]`); !strings.Contains(dp, "Legal hold set by Ada Admin") || !strings.Contains(dp, "Regulator's request 7") {
			t.Errorf("the hold on the page: %s", dp)
		}
		p.submit(button("Clear the legal hold"))
		if got := p.text(`//p[@role="status"]`); got != "The legal hold was cleared." {
			t.Fatalf("after clearing the hold: got %q", got)
		}
		p.do("erase", chromedp.SendKeys(labelled("Type ERASE to erase this profile's personal data for good"), "ERASE"))
		if status := p.submit(button("Erase the profile")); status != 422 || !strings.Contains(p.text(`//p[@role="alert"]`), "reject or cancel it") {
			t.Errorf("erasing with an open application: got %d, %q", status, p.text(`//p[@role="alert"]`))
		}

		// An expired session returns to sign-in.
		expireSessions(t, url)
		p.open("/portal/queue")
		if loc, _ := chromedp.Run(p.ctx, chromedp.Location()); !strings.HasSuffix(loc, "/portal/signin?m=expired") ||
			!strings.Contains(p.text(`//main`), "Your session expired") {
			t.Errorf("after expiry: at %q: %s", loc, p.text(`//main`))
		}

		// Repeated bad passwords are throttled.
		for range 5 {
			p.signIn("ana@acme.example", "not the password")
			if msg := p.text(`//p[@role="alert"]`); msg != "The email or password is incorrect." {
				t.Fatalf("a bad password: got %q", msg)
			}
		}
		p.signIn("ana@acme.example", users["ana@acme.example"])
		if msg := p.text(`//p[@role="alert"]`); !strings.HasPrefix(msg, "Too many failed sign-in attempts for this account. Try again in") {
			t.Errorf("after five bad passwords: got %q", msg)
		}

		// At phone width the queue still reads (a screenshot for the docs).
		if shots {
			p.signIn("vic@acme.example", users["vic@acme.example"])
			p.do("phone width", chromedp.EmulateViewport(390, 844))
			p.open("/portal/queue?bucket=DECIDED")
			p.screenshot("queue-phone.png", false)
		}
	})
}
