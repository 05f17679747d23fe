package demo

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

// TestValidatorCatchesMistakes guards TestOutputsValidate: the contract's
// schemas, as kin-openapi applies them, must refuse outputs with the
// mistakes a provider could make.
func TestValidatorCatchesMistakes(t *testing.T) {
	doc := loadSpec(t)
	resource := doc.Components.Schemas["CheckResource"].Value
	eventData := doc.Components.Schemas["EventData"].Value
	cases := []struct {
		name  string
		ct    kyc.CheckType
		demo  string
		edit  func(res map[string]any)
		event bool
	}{
		{"result outside the type's enum", kyc.CheckIdentity, "", func(res map[string]any) { res["result"] = "Pass" }, false},
		{"unknown matched field", kyc.CheckIdentity, "", func(res map[string]any) {
			m := res["output_data"].(map[string]any)["electronic_id_check"].(map[string]any)["matches"].([]any)[0].(map[string]any)
			m["matched_fields"] = []any{"NAME"}
		}, false},
		{"extra document member", kyc.CheckDocumentVerification, "", func(res map[string]any) {
			res["output_data"].(map[string]any)["documents"].([]any)[0].(map[string]any)["colour"] = "red"
		}, false},
		{"unknown country", kyc.CheckCompanyRegistry, "", func(res map[string]any) {
			res["output_data"].(map[string]any)["metadata"].(map[string]any)["country_of_incorporation"] = "XYZ"
		}, false},
		{"bad sort code", kyc.CheckBankAccount, "", func(res map[string]any) {
			v := res["output_data"].(map[string]any)["bank_account_verifications"].([]any)[0].(map[string]any)
			v["bank_account"].(map[string]any)["sort_code"] = "12-3456"
		}, false},
		{"score above 1", kyc.CheckPEPsAndSanctions, "SCREEN_SINGLE_PEP", func(ev map[string]any) { ev["score"] = 1.5 }, true},
		{"unknown event country", kyc.CheckPEPsAndSanctions, "SCREEN_SINGLE_PEP", func(ev map[string]any) {
			ev["match_countries"] = []any{"XYZ"}
		}, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			req := request(t, c.ct, inputFor(c.ct, "Wheeler"), c.demo)
			o, err := runCheck(t, req)
			if err != nil {
				t.Fatal(err)
			}
			if c.event {
				var ev map[string]any
				if err := json.Unmarshal(o.Hits[0].Event, &ev); err != nil {
					t.Fatal(err)
				}
				if err := eventData.VisitJSON(ev); err != nil {
					t.Fatalf("unedited event does not validate: %v", err)
				}
				c.edit(ev)
				if err := eventData.VisitJSON(ev); err == nil {
					t.Errorf("edited event validates: %v", ev)
				}
				return
			}
			res := generic(t, checkResource(req, o)).(map[string]any)
			if err := resource.VisitJSON(res); err != nil {
				t.Fatalf("unedited check does not validate: %v", err)
			}
			c.edit(res)
			if err := resource.VisitJSON(res); err == nil {
				b, _ := json.Marshal(res)
				t.Errorf("edited check validates: %s", strings.TrimSpace(string(b)))
			}
		})
	}
}
