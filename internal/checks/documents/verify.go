package documents

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/mrz"
)

// Field check names and results of the contract.
const (
	fieldMRZ            = "FIELD_MRZ"
	fieldNumber         = "FIELD_NUMBER"
	fieldIssuingCountry = "FIELD_ISSUING_COUNTRY"
	fieldExpiry         = "FIELD_EXPIRY"
	fieldFamilyName     = "FIELD_FAMILY_NAME"
	fieldGivenNames     = "FIELD_GIVEN_NAMES"
	fieldDOB            = "FIELD_DOB"
	fieldGender         = "FIELD_GENDER"
	fieldNationality    = "FIELD_NATIONALITY"

	checkValid   = "CHECK_VALID"
	checkInvalid = "CHECK_INVALID"
)

// fieldOrder is the order field checks are reported in.
var fieldOrder = []string{fieldMRZ, fieldNumber, fieldIssuingCountry, fieldExpiry, fieldFamilyName,
	fieldGivenNames, fieldDOB, fieldGender, fieldNationality}

// mrzFields maps the zone's fields (as package mrz names them) to the
// contract's checked fields.
var mrzFields = map[string]string{
	"document_number": fieldNumber, "issuing_state": fieldIssuingCountry, "expiry_date": fieldExpiry,
	"surname": fieldFamilyName, "name": fieldFamilyName, "date_of_birth": fieldDOB, "sex": fieldGender,
	"nationality": fieldNationality, "personal_number": fieldMRZ, "composite": fieldMRZ, "document_code": fieldMRZ,
}

// identityTypes are the document types read by zone; other types carry no
// zone this provider reads.
var identityTypes = []string{"PASSPORT", "STATE_ID", "VOTER_ID", "DRIVING_LICENCE", "UNKNOWN"}

// verification accumulates a document's result.
type verification struct {
	res     *documentResult
	fields  map[string]string
	reasons []string
}

func (v *verification) valid(field string) {
	if _, ok := v.fields[field]; !ok {
		v.fields[field] = checkValid
	}
}

func (v *verification) invalid(field, reason string) {
	v.fields[field] = checkInvalid
	v.reasons = append(v.reasons, field+": "+reason)
}

// verify checks a document's zone and compares it with the extracted data
// and the profile's facts. It returns a problem for a document that cannot
// be checked at all (no zone, a type without one).
func verify(d *inputDocument, f *kyc.Facts, now time.Time, allowSpecimen bool) (*documentResult, *problem) {
	if !slices.Contains(identityTypes, d.DocumentType) {
		return nil, &problem{201, "document type " + d.DocumentType + " has no machine-readable zone this provider reads (passports and identity cards)"}
	}
	x := &d.data
	if strings.TrimSpace(x.MRZ1) == "" && strings.TrimSpace(x.MRZ2) == "" {
		return nil, &problem{101, "the document has no machine-readable zone: extracted_data.mrz1 and mrz2 (and mrz3 for a card) are needed"}
	}
	v := &verification{fields: map[string]string{}, res: &documentResult{ProviderName: ProviderName,
		ImageChecksPassed: true, DocumentTypePassed: true, ForgeryChecksPassed: true}}
	for range d.imageIDs {
		v.res.ImageChecks = append(v.res.ImageChecks, documentCheck{Category: "IMAGE", Type: "UPLOADED_TO_PROFILE", Result: "PASS"})
	}
	var lines []string
	for _, l := range []string{x.MRZ1, x.MRZ2, x.MRZ3} {
		if strings.TrimSpace(l) != "" {
			lines = append(lines, l)
		}
	}
	z, err := mrz.Parse(mrz.Options{Now: now, AllowSpecimen: allowSpecimen}, lines...)
	if z == nil {
		v.res.ForgeryChecks = []documentCheck{{Category: "MRZ", Type: "FORMAT", Result: "FAIL"}}
		v.res.ForgeryChecksPassed = false
		v.invalid(fieldMRZ, "the zone cannot be read: "+zoneError(err))
		return v.finish(), nil
	}
	_ = err // the problems are in z.Problems
	v.res.ForgeryChecks = append(v.res.ForgeryChecks, documentCheck{Category: "MRZ", Type: "FORMAT", Result: "PASS"})
	for _, c := range z.Checks {
		r := "PASS"
		if !c.Valid {
			r, v.res.ForgeryChecksPassed = "FAIL", false
		}
		v.res.ForgeryChecks = append(v.res.ForgeryChecks, documentCheck{Category: "MRZ_CHECK_DIGIT", Type: strings.ToUpper(c.Field), Result: r})
	}
	for _, p := range z.Problems {
		field := mrzFields[p.Field]
		if field == "" {
			field = fieldMRZ
		}
		if p.Field == "document_code" {
			v.res.DocumentTypePassed = false
		}
		v.invalid(field, p.Field+" ("+where(z.Format, p.Field)+"): "+p.Reason)
	}
	v.res.MRZ = &mrzRead{Format: string(z.Format), DocumentCode: z.DocumentCode, IssuingState: z.IssuingState,
		Surname: z.Surname, GivenNames: z.GivenNames, NameTruncated: z.NameTruncated, DocumentNumber: z.DocumentNumber,
		Nationality: z.Nationality, DateOfBirth: z.DateOfBirth.String(), Sex: z.Sex, ExpiryDate: z.ExpiryDate.String()}
	v.documentType(d.DocumentType, z)
	v.expiry(z, x, now)
	v.compare(z, x, f)
	for _, field := range []string{fieldMRZ, fieldNumber, fieldIssuingCountry, fieldFamilyName, fieldGivenNames, fieldDOB, fieldNationality} {
		v.valid(field)
	}
	if z.Sex == "M" || z.Sex == "F" {
		v.valid(fieldGender)
	}
	return v.finish(), nil
}

// zoneError is the reason package mrz gave for a zone it could not read,
// with the member it names as a path in the document.
func zoneError(err error) string {
	var ke *kyc.Error
	if !errors.As(err, &ke) {
		return "it is not an ICAO 9303 zone"
	}
	if field, ok := ke.Info["field"].(string); ok {
		reason, _ := ke.Info["reason"].(string)
		return "extracted_data." + field + ": " + reason
	}
	return ke.Message
}

// where names the line of the document's extracted data holding a field
// of the zone.
func where(f mrz.Format, field string) string {
	line := "mrz2"
	switch field {
	case "document_code", "issuing_state", "name", "surname":
		line = "mrz1"
		if f == mrz.TD1 && (field == "name" || field == "surname") {
			line = "mrz3"
		}
	case "document_number":
		if f == mrz.TD1 {
			line = "mrz1"
		}
	}
	return "extracted_data." + line
}

// documentType checks the zone's document code against the document's
// type: a passport's zone is a TD3 starting with P; an identity card's a
// TD1 or TD2 starting with I, A or C; a visa is no identity document.
func (v *verification) documentType(t string, z *mrz.Document) {
	ok := true
	switch {
	case z.Format == mrz.MRVA || z.Format == mrz.MRVB:
		v.res.DocumentTypePassed = false
		v.invalid(fieldMRZ, fmt.Sprintf("the zone is a visa's (%s), and a visa is no identity document", z.Format))
		return
	case t == "PASSPORT":
		ok = z.Format == mrz.TD3
	case t == "UNKNOWN":
	default:
		ok = z.Format == mrz.TD1 || z.Format == mrz.TD2
	}
	if !ok {
		v.res.DocumentTypePassed = false
		v.invalid(fieldMRZ, fmt.Sprintf("the zone is a %s zone of a document coded %q, which is not a %s", z.Format, z.DocumentCode, t))
	}
}

// expiry fails an expired document, and one whose extracted expiry date
// differs from the zone's.
func (v *verification) expiry(z *mrz.Document, x *extracted, now time.Time) {
	if z.Expired(now) {
		v.invalid(fieldExpiry, "the document expired on "+z.ExpiryDate.String())
	}
	if x.Expiry != "" && z.ExpiryDate.String() != "" && x.Expiry != z.ExpiryDate.String() {
		v.invalid(fieldExpiry, "extracted_data.expiry "+x.Expiry+" differs from the zone's "+z.ExpiryDate.String())
	}
	v.valid(fieldExpiry)
}
