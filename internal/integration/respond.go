package integration

import (
	"encoding/json"
	"errors"
	"net/http"

	"github.com/gatehouse/gatehouse/internal/integration/httpsig"
	"github.com/gatehouse/gatehouse/internal/kyc"
)

// writeError answers with PassFort's error envelope:
// {"errors":[{"code","message","source":"API","info"}]}.
func writeError(w http.ResponseWriter, status, code int, message string, info map[string]any) {
	e := map[string]any{"code": code, "message": message, "source": sourceAPI}
	if info != nil {
		e["info"] = info
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]any{"errors": []any{e}})
}

// writeSignatureError answers a request whose signature failed: 401 with
// 203 MISSING_API_KEY when it was not signed, 204 INVALID_API_KEY
// otherwise. The message says which check failed; it holds no secret.
func writeSignatureError(w http.ResponseWriter, err error) {
	code := 204
	if errors.Is(err, httpsig.ErrUnsigned) {
		code = 203
	}
	w.Header().Set("WWW-Authenticate", `Signature realm="gatehouse",algorithm="hmac-sha256",headers="(request-target) date digest"`)
	writeError(w, http.StatusUnauthorized, code, err.Error(), nil)
}

// writeKYCError answers a refused request body: 400 with 101 for a missing
// member, 201 otherwise, info naming the member.
func writeKYCError(w http.ResponseWriter, e *kyc.Error) {
	status, code := http.StatusBadRequest, codeInvalidInput
	switch e.Code {
	case kyc.EMissingFields:
		code = codeMissingFields
	case kyc.ENotFound:
		status = http.StatusNotFound
	}
	writeError(w, status, code, e.Message, e.Info)
}
