package kyc

import (
	"encoding/json"
	"strings"
)

// Facts are the parts of a profile's collected data that rules, policies and
// checks use. They are derived from the collected data JSON, which stays the
// source of truth and is echoed back unchanged.
type Facts struct {
	EntityType  EntityType
	CustomerRef string

	// Individuals.
	Title       string
	GivenNames  []string
	FamilyName  string
	DOB         string // PartialDate: YYYY, YYYY-MM or YYYY-MM-DD
	Nationality string
	Gender      string
	Email       string
	Phone       string
	Addresses   []Address

	// Companies.
	CompanyName            string
	CompanyNumber          string
	CountryOfIncorporation string
	Industry               []string // SIC codes
	Associates             []AssociateLink

	DocumentCategories []string
	// Documents are the documents of the collected data, in order.
	Documents []DocumentFact
}

// DocumentFact is what rules need of a document of the collected data.
type DocumentFact struct {
	ID           string
	Category     string
	DocumentType string
	Images       []ImageRef
}

// ImageRef is a document's image as the collected data gives it: by the id
// of an uploaded image. HasData is set when the image carries its bytes
// inline (which Gatehouse refuses: images are uploaded on their own).
type ImageRef struct {
	ID      string
	HasData bool
}

// Address is the part of an address used by rules.
type Address struct {
	Country string
	Current bool // no start or end date, or no end date
}

// AssociateLink is a Linked associate entry of a company's collected data.
type AssociateLink struct {
	ProfileID      string
	Role           AssociatedRole
	TaskVariantIDs []string
}

// DisplayName is the name of the entity as PassFort shows it: given names then
// family name for individuals, the legal name for companies.
func (f *Facts) DisplayName() string {
	if f.EntityType == Company {
		return strings.TrimSpace(f.CompanyName)
	}
	parts := make([]string, 0, len(f.GivenNames)+1)
	for _, g := range f.GivenNames {
		if g = strings.TrimSpace(g); g != "" {
			parts = append(parts, g)
		}
	}
	if fam := strings.TrimSpace(f.FamilyName); fam != "" {
		parts = append(parts, fam)
	}
	return strings.Join(parts, " ")
}

// Countries returns the distinct countries the entity is connected with:
// nationality, address countries and country of incorporation.
func (f *Facts) Countries() []string {
	var out []string
	add := func(c string) {
		if c == "" {
			return
		}
		for _, o := range out {
			if o == c {
				return
			}
		}
		out = append(out, c)
	}
	add(f.Nationality)
	add(f.CountryOfIncorporation)
	for _, a := range f.Addresses {
		add(a.Country)
	}
	return out
}

// rawData mirrors the fields of PassFort's EntityData that Facts use.
type rawData struct {
	EntityType      EntityType `json:"entity_type"`
	CustomerRef     string     `json:"customer_ref"`
	PersonalDetails *struct {
		Name *struct {
			Title      string   `json:"title"`
			GivenNames []string `json:"given_names"`
			FamilyName string   `json:"family_name"`
		} `json:"name"`
		DOB         string `json:"dob"`
		Nationality string `json:"nationality"`
		Gender      string `json:"gender"`
	} `json:"personal_details"`
	AddressHistory []struct {
		Address struct {
			Country string `json:"country"`
		} `json:"address"`
		EndDate string `json:"end_date"`
	} `json:"address_history"`
	ContactDetails *struct {
		Email string `json:"email"`
		Phone string `json:"phone_number"`
	} `json:"contact_details"`
	Metadata *struct {
		Name                   string `json:"name"`
		Number                 string `json:"number"`
		CountryOfIncorporation string `json:"country_of_incorporation"`
		SICCodes               []struct {
			Code string `json:"code"`
		} `json:"sic_codes"`
		Addresses []struct {
			Address struct {
				Country string `json:"country"`
			} `json:"address"`
		} `json:"addresses"`
	} `json:"metadata"`
	Officers *struct {
		Directors   []rawAssociate `json:"directors"`
		Secretaries []rawAssociate `json:"secretaries"`
		Partners    []rawAssociate `json:"partners"`
		Resigned    []rawAssociate `json:"resigned"`
		Trustees    []rawAssociate `json:"trustees"`
		Other       []rawAssociate `json:"other"`
	} `json:"officers"`
	OwnershipStructure *struct {
		Shareholders     []rawAssociate `json:"shareholders"`
		BeneficialOwners []rawAssociate `json:"beneficial_owners"`
	} `json:"ownership_structure"`
	AuthorizedPersons   []rawAssociate `json:"authorized_persons"`
	UnauthorizedPersons []rawAssociate `json:"unauthorized_persons"`
	Documents           []struct {
		ID           string `json:"id"`
		Category     string `json:"category"`
		DocumentType string `json:"document_type"`
		Images       []struct {
			ID   string          `json:"id"`
			Data json.RawMessage `json:"data"`
		} `json:"images"`
	} `json:"documents"`
}

type rawAssociate struct {
	LinkedProfile *struct {
		ID string `json:"id"`
	} `json:"linked_profile"`
	TaskVariantIDs []string `json:"task_variant_ids"`
}

// ParseFacts extracts Facts from collected data JSON. It is lenient: shape
// validation is the decoder's job (package passfort); here a field of an
// unexpected type is an error only because the JSON cannot be read.
func ParseFacts(data []byte) (Facts, error) {
	var r rawData
	if err := json.Unmarshal(data, &r); err != nil {
		return Facts{}, &Error{Code: EInvalid, Message: "collected_data: cannot be read", Err: err}
	}
	f := Facts{EntityType: r.EntityType, CustomerRef: r.CustomerRef}
	if pd := r.PersonalDetails; pd != nil {
		if pd.Name != nil {
			f.Title, f.GivenNames, f.FamilyName = pd.Name.Title, pd.Name.GivenNames, pd.Name.FamilyName
		}
		f.DOB, f.Nationality, f.Gender = pd.DOB, pd.Nationality, pd.Gender
	}
	for _, a := range r.AddressHistory {
		f.Addresses = append(f.Addresses, Address{Country: a.Address.Country, Current: a.EndDate == ""})
	}
	if cd := r.ContactDetails; cd != nil {
		f.Email, f.Phone = cd.Email, cd.Phone
	}
	if m := r.Metadata; m != nil {
		f.CompanyName, f.CompanyNumber, f.CountryOfIncorporation = m.Name, m.Number, m.CountryOfIncorporation
		for _, s := range m.SICCodes {
			f.Industry = append(f.Industry, s.Code)
		}
		for _, a := range m.Addresses {
			f.Addresses = append(f.Addresses, Address{Country: a.Address.Country, Current: true})
		}
	}
	link := func(role AssociatedRole, list []rawAssociate) {
		for _, a := range list {
			if a.LinkedProfile != nil && a.LinkedProfile.ID != "" {
				f.Associates = append(f.Associates, AssociateLink{
					ProfileID: strings.ToLower(a.LinkedProfile.ID), Role: role, TaskVariantIDs: a.TaskVariantIDs,
				})
			}
		}
	}
	if o := r.Officers; o != nil {
		link(RoleDirector, o.Directors)
		link(RoleCompanySecretary, o.Secretaries)
		link(RolePartner, o.Partners)
		link(RoleResignedOfficer, o.Resigned)
		link(RoleTrustee, o.Trustees)
		link(RoleOther, o.Other)
	}
	if o := r.OwnershipStructure; o != nil {
		link(RoleShareholder, o.Shareholders)
		link(RoleBeneficialOwner, o.BeneficialOwners)
	}
	link(RoleAuthorizedPerson, r.AuthorizedPersons)
	link(RoleUnauthorizedPerson, r.UnauthorizedPersons)
	for _, d := range r.Documents {
		f.DocumentCategories = append(f.DocumentCategories, d.Category)
		df := DocumentFact{ID: strings.ToLower(d.ID), Category: d.Category, DocumentType: d.DocumentType}
		for _, im := range d.Images {
			df.Images = append(df.Images, ImageRef{ID: strings.ToLower(im.ID), HasData: len(im.Data) > 0 && string(im.Data) != "null"})
		}
		f.Documents = append(f.Documents, df)
	}
	return f, nil
}
