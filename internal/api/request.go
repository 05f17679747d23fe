package api

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

// readBody reads a request body up to the configured limit. A body must
// be JSON, declared so (see jsonMediaType); an empty one needs no
// Content-Type.
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
	if len(bytes.TrimSpace(b)) > 0 && !jsonMediaType(r.Header.Get("Content-Type")) {
		return nil, &kyc.Error{Code: kyc.EMediaType, Message: "Content-Type: must be application/json (UTF-8)",
			Info: map[string]any{"header": "Content-Type", "reason": "must be application/json (UTF-8)"}}
	}
	return b, nil
}

// jsonMediaType reports whether a Content-Type declares JSON:
// application/json or a structured +json type, in UTF-8 (RFC 8259) when a
// charset is given. Text sent as text/plain or a form is refused with 415
// rather than read as JSON by accident.
func jsonMediaType(ct string) bool {
	mt, params, err := mime.ParseMediaType(ct)
	if err != nil || mt != "application/json" && !(strings.HasPrefix(mt, "application/") && strings.HasSuffix(mt, "+json")) {
		return false
	}
	cs, ok := params["charset"]
	return !ok || strings.EqualFold(cs, "utf-8")
}

// MaxIdempotencyKey is the longest Idempotency-Key accepted.
const MaxIdempotencyKey = 255

// encodedKey carries an *encoded in an idempotent request's context.
type encodedKey struct{}

// encoded is the response body Encode produced inside the command's
// transaction (the last attempt's, when the store retried it): respond
// writes these bytes rather than rendering and encoding the result again.
type encoded struct {
	status int
	body   []byte
}

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
	sum := requestHash(r, body)
	enc := &encoded{}
	ctx := context.WithValue(r.Context(), encodedKey{}, enc)
	return kyc.WithIdempotency(ctx, &kyc.Idempotency{
		Key: key, Method: r.Method, Path: r.URL.Path, RequestHash: sum[:],
		Encode: func(result any) (int, []byte, error) {
			b, err := json.Marshal(render(result))
			if err != nil {
				return 0, nil, err
			}
			enc.status, enc.body = http.StatusOK, b
			return enc.status, b, nil
		},
	}), nil
}

// requestHash is the fingerprint an Idempotency-Key is bound to, beside the
// method and path: the query (the apikey parameter left out: it names the
// caller, and the key's scope is already the institution) and the body.
// ?mode=sync and ?mode=async are different requests.
func requestHash(r *http.Request, body []byte) [sha256.Size]byte {
	q := r.URL.Query()
	q.Del("apikey")
	h := sha256.New()
	h.Write([]byte(q.Encode())) // sorted by name
	h.Write([]byte{0})
	h.Write(body)
	var sum [sha256.Size]byte
	h.Sum(sum[:0])
	return sum
}

// respond writes a command's outcome: the response stored with the
// command's writes (ctx from idempotent), the rendered result, the stored
// response of an idempotent repeat, or the error.
func (s *Server) respond(ctx context.Context, w http.ResponseWriter, result any, err error, render func(any) any) error {
	var rp *kyc.Replay
	switch {
	case errors.As(err, &rp):
		w.Header().Set("Idempotent-Replayed", "true")
		writeRaw(w, rp.Status, rp.Body)
		return nil
	case err != nil:
		return err
	}
	if enc, ok := ctx.Value(encodedKey{}).(*encoded); ok && enc.body != nil {
		writeRaw(w, enc.status, enc.body)
		return nil
	}
	s.writeJSON(w, http.StatusOK, render(result))
	return nil
}
