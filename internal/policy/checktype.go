package policy

import (
	"slices"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

// checkType describes one CheckType of the 4.0 contract: the results it can
// end with and the task types it can serve (passfort-behaviour.md §5.2, §5.4).
type checkType struct {
	results []string
	tasks   []kyc.TaskType
}

var (
	individualIdentity = []kyc.TaskType{kyc.TaskIndividualVerifyIdentity, kyc.TaskIndividualVerifyAddress}
	individualDocument = []kyc.TaskType{kyc.TaskIndividualVerifyIdentity, kyc.TaskIndividualVerifyAddress, kyc.TaskIndividualVerifySourceOfFunds}
	individualScreen   = []kyc.TaskType{kyc.TaskIndividualAssessMediaPoliticalSanctions, kyc.TaskIndividualAssessPoliticalSanctions,
		kyc.TaskIndividualAssessPolitical, kyc.TaskIndividualAssessSanctions}
	companyData = []kyc.TaskType{kyc.TaskCompanyVerifyIdentity, kyc.TaskCompanyIdentifyAuthorizedPersons,
		kyc.TaskCompanyIdentifyOfficers, kyc.TaskCompanyIdentifyTrustees, kyc.TaskCompanyIdentifyBeneficialOwners,
		kyc.TaskCompanyAssessOwnership}
	companyScreen = []kyc.TaskType{kyc.TaskCompanyAssessSanctions, kyc.TaskCompanyAssessMedia, kyc.TaskCompanyAssessMediaSanctions}

	passFailError = []string{"Pass", "Fail", "Error"}
)

// checkTypes maps every CheckType of the contract to what it can do.
var checkTypes = map[string]checkType{
	"IDENTITY_CHECK":                    {[]string{"2+2", "1+1", "Fail", "Error"}, individualIdentity},
	"DOCUMENT_VERIFICATION":             {passFailError, individualDocument},
	"DOCUMENT_FETCH":                    {passFailError, individualDocument},
	"PEPS_AND_SANCTIONS_SCREEN":         {[]string{"Pass", "Refer", "PEP", "Sanction", "Media", "Error"}, individualScreen},
	"CRA_BANK_ACCOUNT_VERIFICATION":     {passFailError, []kyc.TaskType{kyc.TaskIndividualVerifyBankAccount, kyc.TaskCompanyVerifyBankAccount}},
	"COMPANY_REGISTRY":                  {[]string{"Pass", "Fail", "Error", "Refer"}, companyData},
	"COMPANY_CHARITIES_REGISTRY":        {passFailError, []kyc.TaskType{kyc.TaskCompanyIdentifyTrustees, kyc.TaskCompanyVerifyCharity}},
	"COMPANY_OWNERSHIP":                 {[]string{"Pass", "Fail", "Error", "Partial"}, companyData},
	"COMPANY_FILINGS":                   {passFailError, []kyc.TaskType{kyc.TaskCompanyReviewFilings}},
	"COMPANY_FILING_PURCHASE":           {passFailError, []kyc.TaskType{kyc.TaskCompanyReviewFilings}},
	"COMPANY_PEPS_AND_SANCTIONS_SCREEN": {[]string{"Pass", "Refer", "PEP", "Sanction", "Media", "Error"}, companyScreen},
	"INDIVIDUAL_MANUAL_FORM":            {[]string{"Pass", "Fail"}, []kyc.TaskType{kyc.TaskIndividualManual, kyc.TaskIndividualVerifySourceOfFunds}},
	"COMPANY_MANUAL_FORM":               {[]string{"Pass", "Fail"}, []kyc.TaskType{kyc.TaskCompanyManual, kyc.TaskCompanyVerifyTaxStatus}},
	"COMPANY_DOCUMENT_VERIFICATION":     {passFailError, []kyc.TaskType{kyc.TaskCompanyVerifyIdentity, kyc.TaskCompanyVerifyTaxStatus}},
}

// fits reports whether a check type can serve a task type.
func (c checkType) fits(t kyc.TaskType) bool { return slices.Contains(c.tasks, t) }

// hasResult reports whether the check type can end with result r.
func (c checkType) hasResult(r string) bool { return slices.Contains(c.results, r) }
