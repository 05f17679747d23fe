package ftm

import (
	"testing"

	"github.com/gatehouse/gatehouse/internal/screening"
)

const sample = `{"id":"NK-1","schema":"Person","properties":{"name":["Viktor Bout"],"alias":["Victor But"],"weakAlias":["Boris"],"birthDate":["1967-01-13"],"nationality":["ru"],"passportNumber":["21N0529910"],"topics":["sanction"]}}
{"id":"NK-2","schema":"Company","properties":{"name":["Air Cess"],"country":["ae"],"topics":["sanction"],"ownershipAsset":[{"id":"x","schema":"Ownership"}]}}
{"id":"addr-1","schema":"Address","properties":{"full":["Somewhere"]}}
{"id":"NK-3","schema":"Person","properties":{"name":["A Politician"]},"topics":["role.pep"]}
`

func TestParse(t *testing.T) {
	t.Parallel()
	l, err := Parse("os", []byte(sample))
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Entities) != 3 {
		t.Fatalf("%d entities, want 3 (the Address is skipped)", len(l.Entities))
	}
	p, c, pep := l.Entities[0], l.Entities[1], l.Entities[2]
	if p.Type != screening.Person || len(p.Names) != 3 || !p.Names[2].Weak || p.DatesOfBirth[0].String() != "1967-01-13" ||
		p.Countries[0] != "RUS" || p.Identifiers[0].Value != "21N0529910" || !p.IsSanctioned() {
		t.Errorf("person = %+v", p)
	}
	if c.Type != screening.Organisation || c.Countries[0] != "ARE" {
		t.Errorf("company = %+v", c)
	}
	if !pep.IsPEP() {
		t.Errorf("pep = %+v", pep)
	}
}

func TestParseRejectsMalformed(t *testing.T) {
	t.Parallel()
	for name, in := range map[string]string{
		"empty":       "",
		"not json":    "nope",
		"no parties":  `{"id":"a","schema":"Address","properties":{}}`,
		"no name":     `{"id":"a","schema":"Person","properties":{}}`,
		"no id":       `{"schema":"Person","properties":{"name":["X"]}}`,
		"bad props":   `{"id":"a","schema":"Person","properties":{"name":"X"}}`,
		"duplicate":   `{"id":"a","schema":"Person","properties":{"name":["X"]}}{"id":"a","schema":"Person","properties":{"name":["Y"]}}`,
		"bad nesting": `{"id":"a","schema":"Person","properties":{"name":[`,
	} {
		if _, err := Parse("x", []byte(in)); err == nil {
			t.Errorf("%s: Parse succeeded, want error", name)
		}
	}
}

// FuzzParse checks that no input makes the loader panic.
func FuzzParse(f *testing.F) {
	f.Add([]byte(sample))
	f.Add([]byte(`{"id":"1","schema":"Vessel","properties":{"name":["X"],"flag":["pa"],"imoNumber":["IMO 1"]}}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		if l, err := Parse("f", b); err == nil {
			for _, e := range l.Entities {
				if e.ListID == "" || len(e.Names) == 0 {
					t.Fatalf("entity without id or name: %+v", e)
				}
			}
		}
	})
}
