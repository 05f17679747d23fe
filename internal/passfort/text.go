package passfort

import (
	"reflect"
	"strconv"
	"strings"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

// checkTexts applies kyc's text rules to every string a request body was
// decoded into (v points to the decoded struct or slice), and returns the
// first refusal naming the field by its JSON path under field ("" at the
// top). Strings are one line (kyc.Line) unless their struct field is
// tagged `text:"prose"`. Raw JSON members (json.RawMessage) are left to
// the decoder they go to (DecodeEntityData, DecodeEventData), which walks
// every string of its own; members the body does not declare are dropped
// by encoding/json and never stored.
func checkTexts(v any, field string) *kyc.Error {
	return walkTexts(reflect.ValueOf(v), field, kyc.Line)
}

func walkTexts(v reflect.Value, at string, k kyc.TextKind) *kyc.Error {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return nil
		}
		return walkTexts(v.Elem(), at, k)
	case reflect.String:
		if reason := kyc.TextProblem(v.String(), k); reason != "" {
			return kyc.FieldError(at, reason)
		}
	case reflect.Slice, reflect.Array:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return nil // json.RawMessage
		}
		for i := range v.Len() {
			if err := walkTexts(v.Index(i), at+"["+strconv.Itoa(i)+"]", k); err != nil {
				return err
			}
		}
	case reflect.Struct:
		t := v.Type()
		for i := range t.NumField() {
			f := t.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if !f.IsExported() || name == "-" {
				continue
			}
			if name == "" {
				name = f.Name
			}
			kind := kyc.Line
			if f.Tag.Get("text") == "prose" {
				kind = kyc.Prose
			}
			sub := name
			if at != "" {
				sub = at + "." + name
			}
			if err := walkTexts(v.Field(i), sub, kind); err != nil {
				return err
			}
		}
	}
	return nil
}
