package integration

import (
	"bytes"
	"encoding/json"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

// Mapping turns an integration's answers into the outcome of a 4.0 check.
type Mapping struct {
	// Kind is the integration's check type.
	Kind CheckType
	// Target is the 4.0 check type the check runs as; it decides which
	// result names are allowed (see fit).
	Target kyc.CheckType
	// Provider names the data provider on the check: the integration's
	// provider_name.
	Provider string
	// Facts are the check input's facts; document checks compare what the
	// provider read with them.
	Facts kyc.Facts
}

// Outcome maps an answer (of a synchronous check, /complete, or the
// poll that ended a polled check) onto the check: its result, output_data
// in the 4.0 shape of the target type, errors and hits. It never fails:
// an answer with errors ends as Error with each error mapped by
// Error.CheckError, and an answer Gatehouse cannot use ends as Error with
// a 303 PROVIDER_UNKNOWN_ERROR naming the member at fault.
func (m Mapping) Outcome(r *Result) kyc.CheckOutcome {
	if r == nil {
		return m.invalid("the integration sent no result")
	}
	if len(r.Errors) > 0 {
		errs := make([]kyc.CheckError, len(r.Errors))
		for i, e := range r.Errors {
			errs[i] = e.CheckError()
		}
		return kyc.CheckOutcome{Result: fit(m.Target, "Error"), Output: m.bare(), Errors: errs, Providers: m.providers()}
	}
	var o kyc.CheckOutcome
	var p *Problem
	switch m.Kind {
	case IdentityCheck:
		o, p = m.identity(r)
	case DocumentVerification, DocumentFetch:
		o, p = m.documents(r)
	case CompanyData:
		o, p = m.company(r)
	case IndividualCustom, CompanyCustom:
		o, p = m.custom(r)
	case PEPsAndSanctionsScreen, CompanyPEPsAndSanctionsScreen:
		o, p = m.screening(r)
	default:
		return m.invalid(string(m.Kind) + " is not a check type of protocol version 1")
	}
	if p != nil {
		return m.invalid("the answer does not follow the protocol: " + p.Error())
	}
	o.Providers = m.providers()
	if o.Output == nil {
		o.Output = m.bare()
	}
	if o.Result == "Error" && len(o.Errors) == 0 {
		o.Errors = []kyc.CheckError{{Code: codeProviderUnknown, Source: sourceProvider,
			Message: "The integration reported the result Error without saying why"}}
	}
	return o
}

// Failure is what becomes of a check whose call failed with a *CallError:
// a failure worth retrying later comes back as the error (a *kyc.Error
// with code EProvider, which the job queue retries with back-off); any
// other ends the check as Error with the failure's CheckError. An error
// that is not a *CallError (a *kyc.Error for a request Gatehouse should
// not have made) is returned as it is.
func (m Mapping) Failure(err error) (kyc.CheckOutcome, error) {
	ce := AsCallError(err)
	if ce == nil {
		return kyc.CheckOutcome{}, err
	}
	if ke := ce.KYCError(); ke != nil {
		return kyc.CheckOutcome{}, ke
	}
	return kyc.CheckOutcome{Result: fit(m.Target, "Error"), Output: m.bare(), Errors: []kyc.CheckError{ce.CheckError()},
		Providers: m.providers()}, nil
}

// invalid is the outcome of an answer Gatehouse cannot use.
func (m Mapping) invalid(reason string) kyc.CheckOutcome {
	return kyc.CheckOutcome{Result: fit(m.Target, "Error"), Output: m.bare(), Providers: m.providers(),
		Errors: []kyc.CheckError{{Code: codeProviderUnknown, Source: sourceProvider, Message: "The integration's answer cannot be used: " + reason,
			Info: map[string]any{"type": ErrorIntegration, "reason": reason}}}}
}

func (m Mapping) providers() []kyc.CheckProvider {
	return []kyc.CheckProvider{{Name: m.Provider}}
}

// entityType is the entity the target check type runs on.
func (m Mapping) entityType() kyc.EntityType {
	if et, ok := m.Target.EntityType(); ok {
		return et
	}
	return m.Kind.EntityType()
}

// bare is the output of a check without data: the entity type, and an
// empty list where the target's output has one.
func (m Mapping) bare() json.RawMessage {
	out := map[string]any{"entity_type": m.entityType()}
	switch m.Target {
	case kyc.CheckPEPsAndSanctions, kyc.CheckCompanyPEPsSanctions:
		out["sanctions_results"] = []any{}
	case kyc.CheckDocumentVerification, kyc.CheckDocumentFetch, kyc.CheckCompanyDocumentVerify:
		out["documents"] = []any{}
	}
	raw, _ := json.Marshal(out)
	return raw
}

// results are the result names of each 4.0 check type.
var results = map[kyc.CheckType][]string{
	kyc.CheckIdentity:              {"2+2", "1+1", "Fail", "Error"},
	kyc.CheckDocumentVerification:  {"Pass", "Fail", "Error"},
	kyc.CheckDocumentFetch:         {"Pass", "Fail", "Error"},
	kyc.CheckCompanyDocumentVerify: {"Pass", "Fail", "Error"},
	kyc.CheckPEPsAndSanctions:      {"Pass", "Refer", "PEP", "Sanction", "Media", "Error"},
	kyc.CheckCompanyPEPsSanctions:  {"Pass", "Refer", "PEP", "Sanction", "Media", "Error"},
	kyc.CheckBankAccount:           {"Pass", "Fail", "Error"},
	kyc.CheckCompanyRegistry:       {"Pass", "Fail", "Error", "Refer"},
	kyc.CheckCompanyCharities:      {"Pass", "Fail", "Error"},
	kyc.CheckCompanyOwnership:      {"Pass", "Fail", "Error", "Partial"},
	kyc.CheckCompanyFilings:        {"Pass", "Fail", "Error"},
	kyc.CheckCompanyFilingPurchase: {"Pass", "Fail", "Error"},
	kyc.CheckIndividualManualForm:  {"Pass", "Fail"},
	kyc.CheckCompanyManualForm:     {"Pass", "Fail"},
}

// nearest lists, for each verdict, the result names that carry its
// meaning, best first. A provider's Pass is an identity check's 2+2 (the
// provider vouches for the identity); a partial verdict is 1+1, Partial
// or Refer; a warning asks for a person (Refer) before it fails; Error is
// Fail where the type has no Error (manual forms).
var nearest = map[string][]string{
	"Pass":    {"Pass", "2+2"},
	"2+2":     {"2+2", "Pass"},
	"1+1":     {"1+1", "Partial", "Pass"},
	"Fail":    {"Fail"},
	"Error":   {"Error", "Fail"},
	"Partial": {"Partial", "1+1", "Refer", "Fail"},
	"Refer":   {"Refer", "Partial", "Fail"},
	// Screening flags; a target that is not a screening is referred.
	"PEP":      {"PEP", "Refer", "Fail"},
	"Sanction": {"Sanction", "Refer", "Fail"},
	"Media":    {"Media", "Refer", "Fail"},
}

// fit returns the target type's result name nearest to a verdict; Fail
// when none is near.
func fit(target kyc.CheckType, verdict string) string {
	allowed := results[target]
	for _, r := range nearest[verdict] {
		if allowed == nil || contains(allowed, r) {
			return r
		}
	}
	return "Fail"
}

// providerResult reads the result the provider gave as a name ("Pass",
// "Fail", "Error", "1+1", "2+2"); ok is false when it gave none.
func providerResult(r *Result) (name string, ok bool, p *Problem) {
	if isAbsent(r.Result) || bytes.TrimSpace(r.Result)[0] != '"' {
		return "", false, nil
	}
	if err := json.Unmarshal(r.Result, &name); err != nil {
		return "", false, &Problem{Field: "result", Reason: "is not a valid string"}
	}
	if !contains([]string{"Pass", "Fail", "Error", "1+1", "2+2"}, name) {
		return "", false, &Problem{Field: "result", Reason: quote(name) + " is not one of Pass, Fail, Error, 1+1, 2+2"}
	}
	return name, true, nil
}

// object decodes a JSON member that must be an object into v.
func object(field string, raw json.RawMessage, v any) *Problem {
	if b := bytes.TrimSpace(raw); len(b) == 0 || b[0] != '{' {
		return &Problem{Field: field, Reason: "must be an object"}
	}
	if err := json.Unmarshal(raw, v); err != nil {
		return &Problem{Field: field, Reason: describeJSON(err)}
	}
	return nil
}

// describeJSON says what is wrong with a member, without Go's type names.
func describeJSON(err error) string {
	if te, ok := err.(*json.UnmarshalTypeError); ok {
		s := "is a JSON " + te.Value + " where the protocol expects " + jsonKind(te.Type)
		if te.Field != "" {
			s = te.Field + " " + s
		}
		return s
	}
	return "cannot be read"
}

func marshal(v any) json.RawMessage {
	raw, err := json.Marshal(v)
	if err != nil { // plain maps, slices, strings and numbers only
		return nil
	}
	return raw
}
