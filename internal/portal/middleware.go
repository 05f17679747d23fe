package portal

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/http"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

// request is what the middleware learnt about a request: its id, and for
// a signed-in user the session, the user and the institution.
type request struct {
	id    string
	token string
	sess  *kyc.Session
	user  *kyc.UserAccount
	inst  *kyc.Institution
	route string
}

// actor is who the request acts as in the domain: the signed-in user.
func (rq *request) actor() kyc.Actor { return rq.user.Actor(rq.inst) }

type ctxKey struct{}

func reqOf(ctx context.Context) *request {
	if rq, ok := ctx.Value(ctxKey{}).(*request); ok {
		return rq
	}
	return &request{}
}

// statusWriter records the status a handler answered.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(status int) {
	if w.status == 0 {
		w.status = status
	}
	w.ResponseWriter.WriteHeader(status)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

func newRequestID() string {
	var b [12]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// contentSecurity allows only the portal's own assets: no inline script,
// no framing, forms posting back to the portal alone.
const contentSecurity = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

// middleware wraps every portal request: request id, security headers,
// panic recovery, and one log line without personal data (the route
// pattern, never the URL's query or a form's values) and metrics.
func (s *Server) middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rq := &request{id: newRequestID()}
		r = r.WithContext(context.WithValue(r.Context(), ctxKey{}, rq))
		h := w.Header()
		h.Set("X-Request-Id", rq.id)
		h.Set("Content-Security-Policy", contentSecurity)
		h.Set("X-Frame-Options", "DENY")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		if s.secure {
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		sw := &statusWriter{ResponseWriter: w}
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				s.log.Error("panic", "request_id", rq.id, "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
				if sw.status == 0 {
					s.renderError(sw, r, rq, &kyc.Error{Code: kyc.EInternal, Message: "internal error"})
				}
			}
			route := rq.route
			if route == "" {
				route = "unmatched"
			}
			d := time.Since(start)
			s.metrics.observe(route, r.Method, sw.status, d)
			attrs := []any{"request_id", rq.id, "method", r.Method, "route", route, "status", sw.status,
				"duration_ms", float64(d.Microseconds()) / 1000}
			if rq.user != nil {
				attrs = append(attrs, "user_id", rq.user.ID, "institution_id", rq.user.InstitutionID)
			}
			s.log.Info("portal request", attrs...)
		}()
		next.ServeHTTP(sw, r)
	})
}

// Session cookie names: with https, __Host- binds the cookie to the host,
// Secure and path /.
func (s *Server) sessionCookie() string {
	if s.secure {
		return "__Host-gh_session"
	}
	return "gh_session"
}

func (s *Server) signinCookie() string {
	if s.secure {
		return "__Host-gh_signin"
	}
	return "gh_signin"
}

func (s *Server) setCookie(w http.ResponseWriter, name, value string, maxAge int) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: value, Path: "/", MaxAge: maxAge, HttpOnly: true,
		Secure: s.secure, SameSite: http.SameSiteLaxMode})
}

// maxFormBytes bounds a form body: the largest is a note (20 kB of text).
const maxFormBytes = 64 << 10

// guard runs a route's checks, in order: the session (sign-in pages need
// none), the session's stage, an institution's second-factor requirement,
// the capability, and for a POST its origin and CSRF token. A refusal
// runs no handler, so it changes nothing.
func (s *Server) guard(rt route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rq := reqOf(r.Context())
		rq.route = r.Pattern
		h := w.Header()
		h.Set("Cache-Control", "no-store")
		if err := s.check(w, r, rq, rt.access); err != nil {
			s.fail(w, r, rq, err)
			return
		}
		if err := rt.h(w, r, rq); err != nil {
			s.fail(w, r, rq, err)
		}
	})
}

// errForbidden is a refusal of a signed-in user; its message says why.
type errForbidden struct{ msg string }

func (e *errForbidden) Error() string { return e.msg }

func (s *Server) check(w http.ResponseWriter, r *http.Request, rq *request, a access) error {
	if r.Method == http.MethodPost {
		r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
		if err := r.ParseForm(); err != nil {
			return &kyc.Error{Code: kyc.ETooLarge, Message: "The form is too large."}
		}
		if err := s.checkOrigin(r); err != nil {
			return err
		}
	}
	if a.public {
		if r.Method == http.MethodPost && !s.validSigninCSRF(r) {
			return errCSRF
		}
		return nil
	}
	c, err := r.Cookie(s.sessionCookie())
	if err != nil {
		return kyc.ErrNoSession
	}
	sess, u, inst, err := s.acc.Authenticate(r.Context(), c.Value)
	if err != nil {
		if errors.Is(err, kyc.ErrSessionExpired) || errors.Is(err, kyc.ErrNoSession) {
			s.setCookie(w, s.sessionCookie(), "", -1)
		}
		return err
	}
	rq.token, rq.sess, rq.user, rq.inst = c.Value, sess, u, inst
	if r.Method == http.MethodPost && subtle.ConstantTimeCompare([]byte(r.PostForm.Get("csrf")), []byte(sess.CSRF)) != 1 {
		return errCSRF
	}
	stages := a.stages
	if stages == nil {
		stages = []kyc.SessionStage{kyc.SessionFull}
	}
	if !slices.Contains(stages, sess.Stage) {
		return &redirect{to: stagePage(sess.Stage)}
	}
	// An institution that requires a second factor sends a user without
	// one to set it up before anything else.
	if inst.RequireTOTP && !u.TOTPEnabled && sess.Stage == kyc.SessionFull && !slices.Contains(a.stages, kyc.SessionEnrol) &&
		r.URL.Path != "/portal/signout" {
		return &redirect{to: "/portal/account/totp"}
	}
	if a.cap != "" && !u.Can(a.cap) {
		return &errForbidden{msg: fmt.Sprintf("Your role (%s) cannot do this: it needs the %s capability.", u.Role, a.cap)}
	}
	return nil
}

// stagePage is where a session at a sign-in stage continues.
func stagePage(st kyc.SessionStage) string {
	switch st {
	case kyc.SessionTOTP:
		return "/portal/signin/code"
	case kyc.SessionEnrol:
		return "/portal/account/totp"
	}
	return "/portal/queue"
}

// errCSRF refuses a form without the session's token.
var errCSRF = &errForbidden{msg: "The form could not be accepted: it is missing its security token or comes from another page. Reload the page and try again."}

// checkOrigin refuses state-changing requests another site started:
// browsers send Origin (and Sec-Fetch-Site) with form posts.
func (s *Server) checkOrigin(r *http.Request) error {
	if site := r.Header.Get("Sec-Fetch-Site"); site == "cross-site" {
		return errCSRF
	}
	origin := r.Header.Get("Origin")
	if origin == "" || origin == "null" && r.Header.Get("Sec-Fetch-Site") == "same-origin" {
		return nil
	}
	want := s.origin
	if want == "" {
		want = "http://" + r.Host
		if r.TLS != nil {
			want = "https://" + r.Host
		}
	}
	if !strings.EqualFold(origin, want) {
		return errCSRF
	}
	return nil
}

// validSigninCSRF checks the sign-in forms' token: before there is a
// session, the form repeats a random value its cookie holds (double
// submit), which another site can neither read nor set.
func (s *Server) validSigninCSRF(r *http.Request) bool {
	c, err := r.Cookie(s.signinCookie())
	if err != nil || len(c.Value) < 16 {
		return false
	}
	return subtle.ConstantTimeCompare([]byte(r.PostForm.Get("csrf")), []byte(c.Value)) == 1
}

// redirect is a handler's answer that sends the browser elsewhere.
type redirect struct{ to string }

func (e *redirect) Error() string { return "redirect to " + e.to }

// clientAddr is the client's address for sign-in throttling: the
// connection's, or the last entry a trusted proxy appended to its header.
func (s *Server) clientAddr(r *http.Request) string {
	if s.cfg.ClientIPHeader != "" {
		if v := r.Header.Values(s.cfg.ClientIPHeader); len(v) > 0 {
			parts := strings.Split(v[len(v)-1], ",")
			if ip := strings.TrimSpace(parts[len(parts)-1]); ip != "" {
				return ip
			}
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
