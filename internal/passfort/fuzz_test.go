package passfort

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

// FuzzDecodeEntityData checks both halves of "exactly what the contract
// says": whatever DecodeEntityData accepts the contract accepts, and whatever
// the contract accepts DecodeEntityData accepts, unless it refuses it for one
// of its deliberate, stricter reasons (see deliberate).
func FuzzDecodeEntityData(f *testing.F) {
	for _, doc := range validDocs(f) {
		f.Add(doc)
	}
	for _, tc := range invalidDocs {
		f.Add([]byte(tc.doc))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		data, facts, err := DecodeEntityData(raw, "collected_data")
		if err != nil {
			checkRefusal(t, raw, err)
			return
		}
		var want bytes.Buffer
		if cerr := json.Compact(&want, raw); cerr != nil || !bytes.Equal(data, want.Bytes()) {
			t.Fatalf("got data %q, want the input compacted (%v)", data, cerr)
		}
		if d := discriminator(data); string(facts.EntityType) != d {
			t.Fatalf("got facts.EntityType %q, want %q", facts.EntityType, d)
		}
		if serr, ok := specCheck(t, data); ok && serr != nil {
			t.Fatalf("accepted %s, but the contract refuses it: %v", data, serr)
		}
	})
}

func checkRefusal(t *testing.T, raw []byte, err error) {
	var e *kyc.Error
	if !errors.As(err, &e) || e.Code != kyc.EInvalid && e.Code != kyc.EMissingFields {
		t.Fatalf("got error %v, want a *kyc.Error with code %s or %s", err, kyc.EInvalid, kyc.EMissingFields)
	}
	if field, _ := e.Info["field"].(string); !strings.HasPrefix(field, "collected_data") {
		t.Fatalf("got field %q, want a path under collected_data", field)
	}
	var value any
	if !utf8.Valid(raw) || json.Unmarshal(raw, &value) != nil || deliberate(e) {
		return
	}
	if serr, ok := specCheck(t, raw); ok && serr == nil {
		t.Fatalf("refused %s (%v), but the contract accepts it", raw, e)
	}
}

// deliberate reports whether e is one of the refusals that go beyond the
// contract: input encoding/json would read ambiguously or lossily, nesting
// deep enough to be an attack, dates that do not exist, and image data
// (the contract's last anyOf alternative leaves it unchecked).
func deliberate(e *kyc.Error) bool {
	reason, _ := e.Info["reason"].(string)
	field, _ := e.Info["field"].(string)
	switch {
	case reason == "appears twice", reason == "nests too deeply",
		strings.HasPrefix(reason, "nests more than"), reason == reasonCalDate, reason == reasonClock,
		strings.HasSuffix(field, ".data"), strings.HasSuffix(field, ".encrypted_data"):
		return true
	}
	// Text the contract would take but no field has a use for (kyc.TextProblem).
	for _, prefix := range []string{"must not contain control characters", "must be one line", "is not valid Unicode",
		"is not valid UTF-8", "has a member name that"} {
		if strings.HasPrefix(reason, prefix) {
			return true
		}
	}
	return false
}

func TestInvalidDocsRefusedBySpec(t *testing.T) {
	t.Parallel()
	for _, tc := range invalidDocs {
		_, _, err := DecodeEntityData([]byte(tc.doc), "collected_data")
		var e *kyc.Error
		var value any
		if !errors.As(err, &e) || !utf8.ValidString(tc.doc) || json.Unmarshal([]byte(tc.doc), &value) != nil || deliberate(e) {
			continue
		}
		if serr, ok := specCheck(t, []byte(tc.doc)); ok && serr == nil {
			t.Errorf("%s: refused (%v), but the contract accepts it", tc.name, e)
		}
	}
}
