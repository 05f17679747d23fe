package passfort

import (
	"bytes"
	"encoding/json"
	"unicode/utf8"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

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

// DecodeAddress validates one Address (STRUCTURED or FREEFORM) as the
// address members of collected data hold it, and returns it compacted. The
// error names the offending member under field, as DecodeEntityData does.
func DecodeAddress(raw []byte, field string) ([]byte, error) {
	if !utf8.Valid(raw) {
		return nil, kyc.FieldError(field, "is not valid UTF-8")
	}
	buf := bytes.NewBuffer(make([]byte, 0, len(raw)))
	if err := json.Compact(buf, raw); err != nil {
		return nil, kyc.FieldError(field, "is not valid JSON: "+err.Error())
	}
	data := buf.Bytes()
	if data[0] != '{' {
		return nil, kyc.FieldError(field, "must be an object")
	}
	t, kerr := parseTree(string(data), field)
	if kerr != nil {
		return nil, kerr
	}
	defer t.release()
	v := validator{t: t}
	if kerr := v.value(address, 0, 0); kerr != nil {
		return nil, kerr
	}
	return data, nil
}

// DecodeFormatRequest validates a POST /gatehouse/v1/address/format body,
// {"address": StructuredAddress, "domestic": bool}, and returns the
// address (compacted) and whether to leave the country line out.
func DecodeFormatRequest(body []byte) (addr []byte, domestic bool, err error) {
	var b struct {
		Address  json.RawMessage `json:"address"`
		Domestic *bool           `json:"domestic"`
	}
	if err := decodeBody(body, &b); err != nil {
		return nil, false, err
	}
	if len(b.Address) == 0 || string(b.Address) == "null" {
		return nil, false, kyc.MissingField("address")
	}
	if addr, err = DecodeAddress(b.Address, "address"); err != nil {
		return nil, false, err
	}
	var head struct {
		Type    string `json:"type"`
		Country string `json:"country"`
	}
	_ = json.Unmarshal(addr, &head) // valid: DecodeAddress read it
	switch {
	case head.Type != "STRUCTURED":
		return nil, false, kyc.FieldError("address.type", "must be STRUCTURED: a free-form address has no parts to lay out")
	case head.Country == "":
		return nil, false, kyc.MissingField("address.country")
	}
	return addr, b.Domestic != nil && *b.Domestic, nil
}
