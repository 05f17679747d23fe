package mrz

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"testing"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

// edit returns a copy of lines with the character at line, pos (0-based)
// replaced by c.
func edit(lines []string, line, pos int, c byte) []string {
	out := slices.Clone(lines)
	b := []byte(out[line])
	b[pos] = c
	out[line] = string(b)
	return out
}

// bump replaces a check digit with the next digit, so it is certainly wrong.
func bump(lines []string, line, pos int) []string {
	return edit(lines, line, pos, '0'+(lines[line][pos]-'0'+1)%10)
}

// recomposite rewrites the composite digit of a TD1, TD2 or TD3 zone so a
// test can break one other digit alone.
func recomposite(lines []string) []string {
	out := slices.Clone(lines)
	var data string
	l1, l2 := out[0], out[1]
	n := len(l2)
	if len(out) == 3 {
		data = l1[5:30] + l2[0:7] + l2[8:15] + l2[18:29]
	} else {
		data = l2[0:10] + l2[13:20] + l2[21:n-1]
	}
	d, _ := CheckDigit(data)
	return edit(out, 1, n-1, d)
}

// TestParseWrongDigit breaks one digit of each specimen at a time and
// expects exactly that check, and no other, to fail with a message naming
// the field and both digits.
func TestParseWrongDigit(t *testing.T) {
	t.Parallel()
	type digit struct {
		field     string
		line, pos int
	}
	zones := []struct {
		name   string
		lines  []string
		digits []digit
	}{
		{"TD3", td3Specimen, []digit{
			{"document_number", 1, 9}, {"date_of_birth", 1, 19}, {"expiry_date", 1, 27},
			{"personal_number", 1, 42}, {"composite", 1, 43}}},
		{"TD1", td1Specimen, []digit{
			{"document_number", 0, 14}, {"date_of_birth", 1, 6}, {"expiry_date", 1, 14}, {"composite", 1, 29}}},
		{"TD2", td2Specimen, []digit{
			{"document_number", 1, 9}, {"date_of_birth", 1, 19}, {"expiry_date", 1, 27}, {"composite", 1, 35}}},
		{"TD1 long number", td1Long, []digit{{"document_number", 0, 18}, {"composite", 1, 29}}},
		{"MRV-A", mrvaSpecimen, []digit{
			{"document_number", 1, 9}, {"date_of_birth", 1, 19}, {"expiry_date", 1, 27}}},
	}
	for _, z := range zones {
		for _, d := range z.digits {
			t.Run(z.name+"/"+d.field, func(t *testing.T) {
				t.Parallel()
				lines := bump(z.lines, d.line, d.pos)
				if d.field != "composite" && (z.name == "TD3" || z.name == "TD1" || z.name == "TD2" || z.name == "TD1 long number") {
					lines = recomposite(lines)
				}
				got, err := Parse(specimen, lines...)
				if got == nil {
					t.Fatalf("got no document, want one with the problem (err %v)", err)
				}
				printed, computed := lines[d.line][d.pos], z.lines[d.line][d.pos]
				want := []Problem{{d.field, fmt.Sprintf("check digit %c does not match %c", printed, computed)}}
				if !reflect.DeepEqual(got.Problems, want) {
					t.Fatalf("got problems %v, want %v", got.Problems, want)
				}
				c, _ := got.Check(d.field)
				if c.Valid || c.Printed != printed || c.Computed != computed {
					t.Errorf("got check %+v, want invalid with printed %c computed %c", c, printed, computed)
				}
				wantMsg := d.field + ": " + want[0].Reason
				var ke *kyc.Error
				if !errors.As(err, &ke) || ke.Code != kyc.EInvalid || ke.Message != wantMsg || ke.Info["field"] != d.field {
					t.Errorf("got error %#v, want EInvalid %q naming %s", err, wantMsg, d.field)
				}
			})
		}
	}
}

// TestParseWrongData changes a data character, so its own check digit and
// the composite fail together, as they should.
func TestParseWrongData(t *testing.T) {
	t.Parallel()
	lines := edit(td3Specimen, 1, 0, 'M') // L898902C3 -> M898902C3
	got, err := Parse(specimen, lines...)
	if err == nil || got == nil {
		t.Fatalf("got %v, %v, want a document and an error", got, err)
	}
	var fields []string
	for _, p := range got.Problems {
		fields = append(fields, p.Field)
	}
	if want := []string{"document_number", "composite"}; !slices.Equal(fields, want) {
		t.Errorf("got problems on %v, want %v", fields, want)
	}
	if got.DocumentNumber != "M898902C3" {
		t.Errorf("got number %q, want the number as read, M898902C3", got.DocumentNumber)
	}
}

// TestParseContentProblems covers the content rules other than check
// digits; each zone has its check digits recomputed so only the rule under
// test fails.
func TestParseContentProblems(t *testing.T) {
	t.Parallel()
	withDigits := func(lines []string, pairs ...int) []string {
		// pairs: line, start, end of a datum followed by its digit
		out := slices.Clone(lines)
		for i := 0; i < len(pairs); i += 3 {
			l, s, e := pairs[i], pairs[i+1], pairs[i+2]
			d, _ := CheckDigit(out[l][s:e])
			out = edit(out, l, e, d)
		}
		return recomposite(out)
	}
	set := func(lines []string, line, pos int, s string) []string {
		out := slices.Clone(lines)
		out[line] = out[line][:pos] + s + out[line][pos+len(s):]
		return out
	}
	tests := []struct {
		name  string
		lines []string
		opts  Options
		want  Problem
	}{
		{"specimen state refused by default", set(german, 0, 2, "UTO"), Options{Now: now},
			Problem{"issuing_state", `"UTO" is not an ICAO 9303 state code`}},
		{"unknown nationality", withDigits(set(german, 1, 10, "ZZZ")), Options{Now: now},
			Problem{"nationality", `"ZZZ" is not an ICAO 9303 state code`}},
		{"missing issuing state", set(german, 0, 2, "<<<"), Options{Now: now},
			Problem{"issuing_state", "is missing"}},
		{"month 13", withDigits(set(german, 1, 13, "641312"), 1, 13, 19), Options{Now: now},
			Problem{"date_of_birth", `"641312" is not a calendar date`}},
		{"30 February", withDigits(set(german, 1, 21, "270230"), 1, 21, 27), Options{Now: now},
			Problem{"expiry_date", `"270230" is not a calendar date`}},
		{"letters in a date", withDigits(set(german, 1, 13, "64O812"), 1, 13, 19), Options{Now: now},
			Problem{"date_of_birth", `"64O812" is not a YYMMDD date`}},
		{"partial expiry", withDigits(set(german, 1, 21, "27<<<<"), 1, 21, 27), Options{Now: now},
			Problem{"expiry_date", `"27<<<<" is not a complete YYMMDD date`}},
		{"day known, month not", withDigits(set(german, 1, 13, "64<<12"), 1, 13, 19), Options{Now: now},
			Problem{"date_of_birth", `"64<<12" is not a YYMMDD date`}},
		{"sex", withDigits(set(german, 1, 20, "Q")), Options{Now: now},
			Problem{"sex", `"Q" is not M, F, X or <`}},
		{"passport code on a card", set(td2Specimen, 0, 0, "P"), specimen,
			Problem{"document_code", `"P" does not start with A, C or I, as a TD2 document code must`}},
		{"digit in the code", set(td3Specimen, 0, 1, "1"), specimen,
			Problem{"document_code", `"P1" is not a document code (letters only)`}},
		{"digit in the name", set(td3Specimen, 0, 5, "3"), specimen,
			Problem{"name", "contains a digit"}},
		{"no surname", set(td3Specimen, 0, 5, "<<<<<<<<"), specimen,
			Problem{"surname", "is missing"}},
		{"long number without its digit", withDigits(set(td1Long, 0, 15, "<<<<")), specimen,
			Problem{"document_number", "is long but its overflow in the optional data holds no check digit"}},
		{"personal number digit left as filler", withDigits(set(td3Specimen, 1, 42, "<")), specimen,
			Problem{"personal_number", "check digit < does not match 1"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := Parse(tc.opts, tc.lines...)
			if got == nil {
				t.Fatalf("got no document (err %v), want one with a problem", err)
			}
			if len(got.Problems) != 1 || got.Problems[0] != tc.want {
				t.Fatalf("got problems %v, want [%v]", got.Problems, tc.want)
			}
			var ke *kyc.Error
			if !errors.As(err, &ke) || ke.Info["field"] != tc.want.Field || ke.Info["reason"] != tc.want.Reason {
				t.Errorf("got error %#v, want one naming %s", err, tc.want.Field)
			}
		})
	}
}

// TestParseStructure covers zones that cannot be cut into fields: no
// document, an error naming the line.
func TestParseStructure(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		lines  []string
		code   kyc.Code
		field  string
		reason string
	}{
		{"nothing", []string{"", "  "}, kyc.EMissingFields, "mrz1", "is required"},
		{"one TD3 line", td3Specimen[:1], kyc.EMissingFields, "mrz2", "is required"},
		{"two TD1 lines", td1Specimen[:2], kyc.EMissingFields, "mrz3", "is required"},
		{"three TD3 lines", append(slices.Clone(td3Specimen), td3Specimen[1]), kyc.EInvalid, "mrz3",
			"is one line too many: a zone of 44-character lines has 2 lines"},
		{"short first line", []string{td3Specimen[0][:43], td3Specimen[1]}, kyc.EInvalid, "mrz1",
			"has 43 characters; an MRZ line has 30 (TD1), 36 (TD2) or 44 (TD3)"},
		{"short second line", []string{td3Specimen[0], td3Specimen[1][:43]}, kyc.EInvalid, "mrz2",
			"has 43 characters, want 44 like mrz1"},
		{"inner space", []string{td3Specimen[0], "L898902C3 UTO7408122F1204159ZE184226B<<<<<10"}, kyc.EInvalid, "mrz2",
			`character ' ' at position 10 is not allowed in an MRZ (A-Z, 0-9 and <)`},
		{"accented letter", []string{"P<UTOÉRIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", td3Specimen[1]}, kyc.EInvalid, "mrz1",
			`character 'É' at position 6 is not allowed in an MRZ (A-Z, 0-9 and <)`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := Parse(specimen, tc.lines...)
			if got != nil {
				t.Errorf("got document %+v, want none", got)
			}
			var ke *kyc.Error
			if !errors.As(err, &ke) || ke.Code != tc.code || ke.Info["field"] != tc.field || ke.Info["reason"] != tc.reason {
				t.Fatalf("got error %#v, want %s on %s: %s", err, tc.code, tc.field, tc.reason)
			}
		})
	}
}

// TestCenturies pins the two-digit year rules at their edges.
func TestCenturies(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		dob, exp string
		wantDOB  Date
		wantExp  Date
	}{
		{"born today", "260601", "360601", Date{2026, 6, 1}, Date{2036, 6, 1}},
		{"born tomorrow is last century", "260602", "360601", Date{1926, 6, 2}, Date{2036, 6, 1}},
		{"born in 2000", "000101", "300101", Date{2000, 1, 1}, Date{2030, 1, 1}},
		{"expiry at the window's edge", "800101", "760601", Date{1980, 1, 1}, Date{2076, 6, 1}},
		{"expiry past the window is last century", "800101", "760602", Date{1980, 1, 1}, Date{1976, 6, 2}},
		{"year of birth only", "26<<<<", "300101", Date{Year: 2026}, Date{2030, 1, 1}},
		{"month of birth only, next month", "2607<<", "300101", Date{Year: 1926, Month: 7}, Date{2030, 1, 1}},
		{"date of birth unknown", "<<<<<<", "300101", Date{}, Date{2030, 1, 1}},
		{"29 February of a leap year", "000229", "280229", Date{2000, 2, 29}, Date{2028, 2, 29}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			l2 := []byte(german[1])
			copy(l2[13:19], tc.dob)
			copy(l2[21:27], tc.exp)
			d1, _ := CheckDigit(tc.dob)
			d2, _ := CheckDigit(tc.exp)
			l2[19], l2[27] = d1, d2
			lines := recomposite([]string{german[0], string(l2)})
			got, err := Parse(Options{Now: now}, lines...)
			if err != nil {
				t.Fatalf("got error %v, want none", err)
			}
			if got.DateOfBirth != tc.wantDOB || got.ExpiryDate != tc.wantExp {
				t.Errorf("got birth %v expiry %v, want %v %v", got.DateOfBirth, got.ExpiryDate, tc.wantDOB, tc.wantExp)
			}
		})
	}
}

func TestISO3(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{"D": "DEU", "GBR": "GBR", "XXA": "XXA"} {
		if got := ISO3(in); got != want {
			t.Errorf("ISO3(%q): got %q, want %q", in, got, want)
		}
	}
	for code, want := range map[string]bool{"D": true, "GBD": true, "RKS": true, "XPO": true, "FRA": true, "UTO": false, "DE": false} {
		if got := IsICAOCode(code); got != want {
			t.Errorf("IsICAOCode(%q): got %v, want %v", code, got, want)
		}
	}
}
