package listscreen_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/gatehouse/gatehouse/internal/checks/listscreen"
	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/screening"
)

var monitored = map[string]any{"monitoring": true}

var keyPattern = regexp.MustCompile(`^screen:[^:]+:[^@]+@[0-9a-f]{12}#[0-9a-f]{8}/(SANCTION|PEP|REFER)_FLAG$`)

func TestNoListsIsAnError(t *testing.T) {
	t.Parallel()
	for _, h := range []*screening.Holder{nil, {}, holder(nil)} {
		req := request(t, kyc.CheckPEPsAndSanctions, person([]string{"Alex"}, "Wheeler", "", ""), monitored)
		o := run(t, h, req)
		if o.Result != "Error" || len(o.Errors) != 1 || o.Errors[0].Code != 502 || o.Errors[0].Source != "ENGINE" ||
			!strings.Contains(o.Errors[0].Message, "no sanctions lists loaded") {
			t.Fatalf("got result %q, errors %+v; want Error with 502 ENGINE no sanctions lists loaded", o.Result, o.Errors)
		}
		validate(t, req, o)
	}
}

func TestSanctionedPersonOnTheSDN(t *testing.T) {
	t.Parallel()
	h := holder(sdnIndex(t))
	req := request(t, kyc.CheckPEPsAndSanctions, person([]string{"Ayman"}, "al-Zawahiri", "1951-06-19", "EGY"), monitored)
	o := run(t, h, req)
	validate(t, req, o)
	d := decode(t, o)
	if o.Result != "Sanction" || len(d.Results) == 0 || len(o.Hits) == 0 {
		t.Fatalf("got result %q with %d results, %d hits; want Sanction\n%s", o.Result, len(d.Results), len(o.Hits), o.Output)
	}
	r := d.Results[0]
	if r.List != "ofac-sdn-2024-05" || r.ListID != "2676" || r.MatchID != "ofac-sdn-2024-05:2676" || r.Score < 0.8 ||
		r.ListVersion == "" || len(r.Sanctions) == 0 || r.PEP != nil {
		t.Errorf("got first result %+v, want the SDN entry 2676 with its sanctions", r)
	}
	if len(r.Details) < 2 || r.Details[0].Title != "Score" {
		t.Errorf("got details %+v, want the score and the engine's reasons", r.Details)
	}
	for _, c := range r.MatchCountries {
		if len(c) != 3 || strings.ToUpper(c) != c {
			t.Errorf("match country %q is not alpha-3", c)
		}
	}
	if o.Hits[0].Type != kyc.EventSanction || !keyPattern.MatchString(o.Hits[0].MatchKey) ||
		!strings.HasPrefix(o.Hits[0].MatchKey, "screen:ofac-sdn-2024-05:2676@") {
		t.Errorf("got hit %s %q", o.Hits[0].Type, o.Hits[0].MatchKey)
	}
	if len(o.Providers) != 1 || o.Providers[0].Name != "Gatehouse screening" || !o.Providers[0].IsMonitored {
		t.Errorf("got providers %+v", o.Providers)
	}
	if d.Screening.Threshold != 0.8 || len(d.Screening.Lists) != 1 || d.Screening.Lists[0].Version != r.ListVersion {
		t.Errorf("got screening record %+v, want the default threshold and the list version", d.Screening)
	}
}

func TestCleanNamesPass(t *testing.T) {
	t.Parallel()
	h := holder(sdnIndex(t))
	for _, in := range []string{
		person([]string{"Alex", "D"}, "Wheeler", "1985-07-14", "GBR"),
		person([]string{"Emma"}, "Daniels", "", ""),
		company("Northwind Traders Ltd", "GBR"),
		company("Acme Widgets Limited", ""),
	} {
		ct := kyc.CheckPEPsAndSanctions
		if strings.Contains(in, "COMPANY") {
			ct = kyc.CheckCompanyPEPsSanctions
		}
		req := request(t, ct, in, nil)
		o := run(t, h, req)
		validate(t, req, o)
		if o.Result != "Pass" || len(o.Hits) != 0 || len(decode(t, o).Results) != 0 {
			t.Errorf("%s: got %q with %d hits, want Pass\n%s", in, o.Result, len(o.Hits), o.Output)
		}
		if o.Providers[0].IsMonitored {
			t.Errorf("%s: monitored without monitoring: true", in)
		}
	}
}

func TestSanctionedCompanyOnTheSDN(t *testing.T) {
	t.Parallel()
	h := holder(sdnIndex(t))
	req := request(t, kyc.CheckCompanyPEPsSanctions, company("Banco Nacional de Cuba", "CUB"), monitored)
	o := run(t, h, req)
	validate(t, req, o)
	d := decode(t, o)
	if o.Result != "Sanction" || d.EntityType != "COMPANY" || len(d.Results) == 0 || !strings.Contains(strings.ToUpper(d.Results[0].MatchName), "BANCO NACIONAL DE CUBA") {
		t.Fatalf("got %q\n%s", o.Result, o.Output)
	}
}

func TestFlagsByTopic(t *testing.T) {
	t.Parallel()
	h := holder(syntheticIndex(t, synthetic))
	cases := []struct {
		name   string
		input  string
		ct     kyc.CheckType
		result string
		hits   []kyc.EventType
	}{
		{"sanction", person([]string{"Ivan"}, "Sidorov", "1970-03-04", "RUS"), kyc.CheckPEPsAndSanctions, "Sanction", []kyc.EventType{kyc.EventSanction}},
		{"pep", person([]string{"Maria"}, "Delacroix-Moreau", "1962", "FRA"), kyc.CheckPEPsAndSanctions, "PEP", []kyc.EventType{kyc.EventPEP}},
		{"both", person([]string{"Omar", "Haddad"}, "Qasim", "", ""), kyc.CheckPEPsAndSanctions, "Sanction", []kyc.EventType{kyc.EventSanction, kyc.EventPEP}},
		{"debarment", company("Zentrix Logistics L.L.C.", "ARE"), kyc.CheckCompanyPEPsSanctions, "Sanction", []kyc.EventType{kyc.EventSanction}},
		{"crime", person([]string{"Kasimir"}, "Wolfhart", "", ""), kyc.CheckPEPsAndSanctions, "Refer", []kyc.EventType{kyc.EventRefer}},
		{"none", person([]string{"Alex"}, "Wheeler", "", ""), kyc.CheckPEPsAndSanctions, "Pass", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			req := request(t, c.ct, c.input, monitored)
			o := run(t, h, req)
			validate(t, req, o)
			if o.Result != c.result || len(o.Hits) != len(c.hits) {
				t.Fatalf("got %q with %d hits, want %q with %v\n%s", o.Result, len(o.Hits), c.result, c.hits, o.Output)
			}
			keys := map[string]bool{}
			for i, h := range o.Hits {
				if h.Type != c.hits[i] || !keyPattern.MatchString(h.MatchKey) || keys[h.MatchKey] {
					t.Errorf("hit %d: got %s %q, want %s with a distinct key", i, h.Type, h.MatchKey, c.hits[i])
				}
				keys[h.MatchKey] = true
			}
		})
	}
}

func TestMatchKeys(t *testing.T) {
	t.Parallel()
	key := func(data, given, dob string) string {
		h := holder(syntheticIndex(t, data))
		o := run(t, h, request(t, kyc.CheckPEPsAndSanctions, person([]string{given}, "Sidorov", dob, "RUS"), nil))
		if len(o.Hits) != 1 {
			t.Fatalf("got %d hits\n%s", len(o.Hits), o.Output)
		}
		return o.Hits[0].MatchKey
	}
	base := key(synthetic, "Ivan", "1970-03-04")
	if again := key(synthetic, "Ivan", "1970-03-04"); again != base {
		t.Errorf("got %q on a second run, want %q", again, base)
	}
	if k := key(synthetic, "IVAN", "1970-03-04"); k != base {
		t.Errorf("a change of case changed the key: %q, want %q", k, base)
	}
	if k := key(synthetic, "Ivan", "1970"); k == base {
		t.Error("a new date of birth kept the key")
	}
	other := strings.Replace(synthetic, `"Ivan Sidorov"]`, `"Ivan Sidorov","I. P. Sidorov"]`, 1)
	if k := key(other, "Ivan", "1970-03-04"); k == base {
		t.Error("a changed list entry kept the key")
	}
	unrelated := synthetic + `{"id":"S-9","schema":"Person","properties":{"name":["Someone Else"],"topics":["sanction"]}}` + "\n"
	if k := key(unrelated, "Ivan", "1970-03-04"); k != base {
		t.Errorf("another entry's change changed the key: %q, want %q", k, base)
	}
}

func TestThresholdConfig(t *testing.T) {
	t.Parallel()
	h := holder(syntheticIndex(t, synthetic))
	typo := person([]string{"Ivan"}, "Sidorv", "", "")
	if o := run(t, h, request(t, kyc.CheckPEPsAndSanctions, typo, nil)); o.Result != "Sanction" {
		t.Fatalf("a one-letter typo at the default threshold: got %q\n%s", o.Result, o.Output)
	}
	o := run(t, h, request(t, kyc.CheckPEPsAndSanctions, typo, map[string]any{"threshold": 0.99}))
	if o.Result != "Pass" || decode(t, o).Screening.Threshold != 0.99 {
		t.Errorf("threshold 0.99: got %q\n%s", o.Result, o.Output)
	}
	for _, bad := range []any{0.0, 1.5, "high", -1} {
		req := request(t, kyc.CheckPEPsAndSanctions, typo, map[string]any{"threshold": bad})
		o := run(t, h, req)
		validate(t, req, o)
		if o.Result != "Error" || len(o.Errors) != 1 || o.Errors[0].Code != 502 || !strings.Contains(o.Errors[0].Message, "threshold") {
			t.Errorf("threshold %v: got %q %+v, want Error", bad, o.Result, o.Errors)
		}
	}
	if o := run(t, h, request(t, kyc.CheckPEPsAndSanctions, typo, map[string]any{"monitoring": "yes"})); o.Result != "Error" {
		t.Errorf("monitoring \"yes\": got %q, want Error", o.Result)
	}
}

func TestMissingName(t *testing.T) {
	t.Parallel()
	h := holder(syntheticIndex(t, synthetic))
	req := request(t, kyc.CheckCompanyPEPsSanctions, `{"entity_type":"COMPANY","metadata":{"number":"123"}}`, nil)
	o := run(t, h, req)
	validate(t, req, o)
	if o.Result != "Error" || o.Errors[0].Code != 101 || o.Errors[0].Info["field"] != "metadata.name" {
		t.Errorf("got %q %+v", o.Result, o.Errors)
	}
}

func TestMonitored(t *testing.T) {
	t.Parallel()
	cases := []struct {
		v    kyc.CheckVariant
		want bool
	}{
		{kyc.CheckVariant{Provider: "screening", Config: map[string]any{"monitoring": true}}, true},
		{kyc.CheckVariant{Provider: "screening", Config: map[string]any{"monitoring": false}}, false},
		{kyc.CheckVariant{Provider: "screening"}, false},
		{kyc.CheckVariant{Provider: "demo", Config: map[string]any{"monitoring": true}}, false},
		{kyc.CheckVariant{Provider: "screening", Config: map[string]any{"monitoring": true, "threshold": 2}}, false},
	}
	for _, c := range cases {
		if got := listscreen.Monitored(c.v); got != c.want {
			t.Errorf("Monitored(%+v) = %v, want %v", c.v, got, c.want)
		}
	}
}
