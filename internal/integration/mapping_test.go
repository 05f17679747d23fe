package integration_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/gatehouse/gatehouse/internal/integration"
	"github.com/gatehouse/gatehouse/internal/kyc"
)

func TestErrorMapping(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in     integration.Error
		code   int
		source string
	}{
		{integration.Error{Type: "PROVIDER_CONNECTION", Message: "timed out"}, 302, "PROVIDER"},
		{integration.Error{Type: "PROVIDER_MESSAGE", Message: "no"}, 303, "PROVIDER"},
		{integration.Error{Type: "INTEGRATION", Message: "bug"}, 303, "PROVIDER"},
		{integration.Error{Type: "SOMETHING_NEW", Message: "?"}, 303, "PROVIDER"},
		{integration.Error{Type: "MISSING_CHECK_INPUT", Message: "dob"}, 101, "ENGINE"},
		{integration.Error{Type: "INVALID_CHECK_INPUT", Message: "bad"}, 201, "ENGINE"},
		{integration.Error{Type: "INVALID_CHECK_INPUT", SubType: "UNSUPPORTED_COUNTRY", Message: "FRA"}, 106, "ENGINE"},
		{integration.Error{Type: "INVALID_CHECK_INPUT", SubType: "MISSING_CONTACT_DETAILS", Message: "email"}, 101, "ENGINE"},
		{integration.Error{Type: "INVALID_CHECK_INPUT", SubType: "UNSUPPORTED_DOCUMENT_TYPE", Message: "visa"}, 201, "ENGINE"},
		{integration.Error{Type: "INVALID_CREDENTIALS", Message: "401"}, 502, "ENGINE"},
		{integration.Error{Type: "INVALID_CONFIG", Message: "region"}, 502, "ENGINE"},
		{integration.Error{Type: "UNSUPPORTED_DEMO_RESULT", Message: "X"}, 201, "API"},
	} {
		t.Run(tc.in.Type+"/"+tc.in.SubType, func(t *testing.T) {
			got := tc.in.CheckError()
			if got.Code != tc.code || got.Source != tc.source || got.Message != tc.in.Message || got.Info["type"] != tc.in.Type {
				t.Errorf("got %+v, want code %d source %s", got, tc.code, tc.source)
			}
			if tc.in.SubType != "" && got.Info["sub_type"] != tc.in.SubType {
				t.Errorf("info %v lacks the sub_type", got.Info)
			}
		})
	}
	e := integration.Error{Type: "PROVIDER_MESSAGE", Data: json.RawMessage(`{"upstream":"E42"}`)}.CheckError()
	if d, _ := e.Info["data"].(map[string]any); d["upstream"] != "E42" || e.Message == "" {
		t.Errorf("data not kept or no message: %+v", e)
	}
}

func TestIdentityResult(t *testing.T) {
	t.Parallel()
	one := 1.0
	zero := 0.0
	db := func(typ string, count *float64, fields ...string) integration.IdentityMatch {
		return integration.IdentityMatch{Count: count, DatabaseName: typ, DatabaseType: typ, MatchedFields: fields}
	}
	for _, tc := range []struct {
		name string
		ms   []integration.IdentityMatch
		want string
	}{
		{"none", nil, "Fail"},
		{"2+2 from two full matches", []integration.IdentityMatch{
			db("CREDIT", &one, "FORENAME", "SURNAME", "ADDRESS", "DOB"), db("CIVIL", &one, "FORENAME", "SURNAME", "ADDRESS", "DOB")}, "2+2"},
		{"2+2 from four databases", []integration.IdentityMatch{
			db("CREDIT", &one, "FORENAME", "SURNAME", "ADDRESS"), db("CIVIL", &one, "FORENAME", "SURNAME", "ADDRESS"),
			db("CREDIT", &one, "FORENAME", "SURNAME", "DOB"), db("CIVIL", &one, "FORENAME", "SURNAME", "DOB")}, "2+2"},
		{"1+1 from one database", []integration.IdentityMatch{db("CREDIT", &one, "FORENAME", "SURNAME", "ADDRESS", "DOB")}, "1+1"},
		{"two addresses, one dob", []integration.IdentityMatch{
			db("CREDIT", &one, "FORENAME", "SURNAME", "ADDRESS", "DOB"), db("CIVIL", &one, "FORENAME", "SURNAME", "ADDRESS")}, "1+1"},
		{"address without name", []integration.IdentityMatch{
			db("CREDIT", &one, "SURNAME", "ADDRESS", "DOB"), db("CIVIL", &one, "FORENAME", "ADDRESS", "DOB")}, "Fail"},
		{"zero count", []integration.IdentityMatch{db("CREDIT", &zero, "FORENAME", "SURNAME", "ADDRESS", "DOB")}, "Fail"},
		{"mortality", []integration.IdentityMatch{
			db("CREDIT", &one, "FORENAME", "SURNAME", "ADDRESS", "DOB"), db("CIVIL", &one, "FORENAME", "SURNAME", "ADDRESS", "DOB"),
			db("MORTALITY", &one, "FORENAME", "SURNAME", "DOB")}, "Fail"},
		{"mortality register without the name", []integration.IdentityMatch{
			db("CREDIT", &one, "FORENAME", "SURNAME", "ADDRESS", "DOB"), db("MORTALITY", &one, "DOB")}, "1+1"},
	} {
		if got := integration.IdentityResult(tc.ms); got != tc.want {
			t.Errorf("%s: got %s, want %s", tc.name, got, tc.want)
		}
	}
}

func TestDecisionResult(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		decision string
		target   kyc.CheckType
		want     string
	}{
		{"PASS", kyc.CheckIdentity, "2+2"},
		{"PARTIAL", kyc.CheckIdentity, "1+1"},
		{"WARN", kyc.CheckIdentity, "Fail"},
		{"ERROR", kyc.CheckIdentity, "Error"},
		{"PASS", kyc.CheckDocumentVerification, "Pass"},
		{"PARTIAL", kyc.CheckDocumentVerification, "Fail"},
		{"WARN", kyc.CheckPEPsAndSanctions, "Refer"},
		{"PARTIAL", kyc.CheckCompanyOwnership, "Partial"},
		{"ERROR", kyc.CheckIndividualManualForm, "Fail"},
		{"MAYBE", kyc.CheckCompanyRegistry, "Fail"},
	} {
		if got := integration.DecisionResult(tc.decision, tc.target); got != tc.want {
			t.Errorf("DecisionResult(%s, %s) = %s, want %s", tc.decision, tc.target, got, tc.want)
		}
	}
}

// TestProviderResults: a provider's own result names map onto the target
// type, and a result with check_output takes precedence over what
// Gatehouse would derive.
func TestProviderResults(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		kind   integration.CheckType
		target kyc.CheckType
		answer string
		want   string
	}{
		{integration.IdentityCheck, kyc.CheckIdentity, `{"result":"Pass"}`, "2+2"},
		{integration.IdentityCheck, kyc.CheckIdentity, `{"result":"1+1"}`, "1+1"},
		{integration.IdentityCheck, kyc.CheckIdentity, `{"result":"Fail","check_output":{"electronic_id_check":{"matches":[` +
			`{"count":1,"database_name":"A","database_type":"CIVIL","matched_fields":["FORENAME","SURNAME","ADDRESS","DOB"]}]}}}`, "Fail"},
		{integration.DocumentVerification, kyc.CheckDocumentVerification, `{"result":"2+2"}`, "Pass"},
		{integration.CompanyData, kyc.CheckCompanyRegistry, `{"result":"1+1"}`, "Pass"},
		{integration.CompanyData, kyc.CheckCompanyOwnership, `{"result":"1+1"}`, "Partial"},
		{integration.IndividualCustom, kyc.CheckIndividualManualForm, `{"result":"Pass"}`, "Pass"},
		{integration.IndividualCustom, kyc.CheckIndividualManualForm, `{"check_output":{"decision":"FAIL","summary":{"score":3}}}`, "Fail"},
	} {
		var r integration.Result
		if err := json.Unmarshal([]byte(tc.answer), &r); err != nil {
			t.Fatal(err)
		}
		o := integration.Mapping{Kind: tc.kind, Target: tc.target, Provider: "P"}.Outcome(&r)
		if o.Result != tc.want || len(o.Errors) != 0 {
			t.Errorf("%s %s: got %s %+v, want %s", tc.kind, tc.answer, o.Result, o.Errors, tc.want)
		}
	}
}

// TestDocumentEvidence: a document passes only on evidence, and
// Gatehouse's own field checks can fail a document the provider passed.
func TestDocumentEvidence(t *testing.T) {
	t.Parallel()
	f := facts(t, individual)
	doc := func(vr, extracted string) string {
		d := `{"category":"PROOF_OF_IDENTITY","document_type":"PASSPORT","images":[]`
		if vr != "" {
			d += `,"verification_result":` + vr
		}
		if extracted != "" {
			d += `,"extracted_data":` + extracted
		}
		return `{"check_output":{"entity_type":"INDIVIDUAL","documents":[` + d + `}]}}`
	}
	same := `{"personal_details":{"name":{"given_names":["Robin"],"family_name":"FAIRWEATHER"},"dob":"1984-03-09"}}`
	for _, tc := range []struct {
		name, answer, want string
		fieldChecks        string
	}{
		{"all passed", doc(`{"all_passed":true}`, ""), "Pass", ""},
		{"all passed false", doc(`{"all_passed":false}`, ""), "Fail", ""},
		{"flags only", doc(`{"image_checks_passed":true,"forgery_checks_passed":true}`, ""), "Pass", ""},
		{"a flag false", doc(`{"image_checks_passed":true,"forgery_checks_passed":false}`, ""), "Fail", ""},
		{"no evidence", doc(``, ""), "Fail", ""},
		{"only our field checks, agreeing", doc(``, same), "Pass", `"FIELD_GIVEN_NAMES","result":"CHECK_VALID"`},
		{"provider passed, name differs", doc(`{"all_passed":true}`, `{"personal_details":{"name":{"family_name":"Foulweather"}}}`),
			"Fail", `"FIELD_FAMILY_NAME","result":"CHECK_INVALID"`},
		{"provider's field checks kept", doc(`{"all_passed":true,"field_checks":[{"field":"FIELD_DOB","result":"CHECK_VALID"}]}`,
			`{"personal_details":{"name":{"family_name":"Foulweather"}}}`), "Pass", `"FIELD_DOB","result":"CHECK_VALID"`},
		{"hyphenated family name differs; partial dob agrees", doc(`{"all_passed":true}`, `{"personal_details":{"name":{"given_names":["Robin","Alex","Jo"],"family_name":"Fair-weather"},"dob":"1984-03"}}`),
			"Fail", `"FIELD_FAMILY_NAME","result":"CHECK_INVALID"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var r integration.Result
			if err := json.Unmarshal([]byte(tc.answer), &r); err != nil {
				t.Fatal(err)
			}
			o := integration.Mapping{Kind: integration.DocumentVerification, Target: kyc.CheckDocumentVerification, Provider: "P", Facts: f}.Outcome(&r)
			if o.Result != tc.want {
				t.Errorf("got %s %+v, want %s\n%s", o.Result, o.Errors, tc.want, o.Output)
			}
			if tc.fieldChecks != "" && !strings.Contains(string(o.Output), tc.fieldChecks) {
				t.Errorf("output lacks %s: %s", tc.fieldChecks, o.Output)
			}
			validate(t, kyc.CheckDocumentVerification, individual, o)
		})
	}
}
