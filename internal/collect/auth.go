package collect

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

// cookieName holds the collect key once the link has been opened.
const cookieName = "gatehouse_collect"

// session is an authenticated applicant: the collect key's actor and the
// key itself, from which the CSRF token is derived.
type session struct {
	actor kyc.Actor
	key   string
}

// csrf is the token every form of the session carries: an HMAC of a fixed
// label under the collect key. Only someone holding the key (in the
// HttpOnly cookie, or the link) can compute it, it is the same on every
// server process, and it reveals nothing of the key.
func (s session) csrf() string {
	m := hmac.New(sha256.New, []byte(s.key))
	m.Write([]byte("gatehouse collect form csrf v1"))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// validCSRF reports whether a submitted token is the session's.
func (s session) validCSRF(token string) bool {
	want := s.csrf()
	return len(token) == len(want) && subtle.ConstantTimeCompare([]byte(token), []byte(want)) == 1
}

// authenticate returns the session of a collect key: the applicant's key
// must be a collect key (an institution key pasted into a link is refused
// like an unknown one) that has not expired.
func (h *Handler) authenticate(r *http.Request, key string) (session, error) {
	if key == "" {
		return session{}, kyc.Errorf(kyc.EMissingAPIKey, "no collect key")
	}
	if !strings.HasPrefix(key, kyc.CollectKeyPrefix) {
		return session{}, kyc.Errorf(kyc.EInvalidAPIKey, "not a collect key")
	}
	actor, err := h.cfg.Service.Authenticate(r.Context(), key)
	if err != nil {
		return session{}, err
	}
	if !actor.IsCollect() {
		return session{}, kyc.Errorf(kyc.EInvalidAPIKey, "not a collect key")
	}
	return session{actor: actor, key: key}, nil
}

// fromCookie authenticates the request's cookie.
func (h *Handler) fromCookie(r *http.Request) (session, error) {
	c, err := r.Cookie(cookieName)
	if err != nil {
		return session{}, kyc.Errorf(kyc.EMissingAPIKey, "no collect key")
	}
	return h.authenticate(r, c.Value)
}

// secureCookie reports whether the key's cookie is sent over HTTPS only:
// always, but for plain HTTP to a loopback address (a developer's machine,
// a test). Behind a TLS-terminating proxy the browser sees https and keeps
// the Secure cookie; on plain HTTP elsewhere the browser drops it and the
// form does not work, rather than sending the key in the clear.
func secureCookie(r *http.Request) bool {
	if r.TLS != nil {
		return true
	}
	host, _, err := net.SplitHostPort(r.Host)
	if err != nil {
		host = r.Host
	}
	if host == "localhost" {
		return false
	}
	ip := net.ParseIP(strings.Trim(host, "[]"))
	return ip == nil || !ip.IsLoopback()
}

// setKeyCookie stores the key in the browser until it expires.
func setKeyCookie(w http.ResponseWriter, r *http.Request, s session) {
	http.SetCookie(w, &http.Cookie{
		Name: cookieName, Value: s.key, Path: "/collect/",
		Expires: s.actor.Collect.Expiry, HttpOnly: true, Secure: secureCookie(r), SameSite: http.SameSiteLaxMode,
	})
}

// clearKeyCookie forgets the key.
func clearKeyCookie(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: cookieName, Value: "", Path: "/collect/", MaxAge: -1,
		Expires: time.Unix(0, 0), HttpOnly: true, Secure: secureCookie(r), SameSite: http.SameSiteLaxMode})
}

// sameOrigin refuses a state-changing request another site's page sent:
// when the browser names the page's origin, it must be this host.
func sameOrigin(r *http.Request) bool {
	o := r.Header.Get("Origin")
	if o == "" {
		return true // older browsers; the CSRF token still decides
	}
	u, err := url.Parse(o)
	return err == nil && u.Host == r.Host
}
