package registry

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/gatehouse/gatehouse/internal/address"
	"github.com/gatehouse/gatehouse/internal/kyc"
)

func codeOf(err error) kyc.Code {
	var ke *kyc.Error
	if errors.As(err, &ke) {
		return ke.Code
	}
	return ""
}

func fieldOf(err error) any {
	var ke *kyc.Error
	if errors.As(err, &ke) {
		return ke.Info["field"]
	}
	return nil
}

// TestPassFortLimited: the company of PassFort's guide is found with
// sensible data.
func TestPassFortLimited(t *testing.T) {
	t.Parallel()
	for _, q := range []Query{
		{Country: "GBR", Number: "09565115", Name: "PassFort Limited"},
		{Country: "gbr", Number: "9565115"}, // as typed: no leading zero, no name
	} {
		co, err := Lookup(q)
		if err != nil {
			t.Fatalf("Lookup(%+v): %v", q, err)
		}
		if co.Name != "PassFort Limited" || co.Number != "09565115" || co.Country != "GBR" || co.Form.Code != "Ltd" ||
			co.Currency != "GBP" || co.Registry != "Companies House (demo)" {
			t.Errorf("got %s %s %s %s %s, want PassFort Limited 09565115, a GBP Ltd at Companies House", co.Name, co.Number, co.Country, co.Form.Code, co.Currency)
		}
		if !strings.HasPrefix(co.Incorporated, "2015-") {
			t.Errorf("got incorporation %s, want 2015 (where 09565115 falls in the numbering)", co.Incorporated)
		}
		if len(co.Industries) == 0 || co.Industries[0].Code != "62012" || co.Industries[0].Scheme != "SIC 2007" {
			t.Errorf("got industries %+v, want SIC 62012 (software)", co.Industries)
		}
		if co.Address.Country != "GBR" || len(co.AddressLines) < 3 || co.Charity != nil {
			t.Errorf("got address %+v (%q), charity %v; want a British address, no charity", co.Address, co.AddressLines, co.Charity)
		}
	}
}

// numbers per country: a found one, an unknown one (well formed, not
// issued), a malformed one.
var numbers = []struct {
	country, state, found, unknown, malformed string
	currency                                  string
	forms                                     []string
	industry                                  *regexp.Regexp
	filings                                   []string // codes every company of the country files
	filingDesc                                string
}{
	{"GBR", "", "09565115", "09565110", "1234X", "GBP", []string{"Ltd", "PLC", "LLP", "CIO"}, regexp.MustCompile(`^\d{5}$`), []string{"NEWINC", "CS01", "AA"}, "SIC 2007"},
	{"FRA", "", "552 100 554", "552100555", "55210055", "EUR", []string{"SAS", "SARL", "SA", "ASSO"}, regexp.MustCompile(`^\d{2}\.\d{2}[A-Z]$`), []string{"IMMAT", "DCA"}, "NAF rév. 2"},
	{"DEU", "", "HRB 86891", "HRB 86890", "XYZ 1", "EUR", []string{"GmbH", "UG", "AG", "KG", "e.V."}, regexp.MustCompile(`^\d{2}\.\d{2}$`), []string{"NE", "JA"}, "WZ 2008"},
	{"IRL", "", "634215", "634210", "ABC", "EUR", []string{"LTD", "DAC", "PLC", "CLG"}, regexp.MustCompile(`^\d{2}\.\d{2}$`), []string{"A1", "B1"}, "NACE Rev. 2"},
	{"NLD", "", "33014286", "33014280", "1234", "EUR", []string{"BV", "NV", "STG"}, regexp.MustCompile(`^\d{4}$`), []string{"OPR", "JR"}, "SBI 2008"},
	{"USA", "DE", "5432117", "5432110", "12", "USD", []string{"LLC", "Inc", "NPC"}, regexp.MustCompile(`^\d{6}$`), []string{"INC", "AR"}, "NAICS 2022"},
}

// TestCountriesFollowTheirRegister: numbers, address, currency, legal
// form, industry codes and filing types follow each country.
func TestCountriesFollowTheirRegister(t *testing.T) {
	t.Parallel()
	for _, tc := range numbers {
		t.Run(tc.country, func(t *testing.T) {
			t.Parallel()
			co, err := Lookup(Query{Country: tc.country, State: tc.state, Number: tc.found})
			if err != nil {
				t.Fatalf("found number %s: got %v", tc.found, err)
			}
			if co.Currency != tc.currency || !slices.Contains(tc.forms, co.Form.Code) {
				t.Errorf("got currency %s, form %s; want %s and one of %v", co.Currency, co.Form.Code, tc.currency, tc.forms)
			}
			for _, in := range co.Industries {
				if !tc.industry.MatchString(in.Code) || in.Scheme != tc.filingDesc {
					t.Errorf("got industry %+v, want a %s code like %s", in, tc.filingDesc, tc.industry)
				}
			}
			want, err := address.FormatWith(co.Address, tc.country, address.Options{Domestic: true})
			if err != nil || co.Address.Country != tc.country || !slices.Equal(co.AddressLines, want) {
				t.Errorf("got address %+v laid out %q, want one in %s laid out %q", co.Address, co.AddressLines, tc.country, want)
			}
			var codes []string
			for _, f := range co.Filings {
				codes = append(codes, f.Code)
			}
			for _, c := range tc.filings {
				if !slices.Contains(codes, c) {
					t.Errorf("got filings %v, want a %s", codes, c)
				}
			}
			if _, err := Lookup(Query{Country: tc.country, State: tc.state, Number: tc.unknown}); codeOf(err) != kyc.ENotFound {
				t.Errorf("unknown number %s: got %v, want not found", tc.unknown, err)
			}
			if _, err := Lookup(Query{Country: tc.country, State: tc.state, Number: tc.unknown, AnyNumber: true}); err != nil {
				t.Errorf("unknown number %s with AnyNumber: got %v, want found", tc.unknown, err)
			}
			if _, err := Lookup(Query{Country: tc.country, State: tc.state, Number: tc.malformed}); codeOf(err) != kyc.EInvalid || fieldOf(err) != fieldNumber {
				t.Errorf("malformed number %s: got %v, want an invalid error naming %s", tc.malformed, err, fieldNumber)
			}
		})
	}
}

// TestByNameWhereTheRegisterWould: a name alone finds a company where the
// register's names are unique, and is refused elsewhere.
func TestByNameWhereTheRegisterWould(t *testing.T) {
	t.Parallel()
	tests := []struct {
		country, state string
		found          bool
	}{{"GBR", "", true}, {"IRL", "", true}, {"USA", "CA", true}, {"FRA", "", false}, {"DEU", "", false}, {"NLD", "", false}, {"BEL", "", false}}
	for _, tc := range tests {
		co, err := Lookup(Query{Country: tc.country, State: tc.state, Name: "Acme Widgets"})
		switch {
		case tc.found && (err != nil || co.Name != "Acme Widgets" || co.Number != NumberFor(tc.country, tc.state, "Acme Widgets")):
			t.Errorf("%s: got %v, %v; want Acme Widgets with its number", tc.country, co, err)
		case !tc.found && (codeOf(err) != kyc.EMissingFields || fieldOf(err) != fieldNumber):
			t.Errorf("%s: got %v, want the number required", tc.country, err)
		}
	}
	for _, tc := range []struct {
		q     Query
		field string
	}{
		{Query{Number: "09565115"}, fieldCountry},
		{Query{Country: "XXX", Number: "09565115"}, fieldCountry},
		{Query{Country: "USA", Number: "5432117"}, fieldState},
		{Query{Country: "GBR"}, fieldNumber},
	} {
		if _, err := Lookup(tc.q); fieldOf(err) != tc.field {
			t.Errorf("Lookup(%+v): got %v, want an error naming %s", tc.q, err, tc.field)
		}
	}
}

// companies are many generated companies of every kind.
func companies(t *testing.T) []*Company {
	t.Helper()
	var out []*Company
	names := []string{"", "Acme Limited", "Acme Trust", "Acme PLC", "Acme LLP", "Acme SAS", "Acme SARL", "Acme GmbH", "Acme AG", "Acme KG", "Acme e.V.",
		"Acme BV", "Stichting Acme", "Acme LLC", "Acme Inc", "Acme Foundation", "Acme DAC"}
	for _, tc := range numbers {
		for i, name := range names {
			n := NumberFor(tc.country, tc.state, fmt.Sprint(name, i))
			co, err := Lookup(Query{Country: tc.country, State: tc.state, Number: n, Name: name})
			if err != nil {
				t.Fatalf("%s %s: %v", tc.country, n, err)
			}
			out = append(out, co)
		}
	}
	for _, q := range []Query{{Country: "GBR", Number: "SC123451"}, {Country: "GBR", Number: "OC301231"}, {Country: "GBR", Number: "CE001231"},
		{Country: "DEU", Number: "HRA 5671"}, {Country: "DEU", Number: "VR 1231"}, {Country: "GBR", Number: "15999999"},
		{Country: "GBR", Number: "00000011"}, {Country: "FRA", Number: "404833048", Incorporated: "2025-06-29"}, {Country: "IRL", Number: "12341", Incorporated: "1890-02-03"}} {
		co, err := Lookup(q)
		if err != nil {
			t.Fatalf("%+v: %v", q, err)
		}
		out = append(out, co)
	}
	return out
}

// TestDatesAfterIncorporation: every date the registry holds about a
// company is on or after its incorporation and not after asOf; officers
// are adults when appointed.
func TestDatesAfterIncorporation(t *testing.T) {
	t.Parallel()
	asOf := asOf.Format(dateLayout)
	for _, co := range companies(t) {
		inc := co.Incorporated
		check := func(what, d string) {
			if d < inc || d > asOf && d != inc {
				t.Errorf("%s %s (incorporated %s): %s %s is not between incorporation and %s", co.Country, co.Number, inc, what, d, asOf)
			}
		}
		for _, o := range co.Officers {
			check("appointment", o.Appointed)
			if born := o.Person.DOB[:4]; born > fmt.Sprint(mustDate(o.Appointed).Year()-18) {
				t.Errorf("%s %s: officer born %s appointed %s", co.Country, co.Number, o.Person.DOB, o.Appointed)
			}
		}
		for _, c := range co.Controllers {
			check("notification", c.NotifiedOn)
		}
		for _, f := range co.Filings {
			check("filing "+f.Code, f.Date)
		}
		if co.Filings[len(co.Filings)-1].Date != inc {
			t.Errorf("%s %s: last filing %+v, want the incorporation", co.Country, co.Number, co.Filings[len(co.Filings)-1])
		}
		if co.Charity != nil {
			check("charity registration", co.Charity.Registered)
		}
		from, to := co.Period("x")
		check("period start", from)
		check("period end", to)
		if to < from || (to == from && from != inc) {
			t.Errorf("%s %s: period %s to %s", co.Country, co.Number, from, to)
		}
		total := 0.0
		for _, h := range co.Shareholders {
			total += h.Percentage
		}
		if co.Form.Shares && total != 100 || !co.Form.Shares && len(co.Shareholders) > 0 {
			t.Errorf("%s %s (%s): shareholders hold %v%%", co.Country, co.Number, co.Form.Code, total)
		}
	}
}

// TestPeopleVaryByCompany: officers and owners follow the company's name
// and number: the same company always has the same, different companies
// different ones.
func TestPeopleVaryByCompany(t *testing.T) {
	t.Parallel()
	people := func(co *Company) string {
		var b strings.Builder
		for _, o := range co.Officers {
			fmt.Fprint(&b, o.Person.GivenNames, o.Person.FamilyName, o.Appointed, ";")
		}
		for _, h := range co.Shareholders {
			fmt.Fprint(&b, h.Person.FamilyName, h.Percentage, ";")
		}
		return b.String()
	}
	seen := map[string]int{}
	all := companies(t)
	for _, co := range all {
		seen[people(co)]++
		again, _ := Lookup(Query{Country: co.Country, State: co.State, Number: co.Number, Name: co.Name, Incorporated: co.Incorporated})
		if people(again) != people(co) {
			t.Errorf("%s %s: got different people on a second lookup", co.Country, co.Number)
		}
	}
	if len(seen) < len(all)*9/10 {
		t.Errorf("got %d different sets of people for %d companies, want nearly all different", len(seen), len(all))
	}
	a, _ := Lookup(Query{Country: "GBR", Number: "09565115", Name: "PassFort Limited"})
	b, _ := Lookup(Query{Country: "GBR", Number: "09565115", Name: "Other Name Limited"})
	if people(a) == people(b) {
		t.Error("two names for one number: got the same people, want them to follow the name")
	}
}

// TestCharities: registered charities are the charity forms, with a
// charity number in the country's form.
func TestCharities(t *testing.T) {
	t.Parallel()
	tests := []struct {
		q      Query
		number *regexp.Regexp // nil: not a charity
	}{
		{Query{Country: "GBR", Number: "09565115", Name: "PassFort Limited"}, nil},
		{Query{Country: "GBR", Number: "CE012341", Name: "Acme"}, regexp.MustCompile(`^1\d{6}$`)},
		{Query{Country: "GBR", Name: "The Acme Trust"}, regexp.MustCompile(`^1\d{6}$`)},
		{Query{Country: "IRL", Name: "Acme Foundation CLG"}, regexp.MustCompile(`^20\d{6}$`)},
		{Query{Country: "DEU", Number: "VR 1231", Name: "Acme e.V."}, regexp.MustCompile(`^VR 1231$`)},
		{Query{Country: "NLD", Number: "33014286", Name: "Stichting Acme"}, regexp.MustCompile(`^33014286$`)},
		{Query{Country: "FRA", Number: "552100554", Name: "Acme SAS"}, nil},
	}
	for _, tc := range tests {
		co, err := Lookup(tc.q)
		if err != nil {
			t.Fatalf("%+v: %v", tc.q, err)
		}
		switch {
		case tc.number == nil && co.Charity != nil:
			t.Errorf("%s: got a charity, want none", co.Name)
		case tc.number != nil && (co.Charity == nil || !tc.number.MatchString(co.Charity.Number) || !co.Form.Charity || len(co.Shareholders) > 0):
			t.Errorf("%s (%s): got charity %+v, want one numbered like %s, without shareholders", co.Name, co.Form.Code, co.Charity, tc.number)
		}
	}
}

func FuzzLookup(f *testing.F) {
	f.Add("GBR", "", "09565115", "PassFort Limited", "")
	f.Add("DEU", "", "hrb 12345 b", "", "2020-02-30")
	f.Add("USA", "DE", "12-3456789", "Acme Inc", "1899-12-31")
	f.Add("FRA", "", "552 100 554 00013", "", "")
	f.Add("ATA", "", "0", "\xff", "9999-01-01")
	f.Fuzz(func(t *testing.T, country, state, number, name, inc string) {
		co, err := Lookup(Query{Country: country, State: state, Number: number, Name: name, Incorporated: inc})
		if err != nil {
			if fieldOf(err) == nil {
				t.Fatalf("got %v, want an error naming its field", err)
			}
			return
		}
		if co.Name == "" || co.Number == "" || len(co.Officers) == 0 || len(co.Filings) == 0 || co.Incorporated == "" {
			t.Fatalf("got an incomplete company %+v", co)
		}
	})
}
