package api_test

import (
	"net/http/httptest"
	"net/url"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/gatehouse/gatehouse/internal/address"
	"github.com/gatehouse/gatehouse/internal/api"
	"github.com/gatehouse/gatehouse/internal/store/storetest"
)

type layoutView struct {
	Country string   `json:"country"`
	Lines   []string `json:"lines"`
}

// TestAddressFormatConventions lays addresses of a dozen countries out
// through POST /gatehouse/v1/address/format: each country's order of
// lines, postcode place and form, state and province codes, and post town
// in capitals where the postal operator asks for it.
func TestAddressFormatConventions(t *testing.T) {
	e := newEnv(t, storetest.Databases()[0], api.Config{})
	for _, tc := range []struct {
		name     string
		address  string
		domestic bool
		want     []string
	}{
		{"GBR post town in capitals, postcode on its own line",
			`{"type":"STRUCTURED","country":"GBR","subpremise":"Flat 2","premise":"Riverside House","street_number":"10","route":"Downing Street","postal_town":"London","postal_code":"SW1A 2AA"}`, false,
			[]string{"Flat 2, Riverside House", "10 Downing Street", "LONDON", "SW1A 2AA", "United Kingdom"}},
		{"GBR within the country, no country line",
			`{"type":"STRUCTURED","country":"GBR","street_number":"221B","route":"Baker Street","postal_town":"London","postal_code":"NW1 6XE"}`, true,
			[]string{"221B Baker Street", "LONDON", "NW1 6XE"}},
		{"USA city, state code and ZIP on one line",
			`{"type":"STRUCTURED","country":"USA","street_number":"1","route":"Infinite Loop","locality":"Cupertino","state_province":"California","postal_code":"95014"}`, false,
			[]string{"1 Infinite Loop", "Cupertino, CA 95014", "United States of America"}},
		{"CAN province code, postcode spaced",
			`{"type":"STRUCTURED","country":"CAN","street_number":"111","route":"Wellington Street","locality":"Ottawa","state_province":"Ontario","postal_code":"K1A0A9"}`, false,
			[]string{"111 Wellington Street", "Ottawa, ON K1A 0A9", "Canada"}},
		{"FRA postcode before the town in capitals",
			`{"type":"STRUCTURED","country":"FRA","street_number":"10","route":"rue de Rivoli","locality":"Paris","postal_code":"75001"}`, false,
			[]string{"10 rue de Rivoli", "75001 PARIS", "France"}},
		{"DEU number after the street",
			`{"type":"STRUCTURED","country":"DEU","street_number":"1","route":"Unter den Linden","locality":"Berlin","postal_code":"10117"}`, false,
			[]string{"Unter den Linden 1", "10117 Berlin", "Germany"}},
		{"NLD postcode written 4+2",
			`{"type":"STRUCTURED","country":"NLD","street_number":"1","route":"Damrak","locality":"Amsterdam","postal_code":"1012LG"}`, false,
			[]string{"Damrak 1", "1012 LG Amsterdam", "Netherlands"}},
		{"ESP number after a comma",
			`{"type":"STRUCTURED","country":"ESP","street_number":"1","route":"Calle Mayor","locality":"Madrid","postal_code":"28013"}`, false,
			[]string{"Calle Mayor, 1", "28013 Madrid", "Spain"}},
		{"ITA province code after the town",
			`{"type":"STRUCTURED","country":"ITA","street_number":"1","route":"Via del Corso","locality":"Roma","county":"Roma","postal_code":"00186"}`, false,
			[]string{"Via del Corso 1", "00186 Roma RM", "Italy"}},
		{"IRL county then Eircode",
			`{"type":"STRUCTURED","country":"IRL","street_number":"1","route":"Grafton Street","locality":"Dublin 2","county":"County Dublin","postal_code":"D02X285"}`, false,
			[]string{"1 Grafton Street", "Dublin 2", "County Dublin", "D02 X285", "Republic of Ireland"}},
		{"AUS suburb, state code and postcode on one line",
			`{"type":"STRUCTURED","country":"AUS","street_number":"1","route":"George Street","locality":"Sydney","state_province":"New South Wales","postal_code":"2000"}`, false,
			[]string{"1 George Street", "Sydney NSW 2000", "Australia"}},
		{"JPN prefecture, postcode hyphenated",
			`{"type":"STRUCTURED","country":"JPN","street_number":"1-1","route":"Chiyoda","locality":"Chiyoda-ku","state_province":"Tokyo","postal_code":"1000001"}`, false,
			[]string{"1-1 Chiyoda", "Chiyoda-ku, Tokyo 100-0001", "Japan"}},
		{"BRA state code, CEP on its own line",
			`{"type":"STRUCTURED","country":"BRA","street_number":"100","route":"Avenida Paulista","locality":"São Paulo","state_province":"São Paulo","postal_code":"01310100"}`, false,
			[]string{"Avenida Paulista 100", "São Paulo - SP", "01310-100", "Brazil"}},
		{"CHN largest part first",
			`{"type":"STRUCTURED","country":"CHN","street_number":"1","route":"Chang'an Avenue","locality":"Dongcheng","state_province":"Beijing","postal_code":"100000"}`, false,
			[]string{"100000 China", "Beijing", "Dongcheng", "Chang'an Avenue 1"}},
		{"IND PIN after the city, state below",
			`{"type":"STRUCTURED","country":"IND","street_number":"12","route":"MG Road","locality":"Bengaluru","state_province":"Karnataka","postal_code":"560001"}`, false,
			[]string{"12, MG Road", "Bengaluru - 560001", "Karnataka", "India"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			body := `{"address":` + tc.address + `,"domestic":` + map[bool]string{true: "true", false: "false"}[tc.domestic] + `}`
			status, out := e.c.Do("POST", "/gatehouse/v1/address/format", body)
			if status != 200 {
				t.Fatalf("got %d %s", status, out)
			}
			got := decode[layoutView](t, out)
			if !reflect.DeepEqual(got.Lines, tc.want) {
				t.Errorf("got lines %q, want %q", got.Lines, tc.want)
			}
		})
	}
}

// TestAddressFormatRequests: bad layout requests name the member.
func TestAddressFormatRequests(t *testing.T) {
	e := newEnv(t, storetest.Databases()[0], api.Config{})
	for _, tc := range []struct {
		name, body string
		code       int
		field      string
	}{
		{"no address", `{}`, 101, "address"},
		{"free-form", `{"address":{"type":"FREEFORM","country":"GBR","text":"10 Downing Street"}}`, 201, "address.type"},
		{"no country", `{"address":{"type":"STRUCTURED","route":"Downing Street"}}`, 101, "address.country"},
		{"bad country", `{"address":{"type":"STRUCTURED","country":"UK"}}`, 201, "address.country"},
		{"number not text", `{"address":{"type":"STRUCTURED","country":"GBR","street_number":10}}`, 201, "address.street_number"},
		{"domestic not a boolean", `{"address":{"type":"STRUCTURED","country":"GBR"},"domestic":"yes"}`, 201, "domestic"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, body := e.c.Do("POST", "/gatehouse/v1/address/format", tc.body)
			code, field := errorOf(t, body)
			if status != 400 || code != tc.code || field != tc.field {
				t.Errorf("got %d code %d field %q (%s), want 400 code %d field %q", status, code, field, body, tc.code, tc.field)
			}
		})
	}
}

type addressSearchView struct {
	Count   int `json:"count"`
	Results []struct {
		ID              string   `json:"id"`
		Text            string   `json:"text"`
		QuerySubstrings [][2]int `json:"query_substrings"`
	} `json:"results"`
}

type resolvedView struct {
	address.StructuredAddress
	FormattedLines []string `json:"formatted_lines"`
}

// TestAddressSearchOverHTTP: one Gatehouse answers GET /address/search and
// /address/format with an HTTPSearcher that asks another Gatehouse (the
// address service contract is PassFort's own endpoints), over real HTTP;
// both answers validate against the contract and agree with the service's.
func TestAddressSearchOverHTTP(t *testing.T) {
	service := newEnv(t, storetest.Databases()[0], api.Config{})
	e := newEnv(t, storetest.Databases()[0], api.Config{Addresses: &address.HTTPSearcher{BaseURL: service.url + "/4.0", APIKey: service.c.Key}})
	// Each country's layout, over the formatted lines joined by "|".
	for _, tc := range []struct {
		country, query string
		layout         *regexp.Regexp
	}{
		{"GBR", "10 downing", regexp.MustCompile(`^10 Downing Street\|[A-Z ]+\|[A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2}\|United Kingdom$`)},
		{"USA", "1 infinite loop", regexp.MustCompile(`^1 Infinite Loop[^|]*\|[A-Za-z ]+, [A-Z]{2} \d{5}\|United States of America$`)},
		{"FRA", "12 rivoli paris", regexp.MustCompile(`^12 rue Rivoli\|\d{5} PARIS\|France$`)},
		{"DEU", "5 haupt berlin", regexp.MustCompile(`^Hauptstraße 5\|\d{5} Berlin\|Germany$`)},
		{"NLD", "1 damrak amsterdam", regexp.MustCompile(`^Damrak\S* 1\|\d{4} [A-Z]{2} Amsterdam\|Netherlands$`)},
		{"ESP", "3 gran via madrid", regexp.MustCompile(`^Calle Gran Via, 3\|\d{5} Madrid\|Spain$`)},
		{"ITA", "7 corso roma", regexp.MustCompile(`^Corso 7\|\d{5} Roma RM\|Italy$`)},
		{"CAN", "24 sussex ottawa", regexp.MustCompile(`^24 Sussex Street\|Ottawa, ON [A-Z]\d[A-Z] \d[A-Z]\d\|Canada$`)},
		{"AUS", "1 george sydney", regexp.MustCompile(`^1 George Street\|Sydney NSW \d{4}\|Australia$`)},
		{"JPN", "1 chiyoda tokyo", regexp.MustCompile(`^1 [^|]+\|[^|]+, Tokyo \d{3}-\d{4}\|Japan$`)},
		{"BRA", "100 paulista", regexp.MustCompile(`^Rua Paulista 100\|[^|]+ - [A-Z]{2}\|\d{5}-\d{3}\|Brazil$`)},
		{"IRL", "1 grafton dublin", regexp.MustCompile(`^1 Grafton Street\|[^|]+\|[^|]+\|[A-Z]\d{2} [A-Z0-9]{4}\|Republic of Ireland$`)},
	} {
		t.Run(tc.country, func(t *testing.T) {
			path := "/4.0/address/search?" + url.Values{"address": {tc.query}, "country_code": {tc.country}, "limit": {"3"}}.Encode()
			status, body := e.c.Do("GET", path, nil)
			_, direct := service.c.Do("GET", path, nil)
			got := decode[addressSearchView](t, body)
			if status != 200 || got.Count != 3 || len(got.Results) != 3 {
				t.Fatalf("search: %d %s, want 3 results", status, body)
			}
			if string(body) != string(direct) {
				t.Errorf("through HTTP: %s\nwant the service's: %s", body, direct)
			}
			first := got.Results[0]
			if len(first.QuerySubstrings) == 0 {
				t.Errorf("first result %+v marks none of the query %q", first, tc.query)
			}
			for _, r := range first.QuerySubstrings {
				if text := []rune(first.Text); r[0] < 0 || r[1] > len(text) || r[0] >= r[1] ||
					!strings.Contains(strings.ToLower(tc.query), strings.ToLower(string(text[r[0]:r[1]]))) {
					t.Errorf("substring %v of %q is not a word of the query %q", r, first.Text, tc.query)
				}
			}
			status, body = e.c.Do("GET", "/4.0/address/format?"+url.Values{"id": {first.ID}, "country_code": {tc.country}}.Encode(), nil)
			if status != 200 {
				t.Fatalf("format: %d %s", status, body)
			}
			a := decode[resolvedView](t, body)
			want, _ := address.Format(a.StructuredAddress, "")
			if a.Country != tc.country || a.Type != "STRUCTURED" || !reflect.DeepEqual(a.FormattedLines, []string(want)) {
				t.Errorf("got %s, want a %s address with its formatted lines %q", body, tc.country, want)
			}
			if lines := strings.Join(a.FormattedLines, "|"); !tc.layout.MatchString(lines) {
				t.Errorf("got lines %q, want the layout %s", lines, tc.layout)
			}
			domestic, _ := address.FormatWith(a.StructuredAddress, "", address.Options{Domestic: true})
			if first.Text != domestic.OneLine() {
				t.Errorf("search text %q is not the resolved address %q", first.Text, domestic.OneLine())
			}
		})
	}
	// An id the service never gave is unknown, and says so through HTTP.
	status, body := e.c.Do("GET", "/4.0/address/format?id=made-up&country_code=GBR", nil)
	if code, _ := errorOf(t, body); status != 404 || code != 201 {
		t.Errorf("unknown id: %d %s, want 404", status, body)
	}
	// The service down is a provider error, never a 500.
	down := newEnv(t, storetest.Databases()[0], api.Config{Addresses: &address.HTTPSearcher{BaseURL: "http://" + unusedAddr(t) + "/4.0"}})
	status, body = down.c.Do("GET", "/4.0/address/search?address=10+downing&country_code=GBR", nil)
	if code, _ := errorOf(t, body); status != 502 || code != 302 {
		t.Errorf("service down: %d %s, want 502 code 302", status, body)
	}
}

// unusedAddr returns a loopback address nothing listens on.
func unusedAddr(t *testing.T) string {
	srv := httptest.NewServer(nil)
	addr := srv.Listener.Addr().String()
	srv.Close()
	return addr
}

// TestAddressSearchRequests: bad search and format parameters name the
// parameter.
func TestAddressSearchRequests(t *testing.T) {
	e := newEnv(t, storetest.Databases()[0], api.Config{})
	for _, tc := range []struct {
		name, path string
		code       int
		field      string
	}{
		{"no address", "/4.0/address/search?country_code=GBR", 101, "address"},
		{"long address", "/4.0/address/search?country_code=GBR&address=" + strings.Repeat("a", 201), 201, "address"},
		{"no country", "/4.0/address/search?address=x", 101, "country_code"},
		{"bad country", "/4.0/address/search?address=x&country_code=GB", 201, "country_code"},
		{"limit zero", "/4.0/address/search?address=x&country_code=GBR&limit=0", 201, "limit"},
		{"limit too big", "/4.0/address/search?address=x&country_code=GBR&limit=101", 201, "limit"},
		{"limit not a number", "/4.0/address/search?address=x&country_code=GBR&limit=ten", 201, "limit"},
		{"address twice", "/4.0/address/search?address=x&address=y&country_code=GBR", 201, "address"},
		{"no id", "/4.0/address/format?country_code=GBR", 101, "id"},
		{"format without country", "/4.0/address/format?id=x", 101, "country_code"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, body := e.c.Do("GET", tc.path, nil)
			code, field := errorOf(t, body)
			if status != 400 || code != tc.code || field != tc.field {
				t.Errorf("got %d code %d field %q (%s), want 400 code %d field %q", status, code, field, body, tc.code, tc.field)
			}
		})
	}
	// A limit of 100 gives 100; the default is 7.
	for limit, want := range map[string]int{"": 7, "100": 100} {
		_, body := e.c.Do("GET", "/4.0/address/search?address=high+street&country_code=GBR&limit="+limit, nil)
		if got := decode[addressSearchView](t, body); got.Count != want || len(got.Results) != want {
			t.Errorf("limit %q: got %d results, want %d", limit, got.Count, want)
		}
	}
}
