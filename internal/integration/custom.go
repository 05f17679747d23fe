package integration

import (
	"bytes"
	"encoding/json"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

// Decision is a custom check's verdict.
type Decision struct {
	Decision string          `json:"decision"`
	Summary  json.RawMessage `json:"summary,omitempty"`
}

// Decisions of a custom check.
var decisions = []string{"PASS", "FAIL", "PARTIAL", "WARN", "ERROR"}

// DecisionResult is the result of the target 4.0 check type nearest to a
// custom check's decision: PASS is Pass (2+2 for an identity check), FAIL
// Fail, PARTIAL Partial (else 1+1, Refer or Fail), WARN Refer (else
// Partial or Fail), ERROR Error (Fail where the type has no Error, as
// manual forms have not).
func DecisionResult(decision string, target kyc.CheckType) string {
	switch decision {
	case "PASS":
		return fit(target, "Pass")
	case "PARTIAL":
		return fit(target, "Partial")
	case "WARN":
		return fit(target, "Refer")
	case "ERROR":
		return fit(target, "Error")
	}
	return "Fail"
}

// custom maps a custom check. Its decision comes as the answer's result
// {decision, summary} (as the protocol's examples send it) or as
// check_output {decision, summary} (as its tables describe it). The output
// is {entity_type, custom_check: {decision, summary, external_resources}}:
// 4.0 has no custom check, and custom_check is a member its EntityData
// allows. ERROR adds a 303 PROVIDER_UNKNOWN_ERROR with the summary.
func (m Mapping) custom(r *Result) (kyc.CheckOutcome, *Problem) {
	var d Decision
	switch {
	case !isAbsent(r.Result) && bytes.TrimSpace(r.Result)[0] == '{':
		if p := object("result", r.Result, &d); p != nil {
			return kyc.CheckOutcome{}, p
		}
	case !isAbsent(r.CheckOutput):
		if p := object("check_output", r.CheckOutput, &d); p != nil {
			return kyc.CheckOutcome{}, p
		}
	default:
		name, given, p := providerResult(r)
		if p != nil {
			return kyc.CheckOutcome{}, p
		}
		if !given {
			return kyc.CheckOutcome{}, &Problem{Field: "result", Reason: "is required: a {decision, summary} object"}
		}
		return kyc.CheckOutcome{Result: fit(m.Target, name)}, nil
	}
	if !contains(decisions, d.Decision) {
		return kyc.CheckOutcome{}, &Problem{Field: "result.decision", Reason: quote(d.Decision) + " is not one of PASS, FAIL, PARTIAL, WARN, ERROR"}
	}
	custom := map[string]any{"decision": d.Decision}
	var summary any
	if !isAbsent(d.Summary) {
		_ = json.Unmarshal(d.Summary, &summary)
		custom["summary"] = summary
	}
	if len(r.ExternalResources) > 0 {
		custom["external_resources"] = r.ExternalResources
	}
	o := kyc.CheckOutcome{Result: DecisionResult(d.Decision, m.Target),
		Output: marshal(map[string]any{"entity_type": m.entityType(), "custom_check": custom})}
	if d.Decision == "ERROR" {
		msg := "The provider decided ERROR"
		if s, ok := summary.(string); ok && s != "" {
			msg += ": " + s
		}
		o.Errors = []kyc.CheckError{{Code: codeProviderUnknown, Source: sourceProvider, Message: msg,
			Info: map[string]any{"type": ErrorProviderMessage, "decision": d.Decision}}}
	}
	return o, nil
}
