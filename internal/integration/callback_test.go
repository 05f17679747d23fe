package integration_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/gatehouse/gatehouse/internal/integration"
	"github.com/gatehouse/gatehouse/internal/integration/integrationtest"
	"github.com/gatehouse/gatehouse/internal/kyc"
)

// runCallback runs a callback check as the lead's job would: start,
// record the Ref, /ready, wait for the callback (the provider's, or one a
// test sends for a live check without AutoCallback), /complete.
func runCallback(t *testing.T, c *integration.Client, p *integrationtest.Provider, g *gatehouse, req integration.CheckRequest, images []string) (*integration.StartResponse, *integration.Result) {
	t.Helper()
	ctx := context.Background()
	g.grant(images...)
	defer g.revoke(images...)
	start, err := c.StartCheck(ctx, req)
	if err != nil {
		t.Fatalf("start: %v", err)
	}
	if len(start.Errors) > 0 {
		return start, nil
	}
	g.track(start.Ref)
	defer g.finish(start.Ref)
	if err := c.Ready(ctx, integration.FollowUpOf(req, start.Ref)); err != nil {
		t.Fatalf("ready: %v", err)
	}
	if req.DemoResult == "" {
		if st, err := p.Callback(ctx, start.Reference, integrationtest.Tamper{}); err != nil || st != http.StatusOK {
			t.Fatalf("callback: %d %v", st, err)
		}
	}
	cb := g.waitCallback(t)
	if cb.Reference != start.Reference || cb.ProviderID != start.ProviderID {
		t.Fatalf("callback for %s/%s, want %s/%s", cb.ProviderID, cb.Reference, start.ProviderID, start.Reference)
	}
	res, err := c.Complete(ctx, integration.FollowUpOf(req, g.ref(start.Ref)))
	if err != nil {
		t.Fatalf("complete: %v", err)
	}
	return start, res
}

// TestDocumentVerification runs document verification checks end to end:
// signed both ways, the provider downloading the document's image from
// Gatehouse's image endpoint, calling back, and Gatehouse completing.
func TestDocumentVerification(t *testing.T) {
	t.Parallel()
	c, p, g, cfg := setup(t, integration.DocumentVerification, integrationtest.Options{})
	m := integration.Mapping{Kind: cfg.CheckType, Target: kyc.CheckDocumentVerification, Provider: "Gatehouse Test Provider", Facts: facts(t, individual)}
	for _, tc := range []struct {
		demo   string
		result string
		codes  []int
		field  string // a field check Gatehouse adds, and its result
	}{
		{demo: "", result: "Pass", field: "FIELD_FAMILY_NAME=CHECK_VALID"},
		{demo: "ANY", result: "Pass", field: "FIELD_DOB=CHECK_VALID"},
		{demo: "DOCUMENT_ALL_PASS", result: "Pass", field: "FIELD_GIVEN_NAMES=CHECK_VALID"},
		{demo: "DOCUMENT_IMAGE_CHECK_FAILURE", result: "Fail"},
		{demo: "DOCUMENT_FORGERY_CHECK_FAILURE", result: "Fail"},
		{demo: "DOCUMENT_NAME_FIELD_DIFFERENT", result: "Fail", field: "FIELD_FAMILY_NAME=CHECK_INVALID"},
		{demo: "DOCUMENT_NAME_FIELD_UNREADBALE", result: "Fail", field: "FIELD_FAMILY_NAME=CHECK_UNCERTAIN"},
		{demo: "DOCUMENT_DOB_FIELD_DIFFERENT", result: "Fail", field: "FIELD_DOB=CHECK_INVALID"},
		{demo: "DOCUMENT_DOB_FIELD_UNREADBALE", result: "Fail", field: "FIELD_DOB=CHECK_UNCERTAIN"},
		{demo: "ERROR_UNSUPPORTED_DOCUMENT_TYPE", result: "Error", codes: []int{201}},
		{demo: "ERROR_INVALID_CREDENTIALS", result: "Error", codes: []int{502}},
	} {
		t.Run("demo "+tc.demo, func(t *testing.T) {
			start, res := runCallback(t, c, p, g, request(individual, tc.demo), []string{imageID})
			var o kyc.CheckOutcome
			if res == nil {
				o = m.Outcome(&integration.Result{Errors: start.Errors})
			} else {
				o = m.Outcome(res)
			}
			if o.Result != tc.result || !slices.Equal(codes(o.Errors), nonNil(tc.codes)) {
				t.Fatalf("got %s %v, want %s %v: %+v", o.Result, codes(o.Errors), tc.result, tc.codes, o.Errors)
			}
			validate(t, kyc.CheckDocumentVerification, individual, o)
			if tc.demo == "" && !slices.Equal(p.Downloaded(start.Reference), []string{imageID}) {
				t.Errorf("the provider downloaded %v, want the document's image", p.Downloaded(start.Reference))
			}
			if tc.field != "" && !bytes.Contains(o.Output, []byte(fieldCheck(tc.field))) {
				t.Errorf("output lacks the field check %s: %s", tc.field, o.Output)
			}
		})
	}
}

// fieldCheck is the JSON of a field check written "FIELD=RESULT".
func fieldCheck(s string) string {
	f, r, _ := strings.Cut(s, "=")
	return `{"field":"` + f + `","result":"` + r + `"}`
}

// TestDocumentFetch runs document fetch checks end to end and downloads
// the images the provider returns by reference.
func TestDocumentFetch(t *testing.T) {
	t.Parallel()
	c, _, g, cfg := setup(t, integration.DocumentFetch, integrationtest.Options{AutoCallback: true})
	m := integration.Mapping{Kind: cfg.CheckType, Target: kyc.CheckDocumentFetch, Provider: "P", Facts: facts(t, fetchInput)}
	for _, tc := range []struct {
		demo, result string
		codes        []int
	}{
		{"", "Pass", nil},
		{"ANY", "Pass", nil},
		{"DOCUMENT_FORGERY_CHECK_FAILURE", "Fail", nil},
		{"ERROR_INVALID_PROVIDER_REFERENCE", "Error", []int{201}},
		{"ERROR_MISSING_CONTACT_DETAILS", "Error", []int{101}},
	} {
		t.Run("demo "+tc.demo, func(t *testing.T) {
			req := request(fetchInput, tc.demo)
			ctx := context.Background()
			start, err := c.StartCheck(ctx, req)
			if err != nil {
				t.Fatal(err)
			}
			var o kyc.CheckOutcome
			if len(start.Errors) > 0 {
				o = m.Outcome(&integration.Result{Errors: start.Errors})
			} else {
				g.track(start.Ref)
				// Live checks call back while answering /ready here (AutoCallback),
				// as demo checks must: the Ref is recorded first.
				if err := c.Ready(ctx, integration.FollowUpOf(req, start.Ref)); err != nil {
					t.Fatal(err)
				}
				g.waitCallback(t)
				res, err := c.Complete(ctx, integration.FollowUpOf(req, g.ref(start.Ref)))
				if err != nil {
					t.Fatal(err)
				}
				o = m.Outcome(res)
			}
			if o.Result != tc.result || !slices.Equal(codes(o.Errors), nonNil(tc.codes)) {
				t.Fatalf("got %s %v, want %s %v", o.Result, codes(o.Errors), tc.result, tc.codes)
			}
			validate(t, kyc.CheckDocumentFetch, fetchInput, o)
			if o.Result == "Error" {
				return
			}
			var out struct {
				Documents []struct {
					ID       string `json:"id"`
					Category string `json:"category"`
					Images   []struct {
						ImageType string `json:"image_type"`
						Ref       string `json:"provider_reference"`
					} `json:"images"`
				} `json:"documents"`
			}
			if err := json.Unmarshal(o.Output, &out); err != nil || len(out.Documents) != 1 || out.Documents[0].ID != documentID ||
				out.Documents[0].Category != "PROOF_OF_ADDRESS" || len(out.Documents[0].Images) != 2 {
				t.Fatalf("output %s (%v): want the placeholder's id and category with two images", o.Output, err)
			}
			rel, creds := direct()
			for _, img := range out.Documents[0].Images {
				f, err := c.DownloadFile(ctx, integration.DownloadRequest{CheckID: checkID, FileReference: img.Ref, CommercialRelationship: rel,
					ProviderCredentials: creds, DownloadInfo: integration.DownloadInfo{DownloadType: "IMAGE", ImageType: img.ImageType},
					CustomData: g.ref(start.Ref).CustomData})
				if err != nil {
					t.Fatal(err)
				}
				if f.ContentType != "image/png" || !bytes.Equal(f.Data, integrationtest.PNG) || f.Name == "unknown" {
					t.Errorf("file %s %q, %d bytes", f.ContentType, f.Name, len(f.Data))
				}
			}
		})
	}
	// A reference the provider does not know is a 404: a final error.
	_, err := c.DownloadFile(context.Background(), integration.DownloadRequest{CheckID: checkID, FileReference: "nope",
		CommercialRelationship: integration.PassFort, DownloadInfo: integration.DownloadInfo{DownloadType: "IMAGE", ImageType: "FRONT"}})
	if ce := integration.AsCallError(err); ce == nil || ce.Kind != integration.KindStatus || ce.Status != 404 || ce.Temporary() {
		t.Errorf("download of an unknown reference: %v", err)
	}
}

// TestCustomDataMerged checks the merge rule: the callback's custom_data
// merged over the start's, newer winning; the provider refuses /complete
// unless both reached it.
func TestCustomDataMerged(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ a, b, want string }{
		{`{"x":1,"y":{"z":2}}`, `{"y":3,"w":[1]}`, `{"w":[1],"x":1,"y":3}`},
		{``, `{"a":1}`, `{"a":1}`},
		{`{"a":1}`, `null`, `{"a":1}`},
		{`{}`, ``, `{}`},
		{``, ``, ``},
	} {
		got, err := integration.MergeCustomData(json.RawMessage(tc.a), json.RawMessage(tc.b))
		if err != nil || string(got) != tc.want {
			t.Errorf("MergeCustomData(%s, %s) = %s, %v; want %s", tc.a, tc.b, got, err, tc.want)
		}
	}
	if _, err := integration.MergeCustomData(json.RawMessage(`{"a":1}`), json.RawMessage(`[1]`)); !kyc.IsCode(err, kyc.EInvalid) {
		t.Errorf("merging an array: got %v, want an invalid custom_data error", err)
	}
}
