package demo

import (
	"encoding/json"

	"github.com/gatehouse/gatehouse/internal/checks/demo/registry"
)

type officers struct {
	Directors   []associate `json:"directors,omitempty"`
	Secretaries []associate `json:"secretaries,omitempty"`
	Partners    []associate `json:"partners,omitempty"`
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
	Currency     string  `json:"currency,omitempty"`
}

// person is a registry person as an associate, with an id derived from
// the check's and the person's key within the company.
func (r *run) person(p registry.Person, role string) associate {
	data, _ := json.Marshal(map[string]any{
		"entity_type": "INDIVIDUAL",
		"personal_details": map[string]any{
			"name": fullName{GivenNames: p.GivenNames, FamilyName: p.FamilyName}, "dob": p.DOB, "nationality": p.Nationality,
		},
	})
	return associate{
		ResolverID: uuidFor(r.req.CheckID, "associate/"+p.Key), EntityType: "INDIVIDUAL",
		ImmediateData: data, ProviderName: ProviderName, OriginalRole: role,
	}
}

// parent is the company's corporate shareholder: a holding company of the
// same country, with the number the registry gives its name.
func (r *run) parent(co *registry.Company) associate {
	name := holdings(co.Name)
	md := map[string]any{"name": name, "number": registry.NumberFor(co.Country, co.State, name), "country_of_incorporation": co.Country}
	data, _ := json.Marshal(map[string]any{"entity_type": "COMPANY", "metadata": md})
	return associate{
		ResolverID: uuidFor(r.req.CheckID, "associate/parent"), EntityType: "COMPANY",
		ImmediateData: data, ProviderName: ProviderName, OriginalRole: "Shareholder",
	}
}

// holds makes a an owner of shares of the company.
func holds(co *registry.Company, a associate, shares int, pct float64) associate {
	a.OriginalRole, a.TotalPercentage = "Shareholder", &pct
	class := co.ShareClass
	if class == "" {
		class = "Ordinary"
	}
	a.Shareholdings = []shareholding{{
		ProviderName: ProviderName, ShareClass: class, Amount: shares, Percentage: pct, Currency: co.Currency,
	}}
	return a
}

// controls makes a a person with significant control.
func controls(a associate, notified string, natures ...string) associate {
	a.OriginalRole, a.NotifiedOn, a.NaturesOfControl = "Person with significant control", notified, natures
	a.TotalPercentage, a.Shareholdings = nil, nil
	return a
}

// people are the company's officers and owners as the registry holds them,
// changed by the scenario: a resigned officer, a former shareholder, one
// person with two roles, a single owner, a majority owner, a controller
// without shares, a parent company, or only 40% of the shares known.
func (r *run) people(co *registry.Company, v string) (*officers, *ownership) {
	of := &officers{}
	for _, o := range co.Officers {
		a := r.person(o.Person, o.Role)
		a.AppointedOn, a.ResignedOn = o.Appointed, o.Resigned
		switch {
		case o.Secretary:
			of.Secretaries = append(of.Secretaries, a)
		case co.Form.Ownership == "PARTNERSHIP":
			of.Partners = append(of.Partners, a)
		case co.Form.Charity:
			of.Trustees = append(of.Trustees, a)
		default:
			of.Directors = append(of.Directors, a)
		}
	}
	own := &ownership{Shareholders: []associate{}, BeneficialOwners: []associate{}}
	for _, h := range co.Shareholders {
		own.Shareholders = append(own.Shareholders, holds(co, r.person(h.Person, ""), h.Shares, h.Percentage))
	}
	for _, c := range co.Controllers {
		own.BeneficialOwners = append(own.BeneficialOwners, controls(r.person(c.Person, ""), c.NotifiedOn, c.Natures...))
	}
	first := co.Officers[0]
	notified := co.Incorporated
	if len(co.Controllers) > 0 {
		notified = co.Controllers[0].NotifiedOn
	}
	total := max(co.Shares, 100)
	switch v {
	case "COMPANY_RESIGNED_OFFICER":
		from, to := co.Period("former-director")
		gone := r.person(co.Extra("former-director"), first.Role)
		gone.AppointedOn, gone.ResignedOn = from, to
		of.Resigned = append(of.Resigned, gone)
	case "COMPANY_FORMER_SHAREHOLDER":
		_, ceased := co.Period("former-shareholder")
		gone := holds(co, r.person(co.Extra("former-shareholder"), ""), 0, 0)
		gone.OriginalRole, gone.CeasedOn = "Former shareholder", ceased
		own.Shareholders = append(own.Shareholders, gone)
	case "COMPANY_OFFICER_WITH_MULTIPLE_ROLES":
		secretary := r.person(first.Person, "Secretary")
		secretary.AppointedOn = first.Appointed
		of.Secretaries = append([]associate{secretary}, of.Secretaries...)
	case "COMPANY_SHAREHOLDER_WITH_100_PERCENT_OWNERSHIP":
		own.Shareholders = []associate{holds(co, r.person(first.Person, ""), total, 100)}
		own.BeneficialOwners = []associate{controls(r.person(first.Person, ""), notified, registry.OwnershipNature(100),
			"voting-rights-75-to-100-percent", "right-to-appoint-and-remove-directors")}
	case "COMPANY_SHAREHOLDER_WITH_SIGNIFICANT_CONTROL":
		minority := co.Extra("minority-shareholder")
		if len(co.Officers) > 1 && !co.Officers[1].Secretary {
			minority = co.Officers[1].Person
		}
		own.Shareholders = []associate{holds(co, r.person(first.Person, ""), total*8/10, 80), holds(co, r.person(minority, ""), total*2/10, 20)}
		own.BeneficialOwners = []associate{controls(r.person(first.Person, ""), notified, registry.OwnershipNature(80), "voting-rights-75-to-100-percent")}
	case "COMPANY_INDIVIDUAL_OF_SIGNIFICANT_CONTROL":
		_, since := co.Period("influence")
		own.BeneficialOwners = append(own.BeneficialOwners,
			controls(r.person(co.Extra("influence"), ""), since, "significant-influence-or-control"))
	case "COMPANY_COMPANY_OF_SIGNIFICANT_CONTROL":
		own.Shareholders = []associate{holds(co, r.parent(co), total, 100)}
		own.BeneficialOwners = []associate{controls(r.parent(co), notified, registry.OwnershipNature(100), "voting-rights-75-to-100-percent")}
	case internalPartial: // the registry knows who holds 40% of the shares only
		own.Shareholders = []associate{holds(co, r.person(first.Person, ""), total*4/10, 40)}
		own.BeneficialOwners = []associate{controls(r.person(first.Person, ""), notified, registry.OwnershipNature(40))}
	}
	return of, own
}
