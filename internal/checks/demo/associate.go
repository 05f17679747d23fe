package demo

import (
	"encoding/json"

	"github.com/gatehouse/gatehouse/internal/passfort"
)

type officers struct {
	Directors   []associate `json:"directors,omitempty"`
	Secretaries []associate `json:"secretaries,omitempty"`
	Resigned    []associate `json:"resigned,omitempty"`
	Trustees    []associate `json:"trustees,omitempty"`
}

type ownership struct {
	Shareholders     []associate `json:"shareholders"`
	BeneficialOwners []associate `json:"beneficial_owners"`
}

// associate is an immediate AssociatedEntity: an officer or owner as the
// registry knows it, with its own EntityData.
type associate struct {
	ResolverID       string          `json:"resolver_id"`
	EntityType       string          `json:"entity_type"`
	ImmediateData    json.RawMessage `json:"immediate_data"`
	ProviderName     string          `json:"provider_name"`
	OriginalRole     string          `json:"original_role,omitempty"`
	AppointedOn      string          `json:"appointed_on,omitempty"`
	ResignedOn       string          `json:"resigned_on,omitempty"`
	TotalPercentage  *float64        `json:"total_percentage,omitempty"`
	Shareholdings    []shareholding  `json:"shareholdings,omitempty"`
	NotifiedOn       string          `json:"notified_on,omitempty"`
	CeasedOn         string          `json:"ceased_on,omitempty"`
	NaturesOfControl []string        `json:"natures_of_control,omitempty"`
}

type shareholding struct {
	ProviderName string  `json:"provider_name"`
	ShareClass   string  `json:"share_class"`
	Amount       int     `json:"amount"`
	Percentage   float64 `json:"percentage"`
	Currency     string  `json:"currency"`
}

// The people and the parent company the demo registry knows. Their names
// carry no keyword.
var (
	morgan = demoPerson{key: "morgan", given: "Morgan", family: "Ellis", dob: "1974-03"}
	jamie  = demoPerson{key: "jamie", given: "Jamie", family: "Ellis", dob: "1978-11"}
	casey  = demoPerson{key: "casey", given: "Casey", family: "Novak", dob: "1969-07"}
	riley  = demoPerson{key: "riley", given: "Riley", family: "Shah", dob: "1982-02"}
)

type demoPerson struct{ key, given, family, dob string }

func (r *run) person(p demoPerson, role string) associate {
	nat := "GBR"
	if passfort.IsCountryCode(r.facts.CountryOfIncorporation) {
		nat = r.facts.CountryOfIncorporation
	}
	data, _ := json.Marshal(map[string]any{
		"entity_type": "INDIVIDUAL",
		"personal_details": map[string]any{
			"name": fullName{GivenNames: []string{p.given}, FamilyName: p.family}, "dob": p.dob, "nationality": nat,
		},
	})
	return associate{
		ResolverID: uuidFor(r.req.CheckID, "associate/"+p.key), EntityType: "INDIVIDUAL",
		ImmediateData: data, ProviderName: ProviderName, OriginalRole: role,
	}
}

// parent is the company's corporate shareholder.
func (r *run) parent() associate {
	md := map[string]any{"name": holdings(r.facts.CompanyName), "number": otherNumber(otherNumber(r.facts.CompanyNumber))}
	if passfort.IsCountryCode(r.facts.CountryOfIncorporation) {
		md["country_of_incorporation"] = r.facts.CountryOfIncorporation
	}
	data, _ := json.Marshal(map[string]any{"entity_type": "COMPANY", "metadata": md})
	return associate{
		ResolverID: uuidFor(r.req.CheckID, "associate/parent"), EntityType: "COMPANY",
		ImmediateData: data, ProviderName: ProviderName, OriginalRole: "Shareholder",
	}
}

// holds makes a an owner of shares out of 1,000 ordinary shares.
func holds(a associate, shares int) associate {
	pct := float64(shares) / 10
	a.OriginalRole, a.TotalPercentage = "Shareholder", &pct
	a.Shareholdings = []shareholding{{
		ProviderName: ProviderName, ShareClass: "Ordinary", Amount: shares, Percentage: pct, Currency: "GBP",
	}}
	return a
}

// controls makes a a person with significant control.
func controls(a associate, natures ...string) associate {
	a.OriginalRole, a.NotifiedOn, a.NaturesOfControl = "Person with significant control", "2016-06-30", natures
	a.TotalPercentage, a.Shareholdings = nil, nil
	return a
}

const (
	owns25to50  = "ownership-of-shares-25-to-50-percent"
	owns75to100 = "ownership-of-shares-75-to-100-percent"
)

// people are the company's officers and owners in a scenario. By default
// Morgan Ellis is the director, and Morgan and Jamie Ellis hold half the
// shares each, both persons with significant control.
func (r *run) people(v string) (*officers, *ownership) {
	director := r.person(morgan, "Director")
	director.AppointedOn = "2015-04-01"
	of := &officers{Directors: []associate{director}}
	own := &ownership{
		Shareholders:     []associate{holds(r.person(morgan, ""), 500), holds(r.person(jamie, ""), 500)},
		BeneficialOwners: []associate{controls(r.person(morgan, ""), owns25to50), controls(r.person(jamie, ""), owns25to50)},
	}
	switch v {
	case "COMPANY_RESIGNED_OFFICER":
		gone := r.person(casey, "Director")
		gone.AppointedOn, gone.ResignedOn = "2012-01-16", "2019-09-30"
		of.Resigned = []associate{gone}
	case "COMPANY_FORMER_SHAREHOLDER":
		gone := holds(r.person(casey, ""), 0)
		gone.OriginalRole, gone.CeasedOn = "Former shareholder", "2020-02-28"
		own.Shareholders = append(own.Shareholders, gone)
	case "COMPANY_OFFICER_WITH_MULTIPLE_ROLES":
		secretary := r.person(morgan, "Secretary")
		secretary.AppointedOn = "2015-04-01"
		of.Secretaries = []associate{secretary}
	case "COMPANY_SHAREHOLDER_WITH_100_PERCENT_OWNERSHIP":
		own.Shareholders = []associate{holds(r.person(morgan, ""), 1000)}
		own.BeneficialOwners = []associate{controls(r.person(morgan, ""), owns75to100,
			"voting-rights-75-to-100-percent", "right-to-appoint-and-remove-directors")}
	case "COMPANY_SHAREHOLDER_WITH_SIGNIFICANT_CONTROL":
		own.Shareholders = []associate{holds(r.person(jamie, ""), 800), holds(r.person(morgan, ""), 200)}
		own.BeneficialOwners = []associate{controls(r.person(jamie, ""), owns75to100, "voting-rights-75-to-100-percent")}
	case "COMPANY_INDIVIDUAL_OF_SIGNIFICANT_CONTROL":
		own.BeneficialOwners = append(own.BeneficialOwners,
			controls(r.person(riley, ""), "significant-influence-or-control"))
	case "COMPANY_COMPANY_OF_SIGNIFICANT_CONTROL":
		own.Shareholders = []associate{holds(r.parent(), 1000)}
		own.BeneficialOwners = []associate{controls(r.parent(), owns75to100, "voting-rights-75-to-100-percent")}
	case internalPartial: // the registry knows who holds 40% of the shares only
		own.Shareholders = []associate{holds(r.person(morgan, ""), 400)}
		own.BeneficialOwners = []associate{controls(r.person(morgan, ""), owns25to50)}
	}
	return of, own
}
