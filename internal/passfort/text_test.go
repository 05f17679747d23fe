package passfort

import (
	"testing"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

// TestTextAccepted: what the text rules must not refuse.
func TestTextAccepted(t *testing.T) {
	for _, tc := range []struct{ name, doc string }{
		{"escaped letter", ind + `"personal_details":{"name":{"family_name":"Z\u00fcrcher"}}}`},
		{"surrogate pair", ind + `"customer_ref":"\ud83d\ude00"}`},
		{"surrogate pair in capitals", ind + `"customer_ref":"x\uD83D\uDE00y"}`},
		{"literal replacement character", ind + `"customer_ref":"\ufffd"}`},
		{"free-form address over lines", ind + `"address_history":[{"address":{"type":"FREEFORM","country":"GBR","text":"1 High St\n\tLondon\r\n"}}]}`},
		{"tab in an open member", ind + `"x":"a\tb"}`},
		{"escaped solidus and quote", ind + `"customer_ref":"a\/b\"c\\"}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, _, err := DecodeEntityData([]byte(tc.doc), "collected_data"); err != nil {
				t.Errorf("got %v, want %s accepted", err, tc.doc)
			}
		})
	}
}

// TestRequestText: struct-decoded bodies keep line breaks only in the
// fields tagged as prose, and refuse control characters everywhere.
func TestRequestText(t *testing.T) {
	for _, tc := range []struct {
		name   string
		decode func() error
		field  string // "" when accepted
	}{
		{"note over lines", func() error { _, err := DecodeNote([]byte(`{"text":"a\nb\tc"}`)); return err }, ""},
		{"NUL in a note", func() error { _, err := DecodeNote([]byte(`{"text":"a\u0000"}`)); return err }, "text"},
		{"comment over lines", func() error {
			_, _, err := DecodeDecision([]byte(`{"status":"APPROVED","comment":"a\nb"}`))
			return err
		}, ""},
		{"tag name over lines", func() error { _, err := DecodeTag([]byte(`{"name":"a\nb"}`)); return err }, "name"},
		{"variant alias with a tab", func() error { _, err := DecodeNewTask([]byte(`{"variant":{"alias":"a\tb"}}`)); return err }, "variant.alias"},
		{"bell in a bulk resolution reason", func() error {
			_, err := DecodeBulkEventUpdate([]byte(`[{"id":"60fb11e6-2093-48a4-aee3-608fb927061d","resolution":"MISMATCH","resolution_reason":"\u0007"}]`))
			return err
		}, "[0].resolution_reason"},
		{"reason over lines", func() error {
			_, err := DecodeBulkEventUpdate([]byte(`[{"id":"60fb11e6-2093-48a4-aee3-608fb927061d","resolution":"MISMATCH","resolution_reason":"a\r\nb"}]`))
			return err
		}, ""},
		{"NUL in a collection step type", func() error {
			_, err := DecodeCollectionSteps([]byte(`[{"collection_type":"EMAIL\u0000"}]`))
			return err
		}, "[0].collection_type"},
		{"NUL in an application's product alias", func() error {
			_, err := DecodeCreateProfile([]byte(`{"role":"INDIVIDUAL_CUSTOMER","collected_data":{"entity_type":"INDIVIDUAL"},"applications":[{"product":{"alias":"x\u0000"}}]}`))
			return err
		}, "applications[0].product.alias"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.decode()
			if tc.field == "" {
				if err != nil {
					t.Errorf("got %v, want accepted", err)
				}
				return
			}
			if got := fieldOf(err); got != tc.field {
				t.Errorf("got %v (field %q), want a refusal naming %q", err, got, tc.field)
			}
		})
	}
}

func fieldOf(err error) string {
	if ke, ok := err.(*kyc.Error); ok {
		f, _ := ke.Info["field"].(string)
		return f
	}
	return ""
}
