package integration_test

import (
	"encoding/json"
	"testing"

	"github.com/gatehouse/gatehouse/internal/integration"
	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/passfort"
)

// FuzzOutcome feeds arbitrary answers to the mapping of every check type:
// it must never panic, an Error result must carry errors, and any other
// result must come with output the 4.0 decoders accept (EntityData for
// company checks and manual forms, documents as 4.0 Documents) and hits
// that are valid EventData.
func FuzzOutcome(f *testing.F) {
	for _, s := range []string{
		`{"check_output":{"electronic_id_check":{"matches":[{"count":1,"database_name":"A","database_type":"CIVIL","matched_fields":["FORENAME","SURNAME","DOB"]}]}}}`,
		`{"check_output":{"documents":[{"category":"PROOF_OF_IDENTITY","document_type":"PASSPORT","images":[],"verification_result":{"all_passed":true}}]}}`,
		`{"check_output":{"metadata":{"name":"A","number":12},"associates":[{"entity_type":"INDIVIDUAL","immediate_data":{"entity_type":"INDIVIDUAL"},"relationships":[{"relationship_type":"OFFICER","associated_role":"DIRECTOR"}]}]}}`,
		`{"result":{"decision":"WARN","summary":"x"}}`,
		`{"check_output":{"screening_hits":[{"provider":{"name":"p","label":"p","hit_id":"1"},"flags":[{"type":"PEP"}],"data":{"name":"A","dates":[{"type":"DOB","date":"1970"}]}}]}}`,
		`{"errors":[{"type":"PROVIDER_MESSAGE","message":"m","data":{"a":1}}]}`,
		`{"result":"Pass"}`, `{}`, `{"check_output":null}`,
	} {
		for k := range 5 {
			f.Add(s, uint8(k))
		}
	}
	kinds := []struct {
		kind   integration.CheckType
		target kyc.CheckType
	}{
		{integration.IdentityCheck, kyc.CheckIdentity},
		{integration.DocumentVerification, kyc.CheckDocumentVerification},
		{integration.CompanyData, kyc.CheckCompanyRegistry},
		{integration.IndividualCustom, kyc.CheckIndividualManualForm},
		{integration.PEPsAndSanctionsScreen, kyc.CheckPEPsAndSanctions},
	}
	f.Fuzz(func(t *testing.T, answer string, which uint8) {
		var r integration.Result
		if json.Unmarshal([]byte(answer), &r) != nil {
			return
		}
		k := kinds[int(which)%len(kinds)]
		o := integration.Mapping{Kind: k.kind, Target: k.target, Provider: "P"}.Outcome(&r)
		if o.Result == "Error" && len(o.Errors) == 0 {
			t.Fatalf("Error without errors for %s", answer)
		}
		if len(o.Errors) > 0 || o.Result == "Error" {
			return
		}
		switch k.kind {
		case integration.CompanyData, integration.IndividualCustom:
			if _, _, err := passfort.DecodeEntityData(o.Output, "output_data"); err != nil {
				t.Fatalf("output refused: %v\n%s\nfrom %s", err, o.Output, answer)
			}
		case integration.DocumentVerification:
			var out map[string]json.RawMessage
			_ = json.Unmarshal(o.Output, &out)
			wrapped := []byte(`{"entity_type":"INDIVIDUAL","documents":` + string(out["documents"]) + `}`)
			if _, _, err := passfort.DecodeEntityData(wrapped, "output_data"); err != nil {
				t.Fatalf("documents refused: %v\n%s\nfrom %s", err, o.Output, answer)
			}
		}
		for _, h := range o.Hits {
			if _, et, err := passfort.DecodeEventData(h.Event, "data"); err != nil || et != h.Type {
				t.Fatalf("hit refused (%v) or typed %s, want %s: %s\nfrom %s", err, et, h.Type, h.Event, answer)
			}
		}
	})
}
