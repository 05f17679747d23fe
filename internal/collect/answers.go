package collect

import (
	"fmt"
	"net/mail"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/passfort"
)

// answers are the form's fields as the applicant filled them in (or as
// prefilled from the profile's data), kept as text so that a page with
// errors shows back exactly what was typed.
type answers struct {
	GivenNames, FamilyName      string
	DOBDay, DOBMonth, DOBYear   string
	Nationality                 string
	Email, Phone                string
	Address                     addressAnswers
	MovedInMonth, MovedInYear   string
	AddressQuery, AddressChoice string
	DocumentType                string
}

// addressAnswers are the parts of the current address.
type addressAnswers struct {
	Country, Subpremise, Premise, StreetNumber, Route, Locality, PostalTown, County, State, PostalCode string
}

// fieldError is a problem with one field, in plain language. Field is the
// id of the input (or fieldset) it belongs to.
type fieldError struct {
	Field   string
	Message string
}

// problems collects field errors in page order.
type problems []fieldError

func (p *problems) add(field, msg string) { *p = append(*p, fieldError{field, msg}) }

// of returns the message for a field, or "".
func (p problems) of(field string) string {
	for _, e := range p {
		if e.Field == field {
			return e.Message
		}
	}
	return ""
}

// maxField bounds every text field (the API's text rules apply too).
const maxField = 200

// readAnswers reads the submitted form.
func readAnswers(v url.Values) answers {
	g := func(name string) string { return strings.TrimSpace(v.Get(name)) }
	return answers{
		GivenNames: g("given_names"), FamilyName: g("family_name"),
		DOBDay: g("dob_day"), DOBMonth: g("dob_month"), DOBYear: g("dob_year"),
		Nationality: strings.ToUpper(g("nationality")),
		Email:       g("email"), Phone: g("phone"),
		Address: addressAnswers{
			Country: strings.ToUpper(g("address_country")), Subpremise: g("address_subpremise"), Premise: g("address_premise"),
			StreetNumber: g("address_street_number"), Route: g("address_route"), Locality: g("address_locality"),
			PostalTown: g("address_postal_town"), County: g("address_county"), State: g("address_state"), PostalCode: g("address_postal_code"),
		},
		MovedInMonth: g("moved_in_month"), MovedInYear: g("moved_in_year"),
		AddressQuery: g("address_query"), AddressChoice: g("address_choice"),
		DocumentType: strings.ToUpper(g("document_type")),
	}
}

// stepSet says which steps the form asks for.
type stepSet map[kyc.CollectionType]kyc.CollectionStep

// check finds what is wrong with the answers to the steps asked, in page
// order, before they are put into collected data (which the API's rules
// then check again).
func (a answers) check(steps stepSet, now time.Time) problems {
	var ps problems
	text := func(field, label, v string, required bool) bool {
		switch {
		case v == "" && required:
			ps.add(field, "Enter "+label)
		case v == "":
			return true
		case utf8.RuneCountInString(v) > maxField:
			ps.add(field, fmt.Sprintf("%s must be %d characters or fewer", capital(label), maxField))
		case kyc.TextProblem(v, kyc.Line) != "":
			ps.add(field, capital(label)+" must be plain text on one line")
		default:
			return true
		}
		return false
	}
	if _, ok := steps[kyc.CollectFullName]; ok {
		text("given_names", "your first and middle names", a.GivenNames, true)
		text("family_name", "your last name", a.FamilyName, true)
	}
	if _, ok := steps[kyc.CollectDOB]; ok {
		if _, msg := a.dob(now); msg != "" {
			ps.add("dob_day", msg)
		}
	}
	if _, ok := steps[kyc.CollectNationality]; ok {
		if !passfort.IsCountryCode(a.Nationality) {
			ps.add("nationality", "Select your nationality")
		}
	}
	if _, ok := steps[kyc.CollectAddressHistory]; ok {
		ad := a.Address
		if !passfort.IsCountryCode(ad.Country) {
			ps.add("address_country", "Select the country you live in")
		}
		text("address_subpremise", "the flat or unit", ad.Subpremise, false)
		text("address_premise", "the building name", ad.Premise, false)
		text("address_street_number", "the house number", ad.StreetNumber, false)
		if ad.Route == "" && ad.Premise == "" {
			ps.add("address_route", "Enter the street, or the building name")
		} else {
			text("address_route", "the street", ad.Route, false)
		}
		text("address_locality", "the town or city", ad.Locality, true)
		text("address_county", "the county", ad.County, false)
		text("address_state", "the state, province or region", ad.State, ad.Country == "USA" || ad.Country == "CAN")
		text("address_postal_code", "the postcode", ad.PostalCode, false)
		if _, msg := a.movedIn(now); msg != "" {
			ps.add("moved_in_month", msg)
		}
	}
	if _, ok := steps[kyc.CollectEmail]; ok {
		if text("email", "your email address", a.Email, true) && a.Email != "" {
			if m, err := mail.ParseAddress(a.Email); err != nil || m.Address != a.Email || m.Name != "" {
				ps.add("email", "Enter an email address like name@example.com")
			}
		}
	}
	if _, ok := steps[kyc.CollectPhoneNumber]; ok {
		if text("phone", "your phone number", a.Phone, true) && a.Phone != "" && !phoneLike(a.Phone) {
			ps.add("phone", "Enter a phone number, like +44 7700 900123")
		}
	}
	return ps
}

// dob returns the date of birth as YYYY-MM-DD, or why it is not one.
func (a answers) dob(now time.Time) (string, string) {
	if a.DOBDay == "" && a.DOBMonth == "" && a.DOBYear == "" {
		return "", "Enter your date of birth"
	}
	d, e1 := strconv.Atoi(a.DOBDay)
	m, e2 := strconv.Atoi(a.DOBMonth)
	y, e3 := strconv.Atoi(a.DOBYear)
	if e1 != nil || e2 != nil || e3 != nil || len(a.DOBYear) != 4 {
		return "", "Enter your date of birth as numbers, for example 27 3 1990"
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d || int(t.Month()) != m || t.Year() != y {
		return "", "Enter a real date of birth"
	}
	if !t.Before(now) {
		return "", "Your date of birth must be in the past"
	}
	if y < 1900 {
		return "", "Enter a year of birth after 1900"
	}
	return t.Format(time.DateOnly), ""
}

// movedIn returns when the applicant moved in as YYYY-MM (an ApproxDate),
// "" when not given, or why it is not one.
func (a answers) movedIn(now time.Time) (string, string) {
	if a.MovedInMonth == "" && a.MovedInYear == "" {
		return "", ""
	}
	m, e1 := strconv.Atoi(a.MovedInMonth)
	y, e2 := strconv.Atoi(a.MovedInYear)
	if e1 != nil || e2 != nil || m < 1 || m > 12 || len(a.MovedInYear) != 4 || y < 1900 {
		return "", "Enter the month and year you moved in as numbers, for example 6 2019"
	}
	if time.Date(y, time.Month(m), 1, 0, 0, 0, 0, time.UTC).After(now) {
		return "", "The date you moved in must be in the past"
	}
	return fmt.Sprintf("%04d-%02d", y, m), ""
}

// phoneLike accepts what people write as a phone number: digits with
// spaces, dots, dashes, brackets and a leading plus, 6 to 20 digits.
func phoneLike(s string) bool {
	digits := 0
	for i, r := range s {
		switch {
		case unicode.IsDigit(r) && r < 128:
			digits++
		case r == '+' && i == 0, r == ' ', r == '-', r == '.', r == '(', r == ')':
		default:
			return false
		}
	}
	return digits >= 6 && digits <= 20
}

func capital(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}
