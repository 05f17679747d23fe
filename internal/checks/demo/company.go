package demo

import (
	"encoding/json"
	"errors"
	"strings"

	"github.com/gatehouse/gatehouse/internal/address"
	"github.com/gatehouse/gatehouse/internal/checks"
	"github.com/gatehouse/gatehouse/internal/checks/demo/registry"
	"github.com/gatehouse/gatehouse/internal/kyc"
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
	StateOfIncorporation      string           `json:"state_of_incorporation,omitempty"`
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

type sicCode struct {
	Code        string `json:"code"`
	Description string `json:"description,omitempty"`
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
// filing purchase, charities) from the demo registry (package registry):
// the company its number (or, where the register allows, its name) finds.
// An unknown number is not found (Fail) unless a demo_result picks the
// outcome; input the registry cannot search with is an Error naming the
// field. A charities check fails for a company that is not a charity.
func (r *run) company(v string, byKeywords bool) checks.Outcome {
	t := r.req.CheckType
	if v == "NO_DATA" { // not found at the registry
		return checks.Outcome{Result: "Fail", Output: r.bare(), Providers: r.providers()}
	}
	co, err := r.lookup(!byKeywords)
	if err != nil {
		var ke *kyc.Error
		if errors.As(err, &ke) && ke.Code == kyc.ENotFound {
			return checks.Outcome{Result: "Fail", Output: r.bare(), Providers: r.providers()}
		}
		return r.inputError(err)
	}
	out := companyOutput{EntityType: r.entityType(), Metadata: r.metadata(co, v)}
	result := "Pass"
	switch t {
	case kyc.CheckCompanyRegistry, kyc.CheckCompanyOwnership:
		out.Officers, out.OwnershipStructure = r.people(co, v)
	case kyc.CheckCompanyCharities:
		if co.Charity == nil { // found at the registry, not in the charity register
			return r.done("Fail", out, nil)
		}
		out.Officers, _ = r.people(co, v)
		out.Officers.Trustees = append(append(out.Officers.Directors, out.Officers.Partners...), out.Officers.Trustees...)
		out.Officers.Directors, out.Officers.Partners = nil, nil
		for i := range out.Officers.Trustees {
			out.Officers.Trustees[i].OriginalRole = "Trustee"
		}
		if co.Country == "GBR" {
			out.Metadata.UKCharityCommissionNumber = co.Charity.Number
		}
		ch := co.Charity
		out.CharityData = &charityData{
			Activities: ch.Activities, Beneficiaries: ch.Beneficiaries, Purposes: ch.Purposes,
			NumberOfVolunteers: ch.Volunteers, RegistrationDate: ch.Registered,
		}
	case kyc.CheckCompanyFilings, kyc.CheckCompanyFilingPurchase:
		out.Filings = r.filings(co, t == kyc.CheckCompanyFilingPurchase)
	}
	switch {
	case v == internalPartial:
		result = "Partial"
	case t == kyc.CheckCompanyRegistry && registryRefers[v]:
		result = "Refer"
	}
	return r.done(result, out, nil)
}

// lookup asks the registry for the input's company. A demo_result other
// than NO_DATA finds it whatever its number (forced): it picks the outcome.
func (r *run) lookup(forced bool) (*registry.Company, error) {
	f := &r.facts
	q := registry.Query{Country: f.CountryOfIncorporation, Number: f.CompanyNumber, Name: withoutKeywords(f.CompanyName)}
	if r.in.Metadata != nil {
		q.State, q.Incorporated = r.in.Metadata.StateOfIncorporation, r.in.Metadata.IncorporationDate
	}
	if strings.TrimSpace(f.CompanyName) == "" {
		q.Name = ""
	}
	q.AnyNumber = forced
	return registry.Lookup(q)
}

// inputError is the outcome of input the registry cannot search with: no
// country, no number where a name is not enough, a malformed number.
func (r *run) inputError(err error) checks.Outcome {
	code, info := codeInvalidInput, map[string]any{"type": "INVALID_CHECK_INPUT"}
	var ke *kyc.Error
	if errors.As(err, &ke) {
		if ke.Code == kyc.EMissingFields {
			code, info["type"] = codeMissingFields, "MISSING_CHECK_INPUT"
		}
		for k, v := range ke.Info {
			info[k] = v
		}
	}
	return r.failed(kyc.CheckError{Code: code, Source: "PROVIDER", Message: "Demo registry: " + err.Error(), Info: info})
}

// metadata is the registry's record of the company. The sandbox's registry
// agrees with what the input says of the company (its name, its registered
// address) unless the scenario makes one of them differ; the rest is the
// registry's.
func (r *run) metadata(co *registry.Company, v string) companyMetadata {
	f := &r.facts
	m := companyMetadata{
		Name: co.Name, Number: co.Number, CountryOfIncorporation: co.Country, StateOfIncorporation: co.State,
		IsActive: v != "COMPANY_INACTIVE", Registry: co.Registry, IncorporationDate: co.Incorporated,
		CompanyType: co.Form.Name,
		StructuredCompanyType: structuredType{IsPublic: co.Form.Public, IsLimited: co.Form.Limited,
			OwnershipType: co.Form.Ownership},
	}
	if name := strings.TrimSpace(f.CompanyName); name != "" {
		m.Name = name
	}
	for _, in := range co.Industries {
		m.SICCodes = append(m.SICCodes, sicCode{Code: in.Code, Description: in.Description})
	}
	switch v {
	case "COMPANY_NAME_MISMATCH":
		m.Name = holdings(m.Name)
	case "COMPANY_NUMBER_MISMATCH":
		m.Number = otherNumber(m.Number)
	case "COMPANY_COUNTRY_OF_INCORPORATION_MISMATCH":
		m.CountryOfIncorporation = "GBR"
		if co.Country == "GBR" {
			m.CountryOfIncorporation = "IRL"
		}
	}
	addr := r.in.companyAddress()
	switch {
	case v == "COMPANY_ADDRESS_MISMATCH":
		a, _ := co.OtherOffice()
		addr = structured(a)
	case addr == nil:
		addr = structured(co.Address)
	}
	m.Addresses = []companyAddress{{Type: "registered_address", Address: addr}}
	return m
}

func structured(a address.StructuredAddress) json.RawMessage {
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
var legalForms = map[string]bool{
	"limited": true, "ltd": true, "plc": true, "llc": true, "inc": true, "inc.": true, "gmbh": true, "sa": true,
	"sas": true, "sarl": true, "ag": true, "bv": true, "b.v.": true, "nv": true, "n.v.": true, "dac": true, "llp": true,
}

// holdings is the name of a holding company of the named one: "Acme
// Widgets Limited" gives "Acme Widgets Holdings Limited".
func holdings(name string) string {
	words := strings.Fields(withoutKeywords(name))
	form := "Limited"
	if n := len(words); n > 0 && legalForms[strings.ToLower(words[n-1])] {
		form, words = words[n-1], words[:n-1]
	}
	if len(words) == 0 {
		words = []string{"Demo"}
	}
	return strings.Join(words, " ") + " Holdings " + form
}
