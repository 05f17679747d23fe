package collect

import (
	"encoding/json"
	"errors"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/passfort"
	"github.com/gatehouse/gatehouse/internal/policy"
)

var now = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// every step the form writes.
var allSteps = stepSet{
	kyc.CollectFullName: {Type: kyc.CollectFullName}, kyc.CollectDOB: {Type: kyc.CollectDOB},
	kyc.CollectNationality: {Type: kyc.CollectNationality}, kyc.CollectAddressHistory: {Type: kyc.CollectAddressHistory},
	kyc.CollectEmail: {Type: kyc.CollectEmail}, kyc.CollectPhoneNumber: {Type: kyc.CollectPhoneNumber},
}

func fullForm() url.Values {
	return url.Values{"given_names": {"Ada  Augusta"}, "family_name": {"King"}, "dob_day": {"10"}, "dob_month": {"12"}, "dob_year": {"1815"},
		"nationality": {"gbr"}, "email": {"ada@example.com"}, "phone": {"+44 (0)20 7946 0000"},
		"address_country": {"GBR"}, "address_premise": {"Horsley Towers"}, "address_locality": {"East Horsley"}, "address_postal_code": {"KT24 6DU"}}
}

// TestMerge: the answers become the contract's members, the rest of the
// collected data is kept as it was (numbers as written), and the result is
// collected data the API accepts.
func TestMerge(t *testing.T) {
	current := []byte(`{"entity_type":"INDIVIDUAL","customer_ref":"c-1","personal_details":{"name":{"title":"Countess","given_names":["A"],"family_name":"B"},"gender":"F"},` +
		`"address_history":[{"address":{"type":"FREEFORM","country":"GBR","text":"old"},"start_date":"1835-07","end_date":"1840-01"}],"external_refs":{"n":12345678901234567890}}`)
	form := fullForm()
	form.Set("dob_year", "1915")
	form.Set("moved_in_month", "7")
	form.Set("moved_in_year", "1940")
	a := readAnswers(form)
	if ps := a.check(allSteps, now); len(ps) > 0 {
		t.Fatalf("problems %v", ps)
	}
	out, err := a.merge(current, allSteps, now)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := passfort.DecodeEntityData(out, "collected_data"); err != nil {
		t.Fatalf("the API refuses the merged data: %v\n%s", err, out)
	}
	var got map[string]any
	_ = json.Unmarshal(out, &got)
	for _, want := range []string{`"title":"Countess"`, `"given_names":["Ada","Augusta"]`, `"family_name":"King"`, `"dob":"1915-12-10"`,
		`"gender":"F"`, `"nationality":"GBR"`, `"customer_ref":"c-1"`, `"email":"ada@example.com"`, `"phone_number":"+44 (0)20 7946 0000"`,
		`12345678901234567890`, `"start_date":"1940-07"`, `"premise":"Horsley Towers"`, `"text":"old"`} {
		if !strings.Contains(string(out), want) {
			t.Errorf("merged data lacks %s:\n%s", want, out)
		}
	}
	if h := got["address_history"].([]any); len(h) != 2 || !strings.Contains(string(out), `"address_history":[{"address":{"country":"GBR"`) {
		t.Errorf("the new address is not first of two: %s", out)
	}
}

// TestCheck: plain-language problems, named by field.
func TestCheck(t *testing.T) {
	for _, tc := range []struct {
		name  string
		set   map[string]string
		field string
		want  string
	}{
		{"no given names", map[string]string{"given_names": " "}, "given_names", "Enter your first and middle names"},
		{"name on two lines", map[string]string{"family_name": "Ki\nng"}, "family_name", "plain text on one line"},
		{"29 February of a common year", map[string]string{"dob_day": "29", "dob_month": "2", "dob_year": "1815"}, "dob_day", "Enter a real date"},
		{"born before 1900 is allowed, before 1900 is not", map[string]string{"dob_year": "1899"}, "dob_day", "after 1900"},
		{"no nationality", map[string]string{"nationality": ""}, "nationality", "Select your nationality"},
		{"nationality not a country", map[string]string{"nationality": "GBN"}, "nationality", "Select your nationality"},
		{"email without @", map[string]string{"email": "ada.example.com"}, "email", "like name@example.com"},
		{"email with a name", map[string]string{"email": "Ada <ada@example.com>"}, "email", "like name@example.com"},
		{"phone with letters", map[string]string{"phone": "call me"}, "phone", "Enter a phone number"},
		{"phone too short", map[string]string{"phone": "12345"}, "phone", "Enter a phone number"},
		{"Canada without a province", map[string]string{"address_country": "CAN"}, "address_state", "Enter the state"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			form := fullForm()
			form.Set("dob_year", "1915")
			for k, v := range tc.set {
				form.Set(k, v)
			}
			ps := readAnswers(form).check(allSteps, now)
			if got := ps.of(tc.field); !strings.Contains(got, tc.want) {
				t.Errorf("got problems %v, want %q on %s", ps, tc.want, tc.field)
			}
		})
	}
	// A step not asked is not checked.
	if ps := readAnswers(url.Values{}).check(stepSet{kyc.CollectEmail: {Type: kyc.CollectEmail}}, now); len(ps) != 1 || ps[0].Field != "email" {
		t.Errorf("only email asked: got %v", ps)
	}
}

// TestFromAPIError: the API's verdict lands on the field that wrote it.
func TestFromAPIError(t *testing.T) {
	for path, field := range map[string]string{
		"collected_data.personal_details.dob":                    "dob_day",
		"collected_data.personal_details.name.given_names[1]":    "given_names",
		"collected_data.address_history[0].address.postal_code":  "address_postal_code",
		"collected_data.address_history[0].start_date":           "moved_in_month",
		"collected_data.documents[0].images[0].id":               "",
		"collected_data.address_history[1].address.country":      "",
		"collected_data.personal_details.dob_extra_not_a_member": "",
	} {
		ps, ok := fromAPIError(kyc.FieldError(path, "is wrong"))
		if !ok || len(ps) != 1 || ps[0].Field != field || !strings.Contains(ps[0].Message, "is wrong") {
			t.Errorf("%s: got %v, %v; want the problem on %q", path, ps, ok, field)
		}
	}
	if _, ok := fromAPIError(errors.New("disk full")); ok {
		t.Errorf("an internal error became a field problem")
	}
}

// TestThemeColours: the brand colour stays readable: text on it is black
// or white, whichever contrasts more, and links on white fall back to dark
// grey when the brand is too light.
func TestThemeColours(t *testing.T) {
	for _, tc := range []struct{ colour, onBrand, link string }{
		{"#1d4ed8", "#ffffff", "#1d4ed8"},
		{"#ffd700", "#000000", "#1f2937"},
		{"#000000", "#ffffff", "#000000"},
		{"not a colour", "#ffffff", "#1d4ed8"},
	} {
		th := policy.DefaultTheme()
		th.Colour = tc.colour
		v := newThemeView(th, "Acme")
		want := "--on-brand:" + tc.onBrand + ";--brand-text:" + tc.link
		if !strings.Contains(string(v.Style), want) {
			t.Errorf("%s: got %s, want %s", tc.colour, v.Style, want)
		}
	}
	th := policy.DefaultTheme()
	th.Logo, th.PrivacyURL = "javascript:alert(1)", "http://plain.example"
	if v := newThemeView(th, "Acme"); v.Logo != "" || v.PrivacyURL != "" || v.Name != "Acme" {
		t.Errorf("unsafe theme values kept: %+v", v)
	}
}

// FuzzForm: whatever a form holds, the answers either have problems named
// by field, or make collected data the API accepts; merging never fails.
func FuzzForm(f *testing.F) {
	f.Add("Ada", "King", "10", "12", "1915", "GBR", "ada@example.com", "+44 20 7946 0000", "GBR", "1", "Downing Street", "London", "SW1A 2AA", "", "")
	f.Add("A\u0085", "K", "31", "2", "2000", "XXX", "a@b", "++1", "USA", "", "", "", "", "13", "2020")
	f.Add("\xff", "\"", "0", "0", "0000", "", "@", "()", "", "\t", "\\", "\u2028", "", "1", "9999")
	f.Fuzz(func(t *testing.T, given, family, d, m, y, nat, email, phone, country, number, route, town, postcode, movedM, movedY string) {
		form := url.Values{"given_names": {given}, "family_name": {family}, "dob_day": {d}, "dob_month": {m}, "dob_year": {y},
			"nationality": {nat}, "email": {email}, "phone": {phone}, "address_country": {country}, "address_street_number": {number},
			"address_route": {route}, "address_locality": {town}, "address_postal_code": {postcode}, "moved_in_month": {movedM}, "moved_in_year": {movedY}}
		a := readAnswers(form)
		ps := a.check(allSteps, now)
		for _, p := range ps {
			if p.Field == "" || p.Message == "" {
				t.Fatalf("a problem without a field or message: %+v", p)
			}
		}
		if len(ps) > 0 {
			return
		}
		out, err := a.merge([]byte(`{"entity_type":"INDIVIDUAL"}`), allSteps, now)
		if err != nil {
			t.Fatalf("merge: %v", err)
		}
		if _, _, err := passfort.DecodeEntityData(out, "collected_data"); err != nil {
			t.Fatalf("answers without problems make data the API refuses: %v\n%s", err, out)
		}
	})
}
