// Package un loads the UN Security Council Consolidated List in its XML
// form (CONSOLIDATED_LIST with INDIVIDUALS and ENTITIES).
package un

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/gatehouse/gatehouse/internal/screening"
)

// Detect reports whether the start of a file looks like the UN list.
func Detect(head []byte) bool { return bytes.Contains(head, []byte("<CONSOLIDATED_LIST")) }

// LoadFile reads and parses the UN list at path as the list called name.
func LoadFile(name, path string) (*screening.List, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Parse(name, b)
}

// Parse builds a list from the UN XML. The version carries the file's
// dateGenerated. An entry without a name or an id fails the whole file.
func Parse(name string, data []byte) (*screening.List, error) {
	var doc document
	if err := xml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("un: %w", err)
	}
	if doc.XMLName.Local != "CONSOLIDATED_LIST" {
		return nil, fmt.Errorf("un: root element is %q, want CONSOLIDATED_LIST", doc.XMLName.Local)
	}
	if len(doc.Individuals)+len(doc.Entities) == 0 {
		return nil, errors.New("un: no individuals or entities")
	}
	l := &screening.List{Name: name, Format: "un"}
	if t, err := time.Parse(time.RFC3339, doc.Generated); err == nil {
		l.Published = t.UTC()
	}
	l.Version = screening.Version(l.Published, data)
	seen := map[string]bool{}
	for i, r := range doc.Individuals {
		e, err := r.entity(name)
		if err != nil {
			return nil, fmt.Errorf("un: individual %d: %w", i+1, err)
		}
		if seen[e.ListID] {
			continue // the UN file repeats a few entries verbatim
		}
		seen[e.ListID] = true
		l.Entities = append(l.Entities, e)
	}
	for i, r := range doc.Entities {
		e, err := r.entity(name)
		if err != nil {
			return nil, fmt.Errorf("un: entity %d: %w", i+1, err)
		}
		if seen[e.ListID] {
			continue
		}
		seen[e.ListID] = true
		l.Entities = append(l.Entities, e)
	}
	return l, nil
}

// base is what individuals and entities share.
func base(list, dataID, ref, listType, comments string, names []string) (screening.Entity, error) {
	id := strings.TrimSpace(ref)
	if id == "" {
		id = strings.TrimSpace(dataID)
	}
	if id == "" {
		return screening.Entity{}, errors.New("no REFERENCE_NUMBER or DATAID")
	}
	full := strings.Join(strings.Fields(strings.Join(names, " ")), " ")
	if full == "" {
		return screening.Entity{}, fmt.Errorf("%s has no name", id)
	}
	e := screening.Entity{Source: list, ListID: id, Topics: []screening.Topic{screening.TopicSanction},
		Remarks: strings.TrimSpace(comments)}
	e.AddName(screening.Name{Full: full, Kind: screening.NamePrimary})
	if lt := strings.TrimSpace(listType); lt != "" {
		e.Programs = append(e.Programs, lt)
	}
	return e, nil
}

func aliasKind(quality string) (screening.NameKind, bool) {
	switch strings.ToLower(strings.TrimSpace(quality)) {
	case "low":
		return screening.NameAKA, true
	case "f.k.a.", "fka":
		return screening.NameFKA, false
	}
	return screening.NameAKA, false
}
