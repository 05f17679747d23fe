package passfort

// individualData is IndividualData: EntityDataBase and a person's details.
var individualData = object(merge(entityDataBase, fields{
	"entity_type":      enum("INDIVIDUAL"),
	"personal_details": personalDetails,
	"address_history":  addressHistory,
	"contact_details": closedObject(fields{
		"phone_number": line,
		"email":        line,
	}),
	"ip_location": object(fields{
		"ip_address": text,
		"country":    country,
		"continent":  enum("AF", "AN", "AS", "EU", "NA", "OC", "SA"),
	}, "ip_address"),
}), "entity_type")

// personalDetails is PersonalDetails, also found in a document's extracted data.
var personalDetails = closedObject(fields{
	"name": object(fields{
		"title":            line,
		"given_names":      lines,
		"family_name":      line,
		"alt_family_names": lines,
	}),
	"dob":         pattern(partialDate),
	"nationality": pattern(icaoCode),
	"gender":      enum("M", "F"),

	// The contract declares national_identity_number with no properties and
	// additionalProperties: false, which allows only {}, yet its
	// x-patternProperties extension keys the numbers by country. We follow
	// the extension: keys are country codes (ISO 3166-1 alpha-3, a subset of
	// the extension's ^[A-Z]{3}$) and values are strings.
	"national_identity_number": {kind: objectKind, keys: countryKey, values: text},
})

func countryKey(k string) string {
	if countryCode(k) != "" {
		return "is not allowed here: keys must be ISO 3166-1 alpha-3 country codes"
	}
	return ""
}
