package passfort

import "github.com/gatehouse/gatehouse/internal/kyc"

// companyFiling is a CompanyFiling. The contract defines it as a
// CompanyDocument that is itself a CompanyFiling; a validator that treats
// the cycle as satisfied, as kin-openapi does, is left with this object, and
// with the filing's anyOf: it has a price or a document.
var companyFiling = &schema{kind: objectKind, check: func(v *validator, n int32, depth int) *kyc.Error {
	if err := v.object(filing, n, depth); err != nil {
		return err
	}
	if v.t.member(n, "price") < 0 && v.t.member(n, "document") < 0 {
		return missingOneOf(v.t.path(n), "price", "document")
	}
	return nil
}}

var filing = object(fields{
	"document":                document,
	"type":                    documentType,
	"source_id":               text,
	"date_of_filing":          pattern(fullDate),
	"description":             text,
	"resolution_descriptions": texts,
	"source":                  text,
	"error": object(fields{
		"code":    integer,
		"message": text,
		"source":  enum("ENGINE", "API", "PROVIDER"),
		"info":    anyJSON,
	}),
	"price": integer,
}, "source_id")
