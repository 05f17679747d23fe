package demo

import (
	"github.com/gatehouse/gatehouse/internal/checks"
	"github.com/gatehouse/gatehouse/internal/kyc"
)

// PassFort check error codes the demo reports.
const (
	codeMissingFields   = 101 // MISSING_REQUIRED_FIELDS
	codeInvalidInput    = 201 // INVALID_INPUT_DATA
	codeProviderUnknown = 303 // PROVIDER_UNKNOWN_ERROR
	codeProcessNotSetup = 502 // PROCESS_NOT_SETUP
)

// failed is a final outcome with one error: result Error, or Fail for manual
// forms, whose result has no Error value.
func (r *run) failed(e kyc.CheckError) checks.Outcome {
	result := "Error"
	if r.fam == famManual {
		result = "Fail"
	}
	return checks.Outcome{Result: result, Output: r.bare(), Errors: []kyc.CheckError{e}, Providers: r.providers()}
}

// unsupported answers a demo_result value the check type does not accept,
// as PassFort's partner protocol answers UNSUPPORTED_DEMO_RESULT. The value
// came with the API request, so the error's source is API.
func (r *run) unsupported(v string) checks.Outcome {
	return r.failed(kyc.CheckError{
		Code:    codeInvalidInput,
		Source:  "API",
		Message: "demo_result " + v + " is not supported for " + string(r.req.CheckType) + " checks",
		Info: map[string]any{
			"type": "UNSUPPORTED_DEMO_RESULT", "demo_result": v,
			"check_type": string(r.req.CheckType), "supported": DemoResults(r.req.CheckType),
		},
	})
}

// providerError is an error the (pretend) provider reported.
func (r *run) providerError(code int, typ, subType, message string) checks.Outcome {
	info := map[string]any{"type": typ}
	if subType != "" {
		info["sub_type"] = subType
	}
	if r.req.DemoResult != "" {
		info["demo_result"] = NormaliseDemoResult(r.req.DemoResult)
	}
	return r.failed(kyc.CheckError{Code: code, Source: "PROVIDER", Message: message, Info: info})
}

// connectionError is the transient error of ERROR_CONNECTION_TO_PROVIDER.
// The caller retries with back-off; the demo fails the same way every time,
// so the check ends as Error (302 PROVIDER_CONNECTION_ERROR, source PROVIDER)
// after the last attempt.
func connectionError() error {
	return &kyc.Error{
		Code:    kyc.EProvider,
		Message: "the demo provider could not be reached (ERROR_CONNECTION_TO_PROVIDER)",
		Info:    map[string]any{"type": "PROVIDER_CONNECTION", "demo_result": resultConnection},
	}
}
