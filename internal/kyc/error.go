package kyc

import (
	"errors"
	"fmt"
)

// Code is the closed set of error kinds Gatehouse returns. Each code maps to one
// PassFort error code and one HTTP status in the api package's table.
type Code string

// Error codes. The comment names the PassFort 4.0 error code each maps to.
const (
	EInvalid         Code = "invalid"           // 201 INVALID_INPUT_DATA
	EMissingFields   Code = "missing_fields"    // 101 MISSING_REQUIRED_FIELDS
	EMissingAPIKey   Code = "missing_api_key"   // 203 MISSING_API_KEY
	EInvalidAPIKey   Code = "invalid_api_key"   // 204 INVALID_API_KEY
	ENotFound        Code = "not_found"         // 201, HTTP 404
	EDataPresent     Code = "data_present"      // 202 DATA_PRESENT
	EAlreadyApproved Code = "already_approved"  // 102 ENTITY_ALREADY_APPROVED
	EAlreadyRejected Code = "already_rejected"  // 103 ENTITY_ALREADY_REJECTED
	EConstraints     Code = "constraints"       // 105 CONSTRAINTS_NOT_SATISFIED
	ETransition      Code = "transition"        // 402 TRANSITION_ERROR
	ETooLarge        Code = "too_large"         // 201, HTTP 413
	EConflict        Code = "conflict"          // 201, HTTP 409 (e.g. idempotency key in use)
	EUnsupported     Code = "unsupported"       // 201, HTTP 405 (method not allowed)
	EMediaType       Code = "media_type"        // 201, HTTP 415 (a body that is not JSON)
	EProvider        Code = "provider"          // 302 PROVIDER_CONNECTION_ERROR
	EProcessNotSetup Code = "process_not_setup" // 502 PROCESS_NOT_SETUP
	EUnavailable     Code = "unavailable"       // 401, HTTP 503 (shutting down, overloaded)
	EInternal        Code = "internal"          // 401 UNKNOWN_INTERNAL_ERROR
	EForbidden       Code = "forbidden"         // 204, HTTP 403 (key scope)
)

// Error is the one error type of the domain. Message is safe to show to the
// API caller; Info carries machine-readable detail such as the offending field.
// Internal causes are wrapped in Err and never sent to callers.
type Error struct {
	Code    Code
	Message string
	Info    map[string]any
	Err     error
}

func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s: %s: %v", e.Code, e.Message, e.Err)
	}
	return fmt.Sprintf("%s: %s", e.Code, e.Message)
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error with a formatted message.
func Errorf(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// FieldError returns an EInvalid error naming the field (a dotted JSON path)
// and the reason it was refused.
func FieldError(field, reason string) *Error {
	return &Error{
		Code:    EInvalid,
		Message: field + ": " + reason,
		Info:    map[string]any{"field": field, "reason": reason},
	}
}

// MissingField returns an EMissingFields error for a required field.
func MissingField(field string) *Error {
	return &Error{
		Code:    EMissingFields,
		Message: field + ": is required",
		Info:    map[string]any{"field": field, "reason": "is required"},
	}
}

// NotFound returns an ENotFound error for a resource kind and id.
func NotFound(kind, id string) *Error {
	return &Error{Code: ENotFound, Message: kind + " not found", Info: map[string]any{"id": id}}
}

// ErrorCode returns the code of err, EInternal for errors that are not *Error.
func ErrorCode(err error) Code {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EInternal
}

// IsCode reports whether err is an *Error with the given code.
func IsCode(err error, code Code) bool {
	return err != nil && ErrorCode(err) == code
}
