package integration

import (
	"bytes"
	"encoding/json"
	"strings"

	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/passfort"
)

// companyOutput is a company data check's check_output.
type companyOutput struct {
	Metadata           map[string]any   `json:"metadata"`
	Associates         []companyAssoc   `json:"associates"`
	FieldChecks        []map[string]any `json:"field_checks"`
	Officers           map[string]any   `json:"officers"`
	OwnershipStructure map[string]any   `json:"ownership_structure"`
}

// companyAssoc is an associate as a company data integration returns it:
// an entity with its data and its relationships to the company.
type companyAssoc struct {
	EntityType    string                `json:"entity_type"`
	ImmediateData json.RawMessage       `json:"immediate_data"`
	ProviderName  string                `json:"provider_name"`
	Relationships []companyRelationship `json:"relationships"`
}

type companyRelationship struct {
	RelationshipType string           `json:"relationship_type"`
	AssociatedRole   string           `json:"associated_role"`
	IsActive         *bool            `json:"is_active"`
	Tenure           string           `json:"tenure"`
	AppointedOn      string           `json:"appointed_on"`
	ResignedOn       string           `json:"resigned_on"`
	TotalPercentage  *float64         `json:"total_percentage"`
	Shareholdings    []map[string]any `json:"shareholdings"`
	NaturesOfControl []string         `json:"natures_of_control"`
}

// metadataMembers are the CompanyMetadata members 4.0 declares, copied as
// the integration sends them.
var metadataMembers = []string{
	"number", "bvd_id", "bvd9", "isin", "lei", "uk_charity_commission_number", "tax_ids", "name",
	"previous_names", "addresses", "country_of_incorporation", "state_of_incorporation", "jurisdiction",
	"areas_of_activity", "description", "number_of_employees", "registry", "sic_codes", "is_active",
	"contact_details", "incorporation_date", "company_type", "structured_company_type", "company_type_description",
	// Members of the integration's metadata 4.0 does not declare but
	// allows, kept because they say something (is_active says only yes or
	// no; industry_classifications also lists NACE and NAICS codes).
	"is_active_details", "industry_classifications",
}

// company maps a company data check. The output is 4.0 CompanyData:
// metadata with the members 4.0 declares, contact_information as
// contact_details, SIC industry_classifications as sic_codes,
// trade_description as description, and a company or street number sent
// as a JSON number as a string; associates as officers and ownership_structure (see
// companyAssociates); field_checks kept as they are (a member 4.0 allows).
//
// The result: the provider's when it gives one; Fail when there is no
// metadata (the provider found no such company); Refer (Partial for
// COMPANY_OWNERSHIP, else Fail) when a field check is a MISMATCH; Pass
// otherwise. An inactive company passes: whether that matters is for the
// policy to say.
func (m Mapping) company(r *Result) (kyc.CheckOutcome, *Problem) {
	name, given, p := providerResult(r)
	if p != nil {
		return kyc.CheckOutcome{}, p
	}
	if isAbsent(r.CheckOutput) {
		if !given {
			return kyc.CheckOutcome{}, &Problem{Field: "check_output", Reason: "is required when the answer has no result or errors"}
		}
		return kyc.CheckOutcome{Result: fit(m.Target, name)}, nil
	}
	var out companyOutput
	dec := json.NewDecoder(bytes.NewReader(r.CheckOutput))
	dec.UseNumber()
	if err := dec.Decode(&out); err != nil {
		return kyc.CheckOutcome{}, &Problem{Field: "check_output", Reason: describeJSON(err)}
	}
	output := map[string]any{"entity_type": kyc.Company}
	if out.Metadata != nil {
		output["metadata"] = companyMetadata(out.Metadata)
	}
	officers, owners, p := companyAssociates(out.Associates)
	if p != nil {
		return kyc.CheckOutcome{}, p
	}
	if out.Officers != nil {
		officers = mergeLists(out.Officers, officers)
	}
	if out.OwnershipStructure != nil {
		owners = mergeLists(out.OwnershipStructure, owners)
	}
	if len(officers) > 0 {
		output["officers"] = officers
	}
	if len(owners) > 0 {
		output["ownership_structure"] = owners
	}
	mismatch := false
	for i, fc := range out.FieldChecks {
		res, _ := fc["result"].(string)
		field, _ := fc["field"].(string)
		switch {
		case !contains([]string{"NAME", "NUMBER", "COUNTRY_OF_INCORPORATION", "IS_ACTIVE", "LEI", "ADDRESS"}, field):
			return kyc.CheckOutcome{}, &Problem{Field: "check_output.field_checks[" + itoa(i) + "].field", Reason: quote(field) + " is not a company field the protocol checks"}
		case res != "MATCH" && res != "MISMATCH":
			return kyc.CheckOutcome{}, &Problem{Field: "check_output.field_checks[" + itoa(i) + "].result", Reason: "must be MATCH or MISMATCH"}
		}
		mismatch = mismatch || res == "MISMATCH"
	}
	if len(out.FieldChecks) > 0 {
		output["field_checks"] = out.FieldChecks
	}
	raw := marshal(output)
	if _, _, err := passfort.DecodeEntityData(raw, "check_output"); err != nil {
		return kyc.CheckOutcome{}, problemOf(err)
	}
	result := "Pass"
	switch {
	case given:
		result = fit(m.Target, name)
	case out.Metadata == nil:
		result = "Fail"
	case mismatch:
		result = fit(m.Target, "Refer")
	}
	return kyc.CheckOutcome{Result: result, Output: raw}, nil
}

func companyMetadata(in map[string]any) map[string]any {
	md := map[string]any{}
	for _, k := range metadataMembers {
		if v, ok := in[k]; ok && v != nil {
			md[k] = v
		}
	}
	if n, ok := md["number"].(json.Number); ok {
		md["number"] = n.String()
	}
	// The protocol's own examples send street numbers as JSON numbers;
	// 4.0 has them as text.
	if addrs, ok := md["addresses"].([]any); ok {
		for _, a := range addrs {
			ca, _ := a.(map[string]any)
			if addr, ok := ca["address"].(map[string]any); ok {
				if n, ok := addr["street_number"].(json.Number); ok {
					addr["street_number"] = n.String()
				}
			}
		}
	}
	if _, ok := md["contact_details"]; !ok {
		if ci, ok := in["contact_information"].(map[string]any); ok {
			cd := map[string]any{}
			for _, k := range []string{"url", "email", "phone_number"} {
				if v, ok := ci[k].(string); ok {
					cd[k] = v
				}
			}
			md["contact_details"] = cd
		}
	}
	if _, ok := md["sic_codes"]; !ok {
		var sic []any
		ics, _ := in["industry_classifications"].([]any)
		for _, ic := range ics {
			c, _ := ic.(map[string]any)
			if t, _ := c["classification_type"].(string); t != "SIC" {
				continue
			}
			code, _ := c["code"].(string)
			desc, _ := c["description"].(string)
			sic = append(sic, map[string]any{"code": code, "description": desc})
		}
		if sic != nil {
			md["sic_codes"] = sic
		}
	}
	if _, ok := md["description"]; !ok {
		if td, ok := in["trade_description"].(string); ok {
			md["description"] = td
		}
	}
	return md
}

// officerLists says which Officers list an officer's role goes to.
var officerLists = map[string]string{
	"DIRECTOR": "directors", "SECRETARY": "secretaries", "PARTNER": "partners", "TRUSTEE": "trustees",
}

// companyAssociates sorts associates into 4.0's officers and
// ownership_structure by their relationships. The protocol's pages show no
// associate format; this follows the relationships the demo results
// describe (officers and shareholders with a CURRENT or FORMER tenure,
// persons with significant control): each associate carries entity_type,
// immediate_data (4.0 EntityData) and relationships, each with a
// relationship_type (OFFICER, SHAREHOLDER, SIGNIFICANT_CONTROL) and an
// associated_role (DIRECTOR, SECRETARY, PARTNER, TRUSTEE, SHAREHOLDER,
// BENEFICIAL_OWNER...), is_active or tenure, dates, shareholdings and
// natures of control.
//
// Current officers go to officers.<role> (other for roles 4.0 has no list
// for), former ones to officers.resigned; current shareholders to
// ownership_structure.shareholders; significant control and beneficial
// owners to ownership_structure.beneficial_owners. Former shareholders
// are left out: 4.0 has no place for them.
func companyAssociates(as []companyAssoc) (officers, owners map[string]any, p *Problem) {
	officers, owners = map[string]any{}, map[string]any{}
	add := func(m map[string]any, list string, e map[string]any) {
		l, _ := m[list].([]any)
		m[list] = append(l, e)
	}
	for i, a := range as {
		at := "check_output.associates[" + itoa(i) + "]"
		if a.EntityType != "INDIVIDUAL" && a.EntityType != "COMPANY" {
			return nil, nil, &Problem{Field: at + ".entity_type", Reason: "must be INDIVIDUAL or COMPANY"}
		}
		if isAbsent(a.ImmediateData) {
			return nil, nil, &Problem{Field: at + ".immediate_data", Reason: "is required"}
		}
		for j, rel := range a.Relationships {
			e := map[string]any{"entity_type": a.EntityType, "immediate_data": a.ImmediateData}
			if a.ProviderName != "" {
				e["provider_name"] = a.ProviderName
			}
			if rel.AssociatedRole != "" {
				e["original_role"] = rel.AssociatedRole
			}
			for k, v := range map[string]string{"appointed_on": rel.AppointedOn, "resigned_on": rel.ResignedOn} {
				if v != "" {
					e[k] = v
				}
			}
			if rel.TotalPercentage != nil {
				e["total_percentage"] = *rel.TotalPercentage
			}
			if len(rel.Shareholdings) > 0 {
				e["shareholdings"] = rel.Shareholdings
			}
			if len(rel.NaturesOfControl) > 0 {
				e["natures_of_control"] = rel.NaturesOfControl
			}
			former := strings.EqualFold(rel.Tenure, "FORMER") || rel.IsActive != nil && !*rel.IsActive || rel.ResignedOn != ""
			role := strings.ToUpper(rel.AssociatedRole)
			switch strings.ToUpper(rel.RelationshipType) {
			case "OFFICER":
				list := officerLists[role]
				switch {
				case former:
					list = "resigned"
				case list == "":
					list = "other"
				}
				add(officers, list, e)
			case "SHAREHOLDER":
				if !former {
					add(owners, "shareholders", e)
				}
			case "SIGNIFICANT_CONTROL", "BENEFICIAL_OWNER":
				if !former {
					add(owners, "beneficial_owners", e)
				}
			default:
				return nil, nil, &Problem{Field: at + ".relationships[" + itoa(j) + "].relationship_type",
					Reason: quote(rel.RelationshipType) + " is not one of OFFICER, SHAREHOLDER, SIGNIFICANT_CONTROL"}
			}
		}
	}
	return officers, owners, nil
}

// mergeLists adds the lists of b to those of a (4.0 shapes the
// integration sent as they are).
func mergeLists(a, b map[string]any) map[string]any {
	out := map[string]any{}
	for k, v := range a {
		out[k] = v
	}
	for k, v := range b {
		l, _ := out[k].([]any)
		bl, _ := v.([]any)
		out[k] = append(l, bl...)
	}
	return out
}
