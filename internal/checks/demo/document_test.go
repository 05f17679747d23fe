package demo

import (
	"strings"
	"testing"

	"github.com/gatehouse/gatehouse/internal/checks"
	"github.com/gatehouse/gatehouse/internal/kyc"
)

// TestDocumentOnProfile: the demo keeps its keywords but verifies only
// documents and images the profile has.
func TestDocumentOnProfile(t *testing.T) {
	t.Parallel()
	named := request(t, kyc.CheckDocumentVerification, individual([]string{"Alex"}, "Wheeler"), "")
	named.DocumentID = "0b7e3b0c-3c1d-4a51-8a8e-2f4b5c6d7e8f"
	absent := named
	absent.DocumentID = "0b7e3b0c-3c1d-4a51-8a8e-000000000000"
	notUploaded := named
	notUploaded.Images = []kyc.DocumentImage{}
	none := request(t, kyc.CheckDocumentVerification, minimalIndividual, "")
	failing := request(t, kyc.CheckDocumentVerification, individual([]string{"Alex"}, "Wheeler fail"), "")
	fetch := request(t, kyc.CheckDocumentFetch, minimalIndividual, "")
	for _, tc := range []struct {
		name   string
		req    checks.Request
		result string
		says   string
	}{
		{"the named document", named, "Pass", ""},
		{"a document the profile lacks", absent, "Error", "has no document 0b7e3b0c-3c1d-4a51-8a8e-000000000000"},
		{"an image never uploaded", notUploaded, "Error", "was not uploaded to the profile"},
		{"no document at all", none, "Error", "no document to verify"},
		{"the fail keyword", failing, "Fail", ""},
		{"a fetch brings its own", fetch, "Pass", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			result, msg := outcomeOf(t, tc.req)
			if result != tc.result || !strings.Contains(msg, tc.says) {
				t.Errorf("got %s %q, want %s saying %q", result, msg, tc.result, tc.says)
			}
		})
	}
}

func outcomeOf(t *testing.T, req checks.Request) (string, string) {
	t.Helper()
	o, err := runCheck(t, req)
	if err != nil {
		t.Fatal(err)
	}
	msg := ""
	if len(o.Errors) > 0 {
		msg = o.Errors[0].Message
	}
	return o.Result, msg
}
