package demo

import (
	"encoding/json"
	"fmt"

	"github.com/gatehouse/gatehouse/internal/checks"
)

// performedOn is the time demo outputs give for when a provider did
// something. It is fixed, so that outputs stay deterministic; the check's
// own performed_on is the real time it completed.
const performedOn = "2025-01-01 09:00:00"

type bankOutput struct {
	EntityType               string                    `json:"entity_type"`
	BankAccountVerifications []bankAccountVerification `json:"bank_account_verifications"`
	AddressHistory           json.RawMessage           `json:"address_history,omitempty"`
}

type bankAccountVerification struct {
	PerformedOn string        `json:"performed_on"`
	Match       bool          `json:"match"`
	BankAccount bankAccount   `json:"bank_account"`
	Comments    []bankComment `json:"comments"`
}

type bankAccount struct {
	Type          string `json:"type"`
	Country       string `json:"country"`
	SortCode      string `json:"sort_code"`
	AccountNumber string `json:"account_number"`
}

type bankComment struct {
	Type      string `json:"type"`
	Message   string `json:"message"`
	Component string `json:"component,omitempty"`
}

// bank verifies a UK account held in the individual's name. The 4.0
// individual data carries no bank details, so the account is a made-up one,
// the same for the same name.
func (r *run) bank(fail bool) checks.Outcome {
	acct := bankAccount{
		Type: "UK_ACCOUNT", Country: "GBR", SortCode: "12-34-56",
		AccountNumber: fmt.Sprintf("%08d", seed(r.name)%100000000),
	}
	v := bankAccountVerification{PerformedOn: performedOn, Match: true, BankAccount: acct, Comments: []bankComment{
		{Type: "MATCH", Message: "The sort code is valid", Component: "UK_SORT_CODE"},
		{Type: "MATCH", Message: "The account is held in the individual's name and at their address", Component: "UK_ACCOUNT_NUMBER"},
	}}
	result := "Pass"
	if fail {
		result, v.Match = "Fail", false
		v.Comments[1] = bankComment{Type: "MISMATCH", Message: "The account is not held in the individual's name", Component: "UK_ACCOUNT_NUMBER"}
	}
	return r.done(result, bankOutput{
		EntityType: r.entityType(), BankAccountVerifications: []bankAccountVerification{v}, AddressHistory: r.in.AddressHistory,
	}, nil)
}
