package api

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

// readBody reads a request body up to the configured limit.
func (s *Server) readBody(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	b, err := io.ReadAll(http.MaxBytesReader(w, r.Body, s.cfg.MaxBodyBytes))
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &mbe):
		return nil, &kyc.Error{Code: kyc.ETooLarge, Message: fmt.Sprintf("body: larger than %d bytes", mbe.Limit),
			Info: map[string]any{"field": "body", "limit_bytes": mbe.Limit}}
	case err != nil:
		return nil, &kyc.Error{Code: kyc.EInvalid, Message: "body: cannot be read", Err: err}
	}
	return b, nil
}

// MaxIdempotencyKey is the longest Idempotency-Key accepted.
const MaxIdempotencyKey = 255

// idempotent returns the request's context, carrying an idempotency
// description when the caller sent an Idempotency-Key. render turns the
// command's result into the response body, so that the very response sent
// the first time is stored with the command's writes.
func (s *Server) idempotent(r *http.Request, body []byte, render func(any) any) (context.Context, error) {
	key := r.Header.Get("Idempotency-Key")
	if key == "" {
		return r.Context(), nil
	}
	if len(key) > MaxIdempotencyKey {
		return nil, &kyc.Error{Code: kyc.EInvalid, Message: "Idempotency-Key: must be at most 255 characters",
			Info: map[string]any{"header": "Idempotency-Key"}}
	}
	for _, c := range key {
		if c < 0x21 || c > 0x7e {
			return nil, &kyc.Error{Code: kyc.EInvalid, Message: "Idempotency-Key: must be printable ASCII without spaces",
				Info: map[string]any{"header": "Idempotency-Key"}}
		}
	}
	sum := sha256.Sum256(body)
	return kyc.WithIdempotency(r.Context(), &kyc.Idempotency{
		Key: key, Method: r.Method, Path: r.URL.Path, RequestHash: sum[:],
		Encode: func(result any) (int, []byte, error) {
			b, err := json.Marshal(render(result))
			return http.StatusOK, b, err
		},
	}), nil
}

// respond writes a command's outcome: the rendered result, the stored
// response of an idempotent repeat, or the error.
func (s *Server) respond(w http.ResponseWriter, result any, err error, render func(any) any) error {
	var rp *kyc.Replay
	switch {
	case errors.As(err, &rp):
		w.Header().Set("Idempotent-Replayed", "true")
		writeRaw(w, rp.Status, rp.Body)
		return nil
	case err != nil:
		return err
	}
	s.writeJSON(w, http.StatusOK, render(result))
	return nil
}
