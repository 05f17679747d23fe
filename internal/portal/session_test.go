package portal

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/portal/credential"
	"github.com/gatehouse/gatehouse/internal/store/storetest"
)

// TestSessionExpiry: an idle session returns to the sign-in page with a
// message; so does one past its absolute age; sign-out ends the session
// in the database.
func TestSessionExpiry(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		e := newEnv(t, db, nil)
		em, pw := e.user("Acme Bank", "ana@example.org", kyc.UserAnalyst)
		b := e.browser()
		b.signIn(em, pw)
		e.clock.add(kyc.DefaultIdleTimeout + time.Second)
		status, loc, _ := b.get("/portal/queue")
		if status != http.StatusSeeOther || loc != "/portal/signin?m=expired" {
			t.Fatalf("idle session: got %d to %q", status, loc)
		}
		if _, _, page := b.get(loc); !strings.Contains(text(page), "Your session expired") {
			t.Fatalf("the sign-in page must say the session expired: %s", text(page))
		}
		b.signIn(em, pw)
		active := time.Duration(0)
		for range 30 { // active every 29 minutes, up to the 12-hour limit
			e.clock.add(29 * time.Minute)
			status, loc, _ = b.get("/portal/queue")
			if status != 200 {
				break
			}
			active += 29 * time.Minute
		}
		if loc != "/portal/signin?m=expired" || active < kyc.DefaultSessionMaxAge-29*time.Minute || active >= kyc.DefaultSessionMaxAge {
			t.Fatalf("a session past its absolute age: got %d to %q after %s of activity", status, loc, active)
		}
		b.signIn(em, pw)
		token := b.cookie("gh_session")
		b.post("/portal/signout")
		if _, _, _, err := e.acc.Authenticate(ctx, token); err != kyc.ErrNoSession {
			t.Fatalf("after sign-out: got %v, want the session gone", err)
		}
	})
}

func (b *browser) cookie(name string) string {
	for _, c := range b.c.Jar.Cookies(mustURL(b.e.srv.URL)) {
		if c.Name == name {
			return c.Value
		}
	}
	return ""
}

// TestSignInThrottled: repeated bad passwords get a clear message and 429,
// and then even the right password waits.
func TestSignInThrottled(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		e := newEnv(t, db, nil)
		em, pw := e.user("Acme Bank", "ana@example.org", kyc.UserAnalyst)
		b := e.browser()
		b.get("/portal/signin")
		for i := range kyc.AccountFailureLimit {
			status, _, page := b.post("/portal/signin", "email", em, "password", "wrong")
			if status != http.StatusUnauthorized || !strings.Contains(text(page), "email or password is incorrect") {
				t.Fatalf("attempt %d: got %d: %s", i, status, text(page))
			}
		}
		status, _, page := b.post("/portal/signin", "email", em, "password", pw)
		if status != http.StatusTooManyRequests || !strings.Contains(text(page), "Too many failed sign-in attempts for this account. Try again in 15 minutes.") {
			t.Fatalf("got %d: %s", status, text(page))
		}
		e.clock.add(kyc.ThrottleWindow + time.Second)
		b.signIn(em, pw)
	})
}

// TestTwoFactorSignIn: a user sets up a second factor from the account
// page; the next sign-in asks for a code; an institution that requires a
// second factor sends a user without one to set it up first.
func TestTwoFactorSignIn(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		e := newEnv(t, db, nil)
		em, pw := e.user("Acme Bank", "ana@example.org", kyc.UserAnalyst)
		b := e.browser()
		b.signIn(em, pw)
		_, _, page := b.get("/portal/account/totp")
		m := regexpSecret.FindStringSubmatch(page)
		if m == nil || !strings.Contains(page, "data:image/png;base64,") {
			t.Fatalf("the setup page must show a QR code and the secret: %s", text(page))
		}
		code, _ := credential.Code(m[1], e.clock.now())
		status, loc, _ := b.post("/portal/account/totp", "code", code)
		if status != http.StatusSeeOther || !strings.Contains(loc, "done=totp") {
			t.Fatalf("enable: got %d to %q", status, loc)
		}
		e.clock.add(time.Minute)
		c := e.browser()
		c.get("/portal/signin")
		status, loc, _ = c.post("/portal/signin", "email", em, "password", pw)
		if status != http.StatusSeeOther || loc != "/portal/signin/code" {
			t.Fatalf("password step: got %d to %q", status, loc)
		}
		if status, loc, _ := c.get("/portal/queue"); status != http.StatusSeeOther || loc != "/portal/signin/code" {
			t.Fatalf("before the code the queue must wait: got %d to %q", status, loc)
		}
		c.get("/portal/signin/code")
		if status, _, _ := c.post("/portal/signin/code", "code", "12345x"); status != http.StatusUnauthorized {
			t.Fatalf("a bad code: got %d", status)
		}
		code, _ = credential.Code(m[1], e.clock.now())
		status, loc, _ = c.post("/portal/signin/code", "code", code)
		if status != http.StatusSeeOther || loc != "/portal/queue" {
			t.Fatalf("code step: got %d to %q", status, loc)
		}
		if status, _, _ := c.get("/portal/queue"); status != 200 {
			t.Fatalf("after the code: got %d", status)
		}

		// Required for the institution: a user without a factor must set one up.
		e.user("Acme Bank", "bob@example.org", kyc.UserViewer)
		u, _ := e.store.UserByEmail(ctx, "bob@example.org")
		_, bobPW, err := e.acc.UpdateUser(ctx, "", u.ID, kyc.UserChange{ResetPassword: true})
		if err != nil {
			t.Fatal(err)
		}
		if err := e.acc.SetRequireTOTP(ctx, e.inst.ID, true); err != nil {
			t.Fatal(err)
		}
		d := e.browser()
		d.get("/portal/signin")
		status, loc, _ = d.post("/portal/signin", "email", "bob@example.org", "password", bobPW)
		if status != http.StatusSeeOther || loc != "/portal/account/totp" {
			t.Fatalf("required factor: got %d to %q", status, loc)
		}
		if status, loc, _ := d.get("/portal/profiles/" + kyc.NewID()); status != http.StatusSeeOther || loc != "/portal/account/totp" {
			t.Fatalf("before setting it up, pages wait: got %d to %q", status, loc)
		}
	})
}
