package integration

import (
	"encoding/json"
	"errors"
	"net/http"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

// ErrorKind says how a call failed.
type ErrorKind int

// Kinds of call failure.
const (
	// KindRequest: Gatehouse could not make the request; nothing was sent.
	KindRequest ErrorKind = iota + 1
	// KindConnection: no answer came (the connection failed or the call
	// timed out). The only kind retried.
	KindConnection
	// KindStatus: the integration answered with a status other than 2xx.
	KindStatus
	// KindBody: the answer was cut off, too large, or not what the
	// protocol says.
	KindBody
	// KindExhausted: a polled check gave no result in max_polls polls.
	KindExhausted
)

func (k ErrorKind) String() string {
	switch k {
	case KindRequest:
		return "request"
	case KindConnection:
		return "connection"
	case KindStatus:
		return "status"
	case KindBody:
		return "body"
	case KindExhausted:
		return "exhausted"
	}
	return "unknown"
}

// CallError is why a call to an integration failed. Its message names the
// call and what was wrong, and never contains a secret or the data sent.
type CallError struct {
	// Op is the call, such as "POST /checks".
	Op   string
	Kind ErrorKind
	// Status is the HTTP status of the answer, if one came.
	Status int
	// Attempts is how many times the call was tried.
	Attempts int
	// Reason says what was wrong, such as "check_output.documents[0]:
	// must be an object".
	Reason string
	Err    error
}

func (e *CallError) Error() string {
	s := "integration: " + e.Op + ": " + e.Reason
	if e.Attempts > 1 {
		s += " (after " + itoa(e.Attempts) + " attempts)"
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

func (e *CallError) Unwrap() error { return e.Err }

// Temporary reports whether trying the check again later may succeed: the
// integration was not reached. An answer, even an error status, is final.
func (e *CallError) Temporary() bool { return e.Kind == KindConnection }

// CheckError is the 4.0 check error the failure puts on a check: 302
// PROVIDER_CONNECTION_ERROR when no answer came or a polled check gave no
// result in max_polls polls (PassFort's error types count a check timeout
// as a connection problem), 502 PROCESS_NOT_SETUP when
// the integration refused Gatehouse's signature (401 or 403) or the
// request could not be made, 303 PROVIDER_UNKNOWN_ERROR otherwise.
func (e *CallError) CheckError() kyc.CheckError {
	info := map[string]any{"call": e.Op, "reason": e.Reason}
	if e.Status != 0 {
		info["status"] = e.Status
	}
	ce := kyc.CheckError{Code: codeProviderUnknown, Source: sourceProvider, Message: "The integration failed: " + e.Reason, Info: info}
	switch {
	case e.Kind == KindConnection:
		ce.Code, ce.Message = codeProviderConnection, "The integration could not be reached: "+e.Reason
	case e.Kind == KindExhausted:
		ce.Code, ce.Message = codeProviderConnection, "The check timed out: "+e.Reason
	case e.Kind == KindRequest || e.Status == http.StatusUnauthorized || e.Status == http.StatusForbidden:
		ce.Code, ce.Source = codeProcessNotSetup, sourceEngine
	}
	return ce
}

// KYCError is the error a check provider returns for a failure worth
// retrying later (kyc.EProvider, which the job queue retries with
// back-off), or nil when the failure is final and belongs on the check as
// CheckError.
func (e *CallError) KYCError() *kyc.Error {
	if !e.Temporary() {
		return nil
	}
	return &kyc.Error{Code: kyc.EProvider, Message: "the integration could not be reached (" + e.Op + ")",
		Info: map[string]any{"type": "PROVIDER_CONNECTION", "call": e.Op}, Err: e}
}

// AsCallError returns the *CallError in err's chain, or nil.
func AsCallError(err error) *CallError {
	var ce *CallError
	if errors.As(err, &ce) {
		return ce
	}
	return nil
}

// PassFort 4.0 check error codes and sources.
const (
	codeMissingFields      = 101 // MISSING_REQUIRED_FIELDS
	codeCountryUnsupported = 106 // COUNTRY_NOT_SUPPORTED
	codeInvalidInput       = 201 // INVALID_INPUT_DATA
	codeProviderConnection = 302 // PROVIDER_CONNECTION_ERROR
	codeProviderUnknown    = 303 // PROVIDER_UNKNOWN_ERROR
	codeProcessNotSetup    = 502 // PROCESS_NOT_SETUP

	sourceAPI      = "API"
	sourceEngine   = "ENGINE"
	sourceProvider = "PROVIDER"
)

// Integration error types.
const (
	ErrorInvalidCredentials    = "INVALID_CREDENTIALS"
	ErrorInvalidConfig         = "INVALID_CONFIG"
	ErrorMissingCheckInput     = "MISSING_CHECK_INPUT"
	ErrorInvalidCheckInput     = "INVALID_CHECK_INPUT"
	ErrorProviderConnection    = "PROVIDER_CONNECTION"
	ErrorProviderMessage       = "PROVIDER_MESSAGE"
	ErrorUnsupportedDemoResult = "UNSUPPORTED_DEMO_RESULT"
	ErrorIntegration           = "INTEGRATION"
)

// CheckError maps an integration error onto a 4.0 check error:
//
//	PROVIDER_CONNECTION                      302 PROVIDER_CONNECTION_ERROR, source PROVIDER
//	PROVIDER_MESSAGE, INTEGRATION, unknown    303 PROVIDER_UNKNOWN_ERROR, source PROVIDER
//	MISSING_CHECK_INPUT                      101 MISSING_REQUIRED_FIELDS, source ENGINE
//	INVALID_CHECK_INPUT / MISSING_CONTACT_DETAILS  101, source ENGINE
//	INVALID_CHECK_INPUT / UNSUPPORTED_COUNTRY      106 COUNTRY_NOT_SUPPORTED, source ENGINE
//	INVALID_CHECK_INPUT (other sub-types)    201 INVALID_INPUT_DATA, source ENGINE
//	INVALID_CREDENTIALS, INVALID_CONFIG      502 PROCESS_NOT_SETUP, source ENGINE
//	UNSUPPORTED_DEMO_RESULT                  201 INVALID_INPUT_DATA, source API
//
// Input problems are the engine's (the profile's data must change),
// set-up problems too (the provider's configuration must change); a
// demo_result comes with the API request. Info keeps the integration's
// type, sub_type and data, so nothing the provider said is lost.
func (e Error) CheckError() kyc.CheckError {
	info := map[string]any{"type": e.Type}
	if e.SubType != "" {
		info["sub_type"] = e.SubType
	}
	if !isAbsent(e.Data) {
		var d any
		if json.Unmarshal(e.Data, &d) == nil {
			info["data"] = d
		}
	}
	msg := e.Message
	if msg == "" {
		msg = "The integration reported " + e.Type
	}
	ce := kyc.CheckError{Code: codeProviderUnknown, Source: sourceProvider, Message: msg, Info: info}
	switch e.Type {
	case ErrorProviderConnection:
		ce.Code = codeProviderConnection
	case ErrorMissingCheckInput:
		ce.Code, ce.Source = codeMissingFields, sourceEngine
	case ErrorInvalidCheckInput:
		ce.Code, ce.Source = codeInvalidInput, sourceEngine
		switch e.SubType {
		case "UNSUPPORTED_COUNTRY":
			ce.Code = codeCountryUnsupported
		case "MISSING_CONTACT_DETAILS":
			ce.Code = codeMissingFields
		}
	case ErrorInvalidCredentials, ErrorInvalidConfig:
		ce.Code, ce.Source = codeProcessNotSetup, sourceEngine
	case ErrorUnsupportedDemoResult:
		ce.Code, ce.Source = codeInvalidInput, sourceAPI
	}
	return ce
}
