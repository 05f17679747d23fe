package demo

import (
	"slices"
	"strings"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

// family groups check types that share demo_result values and an output
// shape.
type family int

const (
	famIdentity family = iota + 1
	famDocument
	famScreen
	famBank
	famCompany
	famManual
)

var families = map[kyc.CheckType]family{
	kyc.CheckIdentity:              famIdentity,
	kyc.CheckDocumentVerification:  famDocument,
	kyc.CheckDocumentFetch:         famDocument,
	kyc.CheckCompanyDocumentVerify: famDocument,
	kyc.CheckPEPsAndSanctions:      famScreen,
	kyc.CheckCompanyPEPsSanctions:  famScreen,
	kyc.CheckBankAccount:           famBank,
	kyc.CheckCompanyRegistry:       famCompany,
	kyc.CheckCompanyCharities:      famCompany,
	kyc.CheckCompanyOwnership:      famCompany,
	kyc.CheckCompanyFilings:        famCompany,
	kyc.CheckCompanyFilingPurchase: famCompany,
	kyc.CheckIndividualManualForm:  famManual,
	kyc.CheckCompanyManualForm:     famManual,
}

// PassFort's partner-protocol demo_result values.
const (
	resultAny                = "ANY"
	resultAnyCharge          = "ANY_CHARGE"
	resultInvalidCredentials = "ERROR_INVALID_CREDENTIALS"
	resultProviderMessage    = "ERROR_ANY_PROVIDER_MESSAGE"
	resultConnection         = "ERROR_CONNECTION_TO_PROVIDER"
)

var common = []string{resultAny, resultAnyCharge, resultInvalidCredentials, resultProviderMessage, resultConnection}

var identityResults = []string{
	"NO_MATCHES", "ONE_NAME_ADDRESS_MATCH", "ONE_NAME_DOB_MATCH", "TWO_NAME_ADDRESS_MATCH",
	"ONE_NAME_ADDRESS_ONE_NAME_DOB_MATCH", "ONE_NAME_ADDRESS_DOB_MATCH", "MORTALITY_MATCH",
	"ONE_NAME_ADDRESS_MORTALITY_MATCH", "ONE_NAME_ADDRESS_ONE_NAME_DOB_MORTALITY_MATCH",
}

// Document values. The two UNREADBALE spellings are PassFort's own.
const (
	docUnsupportedType = "ERROR_UNSUPPORTED_DOCUMENT_TYPE"
	docImageFailure    = "DOCUMENT_IMAGE_CHECK_FAILURE"
	docForgeryFailure  = "DOCUMENT_FORGERY_CHECK_FAILURE"
	docNameDifferent   = "DOCUMENT_NAME_FIELD_DIFFERENT"
	docNameUnreadable  = "DOCUMENT_NAME_FIELD_UNREADBALE"
	docDOBDifferent    = "DOCUMENT_DOB_FIELD_DIFFERENT"
	docDOBUnreadable   = "DOCUMENT_DOB_FIELD_UNREADBALE"
	docAllPass         = "DOCUMENT_ALL_PASS"
	docInvalidRef      = "ERROR_INVALID_PROVIDER_REFERENCE"
	docMissingContact  = "ERROR_MISSING_CONTACT_DETAILS"
)

var documentResults = []string{
	docUnsupportedType, docImageFailure, docForgeryFailure, docNameDifferent, docNameUnreadable,
	docDOBDifferent, docDOBUnreadable, docAllPass, docInvalidRef, docMissingContact,
}

// companyDocumentResults leave out the name and date of birth field values:
// a company document has no personal fields.
var companyDocumentResults = []string{
	docUnsupportedType, docImageFailure, docForgeryFailure, docAllPass, docInvalidRef, docMissingContact,
}

var screenResults = []string{
	"SCREEN_NO_HITS", "SCREEN_SINGLE_PEP", "SCREEN_SINGLE_SANCTION", "SCREEN_SINGLE_ADVERSE_MEDIA",
	"SCREEN_SINGLE_REFER", "SCREEN_ALL_FLAGS_SAME_HIT", "SCREEN_ALL_FLAGS_SEPARATE_HITS",
	"NO_DATA", "ALL_DATA", "MANY_HITS", "ONE_HIT",
}

var companyResults = []string{
	"NO_DATA", "ALL_DATA", "COMPANY_INACTIVE", "COMPANY_COUNTRY_OF_INCORPORATION_MISMATCH",
	"COMPANY_NAME_MISMATCH", "COMPANY_NUMBER_MISMATCH", "COMPANY_RESIGNED_OFFICER",
	"COMPANY_FORMER_SHAREHOLDER", "COMPANY_OFFICER_WITH_MULTIPLE_ROLES",
	"COMPANY_SHAREHOLDER_WITH_100_PERCENT_OWNERSHIP", "COMPANY_SHAREHOLDER_WITH_SIGNIFICANT_CONTROL",
	"COMPANY_INDIVIDUAL_OF_SIGNIFICANT_CONTROL", "COMPANY_COMPANY_OF_SIGNIFICANT_CONTROL",
	"COMPANY_ADDRESS_MATCH", "COMPANY_ADDRESS_MISMATCH",
}

// DemoResults returns the demo_result values a check type accepts, in a
// stable order: those every type shares first. Manual forms accept only ANY
// and ANY_CHARGE: no provider runs them, a person decides. It returns nil
// for a type outside the contract.
func DemoResults(t kyc.CheckType) []string {
	var own []string
	switch families[t] {
	case famIdentity:
		own = identityResults
	case famDocument:
		own = documentResults
		if t == kyc.CheckCompanyDocumentVerify {
			own = companyDocumentResults
		}
	case famScreen:
		own = screenResults
	case famCompany:
		own = companyResults
	case famBank:
	case famManual:
		return []string{resultAny, resultAnyCharge}
	default:
		return nil
	}
	return append(slices.Clip(common), own...)
}

// ValidDemoResult reports whether a check type accepts a demo_result value
// (compared as NormaliseDemoResult leaves it). The empty value is valid:
// it selects the outcome by name keywords.
func ValidDemoResult(t kyc.CheckType, v string) bool {
	v = NormaliseDemoResult(v)
	return v == "" && families[t] != 0 || slices.Contains(DemoResults(t), v)
}

// NormaliseDemoResult trims a demo_result value and upper-cases it, so that
// "screen_single_pep " selects SCREEN_SINGLE_PEP.
func NormaliseDemoResult(v string) string {
	return strings.ToUpper(strings.TrimSpace(v))
}
