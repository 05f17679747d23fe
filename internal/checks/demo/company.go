package demo

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/gatehouse/gatehouse/internal/checks"
	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/passfort"
)

// companyOutput is CompanyData as a registry returns it.
type companyOutput struct {
	EntityType         string          `json:"entity_type"`
	Metadata           companyMetadata `json:"metadata"`
	Officers           *officers       `json:"officers,omitempty"`
	OwnershipStructure *ownership      `json:"ownership_structure,omitempty"`
	Filings            []filing        `json:"filings,omitempty"`
	CharityData        *charityData    `json:"charity_data,omitempty"`
}

type companyMetadata struct {
	Name                      string           `json:"name,omitempty"`
	Number                    string           `json:"number,omitempty"`
	UKCharityCommissionNumber string           `json:"uk_charity_commission_number,omitempty"`
	CountryOfIncorporation    string           `json:"country_of_incorporation,omitempty"`
	IsActive                  bool             `json:"is_active"`
	IncorporationDate         string           `json:"incorporation_date"`
	CompanyType               string           `json:"company_type"`
	StructuredCompanyType     structuredType   `json:"structured_company_type"`
	Addresses                 []companyAddress `json:"addresses"`
	SICCodes                  []sicCode        `json:"sic_codes,omitempty"`
	Registry                  string           `json:"registry"`
}

type structuredType struct {
	IsPublic      bool   `json:"is_public"`
	IsLimited     bool   `json:"is_limited"`
	OwnershipType string `json:"ownership_type"`
}

type companyAddress struct {
	Type    string          `json:"type"`
	Address json.RawMessage `json:"address"`
}

type structuredAddress struct {
	Type         string `json:"type"`
	Country      string `json:"country"`
	StreetNumber string `json:"street_number"`
	Route        string `json:"route"`
	Locality     string `json:"locality"`
	PostalCode   string `json:"postal_code"`
}

type sicCode struct {
	Code string `json:"code"`
}

type charityData struct {
	Activities         []string `json:"activities"`
	Beneficiaries      []string `json:"beneficiaries"`
	Purposes           []string `json:"purposes"`
	NumberOfVolunteers int      `json:"number_of_volunteers"`
	RegistrationDate   string   `json:"registration_date"`
}

// registryRefers are the company data values a registry check reports as
// Refer: what the registry holds disagrees with the input, or the company
// is no longer active. The other company data checks only report the data.
var registryRefers = map[string]bool{
	"COMPANY_INACTIVE": true, "COMPANY_COUNTRY_OF_INCORPORATION_MISMATCH": true,
	"COMPANY_NAME_MISMATCH": true, "COMPANY_NUMBER_MISMATCH": true, "COMPANY_ADDRESS_MISMATCH": true,
}

// company answers the company data checks (registry, ownership, filings,
// filing purchase, charities) with the company found at the registry.
func (r *run) company(v string) checks.Outcome {
	t := r.req.CheckType
	if v == "NO_DATA" { // not found at the registry
		return checks.Outcome{Result: "Fail", Output: r.bare(), Providers: r.providers()}
	}
	out := companyOutput{EntityType: r.entityType(), Metadata: r.metadata(v)}
	switch t {
	case kyc.CheckCompanyRegistry, kyc.CheckCompanyOwnership:
		out.Officers, out.OwnershipStructure = r.people(v)
	case kyc.CheckCompanyCharities:
		out.Officers, _ = r.people(v)
		out.Officers.Trustees, out.Officers.Directors = out.Officers.Directors, nil
		for i := range out.Officers.Trustees {
			out.Officers.Trustees[i].OriginalRole = "Trustee"
		}
		out.Metadata.UKCharityCommissionNumber = out.Metadata.Number
		out.CharityData = &charityData{
			Activities:    []string{"Grants to organisations", "Provision of services"},
			Beneficiaries: []string{"Children and young people"}, Purposes: []string{"Education and training"},
			NumberOfVolunteers: 12, RegistrationDate: out.Metadata.IncorporationDate,
		}
	case kyc.CheckCompanyFilings, kyc.CheckCompanyFilingPurchase:
		out.Filings = r.filings(out.Metadata.IncorporationDate, t == kyc.CheckCompanyFilingPurchase)
	}
	result := "Pass"
	switch {
	case v == internalPartial:
		result = "Partial"
	case t == kyc.CheckCompanyRegistry && registryRefers[v]:
		result = "Refer"
	}
	return r.done(result, out, nil)
}

// metadata is the registry's record of the company: the input's name,
// number and country, unless the scenario makes one of them differ.
func (r *run) metadata(v string) companyMetadata {
	f := &r.facts
	m := companyMetadata{
		Name: strings.TrimSpace(f.CompanyName), Number: strings.TrimSpace(f.CompanyNumber),
		IsActive: v != "COMPANY_INACTIVE", Registry: "Demo Companies Registry",
		CompanyType:           "Private limited company",
		StructuredCompanyType: structuredType{IsLimited: true, OwnershipType: "COMPANY"},
		IncorporationDate:     r.incorporated(),
	}
	if passfort.IsCountryCode(f.CountryOfIncorporation) {
		m.CountryOfIncorporation = f.CountryOfIncorporation
	}
	if r.in.Metadata != nil && r.in.Metadata.CompanyType != "" {
		m.CompanyType = r.in.Metadata.CompanyType
	}
	for _, c := range f.Industry {
		m.SICCodes = append(m.SICCodes, sicCode{Code: c})
	}
	if m.SICCodes == nil {
		m.SICCodes = []sicCode{{Code: "62020"}}
	}
	switch v {
	case "COMPANY_NAME_MISMATCH":
		m.Name = holdings(m.Name)
	case "COMPANY_NUMBER_MISMATCH":
		m.Number = otherNumber(m.Number)
	case "COMPANY_COUNTRY_OF_INCORPORATION_MISMATCH":
		m.CountryOfIncorporation = "GBR"
		if f.CountryOfIncorporation == "GBR" {
			m.CountryOfIncorporation = "IRL"
		}
	}
	addr := r.in.companyAddress()
	if addr == nil || v == "COMPANY_ADDRESS_MISMATCH" {
		addr = r.demoAddress(v == "COMPANY_ADDRESS_MISMATCH")
	}
	m.Addresses = []companyAddress{{Type: "registered_address", Address: addr}}
	return m
}

// incorporated is the input's incorporation date, or one derived from the
// company's name and number.
func (r *run) incorporated() string {
	if r.in.Metadata != nil && passfort.IsFullDate(r.in.Metadata.IncorporationDate) {
		return r.in.Metadata.IncorporationDate
	}
	s := seed(r.facts.CompanyNumber + "\x00" + r.facts.CompanyName)
	return fmt.Sprintf("%04d-%02d-%02d", 1995+s%25, 1+s/25%12, 1+s/300%28)
}

// demoAddress is a registered address in the country of incorporation:
// the registry's own when the input has none, or a different one.
func (r *run) demoAddress(other bool) json.RawMessage {
	a := structuredAddress{Type: "STRUCTURED", Country: "GBR", StreetNumber: "1", Route: "Demo Street", Locality: "London", PostalCode: "EC1A 1AA"}
	if passfort.IsCountryCode(r.facts.CountryOfIncorporation) {
		a.Country = r.facts.CountryOfIncorporation
	}
	if other {
		a.StreetNumber, a.Route, a.Locality, a.PostalCode = "99", "Elsewhere Road", "Manchester", "M1 1AA"
	}
	raw, _ := json.Marshal(a)
	return raw
}

// otherNumber is a company number that differs from n in its last digit.
func otherNumber(n string) string {
	if n == "" {
		return "00000001"
	}
	b := []byte(n)
	last := b[len(b)-1]
	if last >= '0' && last <= '9' {
		b[len(b)-1] = '0' + (last-'0'+1)%10
		return string(b)
	}
	return n + "1"
}

// legalForms are company name endings that holdings puts back last.
var legalForms = map[string]bool{"limited": true, "ltd": true, "plc": true, "llc": true, "inc": true, "gmbh": true, "sa": true}

// holdings is the name of a holding company of the named one: "Acme
// Widgets Limited" gives "Acme Widgets Holdings Limited".
func holdings(name string) string {
	words := strings.Fields(withoutKeywords(name))
	form := "Limited"
	if n := len(words); n > 0 && legalForms[strings.ToLower(strings.Trim(words[n-1], "."))] {
		form, words = words[n-1], words[:n-1]
	}
	if len(words) == 0 {
		words = []string{"Demo"}
	}
	return strings.Join(words, " ") + " Holdings " + form
}
