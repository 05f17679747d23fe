package kyc

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
)

// The type-specific fields of POST /checks. DOCUMENT_FETCH names the
// document to fetch by source and reference (both required by the
// contract); COMPANY_FILING_PURCHASE names the filing to buy by source_id;
// the two screening types take disable_monitoring and
// disable_initial_screen.

// DocumentSources are the sources a DOCUMENT_FETCH check fetches from.
var DocumentSources = []string{"JUMIO", "ONFIDO"}

// checkParamsKey is where a check keeps source, reference and source_id:
// in its own copy of its variant's config, which is stored with the check
// (the check's table has no column for them), so that a queued check runs
// with them and every answer shows them. Providers read them from
// CheckRequest instead.
const checkParamsKey = "gatehouse_request"

// Param returns a type-specific field the check was instructed with
// ("source", "reference" or "source_id"), or "".
func (c *Check) Param(name string) string {
	m, _ := c.Variant.Config[checkParamsKey].(map[string]any)
	s, _ := m[name].(string)
	return s
}

// withConfig returns v with its own copy of the config, changed by set.
func withConfig(v CheckVariant, set func(cfg map[string]any)) CheckVariant {
	cfg := maps.Clone(v.Config)
	if cfg == nil {
		cfg = map[string]any{}
	}
	set(cfg)
	v.Config = cfg
	return v
}

// checkParams validates the type-specific fields of a check request on
// profile p and returns the variant the check runs with: v, with the
// fields to keep and, for disable_monitoring, monitoring off.
func (s *Service) checkParams(p *Profile, in NewCheckRequest, v CheckVariant) (CheckVariant, error) {
	screening := in.Type == CheckPEPsAndSanctions || in.Type == CheckCompanyPEPsSanctions
	for _, f := range []struct {
		set   bool
		field string
	}{{in.DisableMonitoring, "disable_monitoring"}, {in.DisableInitialScreen, "disable_initial_screen"}} {
		if f.set && !screening {
			return v, FieldError(f.field, "applies to PEPS_AND_SANCTIONS_SCREEN and COMPANY_PEPS_AND_SANCTIONS_SCREEN checks only")
		}
	}
	params := map[string]any{}
	switch in.Type {
	case CheckDocumentFetch:
		switch {
		case in.Source == "":
			return v, MissingField("source")
		case !slices.Contains(DocumentSources, in.Source):
			return v, FieldError("source", "must be one of "+strings.Join(DocumentSources, ", "))
		case strings.TrimSpace(in.Reference) == "":
			return v, MissingField("reference")
		}
		params["source"], params["reference"] = in.Source, in.Reference
	case CheckCompanyFilingPurchase:
		switch {
		case strings.TrimSpace(in.SourceID) == "":
			return v, MissingField("source_id")
		case !p.knownFiling(in.SourceID):
			return v, FieldError("source_id", "is not a filing of this company: a COMPANY_FILINGS check lists them")
		}
		params["source_id"] = in.SourceID
	}
	if len(params) > 0 {
		v = withConfig(v, func(cfg map[string]any) { cfg[checkParamsKey] = params })
	}
	if in.DisableMonitoring {
		if in.DisableInitialScreen {
			return v, FieldError("disable_initial_screen", "with disable_monitoring too, the check would neither screen nor monitor")
		}
		v = withConfig(v, func(cfg map[string]any) { cfg["monitoring"] = false })
	}
	if _, ok := s.monitoredBy(v); in.DisableInitialScreen && !ok {
		return v, FieldError("disable_initial_screen", fmt.Sprintf("check variant %s does not monitor the profiles it screens, so a check without an initial screen would do nothing", variantName(v)))
	}
	return v, nil
}

func variantName(v CheckVariant) string {
	if v.Alias != "" {
		return v.Alias
	}
	return v.ID
}

// filingRef is a CompanyFiling as far as a purchase needs it.
type filingRef struct {
	SourceID string `json:"source_id"`
}

// knownFiling reports whether the profile knows a filing with sourceID:
// in its collected data, or in the output of a completed check (a
// COMPANY_FILINGS check lists them).
func (p *Profile) knownFiling(sourceID string) bool {
	has := func(doc []byte) bool {
		var d struct {
			Filings []filingRef `json:"filings"`
		}
		if json.Unmarshal(doc, &d) != nil {
			return false
		}
		return slices.ContainsFunc(d.Filings, func(f filingRef) bool { return f.SourceID == sourceID })
	}
	if has(p.CollectedData) {
		return true
	}
	for _, c := range p.Checks {
		if c.State == CheckComplete && has(c.Output) {
			return true
		}
	}
	return false
}

// MonitoringRunner is implemented by a CheckRunner that knows which check
// variants put the profiles they screen under ongoing monitoring.
type MonitoringRunner interface {
	// MonitoredBy reports whether checks of variant v put the profiles
	// they screen under ongoing monitoring, and the name of the provider
	// as checks show it.
	MonitoredBy(v CheckVariant) (provider string, ok bool)
}

// monitoredBy asks the check runner whether v monitors (never, when the
// runner cannot tell).
func (s *Service) monitoredBy(v CheckVariant) (string, bool) {
	if m, ok := s.Checks.(MonitoringRunner); ok {
		return m.MonitoredBy(v)
	}
	return "", false
}

// withMonitoring returns the outcome with each provider's is_monitored
// set from what actually monitors: the variant, and a result that is not
// Error (ongoing monitoring follows the latest screening check that did
// not end in Error). A provider's own claim is not taken on trust.
func (s *Service) withMonitoring(v CheckVariant, o CheckOutcome) CheckOutcome {
	if len(o.Providers) == 0 {
		return o
	}
	_, on := s.monitoredBy(v)
	on = on && o.Result != "Error"
	ps := slices.Clone(o.Providers)
	for i := range ps {
		ps[i].IsMonitored = on
	}
	o.Providers = ps
	return o
}

// monitorOnly is the outcome of a screening check with
// disable_initial_screen: nothing screened, so no result and no match,
// and the provider monitoring from now on.
func (s *Service) monitorOnly(c *Check) CheckOutcome {
	name, _ := s.monitoredBy(c.Variant)
	et, _ := c.Type.EntityType()
	out, _ := json.Marshal(map[string]any{"entity_type": et, "sanctions_results": []any{}})
	return CheckOutcome{Output: out, Providers: []CheckProvider{{Name: name, IsMonitored: true}}}
}
