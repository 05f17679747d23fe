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

// FuzzDecodeEventData checks that DecodeEventData never panics, that what it
// accepts is the input compacted, of the type it names, and accepted by the
// contract, and that what it refuses the contract refuses too, unless for
// one of the deliberate, stricter reasons (see deliberate).
func FuzzDecodeEventData(f *testing.F) {
	for _, doc := range validEvents(f) {
		f.Add(doc)
	}
	for _, tc := range invalidEvents {
		f.Add([]byte(tc.doc))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		data, typ, err := DecodeEventData(raw, "data")
		if err != nil {
			checkEventRefusal(t, raw, err)
			return
		}
		var want bytes.Buffer
		if cerr := json.Compact(&want, raw); cerr != nil || !bytes.Equal(data, want.Bytes()) {
			t.Fatalf("got data %q, want the input compacted (%v)", data, cerr)
		}
		if d := eventDiscriminator(data); string(typ) != d || !typ.Valid() {
			t.Fatalf("got event type %q, want %q", typ, d)
		}
		if serr, ok := eventSpecCheck(t, data); ok && serr != nil {
			t.Fatalf("accepted %s, but the contract refuses it: %v", data, serr)
		}
	})
}

func checkEventRefusal(t *testing.T, raw []byte, err error) {
	var e *kyc.Error
	if !errors.As(err, &e) || e.Code != kyc.EInvalid && e.Code != kyc.EMissingFields {
		t.Fatalf("got error %v, want a *kyc.Error with code %s or %s", err, kyc.EInvalid, kyc.EMissingFields)
	}
	if field, _ := e.Info["field"].(string); field != "data" && !strings.HasPrefix(field, "data.") {
		t.Fatalf("got field %q, want a path under data", field)
	}
	var value any
	if !utf8.Valid(raw) || json.Unmarshal(raw, &value) != nil || deliberate(e) {
		return
	}
	if serr, ok := eventSpecCheck(t, raw); ok && serr == nil {
		t.Fatalf("refused %s (%v), but the contract accepts it", raw, e)
	}
}
