// Package api serves the PassFort 4.0 HTTP API (under /4.0) and Gatehouse's
// own endpoints, over the kyc service.
package api

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"sync/atomic"

	"github.com/gatehouse/gatehouse/internal/address"
	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/screening"
	"github.com/prometheus/client_golang/prometheus"
)

// Config is what the API needs from the server's configuration.
type Config struct {
	// MaxBodyBytes caps request bodies (default 1 MiB).
	MaxBodyBytes int64
	// CompatErrorStatus, when non-zero (200), is used as the HTTP status of
	// every error response, for PassFort clients that only read typed errors
	// from 200 responses.
	CompatErrorStatus int
	// MetricsToken, when set, is the bearer token /metrics requires; when
	// empty, /metrics answers loopback clients only.
	MetricsToken string
	// OperationsOnly serves only /healthz, /readyz and /metrics (a worker
	// process).
	OperationsOnly bool
	// ScreenIndexFunc returns the screening index in service, nil when no
	// list is loaded (GET /gatehouse/v1/screen).
	ScreenIndexFunc func() *screening.Index
	// Addresses answers GET /address/search and /address/format; nil
	// means the deterministic demo searcher (address.Demo).
	Addresses address.Searcher
	// Collect, when set, is served under /collect/: the hosted collection
	// form (package collect), which authenticates with collect keys itself.
	Collect http.Handler
	// IntegrationCallbacks and IntegrationImages, when set, serve the
	// requests partner integrations make (POST /integrations/v1/callbacks,
	// GET /integrations/v1/images/{image_id}, PassFort's own paths); they
	// authenticate requests by HTTP signature, not by API key.
	IntegrationCallbacks, IntegrationImages http.Handler
	// MaxDocumentBytes caps an uploaded image or file (default 20 MiB);
	// the upload routes take bodies large enough for it in base64, above
	// MaxBodyBytes if need be.
	MaxDocumentBytes int64
}

// Server is the HTTP API.
type Server struct {
	svc      *kyc.Service
	cfg      Config
	log      *slog.Logger
	metrics  *metrics
	gatherer prometheus.Gatherer
	ready    func() error
	closing  atomic.Bool
	handler  http.Handler
}

// New returns the API server. ready reports whether the backing store is
// reachable, for /readyz.
func New(svc *kyc.Service, cfg Config, log *slog.Logger, reg *prometheus.Registry, ready func() error) *Server {
	if cfg.MaxBodyBytes <= 0 {
		cfg.MaxBodyBytes = 1 << 20
	}
	if cfg.MaxDocumentBytes <= 0 {
		cfg.MaxDocumentBytes = DefaultMaxDocumentBytes
	}
	if log == nil {
		log = slog.New(slog.NewJSONHandler(io.Discard, nil))
	}
	if reg == nil {
		reg = prometheus.NewRegistry()
	}
	s := &Server{svc: svc, cfg: cfg, log: log, metrics: newMetrics(reg), gatherer: reg, ready: ready}
	s.handler = s.middleware(s.routes())
	return s
}

// ServeHTTP serves a request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// Closing marks the server as shutting down: /readyz fails from now on so
// that load balancers stop sending new requests.
func (s *Server) Closing() { s.closing.Store(true) }

// writeJSON writes v as the JSON response body.
func (s *Server) writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		s.log.Error("encode response", "error", err.Error())
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusInternalServerError)
		_, _ = w.Write([]byte(`{"errors":[{"code":401,"message":"internal error: cannot encode the response","source":"API","info":{}}]}`))
		return
	}
	writeOwned(w, status, append(b, '\n'))
}

// writeRaw sends a JSON body and a newline in one write with its length,
// so that a large body goes out in one piece rather than chunked. body is
// not modified (it may be stored data).
func writeRaw(w http.ResponseWriter, status int, body []byte) {
	out := make([]byte, len(body)+1)
	copy(out, body)
	out[len(body)] = '\n'
	writeOwned(w, status, out)
}

// writeOwned sends a body ending in its newline, which the caller owns.
func writeOwned(w http.ResponseWriter, status int, body []byte) {
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body)
}
