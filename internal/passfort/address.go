package passfort

import "github.com/gatehouse/gatehouse/internal/kyc"

// address is an Address: free text or structured, told apart by type.
var address = discriminated("type", map[string]*schema{
	"FREEFORM":   freeformAddress,
	"STRUCTURED": structuredAddress,
}, "FREEFORM", "STRUCTURED")

var (
	freeformAddress = closedObject(fields{
		"type":    enum("FREEFORM"),
		"country": country,
		"text":    text,
	}, "country", "text", "type")

	structuredAddress = object(fields{
		"type":                        enum("STRUCTURED"),
		"country":                     country,
		"state_province":              text,
		"county":                      text,
		"postal_code":                 text,
		"locality":                    text,
		"route":                       text,
		"street_number":               text,
		"premise":                     text,
		"subpremise":                  text,
		"original_freeform_address":   text,
		"original_structured_address": {kind: objectKind},
	}, "type")
)

// addressHistory is an AddressHistory. An entry is either dated, with a
// start_date (and maybe an end_date), or undated, holding only the address:
// the contract's oneOf, decided by whether start_date is present, since an
// undated entry may not have one and a dated entry must.
var addressHistory = arrayOf(&schema{kind: objectKind, check: func(v *validator, n int32, depth int) *kyc.Error {
	if v.t.member(n, "start_date") >= 0 {
		return v.object(datedAddress, n, depth)
	}
	return v.object(undatedAddress, n, depth)
}})

var (
	datedAddress = object(fields{
		"address":    address,
		"start_date": pattern(approxDate),
		"end_date":   pattern(approxDate),
	}, "address", "start_date")

	undatedAddress = &schema{
		kind:     objectKind,
		props:    fields{"address": address},
		required: []string{"address"},
		closed:   "is not allowed without start_date",
	}
)
