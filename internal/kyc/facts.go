package kyc

import (
	"encoding/json"
	"slices"
	"strconv"
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
	// Associates are the entries of the company's associate lists
	// (officers, owners, authorised persons), linked and immediate, in
	// the order of AssociateLists.
	Associates []AssociateEntry

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

// AssociateEntry is one entry of a company's associate lists: Linked to an
// associate profile (ProfileID set), or Immediate, carrying the entity's
// own data as a registry returned it.
type AssociateEntry struct {
	// Path is the entry's place in the collected data, e.g.
	// "officers.directors[0]", for error messages.
	Path       string
	Role       AssociatedRole
	EntityType EntityType
	// ProfileID is the linked profile (lower case), empty for an immediate entry.
	ProfileID         string
	TaskVariantIDs    []string
	ResolverID        string
	MergedResolverIDs []string
	// Name is an immediate entry's name (its data's display name).
	Name string
	// Immediate is an immediate entry's EntityData, which may describe its
	// own owners.
	Immediate []byte
	// Percentage is the stake held: total_percentage, else the sum of the
	// shareholdings' percentages; nil when neither is given.
	Percentage       *float64
	NaturesOfControl []string
}

// Linked reports whether the entry links a profile.
func (a *AssociateEntry) Linked() bool { return a.ProfileID != "" }

// AssociateLists are a company's associate lists with the role of their
// entries, in the order Facts lists them.
var AssociateLists = []struct {
	Path string
	Role AssociatedRole
}{
	{"officers.directors", RoleDirector},
	{"officers.secretaries", RoleCompanySecretary},
	{"officers.partners", RolePartner},
	{"officers.resigned", RoleResignedOfficer},
	{"officers.trustees", RoleTrustee},
	{"officers.other", RoleOther},
	{"ownership_structure.shareholders", RoleShareholder},
	{"ownership_structure.beneficial_owners", RoleBeneficialOwner},
	{"authorized_persons", RoleAuthorizedPerson},
	{"unauthorized_persons", RoleUnauthorizedPerson},
}

// Links returns the linked entries.
func (f *Facts) Links() []AssociateEntry {
	var out []AssociateEntry
	for _, a := range f.Associates {
		if a.Linked() {
			out = append(out, a)
		}
	}
	return out
}

// LinkedIDs returns the distinct profile ids the entries link, in order.
func (f *Facts) LinkedIDs() []string {
	var out []string
	for _, a := range f.Associates {
		if a.Linked() && !slices.Contains(out, a.ProfileID) {
			out = append(out, a.ProfileID)
		}
	}
	return out
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
	TaskVariantIDs    []string        `json:"task_variant_ids"`
	EntityType        EntityType      `json:"entity_type"`
	ResolverID        string          `json:"resolver_id"`
	MergedResolverIDs []string        `json:"merged_resolver_ids"`
	ImmediateData     json.RawMessage `json:"immediate_data"`
	TotalPercentage   *float64        `json:"total_percentage"`
	Shareholdings     []struct {
		Percentage *float64 `json:"percentage"`
	} `json:"shareholdings"`
	NaturesOfControl []string `json:"natures_of_control"`
}

// entry converts a raw entry of list path, at index i.
func (a *rawAssociate) entry(path string, i int, role AssociatedRole) AssociateEntry {
	e := AssociateEntry{
		Path: path + "[" + strconv.Itoa(i) + "]", Role: role, EntityType: a.EntityType,
		TaskVariantIDs: a.TaskVariantIDs, ResolverID: strings.ToLower(a.ResolverID),
		MergedResolverIDs: a.MergedResolverIDs, NaturesOfControl: a.NaturesOfControl,
	}
	if a.LinkedProfile != nil && a.LinkedProfile.ID != "" {
		e.ProfileID = strings.ToLower(a.LinkedProfile.ID)
	}
	if len(a.ImmediateData) > 0 && string(a.ImmediateData) != "null" {
		e.Immediate = a.ImmediateData
		var n rawName
		if json.Unmarshal(a.ImmediateData, &n) == nil {
			e.Name = n.displayName()
		}
	}
	switch {
	case a.TotalPercentage != nil:
		pct := *a.TotalPercentage
		e.Percentage = &pct
	case len(a.Shareholdings) > 0:
		sum, any := 0.0, false
		for _, sh := range a.Shareholdings {
			if sh.Percentage != nil {
				sum, any = sum+*sh.Percentage, true
			}
		}
		if any {
			e.Percentage = &sum
		}
	}
	return e
}

// rawName is the name of an immediate entry's entity.
type rawName struct {
	PersonalDetails *struct {
		Name *struct {
			GivenNames []string `json:"given_names"`
			FamilyName string   `json:"family_name"`
		} `json:"name"`
	} `json:"personal_details"`
	Metadata *struct {
		Name string `json:"name"`
	} `json:"metadata"`
}

func (n *rawName) displayName() string {
	f := Facts{EntityType: Individual}
	switch {
	case n.PersonalDetails != nil && n.PersonalDetails.Name != nil:
		f.GivenNames, f.FamilyName = n.PersonalDetails.Name.GivenNames, n.PersonalDetails.Name.FamilyName
	case n.Metadata != nil:
		f.EntityType, f.CompanyName = Company, n.Metadata.Name
	}
	return f.DisplayName()
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
	lists := make([][]rawAssociate, len(AssociateLists))
	if o := r.Officers; o != nil {
		lists[0], lists[1], lists[2], lists[3], lists[4], lists[5] = o.Directors, o.Secretaries, o.Partners, o.Resigned, o.Trustees, o.Other
	}
	if o := r.OwnershipStructure; o != nil {
		lists[6], lists[7] = o.Shareholders, o.BeneficialOwners
	}
	lists[8], lists[9] = r.AuthorizedPersons, r.UnauthorizedPersons
	for k, list := range lists {
		for i := range list {
			f.Associates = append(f.Associates, list[i].entry(AssociateLists[k].Path, i, AssociateLists[k].Role))
		}
	}
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
