package mrz

import (
	"strings"
	"time"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

// Format is the layout of a zone, fixed by its line count and length and,
// for visas, its document code.
type Format string

// The layouts of Doc 9303 Parts 4 to 7.
const (
	TD1  Format = "TD1"   // ID card: 3 lines of 30
	TD2  Format = "TD2"   // ID card: 2 lines of 36
	TD3  Format = "TD3"   // passport: 2 lines of 44
	MRVA Format = "MRV-A" // visa: 2 lines of 44, no composite digit
	MRVB Format = "MRV-B" // visa: 2 lines of 36, no composite digit
)

// Document is what a zone says. Codes and numbers are as printed with their
// trailing fillers removed; names have '<' turned into spaces.
type Document struct {
	Format Format
	// DocumentCode is the one- or two-letter code: P, PD, I, ID, AC, V...
	DocumentCode string
	// IssuingState and Nationality are ICAO codes: alpha-3, or one of the
	// ICAO specials such as D (Germany) or XXA (stateless). ISO3 maps them
	// to the PassFort contract's codes.
	IssuingState string
	Nationality  string
	// Surname is the primary identifier, GivenNames the secondary one.
	Surname    string
	GivenNames string
	// NameTruncated is set when the name field is full to its last
	// character, which is how Doc 9303 marks a name that may have been cut.
	NameTruncated bool
	// DocumentNumber includes, for TD1 and TD2 documents whose number is
	// longer than nine characters, the part carried in the optional data.
	DocumentNumber string
	DateOfBirth    Date
	// Sex is M, F or X, or "" when the zone leaves it unspecified.
	Sex        string
	ExpiryDate Date
	// OptionalData is the optional data of line 1 (TD1, after any number
	// overflow), of line 2 (TD2, visas) or the personal number (TD3).
	OptionalData string
	// OptionalData2 is the optional data of a TD1 card's line 2.
	OptionalData2 string
	// Checks holds every check digit of the zone, in the order they appear.
	Checks []Check
	// Problems lists what is wrong with the content: failed check digits,
	// unknown state codes, impossible dates. Empty for a valid zone.
	Problems []Problem
}

// Problem is one reason the zone's content is refused, naming the field.
type Problem struct {
	Field  string
	Reason string
}

// Valid reports whether every check digit validated and nothing else was
// wrong with the content.
func (d *Document) Valid() bool { return len(d.Problems) == 0 }

// Check returns the check digit covering field (document_number,
// date_of_birth, expiry_date, personal_number or composite).
func (d *Document) Check(field string) (Check, bool) {
	for _, c := range d.Checks {
		if c.Field == field {
			return c, true
		}
	}
	return Check{}, false
}

// Expired reports whether the document's expiry date is before the day of
// now. A zone without an expiry date never expires by this test.
func (d *Document) Expired(now time.Time) bool {
	t, ok := d.ExpiryDate.Time()
	if !ok {
		return false
	}
	y, m, day := now.Date()
	return t.Before(time.Date(y, m, day, 0, 0, 0, 0, time.UTC))
}

// Err returns nil for a valid zone, and otherwise an EInvalid *kyc.Error
// whose message lists every problem and whose Info names the first field
// and reason (the API's usual shape) and carries all of them under
// "problems".
func (d *Document) Err() error {
	if len(d.Problems) == 0 {
		return nil
	}
	msgs := make([]string, len(d.Problems))
	all := make([]map[string]any, len(d.Problems))
	for i, p := range d.Problems {
		msgs[i] = p.Field + ": " + p.Reason
		all[i] = map[string]any{"field": p.Field, "reason": p.Reason}
	}
	return &kyc.Error{
		Code:    kyc.EInvalid,
		Message: strings.Join(msgs, "; "),
		Info: map[string]any{
			"field":    d.Problems[0].Field,
			"reason":   d.Problems[0].Reason,
			"problems": all,
		},
	}
}

func (d *Document) problem(field, reason string) {
	d.Problems = append(d.Problems, Problem{Field: field, Reason: reason})
}

// addCheck records c and, if it failed, the problem it reveals.
func (d *Document) addCheck(c Check) {
	d.Checks = append(d.Checks, c)
	if !c.Valid {
		d.problem(c.Field, "check digit "+string(c.Printed)+" does not match "+string(c.Computed))
	}
}
