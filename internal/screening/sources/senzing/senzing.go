// Package senzing loads entity records in Senzing JSON form, one record
// per line, as OpenSanctions publishes them (DATA_SOURCE, RECORD_ID,
// RECORD_TYPE, NAMES, DATES, COUNTRIES, ADDRESSES, IDENTIFIERS, RISKS).
// A RISKS topic of role.pep marks a politically exposed person.
package senzing

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"strings"

	"github.com/gatehouse/gatehouse/internal/screening"
)

// Detect reports whether the start of a file looks like Senzing records.
func Detect(head []byte) bool {
	return bytes.HasPrefix(bytes.TrimSpace(head), []byte("{")) && bytes.Contains(head, []byte(`"RECORD_ID"`))
}

// LoadFile reads and parses the Senzing file at path as the list called name.
func LoadFile(name, path string) (*screening.List, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Parse(name, b)
}

// record is one Senzing entity record; every attribute group is a list of
// objects whose keys vary (NAME_FULL or NAME_ORG, NATIONALITY or ...).
type record struct {
	DataSource  string              `json:"DATA_SOURCE"`
	RecordID    string              `json:"RECORD_ID"`
	RecordType  string              `json:"RECORD_TYPE"`
	Names       []map[string]string `json:"NAMES"`
	Dates       []map[string]string `json:"DATES"`
	Countries   []map[string]string `json:"COUNTRIES"`
	Addresses   []map[string]string `json:"ADDRESSES"`
	Identifiers []map[string]string `json:"IDENTIFIERS"`
	Risks       []map[string]string `json:"RISKS"`
	Genders     []map[string]string `json:"GENDERS"`
	URL         string              `json:"URL"`
}

// Parse builds a list from Senzing JSON lines. A line that is not a JSON
// object, or a record without RECORD_ID or names, fails the file.
func Parse(name string, data []byte) (*screening.List, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	l := &screening.List{Name: name, Format: "senzing", Version: screening.Version(screening.ZeroTime, data)}
	seen := map[string]bool{}
	for n := 1; ; n++ {
		var r record
		err := dec.Decode(&r)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("senzing: record %d: %w", n, err)
		}
		e, err := r.entity(name)
		if err != nil {
			return nil, fmt.Errorf("senzing: record %d: %w", n, err)
		}
		if seen[e.ListID] {
			return nil, fmt.Errorf("senzing: record %d: duplicate RECORD_ID %s", n, e.ListID)
		}
		seen[e.ListID] = true
		l.Entities = append(l.Entities, e)
	}
	if len(l.Entities) == 0 {
		return nil, errors.New("senzing: no records")
	}
	return l, nil
}

func (r *record) entity(list string) (screening.Entity, error) {
	if strings.TrimSpace(r.RecordID) == "" {
		return screening.Entity{}, errors.New("no RECORD_ID")
	}
	e := screening.Entity{Source: list, ListID: r.RecordID, Type: screening.ParseEntityType(r.RecordType), Remarks: r.URL}
	if strings.EqualFold(r.RecordType, "ORGANIZATION") {
		e.Type = screening.Organisation
	}
	for _, n := range r.Names {
		full := first(n, "NAME_FULL", "NAME_ORG")
		if full == "" {
			full = strings.Join(strings.Fields(first(n, "NAME_FIRST")+" "+first(n, "NAME_MIDDLE")+" "+first(n, "NAME_LAST")), " ")
		}
		kind := screening.NameAKA
		if t := strings.ToUpper(first(n, "NAME_TYPE")); t == "PRIMARY" || t == "" && len(e.Names) == 0 {
			kind = screening.NamePrimary
		}
		e.AddName(screening.Name{Full: full, Kind: kind})
	}
	if len(e.Names) == 0 {
		return e, fmt.Errorf("record %s has no names", r.RecordID)
	}
	for _, d := range r.Dates {
		for _, x := range screening.ParseDates(first(d, "DATE_OF_BIRTH")) {
			e.AddDate(x)
		}
	}
	for _, c := range r.Countries {
		for _, k := range slices.Sorted(maps.Keys(c)) {
			e.AddCountry(c[k])
		}
	}
	for _, a := range r.Addresses {
		ad := screening.Address{Line: first(a, "ADDR_FULL", "ADDR_LINE1"), City: first(a, "ADDR_CITY"),
			PostalCode: first(a, "ADDR_POSTAL_CODE"), Country: screening.CountryCode(first(a, "ADDR_COUNTRY"))}
		if ad != (screening.Address{}) {
			e.Addresses = append(e.Addresses, ad)
			e.AddCountry(ad.Country)
		}
	}
	for _, id := range r.Identifiers {
		for _, k := range slices.Sorted(maps.Keys(id)) {
			if v := id[k]; strings.HasSuffix(k, "_NUMBER") {
				typ := id[strings.TrimSuffix(k, "_NUMBER")+"_TYPE"]
				e.Identifiers = append(e.Identifiers, screening.Identifier{Type: typ, Value: v, Country: screening.CountryCode(id[strings.TrimSuffix(k, "_NUMBER")+"_COUNTRY"])})
			}
		}
	}
	for _, g := range r.Genders {
		e.Gender = first(g, "GENDER")
	}
	for _, risk := range r.Risks {
		if t := screening.ParseTopic(first(risk, "TOPIC")); t != "" && !e.HasTopic(t) {
			e.Topics = append(e.Topics, t)
		}
	}
	return e, nil
}

func first(m map[string]string, keys ...string) string {
	for _, k := range keys {
		if v := strings.TrimSpace(m[k]); v != "" {
			return v
		}
	}
	return ""
}
