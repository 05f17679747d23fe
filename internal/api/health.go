package api

import (
	"crypto/subtle"
	"net"
	"net/http"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// healthz answers liveness probes. It exposes nothing.
func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain")
	_, _ = w.Write([]byte("ok\n"))
}

// readyz answers readiness probes: the store answers and the server is not
// shutting down.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain")
	if s.closing.Load() {
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = w.Write([]byte("shutting down\n"))
		return
	}
	if s.ready != nil {
		if err := s.ready(); err != nil {
			s.log.Warn("not ready", "error", err.Error())
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = w.Write([]byte("not ready\n"))
			return
		}
	}
	_, _ = w.Write([]byte("ready\n"))
}

// serveMetrics serves Prometheus metrics to a caller with the metrics
// bearer token, or, when none is configured, to loopback callers only.
func (s *Server) serveMetrics(w http.ResponseWriter, r *http.Request) {
	if tok := s.cfg.MetricsToken; tok != "" {
		got := r.Header.Get("Authorization")
		if subtle.ConstantTimeCompare([]byte(got), []byte("Bearer "+tok)) != 1 {
			http.Error(w, "metrics need Authorization: Bearer <GATEHOUSE_METRICS_TOKEN>", http.StatusUnauthorized)
			return
		}
	} else if host, _, err := net.SplitHostPort(r.RemoteAddr); err != nil || !net.ParseIP(host).IsLoopback() {
		http.Error(w, "metrics are served to loopback only unless GATEHOUSE_METRICS_TOKEN is set", http.StatusForbidden)
		return
	}
	promhttp.HandlerFor(s.gatherer, promhttp.HandlerOpts{}).ServeHTTP(w, r)
}

var _ prometheus.Gatherer = (*prometheus.Registry)(nil)
