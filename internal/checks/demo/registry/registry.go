// Package registry is the demo provider's company registry: a
// deterministic, synthetic register that behaves like the real ones of the
// United Kingdom, Ireland, France, Germany, the Netherlands and the United
// States (and like a generic one elsewhere). It finds a company by its
// number in the country's format; a well-formed number exists unless it
// ends in 0 (in France, unless its SIREN check digit is wrong). It finds a
// company by name alone only where the register's names are unique (United
// Kingdom, Ireland, a US state). Everything it holds about a company (legal
// form, address, industry codes, currency, officers, owners, filings,
// charity registration) follows the country and is derived from the
// company's name and number, with dates after its incorporation. Search
// answers GET /search/companies over the same register. docs/sandbox.md is
// the integrator's guide.
package registry

import (
	"crypto/sha256"
	"encoding/binary"
	"strings"

	"github.com/gatehouse/gatehouse/internal/address"
	"github.com/gatehouse/gatehouse/internal/kyc"
)

// Company is a company as the demo registry holds it.
type Company struct {
	Name         string
	Number       string
	Country      string // CountryCode
	State        string // state of incorporation (USA)
	Registry     string
	Form         LegalForm
	Incorporated string // YYYY-MM-DD
	// Address is the registered office; AddressLines, the same laid out by
	// the country's conventions.
	Address      address.StructuredAddress
	AddressLines address.Lines
	Industries   []Industry
	Currency     string // of the share capital, "" where none is known
	ShareClass   string
	Shares       int // issued shares, 0 for a company without share capital
	Officers     []Officer
	Shareholders []Holding
	// Controllers are the persons with significant control (beneficial
	// owners) and the natures of their control.
	Controllers []Control
	Filings     []Filing // newest first, the incorporation last
	Charity     *Charity // nil for a company that is not a registered charity
	// Seed derives anything else a caller makes up about the company, so
	// that it too follows the name and number.
	Seed uint64
}

// Industry is an activity code in the country's classification.
type Industry struct{ Code, Description, Scheme string }

// Person is an individual the registry knows. Key is stable within the
// company (p1, p2, ...), for ids a check derives.
type Person struct {
	Key         string
	GivenNames  []string
	FamilyName  string
	DOB         string // YYYY-MM, as registers publish it
	Nationality string
}

// Officer is a person's appointment.
type Officer struct {
	Person    Person
	Role      string // as the registry names it: Director, Gérant, Geschäftsführer...
	Secretary bool
	Appointed string
	Resigned  string // "" while in office
}

// Holding is a shareholder's stake.
type Holding struct {
	Person     Person
	Shares     int
	Percentage float64
}

// Control is a person with significant control.
type Control struct {
	Person     Person
	Natures    []string // Companies House's natures of control
	NotifiedOn string
}

// Filing is a document filed at the registry.
type Filing struct {
	Code  string // the registry's own (CS01, AA, B1, NE...)
	Title string
	Type  string // the contract's DocumentType
	Date  string
}

// Charity is a company's entry in the charity register.
type Charity struct {
	Number        string
	Registered    string
	Activities    []string
	Beneficiaries []string
	Purposes      []string
	Volunteers    int
}

// Query is what a registry check asks for.
type Query struct {
	Country string // country_of_incorporation
	State   string // state_of_incorporation, required in the USA
	Number  string
	Name    string
	// Incorporated, when a valid YYYY-MM-DD, is the date the applicant gave;
	// the sandbox's registry agrees with it (and dates its officers and
	// filings after it).
	Incorporated string
	// AnyNumber finds the company whatever its well-formed number, issued
	// or not: the sandbox's demo_result values pick the outcome.
	AnyNumber bool
}

// Field names of errors, as the check's input has them.
const (
	fieldCountry = "metadata.country_of_incorporation"
	fieldState   = "metadata.state_of_incorporation"
	fieldNumber  = "metadata.number"
)

// Lookup finds the company a check asks for: by number; by name alone only
// where the register's names are unique. Errors are kyc errors naming the
// input field: ENotFound (no such company), EMissingFields (no country; no
// state in the USA; no number where a name is not enough), EInvalid (a
// number not in the register's form).
func Lookup(q Query) (*Company, error) {
	code, err := countryCode(q.Country, fieldCountry)
	if err != nil {
		return nil, err
	}
	c := countryOf(code)
	state := strings.TrimSpace(q.State)
	if c.needsState && state == "" {
		return nil, kyc.MissingField(fieldState)
	}
	name := strings.TrimSpace(q.Name)
	number := strings.TrimSpace(q.Number)
	if number == "" {
		switch {
		case name == "":
			return nil, kyc.MissingField(fieldNumber)
		case !c.byName:
			e := kyc.MissingField(fieldNumber)
			e.Message = fieldNumber + ": is required: the " + c.registry + " does not find companies by name alone"
			return nil, e
		}
		return build(c, c.numberFor(nameSeed(code, state, name)), name, state, q.Incorporated), nil
	}
	n, ok := c.normalise(number)
	if !ok {
		return nil, kyc.FieldError(fieldNumber, "is not a number of the "+c.registry+": "+c.numberForms())
	}
	if !c.exists(n) && !q.AnyNumber {
		return nil, &kyc.Error{Code: kyc.ENotFound, Message: "no company " + n + " in the " + c.registry,
			Info: map[string]any{"field": fieldNumber, "number": n}}
	}
	return build(c, n, name, state, q.Incorporated), nil
}

// countryCode checks a CountryCode the address data knows.
func countryCode(s, field string) (string, error) {
	code := strings.ToUpper(strings.TrimSpace(s))
	if code == "" {
		return "", kyc.MissingField(field)
	}
	if _, ok := address.Alpha2(code); !ok {
		return "", kyc.FieldError(field, "is not a CountryCode (ISO 3166-1 alpha-3)")
	}
	return code, nil
}

// known are real companies the registry knows by number, so that a search
// by number alone shows their names: PassFort's own, of its API guide.
var known = map[[2]string]string{
	{"GBR", "09565115"}: "PassFort Limited",
}

// nameSeed derives a company's number from its name where the number is
// not given: the same in a check by name and in a name search.
func nameSeed(country, state, name string) uint64 {
	return seed("name\x00" + country + "\x00" + strings.ToUpper(state) + "\x00" + normName(name))
}

// normName is a name as the registry compares names: lower case, single
// spaces.
func normName(name string) string {
	return strings.ToLower(strings.Join(strings.Fields(name), " "))
}

func seed(s string) uint64 {
	sum := sha256.Sum256([]byte(s))
	return binary.BigEndian.Uint64(sum[:8])
}
