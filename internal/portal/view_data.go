package portal

import (
	"encoding/json"
	"strings"
)

// The collected data as a person reads it. The JSON was validated against
// the contract when it was accepted; these views read what they show and
// ignore the rest, so an unusual shape never breaks the page.

// personView is an individual's collected data.
type personView struct {
	Name        string
	Title       string
	DOB         string
	Nationality string
	Gender      string
	Email       string
	Phone       string
	CustomerRef string
	Addresses   []addressView
	IDNumbers   []keyValue
}

// companyView is a company's collected data.
type companyView struct {
	Name         string
	Number       string
	Country      string
	State        string
	Incorporated string
	Type         string
	Active       string
	CustomerRef  string
	Addresses    []addressView
	Industry     []string
	Associates   []associateView
}

type addressView struct {
	Text     string
	From, To string
	Current  bool
}

type associateView struct {
	Role      string
	Name      string
	ProfileID string // a linked associate's profile
	Share     string
}

type keyValue struct{ Key, Value string }

type rawAddress struct {
	Type           string `json:"type"`
	Text           string `json:"text"`
	Country        string `json:"country"`
	StateProvince  string `json:"state_province"`
	County         string `json:"county"`
	PostalCode     string `json:"postal_code"`
	Locality       string `json:"locality"`
	Route          string `json:"route"`
	StreetNumber   string `json:"street_number"`
	Premise        string `json:"premise"`
	Subpremise     string `json:"subpremise"`
	OriginalFreefm string `json:"original_freeform_address"`
}

// text formats an address on one line, from the most to the least precise part.
func (a rawAddress) text() string {
	if a.Type == "FREEFORM" || a.Text != "" {
		return joinNonEmpty(", ", a.Text, a.Country)
	}
	street := joinNonEmpty(" ", a.StreetNumber, a.Route)
	return joinNonEmpty(", ", a.Subpremise, a.Premise, street, a.Locality, a.County, a.StateProvince, a.PostalCode, a.Country)
}

func joinNonEmpty(sep string, parts ...string) string {
	var out []string
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, sep)
}

type rawName struct {
	Title      string   `json:"title"`
	GivenNames []string `json:"given_names"`
	FamilyName string   `json:"family_name"`
}

func (n *rawName) full() string {
	if n == nil {
		return ""
	}
	return joinNonEmpty(" ", strings.Join(n.GivenNames, " "), n.FamilyName)
}

type rawEntity struct {
	CustomerRef     string `json:"customer_ref"`
	PersonalDetails *struct {
		Name        *rawName          `json:"name"`
		DOB         string            `json:"dob"`
		Nationality string            `json:"nationality"`
		Gender      string            `json:"gender"`
		NationalID  map[string]string `json:"national_identity_number"`
	} `json:"personal_details"`
	ContactDetails *struct {
		Email string `json:"email"`
		Phone string `json:"phone_number"`
	} `json:"contact_details"`
	AddressHistory []struct {
		Address   rawAddress `json:"address"`
		StartDate string     `json:"start_date"`
		EndDate   string     `json:"end_date"`
	} `json:"address_history"`
	Metadata *struct {
		Name                   string `json:"name"`
		Number                 string `json:"number"`
		CountryOfIncorporation string `json:"country_of_incorporation"`
		StateOfIncorporation   string `json:"state_of_incorporation"`
		IncorporationDate      string `json:"incorporation_date"`
		CompanyType            string `json:"company_type"`
		IsActive               *bool  `json:"is_active"`
		Addresses              []struct {
			Type    string     `json:"type"`
			Address rawAddress `json:"address"`
		} `json:"addresses"`
		SICCodes []struct {
			Code        string `json:"code"`
			Description string `json:"description"`
		} `json:"sic_codes"`
	} `json:"metadata"`
	Officers map[string][]rawAssociate `json:"officers"`
	Owners   *struct {
		Shareholders     []rawAssociate `json:"shareholders"`
		BeneficialOwners []rawAssociate `json:"beneficial_owners"`
	} `json:"ownership_structure"`
}

type rawAssociate struct {
	LinkedProfile *struct {
		ID string `json:"id"`
	} `json:"linked_profile"`
	ImmediateData *struct {
		PersonalDetails *struct {
			Name *rawName `json:"name"`
		} `json:"personal_details"`
		Metadata *struct {
			Name string `json:"name"`
		} `json:"metadata"`
	} `json:"immediate_data"`
	TotalPercentage *float64 `json:"total_percentage"`
}

func (a rawAssociate) view(role string) associateView {
	v := associateView{Role: role}
	if a.LinkedProfile != nil {
		v.ProfileID = a.LinkedProfile.ID
		v.Name = "Linked profile"
	}
	if d := a.ImmediateData; d != nil {
		switch {
		case d.PersonalDetails != nil && d.PersonalDetails.Name != nil:
			v.Name = d.PersonalDetails.Name.full()
		case d.Metadata != nil:
			v.Name = d.Metadata.Name
		}
	}
	if a.TotalPercentage != nil {
		v.Share = strings.TrimSuffix(strings.TrimRight(jsonNumber(*a.TotalPercentage), "0"), ".") + "%"
	}
	return v
}

func jsonNumber(f float64) string {
	b, _ := json.Marshal(f)
	s := string(b)
	if !strings.Contains(s, ".") {
		s += ".0"
	}
	return s
}

func parseEntity(data []byte) rawEntity {
	var e rawEntity
	_ = json.Unmarshal(data, &e) // validated on input; an odd shape shows less, never fails
	return e
}

func personOf(data []byte) *personView {
	e := parseEntity(data)
	v := &personView{CustomerRef: e.CustomerRef}
	if pd := e.PersonalDetails; pd != nil {
		v.Name = pd.Name.full()
		if pd.Name != nil {
			v.Title = pd.Name.Title
		}
		v.DOB, v.Nationality, v.Gender = pd.DOB, pd.Nationality, pd.Gender
		for k, n := range pd.NationalID {
			v.IDNumbers = append(v.IDNumbers, keyValue{k, n})
		}
	}
	if cd := e.ContactDetails; cd != nil {
		v.Email, v.Phone = cd.Email, cd.Phone
	}
	for _, h := range e.AddressHistory {
		v.Addresses = append(v.Addresses, addressView{Text: h.Address.text(), From: h.StartDate, To: h.EndDate, Current: h.EndDate == ""})
	}
	return v
}

func companyOf(data []byte) *companyView {
	e := parseEntity(data)
	v := &companyView{CustomerRef: e.CustomerRef}
	if m := e.Metadata; m != nil {
		v.Name, v.Number, v.Country, v.State = m.Name, m.Number, m.CountryOfIncorporation, m.StateOfIncorporation
		v.Incorporated, v.Type = m.IncorporationDate, m.CompanyType
		if m.IsActive != nil {
			v.Active = "no"
			if *m.IsActive {
				v.Active = "yes"
			}
		}
		for _, a := range m.Addresses {
			v.Addresses = append(v.Addresses, addressView{Text: a.Address.text(), From: strings.ToLower(strings.ReplaceAll(a.Type, "_", " "))})
		}
		for _, c := range m.SICCodes {
			v.Industry = append(v.Industry, joinNonEmpty(" ", c.Code, c.Description))
		}
	}
	for _, role := range [][2]string{{"directors", "director"}, {"secretaries", "secretary"}, {"partners", "partner"},
		{"trustees", "trustee"}, {"other", "other officer"}, {"resigned", "resigned officer"}} {
		for _, a := range e.Officers[role[0]] {
			v.Associates = append(v.Associates, a.view(role[1]))
		}
	}
	if o := e.Owners; o != nil {
		for _, a := range o.Shareholders {
			v.Associates = append(v.Associates, a.view("shareholder"))
		}
		for _, a := range o.BeneficialOwners {
			v.Associates = append(v.Associates, a.view("beneficial owner"))
		}
	}
	return v
}
