package demo

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/gatehouse/gatehouse/internal/checks"
	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/passfort"
)

// keywordNames exercise every keyword, alone and combined.
var keywordNames = []string{
	"Wheeler", "Wheeler-fail", "refer", "pep", "Sanction", "MEDIA", "error", "pending", "partial",
	"deceased", "inactive", "pep sanction media refer", "Wheeler-pep fail", "Pepper",
}

// TestOutputsValidate runs every check type with every demo_result value it
// accepts, one it does not, and every keyword, on realistic and minimal
// inputs, and validates the check, as the API shows it, against the
// contract's CheckResource, and each hit against its EventData.
func TestOutputsValidate(t *testing.T) {
	doc := loadSpec(t)
	resource := doc.Components.Schemas["CheckResource"].Value
	eventData := doc.Components.Schemas["EventData"].Value
	for _, ct := range allTypes {
		t.Run(string(ct), func(t *testing.T) {
			type variant struct{ input, demo string }
			var vs []variant
			minimal := minimalIndividual
			if et, _ := ct.EntityType(); et == kyc.Company {
				minimal = minimalCompany
			}
			for _, d := range append(DemoResults(ct), "NOT_A_DEMO_RESULT", "SCREEN_SINGLE_PEP", "COMPANY_INACTIVE") {
				vs = append(vs, variant{inputFor(ct, "Wheeler"), d}, variant{minimal, d})
			}
			for _, n := range keywordNames {
				vs = append(vs, variant{inputFor(ct, n), ""})
			}
			vs = append(vs, variant{minimal, ""})
			for _, v := range vs {
				req := request(t, ct, v.input, v.demo)
				o, err := runCheck(t, req)
				if err != nil {
					var ke *kyc.Error
					if NormaliseDemoResult(v.demo) != resultConnection || !errors.As(err, &ke) || ke.Code != kyc.EProvider {
						t.Errorf("demo_result %q: unexpected error %v", v.demo, err)
					}
					continue
				}
				checkOutcome(t, ct, v.demo, o)
				if err := resource.VisitJSON(generic(t, checkResource(req, o))); err != nil {
					t.Errorf("demo_result %q, input %s: the check does not validate: %v\noutput: %s", v.demo, v.input, err, o.Output)
				}
				for _, h := range o.Hits {
					if err := eventData.VisitJSON(generic(t, h.Event)); err != nil {
						t.Errorf("demo_result %q: hit does not validate as EventData: %v\n%s", v.demo, err, h.Event)
					}
					if _, et, err := passfort.DecodeEventData(h.Event, "data"); err != nil || et != h.Type {
						t.Errorf("demo_result %q: hit refused by the event decoder (%v) or typed %s, want %s", v.demo, err, et, h.Type)
					}
				}
				if isEntityData(ct) && o.Result != "Error" {
					if _, _, err := passfort.DecodeEntityData(o.Output, "output_data"); err != nil {
						t.Errorf("demo_result %q: output refused by the EntityData decoder: %v\n%s", v.demo, err, o.Output)
					}
				}
			}
		})
	}
}

// isEntityData reports whether a check type's output_data is EntityData.
func isEntityData(t kyc.CheckType) bool {
	switch families[t] {
	case famCompany, famManual:
		return true
	}
	return false
}

// checkOutcome asserts what holds of every outcome: a result in the type's
// enum (or none, pending), errors exactly when the result is Error (or a
// manual form's refused demo_result), output JSON, the Demo provider, hits
// only from screening with distinct keys.
func checkOutcome(t testing.TB, ct kyc.CheckType, demo string, o checks.Outcome) {
	t.Helper()
	if o.Pending {
		if o.Result != "" || len(o.Errors) > 0 || len(o.Hits) > 0 {
			t.Errorf("%s %q: pending outcome has result %q, errors %v, %d hits", ct, demo, o.Result, o.Errors, len(o.Hits))
		}
	} else if !slices.Contains(resultEnums[ct], o.Result) {
		t.Errorf("%s %q: result %q is not one of %v", ct, demo, o.Result, resultEnums[ct])
	}
	if (o.Result == "Error") != (len(o.Errors) > 0) && families[ct] != famManual {
		t.Errorf("%s %q: result %q with errors %v", ct, demo, o.Result, o.Errors)
	}
	for _, e := range o.Errors {
		if e.Code == 0 || e.Message == "" || (e.Source != "API" && e.Source != "ENGINE" && e.Source != "PROVIDER") {
			t.Errorf("%s %q: incomplete error %+v", ct, demo, e)
		}
	}
	if len(o.Output) == 0 || o.Output[0] != '{' || !strings.Contains(string(o.Output), `"entity_type"`) {
		t.Errorf("%s %q: output is not an object with entity_type: %s", ct, demo, o.Output)
	}
	if len(o.Providers) != 1 || o.Providers[0].Name != ProviderName || o.Providers[0].IsMonitored != (families[ct] == famScreen) {
		t.Errorf("%s %q: providers %+v", ct, demo, o.Providers)
	}
	if len(o.Hits) > 0 && families[ct] != famScreen {
		t.Errorf("%s %q: %d hits outside screening", ct, demo, len(o.Hits))
	}
	keys := map[string]bool{}
	for _, h := range o.Hits {
		if !h.Type.Valid() || !strings.HasPrefix(h.MatchKey, "demo:") || keys[h.MatchKey] {
			t.Errorf("%s %q: hit type %s, key %q (duplicate %v)", ct, demo, h.Type, h.MatchKey, keys[h.MatchKey])
		}
		keys[h.MatchKey] = true
	}
}
