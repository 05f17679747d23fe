// Package collect is the hosted collection form: the mobile-first pages an
// applicant opens from a link carrying a collect key (/collect/?key=…) to
// give the data their profile still lacks. The form shows the profile's
// outstanding collection steps in plain language (full name, date of
// birth, address, nationality, email, phone, identity document), checks the
// answers as the API checks collected data, and adds them to the profile's
// collected data, which removes the steps and releases the checks that
// waited for them. It is themed per institution by the policy (logo,
// colour, wording).
//
// The key is a bearer secret: the first request moves it into an HttpOnly
// cookie and redirects to a URL without it, so it stays out of the browser
// history, bookmarks and server logs, and every form carries a CSRF token.
// Pages are server-rendered with html/template and work without
// JavaScript; the one small script only moves focus to an error summary.
package collect

import (
	"embed"
	"html/template"
	"log/slog"
	"net/http"

	"github.com/gatehouse/gatehouse/internal/address"
	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/policy"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed assets
var assetFS embed.FS

// Config is what the form needs.
type Config struct {
	// Service authenticates collect keys and reads and writes profiles.
	Service *kyc.Service
	// Addresses finds addresses for the address step (address.Demo when nil).
	Addresses address.Searcher
	// ThemeFunc returns the theme of an institution, by name (the policy's
	// CollectTheme); nil means policy.DefaultTheme.
	ThemeFunc func(institution string) policy.Theme
	// Documents takes uploaded identity documents; nil leaves the document
	// step shown but disabled, saying so.
	Documents Documents
	// Log receives internal errors (never a key, never personal data).
	Log *slog.Logger
	// MaxImageBytes caps one uploaded image (DefaultMaxImageBytes when 0).
	MaxImageBytes int64
}

// DefaultMaxImageBytes is the largest document image accepted.
const DefaultMaxImageBytes = 10 << 20

// Handler serves the form under /collect/.
type Handler struct {
	cfg   Config
	pages *template.Template
	mux   *http.ServeMux
}

// New returns the form's handler, to be mounted at /collect/.
func New(cfg Config) *Handler {
	if cfg.Addresses == nil {
		cfg.Addresses = address.Demo{}
	}
	if cfg.ThemeFunc == nil {
		cfg.ThemeFunc = func(string) policy.Theme { return policy.DefaultTheme() }
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	if cfg.MaxImageBytes <= 0 {
		cfg.MaxImageBytes = DefaultMaxImageBytes
	}
	h := &Handler{cfg: cfg, pages: parseTemplates()}
	h.mux = h.routes()
	return h
}

// routes is the form's whole surface.
func (h *Handler) routes() *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /collect/{$}", h.start)
	mux.HandleFunc("GET /collect/p/{profile_id}", h.form)
	mux.HandleFunc("POST /collect/p/{profile_id}", h.submit)
	mux.HandleFunc("POST /collect/leave", h.leave)
	mux.Handle("GET /collect/assets/", http.StripPrefix("/collect/", assets()))
	mux.HandleFunc("/collect/", func(w http.ResponseWriter, r *http.Request) {
		h.message(w, r, http.StatusNotFound, policy.DefaultTheme(), "", "This page does not exist", "Open the link you were sent again.")
	})
	return mux
}

// ServeHTTP serves a request, with the headers every page needs.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	hd := w.Header()
	hd.Set("X-Content-Type-Options", "nosniff")
	// Same-origin: other sites (the privacy notice, a logo's host) learn
	// nothing of the form's addresses, and the browser still names this
	// origin in its form posts (no-referrer would make it "null").
	hd.Set("Referrer-Policy", "same-origin")
	hd.Set("X-Frame-Options", "DENY")
	hd.Set("Cross-Origin-Opener-Policy", "same-origin")
	h.mux.ServeHTTP(w, r)
}
