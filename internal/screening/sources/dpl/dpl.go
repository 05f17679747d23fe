// Package dpl loads the US Commerce BIS Denied Persons List: a
// tab-separated, quoted file with a header row (Name, Street_Address,
// City, State, Country, Postal_Code, Effective_Date, ...).
package dpl

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/gatehouse/gatehouse/internal/screening"
)

// Detect reports whether the start of a file looks like the DPL.
func Detect(head []byte) bool {
	line, _, _ := bytes.Cut(head, []byte("\n"))
	return bytes.Contains(line, []byte("Name")) && bytes.Contains(line, []byte("Street_Address")) && bytes.Contains(line, []byte("\t"))
}

// LoadFile reads and parses the DPL at path as the list called name.
func LoadFile(name, path string) (*screening.List, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Parse(name, b)
}

// Parse builds a list from DPL bytes. The DPL publishes no ids, so each
// entry's ListID is derived from its name, address and effective date.
func Parse(name string, data []byte) (*screening.List, error) {
	r := csv.NewReader(strings.NewReader(screening.DecodeText(data)))
	r.Comma = '\t'
	r.LazyQuotes = true
	r.FieldsPerRecord = -1
	head, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("dpl: header: %w", err)
	}
	col := map[string]int{}
	for i, h := range head {
		col[strings.ToLower(strings.TrimSpace(h))] = i
	}
	if _, ok := col["name"]; !ok {
		return nil, errors.New("dpl: header has no Name column")
	}
	l := &screening.List{Name: name, Format: "dpl", Version: screening.Version(screening.ZeroTime, data)}
	seen := map[string]int{}
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("dpl: %w", err)
		}
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		if len(rec) != len(head) {
			line, _ := r.FieldPos(0)
			return nil, fmt.Errorf("dpl: line %d: %d fields, want %d", line, len(rec), len(head))
		}
		get := func(k string) string {
			if i, ok := col[k]; ok {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		n := get("name")
		if n == "" {
			continue
		}
		e := screening.Entity{Source: name, Topics: []screening.Topic{screening.TopicExportControl}}
		e.AddName(screening.Name{Full: n, Kind: screening.NamePrimary})
		if screening.LooksLikeCompany(n) {
			e.Type = screening.Organisation
		}
		a := screening.Address{Line: get("street_address"), City: get("city"), Region: get("state"),
			PostalCode: get("postal_code"), Country: screening.CountryCode(get("country"))}
		if a != (screening.Address{}) {
			e.Addresses = append(e.Addresses, a)
			e.AddCountry(get("country"))
		}
		e.Remarks = strings.TrimSpace(strings.Join([]string{get("action"), get("fr_citation")}, "; "))
		if c := get("standard_order"); c != "" {
			e.Programs = append(e.Programs, "Standard Order "+c)
		}
		id := screening.ContentID(n, a.Line, a.City, get("effective_date"))
		if k := seen[id]; k > 0 {
			id = fmt.Sprintf("%s-%d", id, k+1)
		}
		seen[id[:12]]++
		e.ListID = id
		l.Entities = append(l.Entities, e)
	}
	if len(l.Entities) == 0 {
		return nil, errors.New("dpl: no entries")
	}
	return l, nil
}
