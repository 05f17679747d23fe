package integrationtest

import (
	"strings"
)

// demoNotice is the provider_data of demo results, as the protocol asks.
const demoNotice = "Demo result: no request was made to the provider."

// result is the answer with a check's result: the synchronous answer, or
// that of /complete or of the poll that ends a check.
func (p *Provider) result(c *check) map[string]any {
	out := map[string]any{"errors": []any{}, "warnings": []any{}, "provider_data": map[string]any{"reference": c.reference}}
	if c.demo != "" {
		out["provider_data"] = demoNotice
	}
	if c.demo == "ANY_CHARGE" {
		out["charges"] = []any{map[string]any{"amount": 100, "sku": "GBR", "reference": c.id}}
	}
	var output map[string]any
	switch p.o.CheckType {
	case "IDENTITY_CHECK":
		output = identityOutput(c)
	case "COMPANY_DATA":
		output = companyOutput(c)
	case "DOCUMENT_VERIFICATION", "DOCUMENT_FETCH":
		if c.demo == "ERROR_UNSUPPORTED_DOCUMENT_TYPE" {
			out["errors"] = []any{map[string]any{"type": "INVALID_CHECK_INPUT", "sub_type": "UNSUPPORTED_DOCUMENT_TYPE",
				"message": "Demo result: the document type is not supported"}}
			return out
		}
		output = p.documentOutput(c)
	case "INDIVIDUAL_CUSTOM", "COMPANY_CUSTOM":
		decision := "PASS"
		switch d := c.config["decision"].(type) {
		case string:
			decision = d
		case []any:
			if len(d) > 0 {
				decision, _ = d[0].(string)
			}
		}
		out["result"] = map[string]any{"decision": decision, "summary": "The test provider decided " + decision}
		out["external_resources"] = []any{map[string]any{"type": "EMBED", "url": p.URL + "external/" + c.id, "id": c.id, "label": "Test report"}}
		return out
	default:
		output = screeningOutput(c)
	}
	out["check_output"] = output
	return out
}

// name is the individual's or company's name in a check input.
func name(in map[string]any) (given []any, family, company string) {
	pd, _ := in["personal_details"].(map[string]any)
	n, _ := pd["name"].(map[string]any)
	given, _ = n["given_names"].([]any)
	family, _ = n["family_name"].(string)
	md, _ := in["metadata"].(map[string]any)
	company, _ = md["name"].(string)
	return given, family, company
}

func database(name, typ string, fields ...string) map[string]any {
	return map[string]any{"database_name": name, "database_type": typ, "count": 1, "matched_fields": fields}
}

func identityOutput(c *check) map[string]any {
	credit := func(f ...string) map[string]any {
		return database("Test Credit Bureau", "CREDIT", append([]string{"FORENAME", "SURNAME"}, f...)...)
	}
	civil := func(f ...string) map[string]any {
		return database("Test Electoral Register", "CIVIL", append([]string{"FORENAME", "SURNAME"}, f...)...)
	}
	death := database("Test Death Index", "MORTALITY", "FORENAME", "SURNAME", "DOB")
	phone := map[string]any{"database_name": "Test Telephone Directory", "database_type": "CIVIL", "count": 0, "matched_fields": []string{}}
	var ms []any
	switch c.demo {
	case "NO_MATCHES":
		ms = []any{phone}
	case "ONE_NAME_ADDRESS_MATCH":
		ms = []any{credit("ADDRESS"), phone}
	case "ONE_NAME_DOB_MATCH":
		ms = []any{civil("DOB")}
	case "TWO_NAME_ADDRESS_MATCH":
		ms = []any{credit("ADDRESS"), civil("ADDRESS")}
	case "ONE_NAME_ADDRESS_ONE_NAME_DOB_MATCH":
		ms = []any{credit("ADDRESS"), civil("DOB")}
	case "ONE_NAME_ADDRESS_DOB_MATCH":
		ms = []any{credit("ADDRESS", "DOB")}
	case "MORTALITY_MATCH":
		ms = []any{death}
	case "ONE_NAME_ADDRESS_MORTALITY_MATCH":
		ms = []any{credit("ADDRESS"), death}
	case "ONE_NAME_ADDRESS_ONE_NAME_DOB_MORTALITY_MATCH":
		ms = []any{credit("ADDRESS"), civil("DOB"), death}
	default: // ANY, ANY_CHARGE, live
		ms = []any{credit("ADDRESS", "DOB", "IDENTITY_NUMBER"), civil("ADDRESS", "DOB"), phone}
	}
	return map[string]any{"entity_type": "INDIVIDUAL", "address_history": []any{},
		"electronic_id_check": map[string]any{"matches": ms, "provider_url": "https://provider.example/report"}}
}

func companyOutput(c *check) map[string]any {
	if c.demo == "NO_DATA" {
		return map[string]any{"entity_type": "COMPANY"}
	}
	_, _, company := name(c.input)
	if company == "" {
		company = "Test Company Ltd"
	}
	md, _ := c.input["metadata"].(map[string]any)
	number := md["number"] // may be a JSON number, as the protocol's own example sends it
	if number == nil {
		number = "01234567"
	}
	country, _ := md["country_of_incorporation"].(string)
	if country == "" {
		country = "GBR"
	}
	meta := map[string]any{
		"name": company, "number": number, "country_of_incorporation": country,
		"is_active": true, "is_active_details": "Active", "company_type": "Private limited company",
		"structured_company_type": map[string]any{"ownership_type": "COMPANY", "is_public": false, "is_limited": true},
		"incorporation_date":      "2009-04-01",
		"contact_information":     map[string]any{"url": "https://company.example", "email": "hello@company.example"},
		"industry_classifications": []any{
			map[string]any{"classification_type": "SIC", "code": "62012", "description": "Business and domestic software development", "classification_version": "UK SIC 2007"},
			map[string]any{"classification_type": "NACE", "code": "62.01", "description": "Computer programming activities", "classification_version": "NACE Rev. 2"},
		},
		"addresses": []any{map[string]any{"type": "registered_address", "address": map[string]any{
			"type": "STRUCTURED", "country": country, "locality": "Leeds", "postal_code": "LS1 4AP", "route": "Park Row", "street_number": 12,
		}}},
		"trade_description": "Software for testing",
		"previous_names":    []any{map[string]any{"name": "Test Ventures Ltd", "start": "2009-04-01", "end": "2014-06-30"}},
		"tax_ids":           []any{map[string]any{"tax_id_type": "VAT", "value": "GB123456789"}},
	}
	out := map[string]any{"entity_type": "COMPANY", "metadata": meta}
	var checks []any
	switch c.demo {
	case "COMPANY_INACTIVE":
		meta["is_active"], meta["is_active_details"] = false, "Dissolved"
	case "COMPANY_NAME_MISMATCH":
		meta["name"] = company + " (Trading)"
		checks = append(checks, map[string]any{"field": "NAME", "result": "MISMATCH"})
	case "COMPANY_NUMBER_MISMATCH":
		meta["number"] = "09999999"
		checks = append(checks, map[string]any{"field": "NUMBER", "result": "MISMATCH"})
	case "COMPANY_ADDRESS_MATCH":
		checks = append(checks, map[string]any{"field": "ADDRESS", "result": "MATCH"})
	case "COMPANY_ADDRESS_MISMATCH":
		checks = append(checks, map[string]any{"field": "ADDRESS", "result": "MISMATCH"})
	}
	if checks != nil {
		out["field_checks"] = checks
	}
	person := func(given, family string) map[string]any {
		return map[string]any{"entity_type": "INDIVIDUAL", "personal_details": map[string]any{
			"name": map[string]any{"given_names": []string{given}, "family_name": family}, "dob": "1970-02"}}
	}
	director := map[string]any{"entity_type": "INDIVIDUAL", "immediate_data": person("Alex", "Director"), "relationships": []any{
		map[string]any{"relationship_type": "OFFICER", "associated_role": "DIRECTOR", "is_active": true, "appointed_on": "2009-04-01"},
		map[string]any{"relationship_type": "SHAREHOLDER", "associated_role": "SHAREHOLDER", "is_active": true, "total_percentage": 60,
			"shareholdings": []any{map[string]any{"share_class": "Ordinary", "currency": "GBP", "amount": 60, "percentage": 60}}},
	}}
	holding := map[string]any{"entity_type": "COMPANY", "immediate_data": map[string]any{"entity_type": "COMPANY",
		"metadata": map[string]any{"name": "Test Holdings PLC", "number": "07654321", "country_of_incorporation": "GBR"}}, "relationships": []any{
		map[string]any{"relationship_type": "SHAREHOLDER", "associated_role": "SHAREHOLDER", "is_active": true, "total_percentage": 40},
		map[string]any{"relationship_type": "SIGNIFICANT_CONTROL", "associated_role": "PERSON_WITH_SIGNIFICANT_CONTROL", "is_active": true,
			"natures_of_control": []string{"ownership-of-shares-25-to-50-percent"}},
	}}
	associates := []any{director, holding}
	switch c.demo {
	case "COMPANY_RESIGNED_OFFICER":
		associates = append(associates, map[string]any{"entity_type": "INDIVIDUAL", "immediate_data": person("Sam", "Secretary"), "relationships": []any{
			map[string]any{"relationship_type": "OFFICER", "associated_role": "SECRETARY", "tenure": "FORMER", "appointed_on": "2009-04-01", "resigned_on": "2015-01-31"},
		}})
	case "COMPANY_SHAREHOLDER_WITH_100_PERCENT_OWNERSHIP":
		associates = []any{map[string]any{"entity_type": "COMPANY", "immediate_data": holding["immediate_data"], "relationships": []any{
			map[string]any{"relationship_type": "SHAREHOLDER", "associated_role": "SHAREHOLDER", "is_active": true, "total_percentage": 100},
		}}}
	case "COMPANY_INDIVIDUAL_OF_SIGNIFICANT_CONTROL":
		rels := director["relationships"].([]any)
		director["relationships"] = append(rels, map[string]any{"relationship_type": "SIGNIFICANT_CONTROL",
			"associated_role": "PERSON_WITH_SIGNIFICANT_CONTROL", "is_active": true, "natures_of_control": []string{"voting-rights-50-to-75-percent"}})
	}
	out["associates"] = associates
	return out
}

func (p *Provider) documentOutput(c *check) map[string]any {
	given, family, _ := name(c.input)
	pd, _ := c.input["personal_details"].(map[string]any)
	dob, _ := pd["dob"].(string)
	read := map[string]any{"name": map[string]any{"given_names": given, "family_name": family}}
	switch c.demo {
	case "DOCUMENT_NAME_FIELD_DIFFERENT":
		read["name"] = map[string]any{"given_names": given, "family_name": family + "son"}
	case "DOCUMENT_NAME_FIELD_UNREADBALE":
		delete(read, "name")
	}
	switch {
	case c.demo == "DOCUMENT_DOB_FIELD_DIFFERENT":
		read["dob"] = "1901-01-01"
	case c.demo != "DOCUMENT_DOB_FIELD_UNREADBALE" && dob != "":
		read["dob"] = dob
	}
	imagePass, forgeryPass := c.demo != "DOCUMENT_IMAGE_CHECK_FAILURE", c.demo != "DOCUMENT_FORGERY_CHECK_FAILURE"
	passFail := func(ok bool) string {
		if ok {
			return "PASS"
		}
		return "FAIL"
	}
	result := map[string]any{
		"image_checks_passed":   imagePass,
		"image_checks":          []any{map[string]any{"category": "IMAGE_QUALITY", "type": "FOCUS", "result": passFail(imagePass)}},
		"forgery_checks_passed": forgeryPass,
		"forgery_checks":        []any{map[string]any{"category": "SECURITY", "type": "HOLOGRAM", "result": passFail(forgeryPass)}},
		"document_type_passed":  true,
		"all_passed":            imagePass && forgeryPass,
	}
	extracted := map[string]any{"personal_details": read, "issuing_country": "GBR", "number": "TP1234567",
		"issued": "2021-01-01", "expiry": "2031-01-01"}
	docs, _ := c.input["documents"].([]any)
	out := []any{}
	for _, d := range docs {
		in, _ := d.(map[string]any)
		doc := map[string]any{"category": in["category"], "document_type": in["document_type"], "images": in["images"],
			"extracted_data": extracted, "verification_result": result}
		if id, ok := in["id"]; ok {
			doc["id"] = id
		}
		if p.o.CheckType == "DOCUMENT_FETCH" {
			// The placeholder's id and category stay; the provider fills in the rest.
			ref := strings.ToUpper(c.reference)
			doc["document_type"] = "PASSPORT"
			doc["images"] = []any{
				map[string]any{"image_type": "FRONT", "provider_reference": "IMG-" + ref + "-FRONT"},
				map[string]any{"image_type": "FACE", "provider_reference": "IMG-" + ref + "-FACE"},
			}
		}
		out = append(out, doc)
	}
	return map[string]any{"entity_type": "INDIVIDUAL", "documents": out}
}

func screeningOutput(c *check) map[string]any {
	given, family, company := name(c.input)
	who := company
	if who == "" {
		parts := []string{}
		for _, g := range given {
			if s, ok := g.(string); ok {
				parts = append(parts, s)
			}
		}
		who = strings.TrimSpace(strings.Join(append(parts, family), " "))
	}
	if who == "" {
		who = "Unnamed Entity"
	}
	hit := func(id, status string, flags ...string) map[string]any {
		fs := []any{}
		data := map[string]any{
			"name": who, "aliases": []string{strings.ToUpper(who)}, "confidence_score": 0.91, "gender": "unknown",
			"dates":     []any{map[string]any{"type": "DOB", "date": "1961-07"}},
			"countries": []any{map[string]any{"type": "NATIONALITY", "country": "GBR"}, map[string]any{"type": "UNKNOWN", "country": "Atlantis"}},
			"sources":   []any{map[string]any{"name": "Test Watchlist", "url": "https://lists.example/watch"}},
			"details":   []any{map[string]any{"title": "Remarks", "text": "Synthetic record for tests"}},
			"associates": []any{map[string]any{"association": map[string]any{"label": "Spouse"},
				"data": map[string]any{"name": "Jordan Example"}, "flags": []any{}}},
		}
		for _, f := range flags {
			fs = append(fs, map[string]any{"type": f, "label": strings.ToLower(f)})
			switch f {
			case "PEP":
				data["pep"] = map[string]any{"tier": 2, "roles": []any{map[string]any{"name": "Member of the Test Parliament", "tier": 2,
					"tenure": map[string]any{"start": "2005-05", "end": "2010-04"}}}}
			case "SANCTION":
				data["sanctions"] = []any{map[string]any{"name": "Asset freeze", "type": "FINANCIAL", "list": map[string]any{"name": "Test Consolidated List"},
					"issued_by": "Test Treasury", "time_periods": []any{map[string]any{"start": "2014-03-17"}}}}
			case "ADVERSE_MEDIA":
				data["media"] = []any{map[string]any{"title": "Test Gazette: questions over accounts", "url": "https://news.example/1",
					"snippet": "Synthetic article for tests", "date": "2019-11-02"}}
			}
		}
		return map[string]any{"provider": map[string]any{"name": "Test Screening", "label": "test-screening", "hit_id": id},
			"status": status, "flags": fs, "data": data}
	}
	var hits []any
	switch c.demo {
	case "SCREEN_NO_HITS":
		hits = []any{}
	case "SCREEN_SINGLE_PEP":
		hits = []any{hit("H-PEP", "UNRESOLVED", "PEP")}
	case "SCREEN_SINGLE_SANCTION":
		hits = []any{hit("H-SAN", "UNRESOLVED", "SANCTION")}
	case "SCREEN_SINGLE_ADVERSE_MEDIA":
		hits = []any{hit("H-MED", "UNRESOLVED", "ADVERSE_MEDIA")}
	case "SCREEN_SINGLE_REFER":
		hits = []any{hit("H-REF", "UNRESOLVED", "REFER")}
	case "SCREEN_ALL_FLAGS_SAME_HIT":
		hits = []any{hit("H-ALL", "UNRESOLVED", "PEP", "SANCTION", "ADVERSE_MEDIA", "REFER")}
	case "SCREEN_ALL_FLAGS_SEPARATE_HITS":
		hits = []any{hit("H-PEP", "UNRESOLVED", "PEP"), hit("H-SAN", "UNRESOLVED", "SANCTION"),
			hit("H-MED", "UNRESOLVED", "ADVERSE_MEDIA"), hit("H-REF", "UNRESOLVED", "REFER")}
	default: // ANY, live: one potential match and one the provider ruled out
		hits = []any{hit("H-PEP", "UNRESOLVED", "PEP"), hit("H-OUT", "MISMATCH", "SANCTION")}
	}
	et, _ := c.input["entity_type"].(string)
	if et == "" {
		et = "INDIVIDUAL"
	}
	return map[string]any{"entity_type": et, "screening_hits": hits}
}
