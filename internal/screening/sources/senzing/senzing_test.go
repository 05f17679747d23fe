package senzing

import (
	"path/filepath"
	"testing"

	"github.com/gatehouse/gatehouse/internal/screening"
	"github.com/gatehouse/gatehouse/internal/screening/screeningtest"
)

const sample = `{"DATA_SOURCE":"OS_US_CONGRESS","RECORD_ID":"Q1","RECORD_TYPE":"PERSON","NAMES":[{"NAME_TYPE":"PRIMARY","NAME_FULL":"Jennifer L. McClellan"},{"NAME_TYPE":"ALIAS","NAME_FIRST":"Jen","NAME_LAST":"McClellan"}],"RISKS":[{"TOPIC":"role.pep"}],"DATES":[{"DATE_OF_BIRTH":"1972"}],"COUNTRIES":[{"NATIONALITY":"us"}],"IDENTIFIERS":[{"TRUSTED_ID_TYPE":"WIKIDATA","TRUSTED_ID_NUMBER":"Q1"}]}
{"DATA_SOURCE":"X","RECORD_ID":"O1","RECORD_TYPE":"ORGANIZATION","NAMES":[{"NAME_ORG":"ACME LLC"}],"RISKS":[{"TOPIC":"sanction"}]}
`

func TestParse(t *testing.T) {
	t.Parallel()
	l, err := Parse("peps", []byte(sample))
	if err != nil {
		t.Fatal(err)
	}
	p, o := l.Entities[0], l.Entities[1]
	if !p.IsPEP() || p.IsSanctioned() || p.Type != screening.Person || len(p.Names) != 2 || p.Names[1].Full != "Jen McClellan" {
		t.Errorf("person = %+v", p)
	}
	if p.DatesOfBirth[0].String() != "1972" || p.Countries[0] != "USA" || p.Identifiers[0].Type != "WIKIDATA" {
		t.Errorf("person facts = %+v", p)
	}
	if o.Type != screening.Organisation || !o.IsSanctioned() || o.PrimaryName() != "ACME LLC" {
		t.Errorf("org = %+v", o)
	}
}

func TestParseRejectsMalformed(t *testing.T) {
	t.Parallel()
	for name, in := range map[string]string{
		"empty":     "",
		"not json":  "hello",
		"no id":     `{"NAMES":[{"NAME_FULL":"X"}]}`,
		"no names":  `{"RECORD_ID":"1"}`,
		"duplicate": `{"RECORD_ID":"1","NAMES":[{"NAME_FULL":"X"}]}` + "\n" + `{"RECORD_ID":"1","NAMES":[{"NAME_FULL":"Y"}]}`,
		"array":     `[1,2]`,
	} {
		if _, err := Parse("x", []byte(in)); err == nil {
			t.Errorf("%s: Parse succeeded, want error", name)
		}
	}
}

func TestLoadBundled(t *testing.T) {
	t.Parallel()
	l, err := LoadFile("peps", filepath.Join(screeningtest.DataDir(t), "opensanctions-peps", "us_congress_senzing.json"))
	if err != nil {
		t.Fatal(err)
	}
	peps := 0
	for _, e := range l.Entities {
		if e.IsPEP() {
			peps++
		}
	}
	if len(l.Entities) != 1319 || peps < 1300 {
		t.Errorf("%d entities, %d PEPs; want 1,319 nearly all PEPs", len(l.Entities), peps)
	}
}

// FuzzParse checks that no input makes the loader panic.
func FuzzParse(f *testing.F) {
	f.Add([]byte(sample))
	f.Add([]byte(`{"RECORD_ID":"1","NAMES":[{"NAME_FULL":"X"}],"DATES":[{"DATE_OF_BIRTH":"1960 to 1962"}]}`))
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
