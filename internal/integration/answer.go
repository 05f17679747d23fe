package integration

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"unicode/utf8"
)

// decode reads a JSON answer into v and returns a *CallError (KindBody)
// naming what is wrong when it is not JSON of the protocol's shape.
func decode(op string, a answer, v any) error {
	body := bytes.TrimSpace(a.body)
	fail := func(reason string) error {
		return &CallError{Op: op, Kind: KindBody, Attempts: a.attempts, Reason: reason}
	}
	switch {
	case len(body) == 0:
		return fail("the answer is empty, where the protocol expects a JSON object")
	case !utf8.Valid(body):
		return fail("the answer is not valid UTF-8")
	case body[0] != '{':
		return fail("the answer is not a JSON object")
	}
	if err := json.Unmarshal(body, v); err != nil {
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &se):
			return fail("the answer is not valid JSON (at byte " + itoa(int(se.Offset)) + ")")
		case errors.As(err, &te):
			field := te.Field
			if field == "" {
				field = "the answer"
			}
			return fail(field + ": is a JSON " + te.Value + ", where the protocol expects " + jsonKind(te.Type))
		}
		return fail("the answer cannot be read: " + err.Error())
	}
	return nil
}

// jsonKind names the JSON kind a Go type decodes from.
func jsonKind(t reflect.Type) string {
	if t == reflect.TypeOf(json.RawMessage(nil)) {
		return "any JSON value"
	}
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int64, reflect.Float64, reflect.Float32:
		return "a number"
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.Map, reflect.Struct:
		return "an object"
	case reflect.Pointer:
		return jsonKind(t.Elem())
	}
	return "another kind of value"
}

// checkObject reports a member that is present but not a JSON object.
func checkObject(ps *Problems, field string, raw json.RawMessage) {
	if isAbsent(raw) {
		return
	}
	if b := bytes.TrimSpace(raw); len(b) == 0 || b[0] != '{' {
		ps.add(field, "must be an object")
	}
}

// checkResult checks the members of a result every template shares.
func checkResult(ps *Problems, r *Result) {
	checkObject(ps, "check_output", r.CheckOutput)
	for i, e := range r.Errors {
		checkObject(ps, "errors["+itoa(i)+"].data", e.Data)
	}
	if !isAbsent(r.Result) {
		switch b := bytes.TrimSpace(r.Result); b[0] {
		case '"', '{':
		default:
			ps.add("result", "must be a result name or a {decision, summary} object")
		}
	}
}

// checkRef checks a start or poll answer's provider_id, reference and
// custom_data. Both are required unless the answer reports errors.
func checkRef(ps *Problems, ref *Ref, failed bool) {
	checkObject(ps, "custom_data", ref.CustomData)
	if failed {
		return
	}
	if !isUUID(ref.ProviderID) {
		ps.add("provider_id", "must be a UUID")
	}
	if strings.TrimSpace(ref.Reference) == "" {
		ps.add("reference", "is required")
	}
}

// answerProblems turns problems found in an answer into a *CallError.
func answerProblems(op string, a answer, ps Problems) error {
	if len(ps) == 0 {
		return nil
	}
	return &CallError{Op: op, Kind: KindBody, Attempts: a.attempts, Reason: "the answer does not follow the protocol: " + ps.Error()}
}

// isUUID reports whether s is a UUID in its 36-character form.
func isUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
				return false
			}
		}
	}
	return true
}
