package api

import (
	"net/http"
	"slices"
	"strings"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

// checkParams applies kyc's one-line text rule (valid UTF-8, no control
// characters) to every path and query parameter of a request, before any
// handler reads them: no parameter of the API has a use for them, and
// PostgreSQL cannot compare NUL or invalid UTF-8 with text. The error names
// the parameter.
func checkParams(r *http.Request) error {
	if _, pattern, ok := strings.Cut(r.Pattern, " "); ok {
		for seg := range strings.SplitSeq(pattern, "/") {
			name, ok := strings.CutPrefix(seg, "{")
			if !ok {
				continue
			}
			name = strings.TrimSuffix(strings.TrimSuffix(name, "}"), "...")
			if err := kyc.CheckText(name, r.PathValue(name), kyc.Line); err != nil {
				return err
			}
		}
	}
	q := r.URL.Query()
	names := make([]string, 0, len(q))
	for name := range q {
		names = append(names, name)
	}
	slices.Sort(names) // the same request is refused for the same parameter
	for _, name := range names {
		if reason := kyc.TextProblem(name, kyc.Line); reason != "" {
			return kyc.FieldError("query", "has a parameter name that "+reason)
		}
		for _, v := range q[name] {
			if err := kyc.CheckText(name, v, kyc.Line); err != nil {
				return err
			}
		}
	}
	return nil
}
