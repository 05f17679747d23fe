// Package dpl loads the US Commerce BIS Denied Persons List: a
// tab-separated, quoted file with a header row (Name, Street_Address,
// City, State, Country, Postal_Code, Effective_Date, ...).
package dpl

import (
	"bytes"
	"fmt"
	"os"
	"strings"

	"github.com/gatehouse/gatehouse/internal/screening"
	"github.com/gatehouse/gatehouse/internal/screening/sources/tabular"
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
	l := &screening.List{Name: name, Format: "dpl", Version: screening.Version(screening.ZeroTime, data)}
	seen := map[string]int{} // entries per derived id
	err := table.Read(data, func(r tabular.Row) bool {
		get := r.Get
		n := get("name")
		if n == "" {
			return false
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
		base := screening.ContentID(n, a.Line, a.City, get("effective_date"))
		e.ListID = base
		if k := seen[base]; k > 0 {
			e.ListID = fmt.Sprintf("%s-%d", base, k+1)
		}
		seen[base]++
		l.Entities = append(l.Entities, e)
		return true
	})
	if err != nil {
		return nil, err
	}
	return l, nil
}

var table = tabular.Table{Format: "dpl", Comma: '\t', Required: []string{"Name"}}
