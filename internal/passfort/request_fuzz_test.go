package passfort

import (
	"errors"
	"reflect"
	"testing"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

// requestDecoders are the struct-decoded request bodies, each returning
// what it decoded.
var requestDecoders = map[string]func([]byte) (any, error){
	"profile":  func(b []byte) (any, error) { return DecodeCreateProfile(b) },
	"check":    func(b []byte) (any, error) { return DecodeNewCheck(b, "") },
	"tag":      func(b []byte) (any, error) { return DecodeTag(b) },
	"note":     func(b []byte) (any, error) { return DecodeNote(b) },
	"task":     func(b []byte) (any, error) { return DecodeTaskUpdate(b) },
	"newtask":  func(b []byte) (any, error) { return DecodeNewTask(b) },
	"decision": func(b []byte) (any, error) { s, c, err := DecodeDecision(b); return []string{string(s), c}, err },
	"event":    func(b []byte) (any, error) { return DecodeNewEvent(b) },
	"bulk":     func(b []byte) (any, error) { return DecodeBulkEventUpdate(b) },
	"steps":    func(b []byte) (any, error) { return DecodeCollectionSteps(b) },
	"webhook":  func(b []byte) (any, error) { return DecodeWebhookEndpoint(b) },
}

// FuzzRequestDecoders feeds every body to every struct-decoded request
// decoder: each refuses with a *kyc.Error naming a field, or accepts a
// value whose every string is valid UTF-8 without control characters but
// tab and line breaks (the rules' floor; one-line fields are stricter).
func FuzzRequestDecoders(f *testing.F) {
	for _, s := range []string{
		`{"role":"INDIVIDUAL_CUSTOMER","collected_data":{"entity_type":"INDIVIDUAL"},"applications":[{"product":{"alias":"x"}}]}`,
		`{"check_type":"DOCUMENT_FETCH","source":"ONFIDO","reference":"r\u0000"}`,
		`{"check_type":"PEPS_AND_SANCTIONS_SCREEN","disable_monitoring":true,"disable_initial_screen":false}`,
		`{"check_type":"COMPANY_FILING_PURCHASE","source_id":"\ud800"}`,
		`{"name":"a\u0085b"}`, `{"text":"a\nb\u007f"}`, `{"state":"COMPLETED_PASS","check_ids":["x"]}`,
		`{"status":"APPROVED","comment":"\u001b[31m"}`, `{"data":{"event_type":"PEP_FLAG","match_name":"\u0000"}}`,
		`[{"id":"60fb11e6-2093-48a4-aee3-608fb927061d","resolution":"MISMATCH","resolution_reason":"\t"}]`,
		`[{"collection_type":"EMAIL"}]`, `{"url":"https://x","secret":"\u0000"}`, "{\"name\":\"\xff\"}",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		for name, decode := range requestDecoders {
			v, err := decode(body)
			if err != nil {
				var e *kyc.Error
				if !errors.As(err, &e) || e.Code != kyc.EInvalid && e.Code != kyc.EMissingFields {
					t.Fatalf("%s: got error %v, want a *kyc.Error with code %s or %s", name, err, kyc.EInvalid, kyc.EMissingFields)
				}
				if _, ok := e.Info["field"].(string); !ok {
					t.Fatalf("%s: got %v without info.field", name, err)
				}
				continue
			}
			if s, ok := badString(reflect.ValueOf(v)); ok {
				t.Fatalf("%s: accepted %q in %q", name, s, body)
			}
		}
	})
}

// badString returns a string held in v that breaks the text rules' floor.
func badString(v reflect.Value) (string, bool) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			return badString(v.Elem())
		}
	case reflect.String:
		if kyc.TextProblem(v.String(), kyc.Prose) != "" {
			return v.String(), true
		}
	case reflect.Slice, reflect.Array:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return "", false // JSON documents, checked by their own decoders
		}
		for i := range v.Len() {
			if s, ok := badString(v.Index(i)); ok {
				return s, true
			}
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if s, ok := badString(v.Field(i)); ok {
				return s, true
			}
		}
	}
	return "", false
}
