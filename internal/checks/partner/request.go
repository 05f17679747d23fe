package partner

import (
	"encoding/json"
	"strings"

	"github.com/gatehouse/gatehouse/internal/integration"
	"github.com/gatehouse/gatehouse/internal/kyc"
)

// request is the integration's check request for a check: its id, its
// demo_result, the variant's terms, and the check's input.
func (c *conn) request(req kyc.CheckRequest) integration.CheckRequest {
	cfg := make(map[string]any, len(c.providerConfig))
	for k, v := range c.providerConfig {
		cfg[k] = v
	}
	return integration.CheckRequest{ID: req.CheckID, DemoResult: req.DemoResult, CommercialRelationship: c.settings.CommercialRelationship,
		CheckInput: checkInput(req), ProviderConfig: cfg, ProviderCredentials: c.creds}
}

// mapping maps the integration's answers onto the check.
func (c *conn) mapping(req kyc.CheckRequest) integration.Mapping {
	return integration.Mapping{Kind: c.cfg.CheckType, Target: req.CheckType, Provider: c.meta.ProviderName, Facts: req.Facts}
}

func isDocumentCheck(t kyc.CheckType) bool {
	return t == kyc.CheckDocumentVerification || t == kyc.CheckDocumentFetch || t == kyc.CheckCompanyDocumentVerify
}

// checkInput is the input the integration gets: the check's EntityData,
// and for a document check naming its document, with that document only
// (the integration verifies the documents it is given).
func checkInput(req kyc.CheckRequest) json.RawMessage {
	if req.DocumentID == "" || !isDocumentCheck(req.CheckType) {
		return req.Input
	}
	var m map[string]json.RawMessage
	var docs []json.RawMessage
	if json.Unmarshal(req.Input, &m) != nil || json.Unmarshal(m["documents"], &docs) != nil {
		return req.Input
	}
	for _, d := range docs {
		var doc struct {
			ID string `json:"id"`
		}
		if json.Unmarshal(d, &doc) == nil && strings.EqualFold(doc.ID, req.DocumentID) {
			m["documents"] = append(append(json.RawMessage("["), d...), ']')
			if out, err := json.Marshal(m); err == nil {
				return out
			}
		}
	}
	return req.Input
}

// imageIDs lists the ids of the document images in a check input, once
// each, in lower case: the images its integration may download.
func imageIDs(input json.RawMessage) []string {
	var in struct {
		Documents []struct {
			Images []struct {
				ID string `json:"id"`
			} `json:"images"`
		} `json:"documents"`
	}
	_ = json.Unmarshal(input, &in)
	var out []string
	seen := map[string]bool{}
	for _, d := range in.Documents {
		for _, img := range d.Images {
			id := strings.ToLower(strings.TrimSpace(img.ID))
			if id != "" && !seen[id] {
				seen[id] = true
				out = append(out, id)
			}
		}
	}
	return out
}
