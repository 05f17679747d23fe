package kyc_test

import (
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/portal/credential"
	"github.com/gatehouse/gatehouse/internal/store/storetest"
)

// clock is a settable time for the session and throttling tests.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }
func newClock() *clock               { return &clock{t: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)} }
func cheapCredentials() *credential.Credentials {
	// The real argon2id at a low cost: these tests hash dozens of times.
	return &credential.Credentials{Time: 1, MemoryKiB: 64, Threads: 1}
}

func newAccounts(t *testing.T, s kyc.Store) (*kyc.Accounts, *clock) {
	c := newClock()
	return &kyc.Accounts{Store: s, Credentials: cheapCredentials(), NowFunc: c.now}, c
}

func mustUser(t *testing.T, a *kyc.Accounts, inst, email string, role kyc.UserRole) (*kyc.UserAccount, string) {
	t.Helper()
	u, _, pw, err := a.CreateUser(ctx, kyc.NewUser{Institution: inst, Email: email, Role: role})
	if err != nil {
		t.Fatal(err)
	}
	return u, pw
}

func TestSignIn(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		a, _ := newAccounts(t, db.Open(t))
		u, pw := mustUser(t, a, "Acme", "Ana@Example.org", kyc.UserAnalyst)
		if u.Email != "ana@example.org" || len(pw) != 23 {
			t.Fatalf("got email %q and a password of %d characters, want lower case and a generated password", u.Email, len(pw))
		}
		tests := []struct {
			name, email, password string
			want                  error
		}{
			{"right", " ANA@example.org ", pw, nil},
			{"wrong password", "ana@example.org", pw + "x", kyc.ErrBadCredentials},
			{"unknown email", "bob@example.org", pw, kyc.ErrBadCredentials},
			{"empty", "", "", kyc.ErrBadCredentials},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				in, err := a.SignIn(ctx, tt.email, tt.password, "192.0.2.1")
				if err != tt.want {
					t.Fatalf("got %v, want %v", err, tt.want)
				}
				if err != nil {
					return
				}
				if in.Session.Stage != kyc.SessionFull || in.Token == "" || in.Session.ID == in.Token {
					t.Fatalf("got session %+v, want a full session stored by hash", in.Session)
				}
				s, got, inst, err := a.Authenticate(ctx, in.Token)
				if err != nil || got.ID != u.ID || inst.Name != "Acme" || s.CSRF == "" {
					t.Fatalf("authenticate: got %v %v %v %v", s, got, inst, err)
				}
			})
		}
	})
}

func TestSignInThrottledPerAccount(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		a, clk := newAccounts(t, db.Open(t))
		_, pw := mustUser(t, a, "Acme", "ana@example.org", kyc.UserAnalyst)
		for i := range kyc.AccountFailureLimit {
			if _, err := a.SignIn(ctx, "ana@example.org", "wrong", "192.0.2.1"); err != kyc.ErrBadCredentials {
				t.Fatalf("attempt %d: got %v, want bad credentials", i, err)
			}
			clk.add(time.Second)
		}
		_, err := a.SignIn(ctx, "ana@example.org", pw, "198.51.100.7") // right password, other address
		se, ok := err.(*kyc.SignInError)
		if !ok || !se.Throttled || !strings.Contains(se.Message, "for this account") || !strings.Contains(se.Message, "15 minutes") {
			t.Fatalf("got %v, want the account throttled for 15 minutes", err)
		}
		clk.add(kyc.ThrottleWindow)
		if _, err := a.SignIn(ctx, "ana@example.org", pw, "192.0.2.1"); err != nil {
			t.Fatalf("after the window: got %v, want a sign-in", err)
		}
		// A success forgets the account's failures.
		for range kyc.AccountFailureLimit - 1 {
			a.SignIn(ctx, "ana@example.org", "wrong", "192.0.2.1")
		}
		if _, err := a.SignIn(ctx, "ana@example.org", pw, "192.0.2.1"); err != nil {
			t.Fatalf("got %v, want a sign-in below the limit", err)
		}
	})
}

func TestSignInThrottledPerClient(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		a, _ := newAccounts(t, db.Open(t))
		_, pw := mustUser(t, a, "Acme", "ana@example.org", kyc.UserAnalyst)
		for i := range kyc.ClientFailureLimit {
			a.SignIn(ctx, "guess"+strings.Repeat("x", i)+"@example.org", "wrong", "203.0.113.9")
		}
		_, err := a.SignIn(ctx, "ana@example.org", pw, "203.0.113.9")
		if se, ok := err.(*kyc.SignInError); !ok || !se.Throttled || !strings.Contains(se.Message, "network address") {
			t.Fatalf("got %v, want the address throttled", err)
		}
		if _, err := a.SignIn(ctx, "ana@example.org", pw, "192.0.2.1"); err != nil {
			t.Fatalf("another address: got %v, want a sign-in", err)
		}
	})
}

func TestSessionTimeouts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		a, clk := newAccounts(t, db.Open(t))
		a.IdleTimeout, a.MaxAge = 30*time.Minute, 2*time.Hour
		_, pw := mustUser(t, a, "Acme", "ana@example.org", kyc.UserAnalyst)
		signIn := func() string {
			in, err := a.SignIn(ctx, "ana@example.org", pw, "192.0.2.1")
			if err != nil {
				t.Fatal(err)
			}
			return in.Token
		}
		t.Run("idle", func(t *testing.T) {
			tok := signIn()
			clk.add(29 * time.Minute)
			if _, _, _, err := a.Authenticate(ctx, tok); err != nil {
				t.Fatalf("within the idle timeout: %v", err)
			}
			clk.add(29 * time.Minute) // activity renewed the idle timer
			if _, _, _, err := a.Authenticate(ctx, tok); err != nil {
				t.Fatalf("after activity: %v", err)
			}
			clk.add(31 * time.Minute)
			if _, _, _, err := a.Authenticate(ctx, tok); err != kyc.ErrSessionExpired {
				t.Fatalf("got %v, want expired", err)
			}
			if _, _, _, err := a.Authenticate(ctx, tok); err != kyc.ErrNoSession {
				t.Fatalf("got %v, want the expired session gone", err)
			}
		})
		t.Run("absolute", func(t *testing.T) {
			tok := signIn()
			for range 11 {
				clk.add(10 * time.Minute)
				if _, _, _, err := a.Authenticate(ctx, tok); err != nil {
					t.Fatalf("active session: %v", err)
				}
			}
			clk.add(10 * time.Minute)
			if _, _, _, err := a.Authenticate(ctx, tok); err != kyc.ErrSessionExpired {
				t.Fatalf("got %v, want the session ended at its absolute timeout", err)
			}
		})
		t.Run("sign out", func(t *testing.T) {
			tok := signIn()
			if err := a.SignOut(ctx, tok); err != nil {
				t.Fatal(err)
			}
			if _, _, _, err := a.Authenticate(ctx, tok); err != kyc.ErrNoSession {
				t.Fatalf("got %v, want no session", err)
			}
		})
		t.Run("clean up", func(t *testing.T) {
			signIn()
			clk.add(3 * time.Hour)
			n, err := a.CleanUp(ctx)
			if err != nil || n < 1 {
				t.Fatalf("got %d, %v; want expired sessions removed", n, err)
			}
		})
	})
}

func TestSecondFactor(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		a, clk := newAccounts(t, db.Open(t))
		u, pw := mustUser(t, a, "Acme", "ana@example.org", kyc.UserAnalyst)
		in, err := a.SignIn(ctx, "ana@example.org", pw, "192.0.2.1")
		if err != nil {
			t.Fatal(err)
		}
		secret, err := a.BeginTOTP(ctx, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		if again, _ := a.BeginTOTP(ctx, u.ID); again != secret {
			t.Fatal("a second look at the setup page must show the same secret")
		}
		code := func() string {
			c, err := credential.Code(secret, clk.now())
			if err != nil {
				t.Fatal(err)
			}
			return c
		}
		if _, err := a.EnableTOTP(ctx, in.Token, "000000", "192.0.2.1"); err != kyc.ErrBadCode && code() != "000000" {
			t.Fatalf("got %v, want a wrong code refused", err)
		}
		full, err := a.EnableTOTP(ctx, in.Token, code(), "192.0.2.1")
		if err != nil {
			t.Fatal(err)
		}
		if _, _, _, err := a.Authenticate(ctx, in.Token); err != kyc.ErrNoSession {
			t.Fatalf("got %v, want the old token replaced", err)
		}
		if _, _, _, err := a.Authenticate(ctx, full.Token); err != nil {
			t.Fatal(err)
		}
		// Next sign-in: password, then a code.
		clk.add(time.Minute)
		pending, err := a.SignIn(ctx, "ana@example.org", pw, "192.0.2.1")
		if err != nil || pending.Session.Stage != kyc.SessionTOTP {
			t.Fatalf("got %v, %v; want a session waiting for the code", pending, err)
		}
		c := code()
		done, err := a.SecondFactor(ctx, pending.Token, c, "192.0.2.1")
		if err != nil || done.Session.Stage != kyc.SessionFull {
			t.Fatalf("got %v, %v; want a full session", done, err)
		}
		again, err := a.SignIn(ctx, "ana@example.org", pw, "192.0.2.1")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := a.SecondFactor(ctx, again.Token, c, "192.0.2.1"); err != kyc.ErrBadCode {
			t.Fatalf("got %v, want a used code refused", err)
		}
		if _, err := a.SecondFactor(ctx, full.Token, code(), "192.0.2.1"); err != kyc.ErrNoSession {
			t.Fatalf("got %v, want a full session refused at the second-factor step", err)
		}
	})
}

func TestRequireTOTP(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		a, _ := newAccounts(t, db.Open(t))
		u, pw := mustUser(t, a, "Acme", "ana@example.org", kyc.UserAnalyst)
		if err := a.SetRequireTOTP(ctx, u.InstitutionID, true); err != nil {
			t.Fatal(err)
		}
		in, err := a.SignIn(ctx, "ana@example.org", pw, "192.0.2.1")
		if err != nil || in.Session.Stage != kyc.SessionEnrol {
			t.Fatalf("got %v, %v; want a session that must set up a second factor", in, err)
		}
	})
}

func TestUserAdministration(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		a, _ := newAccounts(t, db.Open(t))
		u, pw := mustUser(t, a, "Acme", "ana@example.org", kyc.UserAnalyst)
		other, _ := mustUser(t, a, "Other bank", "olga@example.org", kyc.UserAdmin)
		if _, _, _, err := a.CreateUser(ctx, kyc.NewUser{Institution: "Acme", Email: "ANA@example.org", Role: kyc.UserViewer}); !kyc.IsCode(err, kyc.EConflict) {
			t.Fatalf("got %v, want the email taken", err)
		}
		if _, err := a.User(ctx, other.InstitutionID, u.ID); !kyc.IsCode(err, kyc.ENotFound) {
			t.Fatalf("got %v, want another institution's user not found", err)
		}
		if _, _, err := a.UpdateUser(ctx, other.InstitutionID, u.ID, kyc.UserChange{ResetPassword: true}); !kyc.IsCode(err, kyc.ENotFound) {
			t.Fatalf("got %v, want another institution's admin refused", err)
		}
		in, _ := a.SignIn(ctx, "ana@example.org", pw, "192.0.2.1")
		yes := true
		if _, _, err := a.UpdateUser(ctx, "", "ana@example.org", kyc.UserChange{Disabled: &yes}); err != nil {
			t.Fatal(err)
		}
		if _, _, _, err := a.Authenticate(ctx, in.Token); err != kyc.ErrNoSession {
			t.Fatalf("got %v, want a disabled user's session ended", err)
		}
		if _, err := a.SignIn(ctx, "ana@example.org", pw, "192.0.2.1"); err == nil || !strings.Contains(err.Error(), "disabled") {
			t.Fatalf("got %v, want a disabled account refused", err)
		}
		no := false
		_, newPW, err := a.UpdateUser(ctx, u.InstitutionID, u.ID, kyc.UserChange{Disabled: &no, ResetPassword: true})
		if err != nil || newPW == "" || newPW == pw {
			t.Fatalf("got %q, %v; want a new password", newPW, err)
		}
		if _, err := a.SignIn(ctx, "ana@example.org", pw, "192.0.2.1"); err != kyc.ErrBadCredentials {
			t.Fatalf("got %v, want the old password refused", err)
		}
		if _, err := a.SignIn(ctx, "ana@example.org", newPW, "192.0.2.1"); err != nil {
			t.Fatal(err)
		}
		users, err := a.Users(ctx, u.InstitutionID)
		if err != nil || len(users) != 1 || users[0].ID != u.ID {
			t.Fatalf("got %v, %v; want only Acme's user", users, err)
		}
	})
}

func TestNewUserValidation(t *testing.T) {
	a := &kyc.Accounts{Credentials: cheapCredentials()}
	tests := []struct {
		in    kyc.NewUser
		field string
	}{
		{kyc.NewUser{Institution: "A", Email: "not an email", Role: kyc.UserViewer}, "email"},
		{kyc.NewUser{Institution: "A", Email: "", Role: kyc.UserViewer}, "email"},
		{kyc.NewUser{Institution: "A", Email: "a@b.org", Role: "root"}, "role"},
		{kyc.NewUser{Institution: "A", Email: "a@b.org", Role: kyc.UserViewer, Password: "short"}, "password"},
		{kyc.NewUser{Institution: "", Email: "a@b.org", Role: kyc.UserViewer}, "institution"},
	}
	for _, tt := range tests {
		t.Run(tt.field, func(t *testing.T) {
			_, _, _, err := a.CreateUser(ctx, tt.in)
			e, ok := err.(*kyc.Error)
			if !ok || e.Info["field"] != tt.field {
				t.Fatalf("got %v, want an error naming %s", err, tt.field)
			}
		})
	}
}
