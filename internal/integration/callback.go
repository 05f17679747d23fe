package integration

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/gatehouse/gatehouse/internal/integration/httpsig"
	"github.com/gatehouse/gatehouse/internal/kyc"
)

// Peer is an integration Gatehouse shares a key with, as the handlers see
// it: the name Gatehouse knows it by and the key its requests are signed
// with.
type Peer struct {
	Name string
	Key  httpsig.Key
}

// Peers finds the integration a signature's key id belongs to.
type Peers struct {
	byID map[string]Peer
}

// NewPeers indexes integrations by key id. Two integrations whose keys
// share a key id cannot be told apart, so that is an error, as is a peer
// without a name or key.
func NewPeers(ps ...Peer) (*Peers, error) {
	m := make(map[string]Peer, len(ps))
	for _, p := range ps {
		switch {
		case p.Name == "":
			return nil, errors.New("integration: a peer needs a name")
		case p.Key.IsZero():
			return nil, fmt.Errorf("integration: peer %s has no key", p.Name)
		}
		if q, dup := m[p.Key.ID()]; dup {
			return nil, fmt.Errorf("integration: peers %s and %s have keys with the same key id; give one a new key", q.Name, p.Name)
		}
		m[p.Key.ID()] = p
	}
	return &Peers{byID: m}, nil
}

// Lookup returns the peer a key id belongs to.
func (ps *Peers) Lookup(keyID string) (Peer, bool) {
	if ps == nil {
		return Peer{}, false
	}
	p, ok := ps.byID[keyID]
	return p, ok
}

// verify checks a request's signature and returns the peer that signed it.
func (ps *Peers) verify(r *http.Request, body []byte, now func() time.Time) (Peer, error) {
	v := httpsig.Verifier{Now: now, Keys: func(id string) (httpsig.Key, bool) {
		p, ok := ps.Lookup(id)
		return p.Key, ok
	}}
	key, err := v.Verify(r, body)
	if err != nil {
		return Peer{}, err
	}
	p, _ := ps.Lookup(key.ID())
	return p, nil
}

// ErrUnknownCheck is what an Accept or Image function returns when the
// callback or image belongs to no check of that peer in progress; the
// handler answers 404.
var ErrUnknownCheck = errors.New("integration: no check in progress matches")

// CallbackHandler serves the endpoint an integration POSTs its callbacks
// to (PassFort's /integrations/v1/callbacks). It verifies the signature,
// reads {provider_id, reference, custom_data}, and hands the callback to
// Accept with the peer that sent it.
//
// Accept should find the peer's check in progress with that provider_id
// and reference (ErrUnknownCheck when there is none: a peer can never
// reach another's checks), merge custom_data into the check's Ref, and
// queue the /complete call in the same transaction, so that an
// acknowledged callback is never lost. It returns the callback id to
// answer with ("" for a new random one). Any other error answers 503,
// which the protocol tells integrations to retry with back-off.
type CallbackHandler struct {
	Peers  *Peers
	Accept func(ctx context.Context, from Peer, cb Callback) (callbackID string, err error)
	// Now is the clock signatures are checked against; nil means time.Now.
	Now func() time.Time
	// MaxBody bounds the body; zero means 1 MiB.
	MaxBody int64
}

func (h *CallbackHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		writeError(w, http.StatusMethodNotAllowed, codeInvalidInput, "callbacks are POSTed", nil)
		return
	}
	limit := h.MaxBody
	if limit <= 0 {
		limit = 1 << 20
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			writeError(w, http.StatusRequestEntityTooLarge, codeInvalidInput, "the body is larger than "+formatNumber(float64(limit))+" bytes", nil)
		} else {
			writeError(w, http.StatusBadRequest, codeInvalidInput, "the body could not be read", nil)
		}
		return
	}
	peer, err := h.Peers.verify(r, body, h.Now)
	if err != nil {
		writeSignatureError(w, err)
		return
	}
	cb, kerr := decodeCallback(body)
	if kerr != nil {
		writeKYCError(w, kerr)
		return
	}
	id, err := h.Accept(r.Context(), peer, cb)
	switch {
	case errors.Is(err, ErrUnknownCheck):
		writeError(w, http.StatusNotFound, codeInvalidInput, "no check in progress has this provider_id and reference",
			map[string]any{"provider_id": cb.ProviderID, "reference": cb.Reference})
		return
	case err != nil:
		var ke *kyc.Error
		if errors.As(err, &ke) && ke.Code != kyc.EInternal && ke.Code != kyc.EUnavailable {
			writeKYCError(w, ke)
			return
		}
		writeError(w, http.StatusServiceUnavailable, 401, "the callback could not be recorded; retry it later", nil)
		return
	}
	if id == "" {
		id = newUUID()
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusOK)
	_ = json.NewEncoder(w).Encode(map[string]string{"callback_id": id})
}

// decodeCallback reads a callback body: provider_id a UUID, reference a
// non-empty string, custom_data an object if present. Other members are
// ignored: the protocol lets check types add their own.
func decodeCallback(body []byte) (Callback, *kyc.Error) {
	var raw map[string]json.RawMessage
	if b := bytes.TrimSpace(body); len(b) == 0 || b[0] != '{' {
		return Callback{}, kyc.FieldError("body", "must be a JSON object")
	}
	if err := json.Unmarshal(body, &raw); err != nil {
		return Callback{}, kyc.FieldError("body", "is not valid JSON")
	}
	var cb Callback
	str := func(name string, dst *string) *kyc.Error {
		v, ok := raw[name]
		if !ok || isAbsent(v) {
			return kyc.MissingField(name)
		}
		if json.Unmarshal(v, dst) != nil {
			return kyc.FieldError(name, "must be a string")
		}
		return nil
	}
	if err := str("provider_id", &cb.ProviderID); err != nil {
		return Callback{}, err
	}
	if !isUUID(cb.ProviderID) {
		return Callback{}, kyc.FieldError("provider_id", "must be a UUID")
	}
	if err := str("reference", &cb.Reference); err != nil {
		return Callback{}, err
	}
	if strings.TrimSpace(cb.Reference) == "" {
		return Callback{}, kyc.MissingField("reference")
	}
	if v, ok := raw["custom_data"]; ok && !isAbsent(v) {
		if b := bytes.TrimSpace(v); b[0] != '{' {
			return Callback{}, kyc.FieldError("custom_data", "must be an object")
		}
		cb.CustomData = v
	}
	return cb, nil
}

// MergeCustomData merges newer custom_data into older, as the protocol
// has it: the members of both, the newer value winning for a name in
// both. Either may be absent or null. The result is compact JSON with
// members in name order.
func MergeCustomData(older, newer json.RawMessage) (json.RawMessage, error) {
	m := map[string]json.RawMessage{}
	for _, raw := range []json.RawMessage{older, newer} {
		if isAbsent(raw) {
			continue
		}
		var part map[string]json.RawMessage
		if err := json.Unmarshal(raw, &part); err != nil {
			return nil, kyc.FieldError("custom_data", "must be an object")
		}
		for k, v := range part {
			m[k] = v
		}
	}
	if len(m) == 0 && isAbsent(older) && isAbsent(newer) {
		return nil, nil
	}
	out, err := json.Marshal(m)
	if err != nil {
		return nil, kyc.FieldError("custom_data", "cannot be encoded")
	}
	return out, nil
}

func newUUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}
