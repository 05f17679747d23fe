package demo

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/gatehouse/gatehouse/internal/checks"
	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/passfort"
	"github.com/gatehouse/gatehouse/internal/spectest"
)

const checkID = "3f1c2a6e-8b7d-4e2f-9a10-5c6d7e8f9a0b"

// allTypes are the check types of the contract.
var allTypes = []kyc.CheckType{
	kyc.CheckIdentity, kyc.CheckDocumentVerification, kyc.CheckDocumentFetch, kyc.CheckPEPsAndSanctions,
	kyc.CheckBankAccount, kyc.CheckCompanyRegistry, kyc.CheckCompanyCharities, kyc.CheckCompanyOwnership,
	kyc.CheckCompanyFilings, kyc.CheckCompanyFilingPurchase, kyc.CheckCompanyPEPsSanctions,
	kyc.CheckIndividualManualForm, kyc.CheckCompanyManualForm, kyc.CheckCompanyDocumentVerify,
}

// resultEnums are the contract's result values per check type.
var resultEnums = map[kyc.CheckType][]string{
	kyc.CheckIdentity:              {"2+2", "1+1", "Fail", "Error"},
	kyc.CheckDocumentVerification:  {"Pass", "Fail", "Error"},
	kyc.CheckDocumentFetch:         {"Pass", "Fail", "Error"},
	kyc.CheckCompanyDocumentVerify: {"Pass", "Fail", "Error"},
	kyc.CheckPEPsAndSanctions:      {"Pass", "Refer", "PEP", "Sanction", "Media", "Error"},
	kyc.CheckCompanyPEPsSanctions:  {"Pass", "Refer", "PEP", "Sanction", "Media", "Error"},
	kyc.CheckBankAccount:           {"Pass", "Fail", "Error"},
	kyc.CheckCompanyRegistry:       {"Pass", "Fail", "Error", "Refer"},
	kyc.CheckCompanyOwnership:      {"Pass", "Fail", "Error", "Partial"},
	kyc.CheckCompanyCharities:      {"Pass", "Fail", "Error"},
	kyc.CheckCompanyFilings:        {"Pass", "Fail", "Error"},
	kyc.CheckCompanyFilingPurchase: {"Pass", "Fail", "Error"},
	kyc.CheckIndividualManualForm:  {"Pass", "Fail"},
	kyc.CheckCompanyManualForm:     {"Pass", "Fail"},
}

// individual is realistic individual EntityData with the given names.
func individual(given []string, family string) string {
	return mustJSON(map[string]any{
		"entity_type": "INDIVIDUAL",
		"personal_details": map[string]any{
			"name": map[string]any{"title": "Mx", "given_names": given, "family_name": family},
			"dob":  "1985-07-14", "nationality": "GBR", "gender": "F",
		},
		"address_history": []any{map[string]any{
			"address": map[string]any{
				"type": "STRUCTURED", "country": "GBR", "street_number": "221B", "route": "Baker Street",
				"locality": "London", "postal_code": "NW1 6XE",
			},
			"start_date": "2019-03",
		}},
		"contact_details": map[string]any{"email": "applicant@example.com", "phone_number": "+447700900123"},
		"documents": []any{map[string]any{
			"id": "0b7e3b0c-3c1d-4a51-8a8e-2f4b5c6d7e8f", "category": "PROOF_OF_IDENTITY", "document_type": "PASSPORT",
			"images": []any{map[string]any{"id": "7d9f1e2a-4b3c-4d5e-8f6a-1b2c3d4e5f60", "image_type": "FRONT"}},
		}},
	})
}

// company is realistic company EntityData with the given name.
func company(name string) string {
	return mustJSON(map[string]any{
		"entity_type": "COMPANY",
		"metadata": map[string]any{
			"name": name, "number": "09565115", "country_of_incorporation": "GBR",
			"addresses": []any{map[string]any{"type": "registered_address", "address": map[string]any{
				"type": "FREEFORM", "country": "GBR", "text": "1 Poultry, London EC2R 8EJ",
			}}},
			"sic_codes": []any{map[string]any{"code": "62012"}},
		},
	})
}

// Minimal inputs: only what a profile needs.
var (
	minimalIndividual = `{"entity_type":"INDIVIDUAL","personal_details":{"name":{"given_names":["Sam"],"family_name":"Lee"}}}`
	minimalCompany    = `{"entity_type":"COMPANY","metadata":{"name":"Lee Trading"}}`
)

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// inputFor returns realistic input data for a check type.
func inputFor(t kyc.CheckType, name string) string {
	if et, _ := t.EntityType(); et == kyc.Company {
		if t == kyc.CheckCompanyDocumentVerify { // verifies only what the profile has
			var in map[string]any
			_ = json.Unmarshal([]byte(company(name)), &in)
			in["documents"] = []any{map[string]any{"id": "5c0e9a7d-1b2f-4c3d-9e8f-7a6b5c4d3e2f", "category": "SUPPORTING",
				"document_type": "INCORPORATION", "images": []any{map[string]any{"id": "6d1f0b8e-2c3a-4d4e-8f9a-8b7c6d5e4f3a"}}}}
			return mustJSON(in)
		}
		return company(name)
	}
	return individual([]string{"Alex"}, name)
}

// request builds a request the way the service does: facts parsed by the
// contract's decoder.
func request(tb testing.TB, t kyc.CheckType, input, demoResult string) checks.Request {
	tb.Helper()
	data, facts, err := passfort.DecodeEntityData([]byte(input), "input_data")
	if err != nil {
		tb.Fatalf("test input is not valid EntityData: %v\n%s", err, input)
	}
	return checks.Request{CheckID: checkID, CheckType: t, Input: data, Facts: facts, DemoResult: demoResult,
		Images: uploaded(data)}
}

// uploaded is what the service gives a check: the profile's uploaded
// images, here those the input's documents name.
func uploaded(input []byte) []kyc.DocumentImage {
	var in struct {
		Documents []struct {
			Images []struct{ ID string } `json:"images"`
		} `json:"documents"`
	}
	_ = json.Unmarshal(input, &in)
	out := []kyc.DocumentImage{}
	for _, d := range in.Documents {
		for _, im := range d.Images {
			out = append(out, kyc.DocumentImage{ID: im.ID})
		}
	}
	return out
}

func runCheck(tb testing.TB, req checks.Request) (checks.Outcome, error) {
	tb.Helper()
	return New().Run(context.Background(), req)
}

// loadSpec returns the contract ($GATEHOUSE_SPEC or ../shared/spec),
// skipping the test when it is absent (see spectest.Doc).
func loadSpec(tb testing.TB) *openapi3.T {
	tb.Helper()
	return spectest.Doc(tb)
}

// checkResource wraps an outcome as the API would show the check.
func checkResource(req checks.Request, o checks.Outcome) map[string]any {
	errs := []any{}
	for _, e := range o.Errors {
		errs = append(errs, map[string]any{"code": e.Code, "message": e.Message, "source": e.Source, "info": e.Info})
	}
	provs := []any{}
	for _, p := range o.Providers {
		provs = append(provs, map[string]any{"provider_name": p.Name, "is_monitored": p.IsMonitored})
	}
	res := map[string]any{
		"id": req.CheckID, "check_type": string(req.CheckType), "state": "COMPLETE",
		"variant":      map[string]any{"id": "5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d", "name": "Demo"},
		"performed_on": "2026-01-02 03:04:05", "errors": errs, "task_ids": []any{}, "providers": provs,
		"instructed_externally": false,
		"input_data":            json.RawMessage(req.Input), "output_data": o.Output,
	}
	if o.Pending {
		res["state"] = "RUNNING"
		delete(res, "performed_on")
	} else {
		res["result"] = o.Result
	}
	switch req.CheckType {
	case kyc.CheckDocumentVerification, kyc.CheckCompanyDocumentVerify:
		res["document_id"] = "0b7e3b0c-3c1d-4a51-8a8e-2f4b5c6d7e8f"
	case kyc.CheckDocumentFetch:
		res["source"], res["reference"] = "ONFIDO", "demo-reference"
	}
	return res
}

// generic turns a value into the plain JSON values kin-openapi visits.
func generic(tb testing.TB, v any) any {
	tb.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		tb.Fatal(err)
	}
	var out any
	if err := json.Unmarshal(b, &out); err != nil {
		tb.Fatal(err)
	}
	return out
}
