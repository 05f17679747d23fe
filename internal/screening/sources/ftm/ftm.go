// Package ftm loads FollowTheMoney entities, one JSON object per line, as
// OpenSanctions publishes its datasets ({"id", "schema", "properties"}).
// Only party schemata (Person, Organization, Company, LegalEntity,
// PublicBody, Vessel, Airplane) become entities; others are skipped.
package ftm

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/gatehouse/gatehouse/internal/screening"
)

// Detect reports whether the start of a file looks like FtM entities.
func Detect(head []byte) bool {
	return bytes.HasPrefix(bytes.TrimSpace(head), []byte("{")) && bytes.Contains(head, []byte(`"schema"`)) &&
		bytes.Contains(head, []byte(`"properties"`))
}

// LoadFile reads and parses the FtM file at path as the list called name.
func LoadFile(name, path string) (*screening.List, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Parse(name, b)
}

// record is one FtM entity; property values are usually strings, but
// nested exports put entity objects in them, which are skipped.
type record struct {
	ID         string                       `json:"id"`
	Schema     string                       `json:"schema"`
	Properties map[string][]json.RawMessage `json:"properties"`
	Topics     []string                     `json:"topics"`
}

var schemaTypes = map[string]screening.EntityType{
	"Person": screening.Person, "Organization": screening.Organisation, "Company": screening.Organisation,
	"LegalEntity": screening.Unknown, "PublicBody": screening.Organisation, "Vessel": screening.Vessel,
	"Airplane": screening.Aircraft,
}

// Parse builds a list from FtM JSON lines. A line that is not a JSON
// object or a party without id or name fails the file.
func Parse(name string, data []byte) (*screening.List, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	l := &screening.List{Name: name, Format: "ftm", Version: screening.Version(screening.ZeroTime, data)}
	seen := map[string]bool{}
	for n := 1; ; n++ {
		var r record
		err := dec.Decode(&r)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("ftm: record %d: %w", n, err)
		}
		typ, party := schemaTypes[r.Schema]
		if !party {
			continue
		}
		e, err := r.entity(name, typ)
		if err != nil {
			return nil, fmt.Errorf("ftm: record %d: %w", n, err)
		}
		if seen[e.ListID] {
			return nil, fmt.Errorf("ftm: record %d: duplicate id %s", n, e.ListID)
		}
		seen[e.ListID] = true
		l.Entities = append(l.Entities, e)
	}
	if len(l.Entities) == 0 {
		return nil, errors.New("ftm: no party entities")
	}
	return l, nil
}

// strs returns the string values of a property.
func (r *record) strs(prop string) []string {
	var out []string
	for _, raw := range r.Properties[prop] {
		var s string
		if json.Unmarshal(raw, &s) == nil && strings.TrimSpace(s) != "" {
			out = append(out, strings.TrimSpace(s))
		}
	}
	return out
}

// idProps are the FtM properties that hold identifiers.
var idProps = []string{"idNumber", "passportNumber", "taxNumber", "registrationNumber", "innCode", "ogrnCode",
	"leiCode", "swiftBic", "imoNumber", "mmsi", "callSign", "vatCode", "dunsCode", "permId", "wikidataId"}

func (r *record) entity(list string, typ screening.EntityType) (screening.Entity, error) {
	if strings.TrimSpace(r.ID) == "" {
		return screening.Entity{}, errors.New("no id")
	}
	e := screening.Entity{Source: list, ListID: r.ID, Type: typ}
	for _, n := range r.strs("name") {
		e.AddName(screening.Name{Full: n, Kind: screening.NamePrimary})
	}
	for _, p := range []struct {
		prop string
		kind screening.NameKind
		weak bool
	}{{"alias", screening.NameAKA, false}, {"previousName", screening.NameFKA, false}, {"weakAlias", screening.NameAKA, true}} {
		for _, n := range r.strs(p.prop) {
			e.AddName(screening.Name{Full: n, Kind: p.kind, Weak: p.weak})
		}
	}
	if len(e.Names) == 0 {
		return e, fmt.Errorf("entity %s has no name", r.ID)
	}
	for _, d := range r.strs("birthDate") {
		if x, ok := screening.ParseDate(d); ok {
			e.AddDate(x)
		}
	}
	for _, p := range []string{"nationality", "citizenship", "country", "jurisdiction", "flag"} {
		for _, c := range r.strs(p) {
			e.AddCountry(c)
		}
	}
	for _, p := range idProps {
		for _, v := range r.strs(p) {
			e.Identifiers = append(e.Identifiers, screening.Identifier{Type: p, Value: v})
		}
	}
	for _, a := range r.strs("address") {
		e.Addresses = append(e.Addresses, screening.Address{Line: a})
	}
	e.Programs = append(r.strs("program"), r.strs("programId")...)
	e.Remarks = strings.Join(r.strs("notes"), "; ")
	if g := r.strs("gender"); len(g) > 0 {
		e.Gender = g[0]
	}
	for _, t := range append(r.strs("topics"), r.Topics...) {
		if tp := screening.ParseTopic(t); tp != "" && !e.HasTopic(tp) {
			e.Topics = append(e.Topics, tp)
		}
	}
	return e, nil
}
