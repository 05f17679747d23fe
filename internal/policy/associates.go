package policy

import (
	"slices"

	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/google/cel-go/common/types"
)

// associatesVar builds `profile.associates`: a map per profile the company
// links (direct), then per beneficial owner found further down its
// ownership chain (not direct), each with its roles, countries, screening
// state and position in the ownership graph. docs/policy.md lists the keys.
func associatesVar(p *kyc.Profile, threshold float64) []any {
	if p.EntityType() != kyc.Company || !p.LinksLoaded() && len(p.Facts().Associates) == 0 {
		return []any{}
	}
	owners := map[string]*kyc.Owner{}
	o := p.Ownership(threshold)
	for i := range o.Owners {
		owners[o.Owners[i].Node.ID] = &o.Owners[i]
	}
	var out []any
	seen := map[string]bool{}
	for _, l := range p.Links() {
		a := p.Associate(l.AssociateID)
		if a == nil {
			continue
		}
		seen[a.ID] = true
		roles := make([]string, len(l.Roles))
		for i, r := range l.Roles {
			roles[i] = string(r)
		}
		out = append(out, associateMap(a.ID, a.DisplayName, a.EntityType(), roles, true, true, a, owners[a.ID]))
	}
	for i := range o.Owners {
		w := &o.Owners[i]
		if !w.BeneficialOwner || seen[w.Node.ID] {
			continue
		}
		var a *kyc.Associate
		if w.Node.ProfileID != "" {
			a = p.Associate(w.Node.ProfileID)
		}
		out = append(out, associateMap(w.Node.ID, w.Node.Name, w.Node.EntityType, []string{}, a != nil, false, a, w))
	}
	return out
}

func associateMap(id, name string, et kyc.EntityType, roles []string, linked, direct bool, a *kyc.Associate, w *kyc.Owner) map[string]any {
	m := map[string]any{
		"id": types.String(id), "name": types.String(name), "entity_type": types.String(et),
		"roles": types.NewStringList(adapter, roles), "linked": types.Bool(linked), "direct": types.Bool(direct),
		"ownership": types.Double(0), "control": types.False, "beneficial_owner": types.False,
	}
	if w != nil {
		m["ownership"], m["control"], m["beneficial_owner"] = types.Double(w.Percentage), types.Bool(w.Control), types.Bool(w.BeneficialOwner)
	}
	var pep, potentialPEP, sanctioned, potentialSanction, media bool
	countries := []string{}
	nationality := ""
	if a != nil {
		for _, e := range a.Events {
			match, open := e.Resolution == kyc.ResolvedMatch, e.Resolution == kyc.Unresolved
			switch e.Type {
			case kyc.EventPEP:
				pep, potentialPEP = pep || match, potentialPEP || open
			case kyc.EventSanction:
				sanctioned, potentialSanction = sanctioned || match, potentialSanction || open
			case kyc.EventAdverseMedia:
				media = media || match
			}
		}
		f := a.Facts()
		nationality = f.Nationality
		for _, c := range f.Countries() {
			if !slices.Contains(countries, c) {
				countries = append(countries, c)
			}
		}
	}
	m["nationality"], m["countries"] = types.String(nationality), types.NewStringList(adapter, countries)
	m["pep"], m["potential_pep"] = types.Bool(pep), types.Bool(potentialPEP)
	m["sanctioned"], m["potential_sanction"] = types.Bool(sanctioned), types.Bool(potentialSanction)
	m["adverse_media"] = types.Bool(media)
	return m
}
