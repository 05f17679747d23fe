package portal

import (
	"bytes"
	"context"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gatehouse/gatehouse/internal/checks"
	"github.com/gatehouse/gatehouse/internal/checks/demo"
	"github.com/gatehouse/gatehouse/internal/checks/listscreen"
	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/passfort"
	"github.com/gatehouse/gatehouse/internal/policy"
	"github.com/gatehouse/gatehouse/internal/portal/credential"
	"github.com/gatehouse/gatehouse/internal/screening"
	"github.com/gatehouse/gatehouse/internal/store/storetest"
	"github.com/gatehouse/gatehouse/internal/webhook"
)

var ctx = context.Background()

// clock is a settable time shared by the accounts and the portal.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

// syncBuffer is a log sink safe for the server's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

// env is a real portal over a real store, served over loopback HTTP.
type env struct {
	t     testing.TB
	store kyc.Store
	svc   *kyc.Service
	acc   *kyc.Accounts
	srv   *httptest.Server
	clock *clock
	logs  *syncBuffer
	key   kyc.Actor // an API key of the first institution
	inst  *kyc.Institution
}

// testList is a one-entry sanctions list for the screening page.
var testList = &screening.List{Name: "test-sdn", Format: "ofac", Version: "2026-01-01", Entities: []screening.Entity{{
	Source: "test-sdn", ListID: "4242", Type: screening.Person, Topics: []screening.Topic{screening.TopicSanction},
	Names:        []screening.Name{{Full: "Viktor Petrenko", Kind: screening.NamePrimary}, {Full: "V. A. Petrenko", Kind: screening.NameAKA}},
	DatesOfBirth: []screening.Date{{Year: 1970, Month: 12, Day: 1}}, Countries: []string{"RUS"}, Programs: []string{"UKRAINE-EO13660"},
}}}

func newEnv(t testing.TB, db storetest.Opener, pol *policy.Policy) *env {
	t.Helper()
	s := db.Open(t)
	e := &env{t: t, store: s, clock: &clock{t: time.Now().UTC().Truncate(time.Second)}, logs: &syncBuffer{}}
	var holder screening.Holder
	holder.Swap(screening.NewIndex(testList))
	reg := checks.NewRegistry(demo.New(), listscreen.New(&holder), checks.Manual{})
	if pol == nil {
		pol = policy.Demo()
	}
	guard := webhook.DefaultGuard()
	guard.AllowPrivate, guard.AllowLoopback = true, true
	e.svc = &kyc.Service{Store: s, Policy: pol, Checks: reg, CheckWebhookURL: guard.CheckURL}
	e.acc = &kyc.Accounts{Store: s, Credentials: &credential.Credentials{Time: 1, MemoryKiB: 64, Threads: 1}, NowFunc: e.clock.now}
	_, k, inst, err := e.svc.CreateAPIKey(ctx, "Acme Bank", "integration")
	if err != nil {
		t.Fatal(err)
	}
	e.inst, e.key = inst, kyc.Actor{InstitutionID: inst.ID, InstitutionName: inst.Name, APIKey: k}
	log := slog.New(slog.NewJSONHandler(e.logs, nil))
	p, err := New(e.svc, e.acc, Config{
		ScreenIndexFunc: holder.Index,
		ListsFunc: func() []ListSource {
			return []ListSource{{Path: "testdata/lists", Lists: []ListStatus{{Name: "test-sdn", Format: "ofac", Version: "2026-01-01", Entities: 1, LoadedAt: e.clock.now()}}}}
		},
		NowFunc: e.clock.now,
	}, log, nil)
	if err != nil {
		t.Fatal(err)
	}
	e.srv = httptest.NewServer(p)
	t.Cleanup(e.srv.Close)
	return e
}

// user creates a user of an institution (by name) and returns its email and password.
func (e *env) user(inst, email string, role kyc.UserRole) (string, string) {
	e.t.Helper()
	_, _, pw, err := e.acc.CreateUser(ctx, kyc.NewUser{Institution: inst, Email: email, Name: strings.Split(email, "@")[0], Role: role})
	if err != nil {
		e.t.Fatal(err)
	}
	return email, pw
}

// profile creates an individual through the service as the API would,
// runs its automation and checks, and returns it.
func (e *env) profile(given, family string) *kyc.Profile {
	e.t.Helper()
	return e.profileAs(e.key, given, family)
}

func (e *env) profileAs(actor kyc.Actor, given, family string) *kyc.Profile {
	e.t.Helper()
	body := `{"role":"INDIVIDUAL_CUSTOMER","collected_data":{"entity_type":"INDIVIDUAL","personal_details":{"name":{"given_names":["` +
		given + `"],"family_name":"` + family + `"},"dob":"1990-01-12","nationality":"GBR"},"address_history":[{"address":{"type":"STRUCTURED","country":"GBR","locality":"London","route":"Baker Street","street_number":"221B"}}]}}`
	np, err := passfort.DecodeCreateProfile([]byte(body))
	if err != nil {
		e.t.Fatal(err)
	}
	p, err := e.svc.CreateProfile(ctx, actor, np)
	if err != nil {
		e.t.Fatal(err)
	}
	e.drain()
	return e.load(p.ID)
}

func (e *env) load(id string) *kyc.Profile {
	e.t.Helper()
	p, err := e.store.Profile(ctx, e.inst.ID, id)
	if err != nil {
		e.t.Fatal(err)
	}
	return p
}

// drain runs queued automation and check jobs, as the workers would.
func (e *env) drain() {
	e.t.Helper()
	for range 20 {
		var js []kyc.Job
		err := e.store.Update(ctx, func(tx kyc.Tx) (err error) {
			now := time.Now().UTC()
			js, err = tx.ClaimJobs(ctx, kyc.JobClaim{Owner: "test-" + kyc.NewID(), Now: now, LeaseUntil: now.Add(time.Minute),
				Kinds: []string{kyc.JobCheck, kyc.JobAutomate}, Limit: 10, PerInstitution: 10})
			return err
		})
		if err != nil {
			e.t.Fatal(err)
		}
		if len(js) == 0 {
			return
		}
		for _, j := range js {
			var err error
			switch j.Kind {
			case kyc.JobAutomate:
				err = e.svc.RunAutomateJob(ctx, j)
			case kyc.JobCheck:
				err = e.svc.RunCheckJob(ctx, j)
			}
			if err != nil {
				e.t.Fatalf("%s job: %v", j.Kind, err)
			}
		}
	}
}

// browser is an HTTP client with cookies that does not follow redirects,
// so that each answer can be checked.
type browser struct {
	t    testing.TB
	e    *env
	c    *http.Client
	csrf string
}

func (e *env) browser() *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{t: e.t, e: e, c: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
}

var csrfRe = regexp.MustCompile(`name="csrf" value="([^"]*)"`)

// do sends a request and returns the status, the Location and the body;
// it remembers the page's CSRF token for the next form.
func (b *browser) do(method, path string, form url.Values) (int, string, string) {
	b.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, b.e.srv.URL+path, body)
	if err != nil {
		b.t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", b.e.srv.URL)
	}
	resp, err := b.c.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	page := string(raw)
	if m := csrfRe.FindStringSubmatch(page); m != nil {
		b.csrf = html.UnescapeString(m[1])
	}
	return resp.StatusCode, resp.Header.Get("Location"), page
}

func (b *browser) get(path string) (int, string, string) { return b.do("GET", path, nil) }

// post submits a form with the last page's CSRF token.
func (b *browser) post(path string, kv ...string) (int, string, string) {
	b.t.Helper()
	form := url.Values{"csrf": {b.csrf}}
	for i := 0; i+1 < len(kv); i += 2 {
		form.Add(kv[i], kv[i+1])
	}
	return b.do("POST", path, form)
}

// signIn signs in and fails the test unless it lands on the queue.
func (b *browser) signIn(email, password string) {
	b.t.Helper()
	b.get("/portal/signin")
	status, loc, page := b.post("/portal/signin", "email", email, "password", password)
	if status != http.StatusSeeOther || loc != "/portal/queue" {
		b.t.Fatalf("sign in as %s: got %d to %q: %s", email, status, loc, text(page))
	}
	b.get("/portal/queue")
}

var tagRe = regexp.MustCompile(`(?s)<[^>]*>`)

// text is a page's visible text, squeezed, for messages and assertions.
func text(page string) string {
	t := html.UnescapeString(tagRe.ReplaceAllString(page, " "))
	return strings.Join(strings.Fields(t), " ")
}

func mustURL(s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		panic(err)
	}
	return u
}

var regexpSecret = regexp.MustCompile(`<code class="secret">([A-Z2-7]+)</code>`)

func newRecorder() *httptest.ResponseRecorder { return httptest.NewRecorder() }
