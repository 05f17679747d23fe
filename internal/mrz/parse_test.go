package mrz

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

// now is the reference date of the tests: the Doc 9303 specimens (expiry
// 2012) read as expired, their holders (born 1974) as adults.
var now = time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)

var specimen = Options{Now: now, AllowSpecimen: true}

// The specimens of ICAO Doc 9303 (Part 4 TD3 passport, Part 5 TD1 card,
// Part 6 TD2 card, Part 7 MRV-A and MRV-B visas), and hand-built zones for
// the rules the specimens do not exercise.
var (
	td3Specimen = []string{
		"P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
		"L898902C36UTO7408122F1204159ZE184226B<<<<<10",
	}
	td1Specimen = []string{
		"I<UTOD231458907<<<<<<<<<<<<<<<",
		"7408122F1204159UTO<<<<<<<<<<<6",
		"ERIKSSON<<ANNA<MARIA<<<<<<<<<<",
	}
	td2Specimen = []string{
		"I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<",
		"D231458907UTO7408122F1204159<<<<<<<6",
	}
	mrvaSpecimen = []string{
		"V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
		"L8988901C4XXX4009078F96121096ZE184226B<<<<<<",
	}
	mrvbSpecimen = []string{
		"V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<",
		"L8988901C4XXX4009078F9612109<<<<<<<<",
	}
	// td1Long has a 12-character number: D23145890 in the field, '<' in
	// the check digit position, 734 and the digit 9 in the optional data.
	td1Long = []string{
		"I<UTOD23145890<7349<<<<<<<<<<<",
		"3407127M9507122UTO<<<<<<<<<<<2",
		"STEVENSON<<PETER<JOHN<<<<<<<<<",
	}
	td2Long = []string{
		"I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<",
		"D23145890<UTO7408122F12041597349<<<2",
	}
	// german is a TD3 passport of state D, with no personal number and '<'
	// as its check digit.
	german = []string{
		"P<D<<MUSTERMANN<<ERIKA<<<<<<<<<<<<<<<<<<<<<<",
		"C01X00T478D<<6408125F2702283<<<<<<<<<<<<<<<4",
	}
)

func TestParseValid(t *testing.T) {
	t.Parallel()
	anna := func(d Document) Document {
		d.IssuingState, d.Surname, d.GivenNames, d.Sex = "UTO", "ERIKSSON", "ANNA MARIA", "F"
		return d
	}
	tests := []struct {
		name  string
		lines []string
		opts  Options
		want  Document
	}{
		{"TD3 specimen", td3Specimen, specimen, anna(Document{
			Format: TD3, DocumentCode: "P", DocumentNumber: "L898902C3", Nationality: "UTO",
			DateOfBirth: Date{1974, 8, 12}, ExpiryDate: Date{2012, 4, 15}, OptionalData: "ZE184226B",
			Checks: checks("document_number", '6', "date_of_birth", '2', "expiry_date", '9',
				"personal_number", '1', "composite", '0'),
		})},
		{"TD1 specimen", td1Specimen, specimen, anna(Document{
			Format: TD1, DocumentCode: "I", DocumentNumber: "D23145890", Nationality: "UTO",
			DateOfBirth: Date{1974, 8, 12}, ExpiryDate: Date{2012, 4, 15},
			Checks: checks("document_number", '7', "date_of_birth", '2', "expiry_date", '9', "composite", '6'),
		})},
		{"TD2 specimen", td2Specimen, specimen, anna(Document{
			Format: TD2, DocumentCode: "I", DocumentNumber: "D23145890", Nationality: "UTO",
			DateOfBirth: Date{1974, 8, 12}, ExpiryDate: Date{2012, 4, 15},
			Checks: checks("document_number", '7', "date_of_birth", '2', "expiry_date", '9', "composite", '6'),
		})},
		{"MRV-A specimen", mrvaSpecimen, specimen, anna(Document{
			Format: MRVA, DocumentCode: "V", DocumentNumber: "L8988901C", Nationality: "XXX",
			DateOfBirth: Date{1940, 9, 7}, ExpiryDate: Date{1996, 12, 10}, OptionalData: "6ZE184226B",
			Checks: checks("document_number", '4', "date_of_birth", '8', "expiry_date", '9'),
		})},
		{"MRV-B specimen", mrvbSpecimen, specimen, anna(Document{
			Format: MRVB, DocumentCode: "V", DocumentNumber: "L8988901C", Nationality: "XXX",
			DateOfBirth: Date{1940, 9, 7}, ExpiryDate: Date{1996, 12, 10},
			Checks: checks("document_number", '4', "date_of_birth", '8', "expiry_date", '9'),
		})},
		{"TD1 long number", td1Long, specimen, Document{
			Format: TD1, DocumentCode: "I", IssuingState: "UTO", DocumentNumber: "D23145890734",
			Surname: "STEVENSON", GivenNames: "PETER JOHN", Sex: "M", Nationality: "UTO",
			DateOfBirth: Date{1934, 7, 12}, ExpiryDate: Date{1995, 7, 12},
			Checks: checks("document_number", '9', "date_of_birth", '7', "expiry_date", '2', "composite", '2'),
		}},
		{"TD2 long number", td2Long, specimen, anna(Document{
			Format: TD2, DocumentCode: "I", DocumentNumber: "D23145890734", Nationality: "UTO",
			DateOfBirth: Date{1974, 8, 12}, ExpiryDate: Date{2012, 4, 15},
			Checks: checks("document_number", '9', "date_of_birth", '2', "expiry_date", '9', "composite", '2'),
		})},
		{"German passport, filler personal number digit", german, Options{Now: now}, Document{
			Format: TD3, DocumentCode: "P", IssuingState: "D", DocumentNumber: "C01X00T47",
			Surname: "MUSTERMANN", GivenNames: "ERIKA", Sex: "F", Nationality: "D",
			DateOfBirth: Date{1964, 8, 12}, ExpiryDate: Date{2027, 2, 28},
			Checks: append(checks("document_number", '8', "date_of_birth", '5', "expiry_date", '3'),
				Check{"personal_number", '<', '0', true}, Check{"composite", '4', '4', true}),
		}},
		{"lower case, blanks and one newline-joined argument",
			[]string{"  " + strings.ToLower(td3Specimen[0]) + "\r\n\t" + td3Specimen[1] + "  \n", ""},
			specimen, anna(Document{
				Format: TD3, DocumentCode: "P", DocumentNumber: "L898902C3", Nationality: "UTO",
				DateOfBirth: Date{1974, 8, 12}, ExpiryDate: Date{2012, 4, 15}, OptionalData: "ZE184226B",
				Checks: checks("document_number", '6', "date_of_birth", '2', "expiry_date", '9',
					"personal_number", '1', "composite", '0'),
			})},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := Parse(tc.opts, tc.lines...)
			if err != nil {
				t.Fatalf("got error %v, want none", err)
			}
			if !reflect.DeepEqual(*got, tc.want) {
				t.Errorf("got  %+v\nwant %+v", *got, tc.want)
			}
			if !got.Valid() {
				t.Errorf("got Valid() false, want true")
			}
		})
	}
}

// checks builds valid Checks from field, digit pairs.
func checks(pairs ...any) []Check {
	var out []Check
	for i := 0; i < len(pairs); i += 2 {
		d := pairs[i+1].(rune)
		out = append(out, Check{Field: pairs[i].(string), Printed: byte(d), Computed: byte(d), Valid: true})
	}
	return out
}

func TestCheckDigit(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want byte
		ok   bool
	}{
		{"L898902C3", '6', true},
		{"740812", '2', true},
		{"120415", '9', true},
		{"ZE184226B<<<<<", '1', true},
		{"<<<<<<<<<<<<<<", '0', true},
		{"", '0', true},
		{"D23145890734", '9', true},
		{"ab1", 0, false},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			got, ok := CheckDigit(tc.in)
			if got != tc.want || ok != tc.ok {
				t.Errorf("got %q, %v, want %q, %v", got, ok, tc.want, tc.ok)
			}
		})
	}
}

func TestDateString(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in   Date
		want string
	}{{Date{1974, 8, 12}, "1974-08-12"}, {Date{1974, 8, 0}, "1974-08"}, {Date{1974, 0, 0}, "1974"}, {Date{}, ""}} {
		if got := tc.in.String(); got != tc.want {
			t.Errorf("got %q, want %q", got, tc.want)
		}
	}
}

func TestExpired(t *testing.T) {
	t.Parallel()
	d, _ := Parse(Options{Now: now}, german...)
	for _, tc := range []struct {
		at   time.Time
		want bool
	}{
		{time.Date(2027, 2, 28, 23, 0, 0, 0, time.UTC), false},
		{time.Date(2027, 3, 1, 0, 0, 0, 0, time.UTC), true},
	} {
		if got := d.Expired(tc.at); got != tc.want {
			t.Errorf("Expired(%v): got %v, want %v", tc.at, got, tc.want)
		}
	}
}
