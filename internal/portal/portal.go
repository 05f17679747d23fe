// Package portal serves the analyst portal under /portal: the queue, the
// case page, screening, lists and administration, as server-rendered HTML
// (html/template, assets embedded, no build step; pages work without
// JavaScript). Every action calls the same domain service as the API, with
// an actor naming the signed-in user, and every route declares the
// capability it needs, checked on the server before the handler runs.
package portal

import (
	"embed"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/screening"
	"github.com/prometheus/client_golang/prometheus"
)

//go:embed templates/*.html assets/*
var files embed.FS

// Prefix is where the portal lives; everything else is the API's.
const Prefix = "/portal"

// Config is what the portal needs from the server's configuration.
type Config struct {
	// PublicURL is the portal's address as browsers see it (e.g.
	// https://kyc.example.org). With https, cookies are Secure; its origin
	// is the one state-changing requests must come from. Empty: the
	// request's own host, over plain HTTP (local use).
	PublicURL string
	// ClientIPHeader names a header set by a trusted reverse proxy with the
	// client's address (X-Forwarded-For: its last entry), for sign-in
	// throttling per address. Empty: the connection's address.
	ClientIPHeader string
	// ScreenIndexFunc returns the screening index in service (nil: none).
	ScreenIndexFunc func() *screening.Index
	// ListsFunc reports the configured list paths and their lists.
	ListsFunc func() []ListSource
	// Issuer names the service in authenticator apps (default Gatehouse).
	Issuer string
	// NowFunc returns the current time; time.Now when nil.
	NowFunc func() time.Time
}

// ListSource is a configured list path and the lists loaded from it.
type ListSource struct {
	Path    string
	Watched bool
	Err     string
	Lists   []ListStatus
}

// ListStatus is one loaded (or failed) sanctions or PEP list.
type ListStatus struct {
	Name, Format, Version string
	Entities              int
	LoadedAt              time.Time
	Stale                 bool
	Err                   string
}

// Server is the portal.
type Server struct {
	svc     *kyc.Service
	acc     *kyc.Accounts
	cfg     Config
	log     *slog.Logger
	pages   *pages
	metrics *metrics
	secure  bool
	origin  string // the required Origin of state-changing requests; "" checks the Host
	handler http.Handler
}

// New returns the portal over the domain service and the accounts.
func New(svc *kyc.Service, acc *kyc.Accounts, cfg Config, log *slog.Logger, reg prometheus.Registerer) (*Server, error) {
	if log == nil {
		log = slog.New(slog.NewJSONHandler(io.Discard, nil))
	}
	if cfg.Issuer == "" {
		cfg.Issuer = "Gatehouse"
	}
	ps, err := loadPages()
	if err != nil {
		return nil, err
	}
	s := &Server{svc: svc, acc: acc, cfg: cfg, log: log, pages: ps, metrics: newMetrics(reg)}
	if cfg.PublicURL != "" {
		u, err := url.Parse(cfg.PublicURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, &kyc.Error{Code: kyc.EInvalid, Message: "public-url: must be an http or https URL such as https://kyc.example.org"}
		}
		s.secure = u.Scheme == "https"
		s.origin = u.Scheme + "://" + u.Host
	}
	s.handler = s.middleware(s.routes())
	return s, nil
}

// ServeHTTP serves a portal request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

func (s *Server) now() time.Time {
	if s.cfg.NowFunc != nil {
		return s.cfg.NowFunc().UTC()
	}
	return time.Now().UTC()
}

// IsPortal reports whether a request is for the portal.
func IsPortal(r *http.Request) bool {
	return r.URL.Path == Prefix || strings.HasPrefix(r.URL.Path, Prefix+"/")
}
