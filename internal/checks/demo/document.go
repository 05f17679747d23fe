package demo

import (
	"fmt"
	"slices"
	"strings"

	"github.com/gatehouse/gatehouse/internal/checks"
	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/passfort"
)

type documentOutput struct {
	EntityType string     `json:"entity_type"`
	Documents  []document `json:"documents"`
}

// document is a Document with what the provider read from it and
// concluded about it.
type document struct {
	ID                 string          `json:"id,omitempty"`
	Category           string          `json:"category"`
	DocumentType       string          `json:"document_type"`
	Images             []image         `json:"images"`
	ExtractedData      *documentData   `json:"extracted_data,omitempty"`
	VerificationResult *documentResult `json:"verification_result,omitempty"`
}

type documentData struct {
	IssuingCountry  string           `json:"issuing_country,omitempty"`
	Number          string           `json:"number,omitempty"`
	Issued          string           `json:"issued,omitempty"`
	Expiry          string           `json:"expiry,omitempty"`
	PersonalDetails *personalDetails `json:"personal_details,omitempty"`
}

type personalDetails struct {
	Name        *fullName `json:"name,omitempty"`
	DOB         string    `json:"dob,omitempty"`
	Nationality string    `json:"nationality,omitempty"`
}

type fullName struct {
	GivenNames []string `json:"given_names"`
	FamilyName string   `json:"family_name"`
}

type documentResult struct {
	ProviderName        string          `json:"provider_name"`
	ImageChecksPassed   bool            `json:"image_checks_passed"`
	ImageChecks         []documentCheck `json:"image_checks"`
	DocumentTypePassed  bool            `json:"document_type_passed"`
	ForgeryChecksPassed bool            `json:"forgery_checks_passed"`
	ForgeryChecks       []documentCheck `json:"forgery_checks"`
	FieldChecks         []fieldCheck    `json:"field_checks,omitempty"`
	AllPassed           bool            `json:"all_passed"`
}

type documentCheck struct {
	Category string `json:"category"`
	Type     string `json:"type"`
	Result   string `json:"result"`
}

type fieldCheck struct {
	Field  string `json:"field"`
	Result string `json:"result"`
}

func (r *run) document(v string) checks.Outcome {
	switch v {
	case docUnsupportedType:
		return r.providerError(codeInvalidInput, "INVALID_CHECK_INPUT", "UNSUPPORTED_DOCUMENT_TYPE",
			"Demo provider: the document type is not supported")
	case docInvalidRef:
		return r.providerError(codeInvalidInput, "INVALID_CHECK_INPUT", "INVALID_PROVIDER_REFERENCE",
			"Demo provider: the provider has no document with this reference")
	case docMissingContact:
		return r.providerError(codeMissingFields, "INVALID_CHECK_INPUT", "MISSING_CONTACT_DETAILS",
			"Demo provider: an email address or phone number is needed to ask the applicant for their document")
	}
	doc, refused := r.inputDocument()
	if refused != "" {
		return r.providerError(codeInvalidInput, "INVALID_CHECK_INPUT", "DOCUMENT_NOT_ON_PROFILE", "Demo provider: "+refused)
	}
	res := &documentResult{
		ProviderName: ProviderName, ImageChecksPassed: v != docImageFailure, DocumentTypePassed: true,
		ForgeryChecksPassed: v != docForgeryFailure,
		ImageChecks: []documentCheck{
			{Category: "IMAGE_QUALITY", Type: "BLUR", Result: passFail(v != docImageFailure)},
			{Category: "IMAGE_QUALITY", Type: "GLARE", Result: "PASS"},
		},
		ForgeryChecks: []documentCheck{
			{Category: "FORGERY", Type: "MRZ_CHECKSUM", Result: "PASS"},
			{Category: "FORGERY", Type: "SECURITY_FEATURES", Result: passFail(v != docForgeryFailure)},
		},
	}
	doc.VerificationResult = res
	if r.isCompany() {
		doc.ExtractedData = &documentData{}
		if passfort.IsCountryCode(r.facts.CountryOfIncorporation) {
			doc.ExtractedData.IssuingCountry = r.facts.CountryOfIncorporation
		}
	} else {
		doc.ExtractedData, res.FieldChecks = r.readPerson(v)
	}
	res.AllPassed = res.ImageChecksPassed && res.DocumentTypePassed && res.ForgeryChecksPassed
	for _, fc := range res.FieldChecks {
		res.AllPassed = res.AllPassed && fc.Result == "CHECK_VALID"
	}
	result := "Fail"
	if res.AllPassed {
		result = "Pass"
	}
	return r.done(result, documentOutput{EntityType: r.entityType(), Documents: []document{doc}}, nil)
}

// inputDocument is the document the check verifies: the one the check was
// instructed for (CheckRequest.DocumentID), else the input's first document
// (of identity, for individuals). A document check, unlike a fetch, only
// verifies what the profile has: a document named but absent, a document
// whose images were never uploaded to the profile, or no document at all
// is refused (the reason is returned). A fetch asks the provider for the
// document, so without one in the input it is a passport (a certificate
// of incorporation for companies) with an id derived from the check's.
func (r *run) inputDocument() (document, string) {
	if r.req.CheckType != kyc.CheckDocumentFetch {
		var pick *inputDocument
		for i := range r.in.Documents {
			d := &r.in.Documents[i]
			if r.req.DocumentID != "" {
				if strings.EqualFold(d.ID, r.req.DocumentID) {
					pick = d // the document the check was instructed for
					break
				}
				continue
			}
			if d.Category == "" || d.DocumentType == "" {
				continue
			}
			if pick == nil || d.Category == "PROOF_OF_IDENTITY" && pick.Category != "PROOF_OF_IDENTITY" {
				pick = d
			}
		}
		switch {
		case pick == nil && r.req.DocumentID != "":
			return document{}, "the profile has no document " + strings.ToLower(r.req.DocumentID)
		case pick == nil:
			return document{}, "the profile has no document to verify"
		}
		for _, im := range pick.Images {
			if !slices.ContainsFunc(r.req.Images, func(have kyc.DocumentImage) bool { return strings.EqualFold(have.ID, im.ID) }) {
				return document{}, "the document's image " + strings.ToLower(im.ID) + " was not uploaded to the profile"
			}
		}
		doc := document{ID: pick.ID, Category: pick.Category, DocumentType: pick.DocumentType, Images: pick.Images}
		if doc.Images == nil {
			doc.Images = []image{}
		}
		return doc, ""
	}
	doc := document{ID: uuidFor(r.req.CheckID, "document"), Category: "PROOF_OF_IDENTITY", DocumentType: "PASSPORT"}
	if r.isCompany() {
		doc.Category, doc.DocumentType = "SUPPORTING", "INCORPORATION"
	}
	doc.Images = []image{{ID: uuidFor(r.req.CheckID, "image/front"), ImageType: "FRONT"}}
	return doc, ""
}

// readPerson is what the provider read from an identity document, and how
// each field compares with the individual's data.
func (r *run) readPerson(v string) (*documentData, []fieldCheck) {
	f := &r.facts
	d := &documentData{
		Number: fmt.Sprintf("DM%07d", seed(r.name)%10000000), Issued: "2021-06-01", Expiry: "2031-06-01",
		IssuingCountry: "GBR",
	}
	pd := &personalDetails{}
	if passfort.IsCountryCode(f.Nationality) {
		d.IssuingCountry, pd.Nationality = f.Nationality, f.Nationality
	}
	pd.Name = &fullName{GivenNames: givenNameList(f), FamilyName: strings.TrimSpace(f.FamilyName)}
	nameCheck, dobCheck := "CHECK_VALID", "CHECK_VALID"
	switch v {
	case docNameDifferent:
		nameCheck, pd.Name.FamilyName = "CHECK_INVALID", differentName(pd.Name.FamilyName)
	case docNameUnreadable:
		nameCheck, pd.Name = "CHECK_UNCERTAIN", nil
	}
	if passfort.IsPartialDate(f.DOB) {
		pd.DOB = f.DOB
	}
	switch v {
	case docDOBDifferent:
		dobCheck, pd.DOB = "CHECK_INVALID", "1980-01-01"
		if f.DOB != "" && passfort.IsPartialDate(f.DOB) {
			pd.DOB = shiftYear(f.DOB, 1)
		}
	case docDOBUnreadable:
		dobCheck, pd.DOB = "CHECK_UNCERTAIN", ""
	}
	d.PersonalDetails = pd
	givenCheck := nameCheck
	if v == docNameDifferent {
		givenCheck = "CHECK_VALID" // only the family name differs
	}
	fcs := []fieldCheck{
		{Field: "FIELD_GIVEN_NAMES", Result: givenCheck},
		{Field: "FIELD_FAMILY_NAME", Result: nameCheck},
	}
	// Without a date of birth in the input there is nothing to compare,
	// unless the scenario is about the date of birth.
	if f.DOB != "" || v == docDOBDifferent || v == docDOBUnreadable {
		fcs = append(fcs, fieldCheck{Field: "FIELD_DOB", Result: dobCheck})
	}
	fcs = append(fcs, fieldCheck{Field: "FIELD_EXPIRY", Result: "CHECK_VALID"})
	return d, fcs
}

// differentName is a family name that is not the one given.
func differentName(family string) string {
	if strings.EqualFold(family, "Morgan") {
		return "Taylor"
	}
	return "Morgan"
}

func passFail(pass bool) string {
	if pass {
		return "PASS"
	}
	return "FAIL"
}
