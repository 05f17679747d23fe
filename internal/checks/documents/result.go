package documents

import (
	"encoding/json"

	"github.com/gatehouse/gatehouse/internal/checks"
	"github.com/gatehouse/gatehouse/internal/kyc"
)

// documentResult is the contract's DocumentResult, with two members of
// Gatehouse's own (the contract leaves DocumentResult open): the reasons a
// person can read for a Fail, each naming its field, and what the zone
// says.
type documentResult struct {
	ProviderName        string          `json:"provider_name"`
	ImageChecksPassed   bool            `json:"image_checks_passed"`
	ImageChecks         []documentCheck `json:"image_checks"`
	DocumentTypePassed  bool            `json:"document_type_passed"`
	ForgeryChecksPassed bool            `json:"forgery_checks_passed"`
	ForgeryChecks       []documentCheck `json:"forgery_checks"`
	FieldChecks         []fieldCheck    `json:"field_checks"`
	AllPassed           bool            `json:"all_passed"`
	ErrorReason         string          `json:"error_reason,omitempty"`
	FailureReasons      []string        `json:"failure_reasons,omitempty"`
	MRZ                 *mrzRead        `json:"mrz,omitempty"`
}

// documentCheck is a DocumentCheck: result PASS or FAIL.
type documentCheck struct {
	Category string `json:"category"`
	Type     string `json:"type"`
	Result   string `json:"result"`
}

// fieldCheck is one of DocumentResult's field_checks.
type fieldCheck struct {
	Field  string `json:"field"`
	Result string `json:"result"`
}

// mrzRead is what the zone says, for the analyst reading the result.
type mrzRead struct {
	Format         string `json:"format"`
	DocumentCode   string `json:"document_code"`
	IssuingState   string `json:"issuing_state"`
	Surname        string `json:"surname"`
	GivenNames     string `json:"given_names"`
	NameTruncated  bool   `json:"name_truncated,omitempty"`
	DocumentNumber string `json:"document_number"`
	Nationality    string `json:"nationality"`
	DateOfBirth    string `json:"date_of_birth"`
	Sex            string `json:"sex,omitempty"`
	ExpiryDate     string `json:"expiry_date"`
}

// outputDocument is the Document the check verified, with its result.
type outputDocument struct {
	ID                 string          `json:"id,omitempty"`
	Category           string          `json:"category"`
	DocumentType       string          `json:"document_type"`
	Images             json.RawMessage `json:"images"`
	ExtractedData      json.RawMessage `json:"extracted_data,omitempty"`
	VerificationResult *documentResult `json:"verification_result"`
}

type output struct {
	EntityType string           `json:"entity_type"`
	Documents  []outputDocument `json:"documents"`
}

func outcome(result string, d *inputDocument, res *documentResult, errs []kyc.CheckError) checks.Outcome {
	out := output{EntityType: string(kyc.Individual), Documents: []outputDocument{}}
	if d != nil {
		images := d.Images
		if len(images) == 0 || images[0] != '[' {
			images = json.RawMessage("[]")
		}
		extracted := d.ExtractedData
		if len(extracted) == 0 || extracted[0] != '{' {
			extracted = nil
		}
		out.Documents = append(out.Documents, outputDocument{ID: d.ID, Category: d.Category, DocumentType: d.DocumentType,
			Images: images, ExtractedData: extracted, VerificationResult: res})
	}
	raw, err := json.Marshal(out)
	if err != nil { // cannot happen: plain structs and validated JSON
		raw = json.RawMessage(`{"entity_type":"INDIVIDUAL","documents":[]}`)
	}
	return checks.Outcome{Result: result, Output: raw, Errors: errs,
		Providers: []kyc.CheckProvider{{Name: ProviderName}}}
}

// errorOutcome is the Error outcome of a document that cannot be checked.
func errorOutcome(d *inputDocument, p problem) checks.Outcome {
	res := &documentResult{ProviderName: ProviderName, ImageChecks: []documentCheck{}, ForgeryChecks: []documentCheck{},
		FieldChecks: []fieldCheck{}, ErrorReason: p.reason}
	return outcome("Error", d, res, []kyc.CheckError{{Code: p.code, Source: "PROVIDER", Message: p.reason,
		Info: map[string]any{"provider": ProviderName}}})
}
