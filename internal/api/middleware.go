package api

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/http"
	"runtime/debug"
	"time"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

type ctxKey struct{}

// reqInfo is what the middleware and handlers learn about a request.
type reqInfo struct {
	id    string
	actor kyc.Actor
}

func info(ctx context.Context) *reqInfo {
	if ri, ok := ctx.Value(ctxKey{}).(*reqInfo); ok {
		return ri
	}
	return &reqInfo{}
}

func requestID(ctx context.Context) string { return info(ctx).id }

func actorFrom(ctx context.Context) kyc.Actor { return info(ctx).actor }

// loggingWriter records what a handler answered, for logs and metrics.
type loggingWriter struct {
	http.ResponseWriter
	status  int
	errCode int
}

func (w *loggingWriter) WriteHeader(status int) {
	if w.status == 0 {
		w.status = status
	}
	w.ResponseWriter.WriteHeader(status)
}

func (w *loggingWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

func (w *loggingWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// newRequestID returns a random request id.
func newRequestID() string {
	var b [12]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// validRequestID accepts a caller's X-Request-Id when it is short and plain.
func validRequestID(s string) bool {
	if len(s) == 0 || len(s) > 64 {
		return false
	}
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.') {
			return false
		}
	}
	return true
}

// middleware wraps every request: request id, panic recovery, a JSON log
// line without personal data (route pattern, not the URL with its query),
// and Prometheus metrics by route.
func (s *Server) middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		id := r.Header.Get("X-Request-Id")
		if !validRequestID(id) {
			id = newRequestID()
		}
		w.Header().Set("X-Request-Id", id)
		ri := &reqInfo{id: id}
		r = r.WithContext(context.WithValue(r.Context(), ctxKey{}, ri))
		lw := &loggingWriter{ResponseWriter: w}
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				s.log.Error("panic", "request_id", id, "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
				if lw.status == 0 {
					s.writeError(lw, r, kyc.Errorf(kyc.EInternal, "internal error"))
				}
			}
			route := r.Pattern
			if route == "" {
				route = "unmatched"
			}
			d := time.Since(start)
			s.metrics.observe(route, r.Method, lw.status, d)
			attrs := []any{"request_id", id, "method", r.Method, "route", route, "status", lw.status,
				"duration_ms", float64(d.Microseconds()) / 1000}
			if lw.errCode != 0 {
				attrs = append(attrs, "error_code", lw.errCode)
			}
			if ri.actor.InstitutionID != "" {
				attrs = append(attrs, "institution_id", ri.actor.InstitutionID)
			}
			s.log.Info("request", attrs...)
		}()
		next.ServeHTTP(lw, r)
	})
}

// authenticated wraps a handler that needs an API key: from the apikey
// header, or the apikey query parameter when the header is absent.
func (s *Server) authenticated(h func(w http.ResponseWriter, r *http.Request) error) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		key := r.Header.Get("apikey")
		if key == "" {
			key = r.URL.Query().Get("apikey")
		}
		actor, err := s.svc.Authenticate(r.Context(), key)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		info(r.Context()).actor = actor
		if err := checkParams(r); err != nil {
			s.writeError(w, r, err)
			return
		}
		if err := h(w, r); err != nil {
			s.writeError(w, r, err)
		}
	})
}
