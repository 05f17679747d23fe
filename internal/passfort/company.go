package passfort

// companyData is CompanyData: EntityDataBase and a company's register data,
// officers and owners.
var companyData = object(merge(entityDataBase, fields{
	"entity_type":          enum("COMPANY"),
	"metadata":             companyMetadata,
	"authorized_persons":   associates,
	"unauthorized_persons": associates,
	"ownership_structure": object(fields{
		"shareholders": associates,
		"share_classes": arrayOf(object(fields{
			"name":     text,
			"currency": text,
			"value":    number,
			"votes":    number,
		}, "name")),
		"beneficial_owners": associates,
	}),
	"officers": object(fields{
		"directors":   associates,
		"secretaries": associates,
		"partners":    associates,
		"resigned":    associates,
		"trustees":    associates,
		"other":       associates,
	}),
	"filings": arrayOf(companyFiling),
	"charity_data": object(fields{
		"activities":           texts,
		"beneficiaries":        texts,
		"purposes":             texts,
		"number_of_volunteers": number,
		"registration_date":    pattern(fullDate),
	}),
}), "entity_type")

var companyMetadata = object(fields{
	"number":                       line,
	"bvd_id":                       text,
	"bvd9":                         text,
	"isin":                         text,
	"lei":                          text,
	"uk_charity_commission_number": text,
	"tax_ids": arrayOf(object(fields{
		"tax_id_type": enum("EUROVAT", "VAT", "EIN"),
		"value":       text,
	}, "tax_id_type", "value")),
	"name": line,
	"previous_names": arrayOf(object(fields{
		"start": pattern(fullDate),
		"end":   pattern(fullDate),
		"name":  text,
	})),
	"addresses": arrayOf(object(fields{
		"type":    enum("registered_address", "branch_address", "head_office_address", "contact_address"),
		"address": address,
	})),
	"country_of_incorporation": country,
	"state_of_incorporation":   {kind: stringKind, nullable: true},
	"jurisdiction":             text,
	"areas_of_activity":        arrayOf(object(fields{"location": text})),
	"description":              text,
	"number_of_employees":      number,
	"registry":                 text,
	"sic_codes":                arrayOf(object(fields{"code": text, "description": text})),
	"is_active":                boolean,
	"contact_details":          object(fields{"phone_number": text, "url": text, "email": text}),
	"incorporation_date":       pattern(fullDate),
	"company_type":             text,
	"structured_company_type": object(fields{
		"is_public":      boolean,
		"is_limited":     boolean,
		"ownership_type": enum("PARTNERSHIP", "COMPANY", "SOLE_PROPRIETORSHIP", "ASSOCIATION", "TRUST", "OTHER"),
	}),
	"company_type_description": text,
})
