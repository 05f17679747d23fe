package portal

import (
	"encoding/base64"
	"errors"
	"html/template"
	"net/http"

	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/portal/credential"
)

// signinData is the sign-in and second-factor pages' data.
type signinData struct {
	Email string
}

// home sends a signed-in user to the queue.
func (s *Server) home(w http.ResponseWriter, r *http.Request, rq *request) error {
	return &redirect{to: "/portal/queue"}
}

// signinForm renders the sign-in page with a fresh double-submit token.
func (s *Server) signinForm(w http.ResponseWriter, r *http.Request, rq *request, status int, msg, email string) error {
	token := ""
	if c, err := r.Cookie(s.signinCookie()); err == nil && len(c.Value) >= 16 {
		token = c.Value
	} else {
		token = newRequestID() + newRequestID()
		s.setCookie(w, s.signinCookie(), token, 3600)
	}
	p := newPage(rq, "Sign in", "", signinData{Email: email})
	p.CSRF, p.Status, p.Error = token, status, msg
	return s.render(w, "signin", p)
}

func (s *Server) signinPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	if c, err := r.Cookie(s.sessionCookie()); err == nil {
		if sess, _, _, err := s.acc.Authenticate(r.Context(), c.Value); err == nil {
			return &redirect{to: stagePage(sess.Stage)}
		}
	}
	msg := ""
	switch r.URL.Query().Get("m") {
	case "expired":
		msg = kyc.ErrSessionExpired.Message
	case "out":
		msg = "You are signed out."
	}
	return s.signinForm(w, r, rq, http.StatusOK, msg, "")
}

// signin checks the email and password. A refusal re-renders the form
// with why (401, or 429 when throttled), never saying whether the email
// belongs to an account.
func (s *Server) signin(w http.ResponseWriter, r *http.Request, rq *request) error {
	email := r.PostForm.Get("email")
	in, err := s.acc.SignIn(r.Context(), email, r.PostForm.Get("password"), s.clientAddr(r))
	var se *kyc.SignInError
	if errors.As(err, &se) {
		status := http.StatusUnauthorized
		if se.Throttled {
			status = http.StatusTooManyRequests
			w.Header().Set("Retry-After", retryAfter(se))
		}
		return s.signinForm(w, r, rq, status, se.Message, email)
	}
	if err != nil {
		return err
	}
	s.startSession(w, in)
	return &redirect{to: stagePage(in.Session.Stage)}
}

func retryAfter(se *kyc.SignInError) string {
	secs := int(se.RetryAfter.Seconds()) + 1
	if secs < 1 {
		secs = 1
	}
	return itoa(secs)
}

// startSession hands the browser a new session's token (replacing any
// other, so a token planted before sign-in never becomes signed in).
func (s *Server) startSession(w http.ResponseWriter, in *kyc.SignedIn) {
	s.setCookie(w, s.sessionCookie(), in.Token, 0)
	s.setCookie(w, s.signinCookie(), "", -1)
}

func (s *Server) codePage(w http.ResponseWriter, r *http.Request, rq *request) error {
	return s.render(w, "code", newPage(rq, "Two-factor sign-in", "", nil))
}

// code completes a sign-in with a code from the authenticator app.
func (s *Server) code(w http.ResponseWriter, r *http.Request, rq *request) error {
	in, err := s.acc.SecondFactor(r.Context(), rq.token, r.PostForm.Get("code"), s.clientAddr(r))
	var se *kyc.SignInError
	if errors.As(err, &se) && !errors.Is(err, kyc.ErrNoSession) && !errors.Is(err, kyc.ErrSessionExpired) {
		p := newPage(rq, "Two-factor sign-in", "", nil)
		p.Status, p.Error = http.StatusUnauthorized, se.Message
		if se.Throttled {
			p.Status = http.StatusTooManyRequests
		}
		return s.render(w, "code", p)
	}
	if err != nil {
		return err
	}
	s.startSession(w, in)
	return &redirect{to: "/portal/queue"}
}

// signout ends the session everywhere (it lives in the database).
func (s *Server) signout(w http.ResponseWriter, r *http.Request, rq *request) error {
	if err := s.acc.SignOut(r.Context(), rq.token); err != nil {
		return err
	}
	s.setCookie(w, s.sessionCookie(), "", -1)
	return &redirect{to: "/portal/signin?m=out"}
}

// totpData is the second-factor setup page's data.
type totpData struct {
	Secret  string
	QR      template.URL // data: URL of the QR code's PNG (made here, so trusted)
	Enabled bool
	Forced  bool // the institution requires it and the user has none
}

func (s *Server) totpPage(w http.ResponseWriter, r *http.Request, rq *request, status int, msg string) error {
	d := totpData{Enabled: rq.user.TOTPEnabled, Forced: rq.sess.Stage == kyc.SessionEnrol || rq.inst.RequireTOTP && !rq.user.TOTPEnabled}
	if !d.Enabled {
		secret, err := s.acc.BeginTOTP(r.Context(), rq.user.ID)
		if err != nil {
			return err
		}
		d.Secret = secret
		png, err := credential.QRCode(credential.KeyURL(s.cfg.Issuer, rq.user.Email, secret), 200)
		if err != nil {
			return err
		}
		d.QR = template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(png))
	}
	p := newPage(rq, "Two-factor sign-in", "account", d)
	p.Status, p.Error = status, msg
	return s.render(w, "totp", p)
}

func (s *Server) totpSetup(w http.ResponseWriter, r *http.Request, rq *request) error {
	return s.totpPage(w, r, rq, http.StatusOK, "")
}

// totpEnable confirms the new second factor with a code from it.
func (s *Server) totpEnable(w http.ResponseWriter, r *http.Request, rq *request) error {
	in, err := s.acc.EnableTOTP(r.Context(), rq.token, r.PostForm.Get("code"), s.clientAddr(r))
	var se *kyc.SignInError
	if errors.As(err, &se) && !errors.Is(err, kyc.ErrNoSession) && !errors.Is(err, kyc.ErrSessionExpired) {
		status := http.StatusUnauthorized
		if se.Throttled {
			status = http.StatusTooManyRequests
		}
		return s.totpPage(w, r, rq, status, se.Message)
	}
	if err != nil {
		return err
	}
	s.startSession(w, in)
	return seeOther(w, r, "/portal/account", "totp", "")
}

// accountData is the account page's data.
type accountData struct {
	Capabilities []string
}

func (s *Server) account(w http.ResponseWriter, r *http.Request, rq *request) error {
	p := newPage(rq, "Your account", "account", accountData{Capabilities: rq.user.Role.Capabilities()})
	p.Flash = flashOf(r)
	return s.render(w, "account", p)
}

// changePassword replaces the user's password; their other sessions end.
func (s *Server) changePassword(w http.ResponseWriter, r *http.Request, rq *request) error {
	f := r.PostForm
	if f.Get("new_password") != f.Get("confirm_password") {
		return s.accountError(w, rq, kyc.FieldError("confirm_password", "does not match the new password"))
	}
	err := s.acc.ChangePassword(r.Context(), rq.user.ID, rq.sess.ID, f.Get("current_password"), f.Get("new_password"))
	if err != nil {
		return s.accountError(w, rq, err)
	}
	return seeOther(w, r, "/portal/account", "password", "")
}

func (s *Server) accountError(w http.ResponseWriter, rq *request, err error) error {
	var ke *kyc.Error
	if !errors.As(err, &ke) || statusOf(err) == http.StatusInternalServerError {
		return err
	}
	p := newPage(rq, "Your account", "account", accountData{Capabilities: rq.user.Role.Capabilities()})
	p.Status, p.Error = statusOf(err), ke.Message
	return s.render(w, "account", p)
}
