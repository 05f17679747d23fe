package address

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/spectest"
)

// TestFormatConventions pins each country's postal conventions: line
// order, where the postcode goes, capitals, state and county codes.
func TestFormatConventions(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   StructuredAddress
		want []string
	}{
		{"GBR post town in capitals, postcode on its own line", StructuredAddress{Country: "GBR", Subpremise: "Flat 2", Premise: "Riverside House", StreetNumber: "10", Route: "Downing Street", PostalTown: "London", PostalCode: "SW1A 2AA"},
			[]string{"Flat 2, Riverside House", "10 Downing Street", "LONDON", "SW1A 2AA", "United Kingdom"}},
		{"GBR dependent locality above the post town", StructuredAddress{Country: "GBR", StreetNumber: "12", Route: "High Street", Locality: "Clifton", PostalTown: "Bristol", PostalCode: "BS8 4AA"},
			[]string{"12 High Street", "Clifton", "BRISTOL", "BS8 4AA", "United Kingdom"}},
		{"USA state abbreviated, ZIP after it", StructuredAddress{Country: "USA", StreetNumber: "1", Route: "Infinite Loop", Locality: "Cupertino", StateProvince: "California", PostalCode: "95014"},
			[]string{"1 Infinite Loop", "Cupertino, CA 95014", "United States of America"}},
		{"USA Washington DC", StructuredAddress{Country: "USA", StreetNumber: "1600", Route: "Pennsylvania Avenue NW", Locality: "Washington", StateProvince: "District of Columbia", PostalCode: "20500"},
			[]string{"1600 Pennsylvania Avenue NW", "Washington, DC 20500", "United States of America"}},
		{"USA state already a code", StructuredAddress{Country: "USA", StreetNumber: "350", Route: "Fifth Avenue", Locality: "New York", StateProvince: "NY", PostalCode: "10118"},
			[]string{"350 Fifth Avenue", "New York, NY 10118", "United States of America"}},
		{"FRA postcode before the town in capitals", StructuredAddress{Country: "FRA", StreetNumber: "10", Route: "rue de Rivoli", Locality: "Paris", PostalCode: "75001"},
			[]string{"10 rue de Rivoli", "75001 PARIS", "France"}},
		{"DEU number after the street, postcode before the town", StructuredAddress{Country: "DEU", StreetNumber: "1", Route: "Unter den Linden", Locality: "Berlin", PostalCode: "10117"},
			[]string{"Unter den Linden 1", "10117 Berlin", "Germany"}},
		{"IRL county then Eircode", StructuredAddress{Country: "IRL", StreetNumber: "1", Route: "Grafton Street", Locality: "Dublin 2", County: "County Dublin", PostalCode: "D02X285"},
			[]string{"1 Grafton Street", "Dublin 2", "County Dublin", "D02 X285", "Republic of Ireland"}},
		{"NLD postcode split 4+2", StructuredAddress{Country: "NLD", StreetNumber: "1", Route: "Damrak", Locality: "Amsterdam", PostalCode: "1012LG"},
			[]string{"Damrak 1", "1012 LG Amsterdam", "Netherlands"}},
		{"JPN prefecture then postcode with hyphen", StructuredAddress{Country: "JPN", StreetNumber: "1-1", Route: "Chiyoda", Locality: "Chiyoda-ku", StateProvince: "Tokyo", PostalCode: "1000001"},
			[]string{"1-1 Chiyoda", "Chiyoda-ku, Tokyo 100-0001", "Japan"}},
		{"BRA state code, CEP hyphenated on its own line", StructuredAddress{Country: "BRA", StreetNumber: "100", Route: "Avenida Paulista", Locality: "São Paulo", StateProvince: "São Paulo", PostalCode: "01310100"},
			[]string{"Avenida Paulista 100", "São Paulo - SP", "01310-100", "Brazil"}},
		{"IND PIN after the city, state below", StructuredAddress{Country: "IND", StreetNumber: "12", Route: "MG Road", Locality: "Bengaluru", StateProvince: "Karnataka", PostalCode: "560001"},
			[]string{"12, MG Road", "Bengaluru - 560001", "Karnataka", "India"}},
		{"CAN province code, postcode spaced", StructuredAddress{Country: "CAN", StreetNumber: "111", Route: "Wellington Street", Locality: "Ottawa", StateProvince: "Ontario", PostalCode: "K1A0A9"},
			[]string{"111 Wellington Street", "Ottawa, ON K1A 0A9", "Canada"}},
		{"AUS suburb, state code and postcode on one line", StructuredAddress{Country: "AUS", StreetNumber: "1", Route: "George Street", Locality: "Sydney", StateProvince: "New South Wales", PostalCode: "2000"},
			[]string{"1 George Street", "Sydney NSW 2000", "Australia"}},
		{"ESP number after a comma", StructuredAddress{Country: "ESP", StreetNumber: "1", Route: "Calle Mayor", Locality: "Madrid", PostalCode: "28013"},
			[]string{"Calle Mayor, 1", "28013 Madrid", "Spain"}},
		{"ITA province code after the town", StructuredAddress{Country: "ITA", StreetNumber: "1", Route: "Via del Corso", Locality: "Roma", County: "Roma", PostalCode: "00186"},
			[]string{"Via del Corso 1", "00186 Roma RM", "Italy"}},
		{"CHN largest first, country on top", StructuredAddress{Country: "CHN", StreetNumber: "1", Route: "Chang'an Avenue", Locality: "Dongcheng", StateProvince: "Beijing", PostalCode: "100000"},
			[]string{"100000 China", "Beijing", "Dongcheng", "Chang'an Avenue 1"}},
		{"GGY formatted as GBR, its own country line", StructuredAddress{Country: "GGY", StreetNumber: "1", Route: "High Street", Locality: "St Peter Port", PostalCode: "GY1 1AA"},
			[]string{"1 High Street", "ST PETER PORT", "GY1 1AA", "Guernsey, Channel Islands"}},
		{"RKS (Kosovo, XK)", StructuredAddress{Country: "RKS", StreetNumber: "5", Route: "Rruga Nëna Terezë", Locality: "Prishtinë", PostalCode: "10000"},
			[]string{"5, Rruga Nëna Terezë", "Prishtinë 10000", "Kosovo"}},
		{"ATA default template", StructuredAddress{Country: "ATA", Locality: "McMurdo Station"},
			[]string{"McMurdo Station", "Antarctica"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := Format(tc.in, "")
			if err != nil {
				t.Fatalf("got error %v, want none", err)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestFormatOptionsAndCountryArgument(t *testing.T) {
	t.Parallel()
	a := StructuredAddress{Country: "FRA", StreetNumber: "1", Route: "Damrak", Locality: "Amsterdam", PostalCode: "1012LG"}
	got, err := FormatWith(a, "nld", Options{Domestic: true})
	if err != nil {
		t.Fatal(err)
	}
	if want := (Lines{"Damrak 1", "1012 LG Amsterdam"}); !slices.Equal(got, want) {
		t.Errorf("got %q, want %q (the argument wins over the address's country)", got, want)
	}
	if s, want := got.OneLine(), "Damrak 1, 1012 LG Amsterdam"; s != want {
		t.Errorf("OneLine: got %q, want %q", s, want)
	}
}

func TestFormatErrors(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		country string
		code    kyc.Code
	}{{"", kyc.EMissingFields}, {"XXX", kyc.EInvalid}, {"GB", kyc.EInvalid}} {
		_, err := Format(StructuredAddress{Route: "High Street"}, tc.country)
		var ke *kyc.Error
		if !errors.As(err, &ke) || ke.Code != tc.code || ke.Info["field"] != "country_code" {
			t.Errorf("Format(country %q): got %v, want a %s error naming country_code", tc.country, err, tc.code)
		}
	}
}

// TestEveryCountry formats an address in every country of the contract's
// CountryCode, and maps each code to alpha-2 and back.
func TestEveryCountry(t *testing.T) {
	t.Parallel()
	enum := spectest.Doc(t).Components.Schemas["CountryCode"].Value.Enum
	if len(enum) < 240 {
		t.Fatalf("got %d country codes in the spec, want the whole ISO list", len(enum))
	}
	for _, v := range enum {
		a3 := v.(string)
		a2, ok := Alpha2(a3)
		if !ok {
			t.Errorf("Alpha2(%s): unknown", a3)
			continue
		}
		if back, _ := Alpha3(a2); back != a3 {
			t.Errorf("Alpha3(Alpha2(%s)) = %s, want %s", a3, back, a3)
		}
		lines, err := Format(StructuredAddress{StreetNumber: "1", Route: "Main Road", Locality: "Capital", PostalCode: "1000"}, a3)
		text := strings.ToUpper(lines.String())
		// City-states leave the town out, and a few territories the street:
		// every layout keeps one of them, and a country line.
		if err != nil || len(lines) < 2 || !strings.Contains(text, "MAIN ROAD") && !strings.Contains(text, "CAPITAL") {
			t.Errorf("Format in %s: got %q, %v; want the street or the town, and the country", a3, lines, err)
		}
	}
}

func TestDataSource(t *testing.T) {
	s := DataSource()
	if s.Package != "@fragaria/address-formatter" || s.Version == "" || s.Generated == "" {
		t.Errorf("got %+v, want the package, its version and the generation date", s)
	}
}

func FuzzFormat(f *testing.F) {
	f.Add("GBR", "10", "Downing Street", "London", "", "SW1A 2AA", "", "")
	f.Add("USA", "1", "Infinite Loop", "Cupertino", "California", "95014", "", "")
	f.Add("NLD", "{{{road}}}", "{{#first}}", "||", "Curaçao", "12345,67890", "http://x", "District")
	f.Add("GGY", "", "", "", "", "1;2", "", "")
	f.Fuzz(func(t *testing.T, country, number, route, locality, state, postcode, premise, county string) {
		a := StructuredAddress{Country: country, StreetNumber: number, Route: route, Locality: locality,
			StateProvince: state, PostalCode: postcode, Premise: premise, County: county, PostalTown: county}
		lines, err := Format(a, "")
		if err != nil {
			return
		}
		for _, l := range lines {
			if l == "" || strings.Contains(l, "\n") {
				t.Fatalf("got line %q in %q, want non-empty single lines", l, lines)
			}
		}
	})
}
