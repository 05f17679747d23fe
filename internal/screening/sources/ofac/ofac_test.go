package ofac

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/gatehouse/gatehouse/internal/screening"
	"github.com/gatehouse/gatehouse/internal/screening/screeningtest"
)

const sample = "36,\"AEROCARIBBEAN AIRLINES\",-0- ,\"CUBA\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n" +
	"2676,\"AL ZAWAHIRI, Dr. Ayman\",\"individual\",\"SDGT] [IFSR\",\"Leader\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,\"DOB 19 Jun 1951; POB Giza, Egypt; nationality Egypt; Passport 1084010 (Egypt); a.k.a. 'DR. AYMAN'; Linked To: AL-QA'IDA.\"\r\n" +
	"4238,\"MAR AZUL\",\"vessel\",\"CUBA\",-0- ,\"CL2192\",\"Tug\",-0- ,\"212\",\"Cuba\",\"Samir de Navegacion S.A.\",-0- \r\n\x1a"

func TestParse(t *testing.T) {
	t.Parallel()
	l, err := Parse("sdn", Files{
		Primary:  []byte(sample),
		Alt:      []byte("36,12,\"aka\",\"AERO-CARIBBEAN\",-0- \r\n999,1,\"aka\",\"ORPHAN\",-0- \r\n2676,13,\"fka\",\"ZAWAHIRI\",\"weak\"\r\n"),
		Add:      []byte("36,25,-0- ,\"Havana\",\"Cuba\",-0- \r\n"),
		Comments: []byte("2676,\"; Gender Male\"\r\n"),
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Entities) != 3 || l.Format != "ofac" || !strings.HasPrefix(l.Version, "sha256:") {
		t.Fatalf("got %d entities, format %q, version %q", len(l.Entities), l.Format, l.Version)
	}
	air, zaw, ship := l.Entities[0], l.Entities[1], l.Entities[2]
	tests := []struct {
		name      string
		got, want any
	}{
		{"org type", air.Type, screening.Organisation},
		{"alias", len(air.Names), 2},
		{"address country", strings.Join(air.Countries, ","), "CUB"},
		{"person type", zaw.Type, screening.Person},
		{"programs", strings.Join(zaw.Programs, ","), "SDGT,IFSR"},
		{"dob", len(zaw.DatesOfBirth) == 1 && zaw.DatesOfBirth[0].String() == "1951-06-19", true},
		{"nationality", strings.Join(zaw.Countries, ","), "EGY"},
		{"passport", zaw.Identifiers[0], screening.Identifier{Type: "Passport", Value: "1084010", Country: "EGY"}},
		{"remarks aka", zaw.Names[1].Full, "DR. AYMAN"},
		{"fka weak", zaw.Names[2], screening.Name{Full: "ZAWAHIRI", Kind: screening.NameFKA, Weak: true}},
		{"linked to", strings.Join(zaw.LinkedTo, ","), "AL-QA'IDA"},
		{"overflow", zaw.Gender, "Male"},
		{"vessel", ship.Type, screening.Vessel},
		{"call sign", ship.Identifiers[0].Value, "CL2192"},
		{"owner", strings.Join(ship.LinkedTo, ","), "Samir de Navegacion S.A."},
		{"topic", zaw.IsSanctioned() && !zaw.IsPEP(), true},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %v, want %v", tt.name, tt.got, tt.want)
		}
	}
}

func TestParseRejectsMalformed(t *testing.T) {
	t.Parallel()
	tests := map[string]Files{
		"empty":        {Primary: []byte("")},
		"short row":    {Primary: []byte("36,\"X\",-0- \r\n")},
		"bad id":       {Primary: []byte(strings.Replace(sample, "36,", "3x,", 1))},
		"duplicate":    {Primary: []byte(sample + "36,\"DUP\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n")},
		"empty name":   {Primary: []byte("1,\"\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n")},
		"bad alt":      {Primary: []byte(sample), Alt: []byte("36,1\r\n")},
		"bad address":  {Primary: []byte(sample), Add: []byte("36\r\n")},
		"bad comments": {Primary: []byte(sample), Comments: []byte("36\r\n")},
		"bad quoting":  {Primary: []byte("1,\"A\"B\"\",x")},
	}
	for name, f := range tests {
		if _, err := Parse("x", f); err == nil {
			t.Errorf("%s: Parse succeeded, want error", name)
		}
	}
}

func TestVersionStable(t *testing.T) {
	t.Parallel()
	a, _ := Parse("x", Files{Primary: []byte(sample)})
	b, _ := Parse("x", Files{Primary: []byte(sample)})
	c, _ := Parse("x", Files{Primary: []byte(sample), Alt: []byte("36,12,\"aka\",\"X\",-0- ")})
	if a.Version != b.Version || a.Version == c.Version {
		t.Errorf("versions %s %s %s: want first two equal, third different", a.Version, b.Version, c.Version)
	}
}

func TestLoadBundled(t *testing.T) {
	t.Parallel()
	dir := screeningtest.DataDir(t)
	tests := []struct {
		dir      string
		entities int
		check    string // ListID that must carry a given alias
		alias    string
	}{
		{"ofac-sdn-2024-05", 14965, "306", "NATIONAL BANK OF CUBA"},
		{"ofac-sdn-2021-07", 8976, "306", "NATIONAL BANK OF CUBA"},
		{"ofac-cons-nonsdn", 442, "", ""},
	}
	for _, tt := range tests {
		if !Detect(filepath.Join(dir, tt.dir)) {
			t.Fatalf("Detect(%s) = false", tt.dir)
		}
		l, err := LoadDir(tt.dir, filepath.Join(dir, tt.dir))
		if err != nil {
			t.Fatalf("%s: %v", tt.dir, err)
		}
		if len(l.Entities) != tt.entities {
			t.Errorf("%s: %d entities, want %d", tt.dir, len(l.Entities), tt.entities)
		}
		for _, e := range l.Entities {
			if e.ListID == tt.check && !hasName(e, tt.alias) {
				t.Errorf("%s: entity %s lacks alias %q: %v", tt.dir, e.ListID, tt.alias, e.Names)
			}
		}
	}
}

func hasName(e screening.Entity, n string) bool {
	for _, x := range e.Names {
		if x.Full == n {
			return true
		}
	}
	return false
}

// FuzzParse checks that no input makes the loader panic and that a file
// it accepts yields entities with an id and a name.
func FuzzParse(f *testing.F) {
	f.Add([]byte(sample), []byte("36,12,\"aka\",\"AERO-CARIBBEAN\",-0- "), []byte("36,25,-0- ,\"Havana\",\"Cuba\",-0- "), []byte("2676,\"x\""))
	f.Add([]byte("1,\"A\",\"individual\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,\"DOB 1960 to 1962; alt. DOB circa 1970\""), []byte(nil), []byte(nil), []byte(nil))
	f.Fuzz(func(t *testing.T, prim, alt, add, comments []byte) {
		l, err := Parse("f", Files{Primary: prim, Alt: alt, Add: add, Comments: comments})
		if err != nil {
			return
		}
		for _, e := range l.Entities {
			if e.ListID == "" || len(e.Names) == 0 {
				t.Fatalf("entity without id or name: %+v", e)
			}
		}
	})
}
