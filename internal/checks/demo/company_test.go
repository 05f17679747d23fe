package demo

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

func companyInput(md map[string]any) string {
	return mustJSON(map[string]any{"entity_type": "COMPANY", "metadata": md})
}

// TestCompanyRegistryBehaves: the demo registry finds a company by number
// and country, by name only where a register would; unknown numbers are
// not found; input it cannot search with is an error naming the field.
func TestCompanyRegistryBehaves(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		md         map[string]any
		demoResult string
		result     string
		code       int    // of the one error, if any
		field      string // the error names
	}{
		{"PassFort Limited", map[string]any{"name": "PassFort Limited", "number": "09565115", "country_of_incorporation": "GBR"}, "", "Pass", 0, ""},
		{"unknown number", map[string]any{"name": "Acme Limited", "number": "09565110", "country_of_incorporation": "GBR"}, "", "Fail", 0, ""},
		{"unknown number, demo_result ANY", map[string]any{"name": "Acme Limited", "number": "09565110", "country_of_incorporation": "GBR"}, "ANY", "Pass", 0, ""},
		{"SIREN with a wrong check digit", map[string]any{"name": "Acme SAS", "number": "552100555", "country_of_incorporation": "FRA"}, "", "Fail", 0, ""},
		{"SIREN", map[string]any{"name": "Acme SAS", "number": "552100554", "country_of_incorporation": "FRA"}, "", "Pass", 0, ""},
		{"name alone in GBR", map[string]any{"name": "Acme Widgets Limited", "country_of_incorporation": "GBR"}, "", "Pass", 0, ""},
		{"name alone in Ireland", map[string]any{"name": "Acme Widgets Limited", "country_of_incorporation": "IRL"}, "", "Pass", 0, ""},
		{"name alone in Delaware", map[string]any{"name": "Acme Inc.", "country_of_incorporation": "USA", "state_of_incorporation": "DE"}, "", "Pass", 0, ""},
		{"name alone in France", map[string]any{"name": "Acme SAS", "country_of_incorporation": "FRA"}, "", "Error", 101, "metadata.number"},
		{"name alone in Germany", map[string]any{"name": "Acme GmbH", "country_of_incorporation": "DEU"}, "ANY", "Error", 101, "metadata.number"},
		{"no state in the USA", map[string]any{"name": "Acme Inc.", "number": "5432117", "country_of_incorporation": "USA"}, "", "Error", 101, "metadata.state_of_incorporation"},
		{"no country", map[string]any{"name": "Acme Limited", "number": "09565115"}, "", "Error", 101, "metadata.country_of_incorporation"},
		{"malformed number", map[string]any{"name": "Acme B.V.", "number": "1234", "country_of_incorporation": "NLD"}, "", "Error", 201, "metadata.number"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			o, err := runCheck(t, request(t, kyc.CheckCompanyRegistry, companyInput(tc.md), tc.demoResult))
			if err != nil {
				t.Fatal(err)
			}
			if o.Result != tc.result {
				t.Errorf("got result %q, want %q (errors %+v)", o.Result, tc.result, o.Errors)
			}
			if tc.code == 0 && len(o.Errors) > 0 || tc.code != 0 && (len(o.Errors) != 1 || o.Errors[0].Code != tc.code ||
				o.Errors[0].Source != "PROVIDER" || o.Errors[0].Info["field"] != tc.field) {
				t.Errorf("got errors %+v, want %d naming %q", o.Errors, tc.code, tc.field)
			}
			if tc.result == "Fail" && string(o.Output) != `{"entity_type":"COMPANY"}` {
				t.Errorf("not found: got output %s, want none but the entity type", o.Output)
			}
		})
	}
}

// TestPassFortLimitedOutput: the guide's company has sensible registry
// data: its form, industry, registry, an address in the country, officers
// and owners appointed after incorporation, shares in pounds.
func TestPassFortLimitedOutput(t *testing.T) {
	t.Parallel()
	in := companyInput(map[string]any{"name": "PassFort Limited", "number": "09565115", "country_of_incorporation": "GBR"})
	o, _ := runCheck(t, request(t, kyc.CheckCompanyOwnership, in, ""))
	out := decode(t, o.Output)
	md := path(out, "metadata").(map[string]any)
	if md["company_type"] != "Private limited company" || md["registry"] != "Companies House (demo)" ||
		path(md, "sic_codes", 0, "code") != "62012" || path(md, "addresses", 0, "address", "country") != "GBR" {
		t.Errorf("got metadata %v", md)
	}
	inc := md["incorporation_date"].(string)
	if !regexp.MustCompile(`^2015-`).MatchString(inc) {
		t.Errorf("got incorporation %s, want 2015", inc)
	}
	for _, d := range path(out, "officers", "directors").([]any) {
		if a := d.(map[string]any)["appointed_on"].(string); a < inc {
			t.Errorf("director appointed %s, before incorporation %s", a, inc)
		}
	}
	if c := path(out, "ownership_structure", "shareholders", 0, "shareholdings", 0, "currency"); c != "GBP" {
		t.Errorf("got currency %v, want GBP", c)
	}
	other, _ := runCheck(t, request(t, kyc.CheckCompanyOwnership,
		companyInput(map[string]any{"name": "Acme SARL", "number": "552100554", "country_of_incorporation": "FRA"}), ""))
	fr := decode(t, other.Output)
	if path(fr, "ownership_structure", "shareholders", 0, "shareholdings", 0, "currency") != "EUR" || path(fr, "metadata", "company_type") != "Société à responsabilité limitée" ||
		path(fr, "officers", "directors", 0, "original_role") != "Gérant" {
		t.Errorf("French SARL: got %s", other.Output)
	}
	if fmt.Sprint(path(fr, "officers", "directors", 0, "immediate_data", "personal_details", "name")) == fmt.Sprint(path(out, "officers", "directors", 0, "immediate_data", "personal_details", "name")) {
		t.Error("two companies have the same director, want them to vary")
	}
}

// TestCharityCheck: the charities check fails for a company that is not a
// registered charity, and passes with trustees and the charity's entry for
// one that is.
func TestCharityCheck(t *testing.T) {
	t.Parallel()
	o, _ := runCheck(t, request(t, kyc.CheckCompanyCharities,
		companyInput(map[string]any{"name": "PassFort Limited", "number": "09565115", "country_of_incorporation": "GBR"}), ""))
	if o.Result != "Fail" || path(decode(t, o.Output), "charity_data") != nil {
		t.Errorf("PassFort Limited: got %s %s, want Fail without charity data", o.Result, o.Output)
	}
	o, _ = runCheck(t, request(t, kyc.CheckCompanyCharities,
		companyInput(map[string]any{"name": "The Acme Trust", "country_of_incorporation": "GBR"}), ""))
	out := decode(t, o.Output)
	num, _ := path(out, "metadata", "uk_charity_commission_number").(string)
	if o.Result != "Pass" || !regexp.MustCompile(`^1\d{6}$`).MatchString(num) || path(out, "officers", "trustees", 0, "original_role") != "Trustee" ||
		path(out, "charity_data", "registration_date") == nil {
		t.Errorf("The Acme Trust: got %s %s, want Pass with trustees and a charity number", o.Result, o.Output)
	}
}

// TestFilingsFollowTheCountry: filings carry the register's own codes and
// the contract's types, dated from incorporation on.
func TestFilingsFollowTheCountry(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		md    map[string]any
		first string
	}{
		{map[string]any{"name": "PassFort Limited", "number": "09565115", "country_of_incorporation": "GBR"}, "NEWINC Incorporation"},
		{map[string]any{"name": "Acme GmbH", "number": "HRB 86891", "country_of_incorporation": "DEU"}, "NE Neueintragung"},
		{map[string]any{"name": "Acme B.V.", "number": "33014286", "country_of_incorporation": "NLD"}, "OPR Oprichting"},
	} {
		o, _ := runCheck(t, request(t, kyc.CheckCompanyFilings, companyInput(tc.md), ""))
		fs := path(decode(t, o.Output), "filings").([]any)
		last := fs[len(fs)-1].(map[string]any)
		inc := path(decode(t, o.Output), "metadata", "incorporation_date")
		if last["description"] != tc.first || last["type"] != "INCORPORATION" || last["date_of_filing"] != inc {
			t.Errorf("%v: got last filing %v, want %q on %v", tc.md["country_of_incorporation"], last, tc.first, inc)
		}
		for _, f := range fs {
			if d := f.(map[string]any)["date_of_filing"].(string); d < inc.(string) {
				t.Errorf("filing %v before incorporation %v", f, inc)
			}
		}
	}
}
