package kyc

import (
	"encoding/json"
	"time"
)

// CheckType is a 4.0 check type.
type CheckType string

// Check types of the contract.
const (
	CheckIdentity              CheckType = "IDENTITY_CHECK"
	CheckDocumentVerification  CheckType = "DOCUMENT_VERIFICATION"
	CheckDocumentFetch         CheckType = "DOCUMENT_FETCH"
	CheckPEPsAndSanctions      CheckType = "PEPS_AND_SANCTIONS_SCREEN"
	CheckBankAccount           CheckType = "CRA_BANK_ACCOUNT_VERIFICATION"
	CheckCompanyRegistry       CheckType = "COMPANY_REGISTRY"
	CheckCompanyCharities      CheckType = "COMPANY_CHARITIES_REGISTRY"
	CheckCompanyOwnership      CheckType = "COMPANY_OWNERSHIP"
	CheckCompanyFilings        CheckType = "COMPANY_FILINGS"
	CheckCompanyFilingPurchase CheckType = "COMPANY_FILING_PURCHASE"
	CheckCompanyPEPsSanctions  CheckType = "COMPANY_PEPS_AND_SANCTIONS_SCREEN"
	CheckIndividualManualForm  CheckType = "INDIVIDUAL_MANUAL_FORM"
	CheckCompanyManualForm     CheckType = "COMPANY_MANUAL_FORM"
	CheckCompanyDocumentVerify CheckType = "COMPANY_DOCUMENT_VERIFICATION"
)

var checkEntity = map[CheckType]EntityType{
	CheckIdentity: Individual, CheckDocumentVerification: Individual, CheckDocumentFetch: Individual,
	CheckPEPsAndSanctions: Individual, CheckBankAccount: Individual, CheckIndividualManualForm: Individual,
	CheckCompanyRegistry: Company, CheckCompanyCharities: Company, CheckCompanyOwnership: Company,
	CheckCompanyFilings: Company, CheckCompanyFilingPurchase: Company, CheckCompanyPEPsSanctions: Company,
	CheckCompanyManualForm: Company, CheckCompanyDocumentVerify: Company,
}

// EntityType returns the entity type a check type runs on, and false for a
// type outside the contract. (CRA_BANK_ACCOUNT_VERIFICATION is listed for
// individuals; PassFort also offers it for companies' bank accounts.)
func (t CheckType) EntityType() (EntityType, bool) {
	et, ok := checkEntity[t]
	return et, ok
}

// CheckState is where a check is in its run.
type CheckState string

// Check states: PENDING waits for data (collection steps), RUNNING is queued
// or at the provider, COMPLETE has a result.
const (
	CheckPending  CheckState = "PENDING"
	CheckRunning  CheckState = "RUNNING"
	CheckComplete CheckState = "COMPLETE"
)

// CheckError is an error reported on a check (not an API error).
type CheckError struct {
	Code    int
	Message string
	Source  string // ENGINE, API or PROVIDER
	Info    map[string]any
}

// CheckProvider names a data provider a check used.
type CheckProvider struct {
	Name        string
	IsMonitored bool
}

// Hit is a potential match found by a screening check.
type Hit struct {
	// Type is the event the hit raises: PEP_FLAG, SANCTION_FLAG,
	// ADVERSE_MEDIA_FLAG or REFER_FLAG.
	Type EventType
	// MatchKey identifies the listed entity (list and id) and its version,
	// so that a match resolved as MISMATCH is not raised again unchanged.
	MatchKey string
	// Event is the EventData JSON of the event raised.
	Event json.RawMessage
}

// Check is one run of a check on a profile. Checks are immutable once
// COMPLETE, except their task links; approving or rejecting one makes a new
// check.
type Check struct {
	Rev
	ID          string
	ProfileID   string
	Type        CheckType
	Variant     CheckVariant
	State       CheckState
	Result      string
	Errors      []CheckError
	TaskIDs     []string
	Providers   []CheckProvider
	Input       []byte // EntityData JSON the check ran on (while PENDING, follows the profile's data unless overridden)
	Output      []byte // output_data JSON
	DemoResult  string
	DocumentID  string // the document a document check verifies
	Automatic   bool   // instructed by the smart policy
	ManualOf    string // the check this one approves or rejects
	Attempts    int
	CreatedAt   time.Time
	PerformedOn *time.Time
	// Waterfall holds the automatic variants still to try, in order, when
	// this one ends with one of its fall-through results.
	Waterfall []CheckVariant
}

// Running reports whether the check waits for or is at its provider.
func (c *Check) Running() bool { return c.State != CheckComplete }

// CheckRequest is everything a provider gets to run one check.
type CheckRequest struct {
	CheckID   string
	CheckType CheckType
	Variant   CheckVariant
	// Input is the EntityData JSON the check runs on (the profile's
	// collected data, or the request's input_data override).
	Input json.RawMessage
	// Facts is the parsed view of Input.
	Facts Facts
	// DemoResult selects a sandbox outcome (PassFort's partner-protocol
	// values, e.g. SCREEN_SINGLE_PEP). Empty: the demo provider reads
	// keywords in the profile's name instead.
	DemoResult string
	// DocumentID is the document a document check verifies.
	DocumentID string
	// Source and Reference name the document a DOCUMENT_FETCH check
	// fetches (Source is JUMIO or ONFIDO); SourceID is the filing a
	// COMPANY_FILING_PURCHASE check buys, one the profile's filings list.
	Source, Reference, SourceID string
	// InstitutionID and ProfileID locate the check's profile.
	InstitutionID string
	ProfileID     string
	// Queued is set when the check runs in its own job (not inline in a
	// request or an automation pass): only then may a provider start work
	// that outlives the call, keeping its state durably (a callback or
	// polled check at an external provider). Otherwise such a provider
	// answers Pending and the check gets its job.
	Queued bool
	// Images are the document images uploaded to the profile (their
	// records, not their bytes), so that a document check can refuse a
	// document whose images the profile does not have.
	Images []DocumentImage
}

// CheckOutcome is what a provider found. A provider that could not reach
// its source returns an error instead (the check is retried with back-off
// and ends as Error after the last attempt); an outcome with Result "Error"
// is final.
type CheckOutcome struct {
	// Result is the check type's result string: "2+2", "1+1", "Fail",
	// "Pass", "Refer", "PEP", "Sanction", "Media", "Partial" or "Error".
	Result string
	// Output is the check's output_data in the contract's shape for its type.
	Output json.RawMessage
	// Errors are reported on the check (source PROVIDER or ENGINE).
	Errors []CheckError
	// Hits are potential matches (screening); each becomes an event.
	Hits []Hit
	// Providers names the data providers used.
	Providers []CheckProvider
	// Pending leaves the check running: its result arrives later (the demo
	// provider's "pending" keyword; manual review through approve/reject).
	Pending bool
	// Images are document images the provider handed over (a document
	// fetch's downloads), their bytes already in the ContentStore:
	// FinishCheck records them as the profile's images with the outcome,
	// in its transaction, and drops them if the check no longer runs.
	// Only outcomes recorded by FinishCheck may carry images.
	Images []DocumentImage
}
