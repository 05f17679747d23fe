package portal

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"math"
	"net/http"
	"net/url"
	"path"
	"strings"
	"time"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

// pages holds one template set per page: the layout, the shared partials
// and the page's own file.
type pages struct {
	sets map[string]*template.Template
}

// pageNames are the templates/NAME.html files that are pages.
var pageNames = []string{"signin", "code", "totp", "account", "queue", "search", "case", "screening", "lists",
	"users", "keys", "webhooks", "webhook", "error"}

func loadPages() (*pages, error) {
	ps := &pages{sets: map[string]*template.Template{}}
	for _, name := range pageNames {
		t, err := template.New(name).Funcs(funcs).ParseFS(files, "templates/layout.html", "templates/partials.html",
			"templates/"+name+".html")
		if err != nil {
			return nil, fmt.Errorf("portal: template %s: %w", name, err)
		}
		ps.sets[name] = t
	}
	return ps, nil
}

// page is what every template gets: who is signed in, the CSRF token for
// its forms, a message from the last action, and the page's own data.
type page struct {
	Title string
	Nav   string
	User  *kyc.UserAccount
	Inst  *kyc.Institution
	CSRF  string
	Flash string
	Error string
	// Status is the HTTP status the page is sent with.
	Status int
	// Full is set for a signed-in session (not one completing its sign-in):
	// the navigation shows.
	Full bool
	Data any
}

// Can reports whether the signed-in user holds a capability: templates
// show only the controls the user may use (the server checks again).
func (p *page) Can(capability string) bool { return p.User != nil && p.User.Can(capability) }

// newPage starts a page for a request.
func newPage(rq *request, title, nav string, data any) *page {
	p := &page{Title: title, Nav: nav, User: rq.user, Inst: rq.inst, Data: data, Status: http.StatusOK}
	if rq.sess != nil {
		p.CSRF = rq.sess.CSRF
		p.Full = rq.sess.Stage == kyc.SessionFull
	}
	return p
}

// render executes a page into a buffer first, so that a template error
// becomes a clean 500 instead of half a page.
func (s *Server) render(w http.ResponseWriter, name string, p *page) error {
	var b bytes.Buffer
	if err := s.pages.sets[name].ExecuteTemplate(&b, "layout", p); err != nil {
		return fmt.Errorf("render %s: %w", name, err)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(p.Status)
	_, err := w.Write(b.Bytes())
	return err
}

// statusOf maps a domain error to an HTTP status.
func statusOf(err error) int {
	switch kyc.ErrorCode(err) {
	case kyc.EInvalid, kyc.EMissingFields:
		return http.StatusBadRequest
	case kyc.ENotFound:
		return http.StatusNotFound
	case kyc.EConflict, kyc.EDataPresent, kyc.EAlreadyApproved, kyc.EAlreadyRejected:
		return http.StatusConflict
	case kyc.ETransition, kyc.EConstraints:
		return http.StatusUnprocessableEntity // as the API answers them
	case kyc.ETooLarge:
		return http.StatusRequestEntityTooLarge
	case kyc.EForbidden:
		return http.StatusForbidden
	case kyc.EUnavailable:
		return http.StatusServiceUnavailable
	case kyc.EProcessNotSetup:
		return http.StatusUnprocessableEntity
	}
	return http.StatusInternalServerError
}

// fail answers a refused or failed request: a redirect, the sign-in page
// for a missing or expired session, or an error page with the status.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, rq *request, err error) {
	var rd *redirect
	var fb *errForbidden
	var se *kyc.SignInError
	switch {
	case errors.As(err, &rd):
		http.Redirect(w, r, rd.to, http.StatusSeeOther)
	case errors.As(err, &se):
		to := "/portal/signin"
		if errors.Is(err, kyc.ErrSessionExpired) {
			to += "?m=expired"
		}
		http.Redirect(w, r, to, http.StatusSeeOther)
	case errors.As(err, &fb):
		s.renderError(w, r, rq, err)
	default:
		s.renderError(w, r, rq, err)
	}
}

// renderError shows an error page. Internal errors are logged with the
// request id and shown only as that id.
func (s *Server) renderError(w http.ResponseWriter, r *http.Request, rq *request, err error) {
	status := statusOf(err)
	msg := err.Error()
	var fb *errForbidden
	var ke *kyc.Error
	switch {
	case errors.As(err, &fb):
		status, msg = http.StatusForbidden, fb.msg
	case errors.As(err, &ke) && status != http.StatusInternalServerError:
		msg = ke.Message
	default:
		s.log.Error("portal error", "request_id", rq.id, "route", rq.route, "error", err.Error())
		msg = "Something went wrong on our side (request " + rq.id + "). Please try again."
	}
	p := newPage(rq, http.StatusText(status), "", nil)
	p.Status, p.Error = status, msg
	if rerr := s.render(w, "error", p); rerr != nil {
		s.log.Error("portal render error page", "request_id", rq.id, "error", rerr.Error())
		http.Error(w, msg, status)
	}
}

// seeOther redirects after a successful action (post, redirect, get), with
// a message code for the next page: never data, which could be personal.
func seeOther(w http.ResponseWriter, r *http.Request, to, done, anchor string) error {
	u := to
	if done != "" {
		u += "?done=" + url.QueryEscape(done)
	}
	if anchor != "" {
		u += "#" + anchor
	}
	http.Redirect(w, r, u, http.StatusSeeOther)
	return nil
}

// flashes are the messages the done codes stand for.
var flashes = map[string]string{
	"task":           "The task was updated.",
	"events":         "The matches were resolved.",
	"tag-added":      "The tag was added.",
	"tag-removed":    "The tag was removed.",
	"assigned":       "The assignment was changed.",
	"decided":        "The decision was recorded.",
	"first-approval": "Your approval is recorded. A second analyst must confirm it before the application is approved.",
	"reverted":       "The decision was reverted: a new application replaces the old one.",
	"user":           "The user was updated.",
	"security":       "The sign-in settings were saved.",
	"key-revoked":    "The API key was revoked; it stops working at once.",
	"webhook":        "The webhook endpoint was updated.",
	"redelivered":    "The delivery was queued again.",
	"password":       "Your password was changed. Your other sessions were signed out.",
	"totp":           "Two-factor sign-in is on.",
	"hold-set":       "The legal hold is set: the profile cannot be erased until it is cleared.",
	"hold-cleared":   "The legal hold was cleared.",
	"erased":         "The profile's personal data was erased. What remains is its tombstone.",
}

func flashOf(r *http.Request) string { return flashes[r.URL.Query().Get("done")] }

// asset serves the embedded stylesheet and script.
func (s *Server) asset(w http.ResponseWriter, r *http.Request, rq *request) error {
	name := path.Base(r.PathValue("name"))
	b, err := fs.ReadFile(files, "assets/"+name)
	if err != nil {
		return &kyc.Error{Code: kyc.ENotFound, Message: "There is no such file."}
	}
	switch path.Ext(name) {
	case ".css":
		w.Header().Set("Content-Type", "text/css; charset=utf-8")
	case ".js":
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
	case ".svg":
		w.Header().Set("Content-Type", "image/svg+xml")
	default:
		w.Header().Set("Content-Type", "application/octet-stream")
	}
	w.Header().Set("Cache-Control", "public, max-age=3600")
	_, err = w.Write(b)
	return err
}

// funcs are the templates' helpers.
var funcs = template.FuncMap{
	"dt": func(t time.Time) string {
		if t.IsZero() {
			return "—"
		}
		return t.UTC().Format("2006-01-02 15:04 UTC")
	},
	"dtp": func(t *time.Time) string {
		if t == nil {
			return "—"
		}
		return t.UTC().Format("2006-01-02 15:04 UTC")
	},
	"ago":   ago,
	"human": human,
	"pct": func(f float64) string {
		return fmt.Sprintf("%.0f%%", math.Round(f*100))
	},
	"join":  strings.Join,
	"lower": strings.ToLower,
	"add":   func(a, b int) int { return a + b },
	"short": func(s string) string {
		if len(s) > 12 {
			return s[:12]
		}
		return s
	},
	"str": func(v any) string { return fmt.Sprint(v) },
}

// wordBreaks are the separators of enum values.
var wordBreaks = strings.NewReplacer("_", " ", "-", " ")

// ago is how long ago t was, in the largest whole unit.
func ago(t time.Time) string {
	d := time.Since(t)
	switch {
	case t.IsZero():
		return "—"
	case d < time.Minute:
		return "just now"
	case d < time.Hour:
		return fmt.Sprintf("%d min", int(d/time.Minute))
	case d < 48*time.Hour:
		return fmt.Sprintf("%d h", int(d/time.Hour))
	}
	return fmt.Sprintf("%d days", int(d/(24*time.Hour)))
}

// human turns an enum value into words: READY_FOR_DECISION → Ready for
// decision, manual-decision → Manual decision.
func human(v any) string {
	s := strings.ToLower(wordBreaks.Replace(fmt.Sprint(v)))
	if s == "" {
		return ""
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
