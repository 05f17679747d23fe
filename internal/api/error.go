package api

import (
	"errors"
	"net/http"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

// errorKind is how one kyc error code is answered: HTTP status, PassFort
// error code and the source PassFort names.
type errorKind struct {
	status int
	code   int
	source string
}

// errorTable maps every kyc error code to its answer. One place, one table.
var errorTable = map[kyc.Code]errorKind{
	kyc.EInvalid:         {http.StatusBadRequest, 201, "API"},
	kyc.EMissingFields:   {http.StatusBadRequest, 101, "API"},
	kyc.EMissingAPIKey:   {http.StatusUnauthorized, 203, "API"},
	kyc.EInvalidAPIKey:   {http.StatusUnauthorized, 204, "API"},
	kyc.EForbidden:       {http.StatusForbidden, 204, "API"},
	kyc.ENotFound:        {http.StatusNotFound, 201, "API"},
	kyc.EDataPresent:     {http.StatusConflict, 202, "API"},
	kyc.EAlreadyApproved: {http.StatusConflict, 102, "ENGINE"},
	kyc.EAlreadyRejected: {http.StatusConflict, 103, "ENGINE"},
	kyc.EConstraints:     {http.StatusUnprocessableEntity, 105, "ENGINE"},
	kyc.ETransition:      {http.StatusUnprocessableEntity, 402, "ENGINE"},
	kyc.ETooLarge:        {http.StatusRequestEntityTooLarge, 201, "API"},
	kyc.EConflict:        {http.StatusConflict, 201, "API"},
	kyc.EUnsupported:     {http.StatusMethodNotAllowed, 201, "API"},
	kyc.EMediaType:       {http.StatusUnsupportedMediaType, 201, "API"},
	kyc.EProvider:        {http.StatusBadGateway, 302, "PROVIDER"},
	kyc.EProcessNotSetup: {http.StatusUnprocessableEntity, 502, "ENGINE"},
	kyc.EUnavailable:     {http.StatusServiceUnavailable, 401, "API"},
	kyc.EInternal:        {http.StatusInternalServerError, 401, "API"},
}

// apiError is one entry of PassFort's error envelope.
type apiError struct {
	Code    int            `json:"code"`
	Message string         `json:"message"`
	Source  string         `json:"source"`
	Info    map[string]any `json:"info"`
}

type envelope struct {
	Errors []apiError `json:"errors"`
}

// writeError answers err in PassFort's envelope. Internal details are logged
// with the request id and never sent.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	var ke *kyc.Error
	if !errors.As(err, &ke) {
		ke = &kyc.Error{Code: kyc.EInternal, Err: err}
	}
	kind, ok := errorTable[ke.Code]
	if !ok {
		kind = errorTable[kyc.EInternal]
	}
	msg, info := ke.Message, ke.Info
	if kind.status >= 500 {
		s.log.ErrorContext(r.Context(), "request failed", "request_id", requestID(r.Context()), "error", err.Error())
		if ke.Code == kyc.EInternal || msg == "" {
			msg = "internal error; quote the request id to the operator"
		}
		info = map[string]any{"request_id": requestID(r.Context())}
	}
	if info == nil {
		info = map[string]any{}
	}
	status := kind.status
	if s.cfg.CompatErrorStatus != 0 {
		status = s.cfg.CompatErrorStatus
	}
	if ke.Code == kyc.EMissingAPIKey || ke.Code == kyc.EInvalidAPIKey {
		w.Header().Set("WWW-Authenticate", `APIKey realm="gatehouse", header="apikey"`)
	}
	s.writeJSON(w, status, envelope{Errors: []apiError{{Code: kind.code, Message: msg, Source: kind.source, Info: info}}})
	if lw, ok := w.(*loggingWriter); ok {
		lw.errCode = kind.code
	}
}
