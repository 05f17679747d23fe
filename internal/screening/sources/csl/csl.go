// Package csl loads the US Trade.gov Consolidated Screening List CSV: a
// header row, one row per entry, multi-valued fields separated by "; ".
package csl

import (
	"bytes"
	"fmt"
	"os"

	"github.com/gatehouse/gatehouse/internal/screening"
	"github.com/gatehouse/gatehouse/internal/screening/sources/tabular"
)

// Detect reports whether the start of a file looks like the CSL.
func Detect(head []byte) bool {
	line, _, _ := bytes.Cut(head, []byte("\n"))
	return bytes.Contains(line, []byte("source")) && bytes.Contains(line, []byte("alt_names")) && bytes.Contains(line, []byte("name"))
}

// LoadFile reads and parses the CSL at path as the list called name.
func LoadFile(name, path string) (*screening.List, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Parse(name, b)
}

// Parse builds a list from CSL bytes. Entries keep their source list's
// entity number as ListID when they have one; others get an id derived
// from their content.
func Parse(name string, data []byte) (*screening.List, error) {
	l := &screening.List{Name: name, Format: "csl", Version: screening.Version(screening.ZeroTime, data)}
	seen := map[string]bool{}
	err := table.Read(data, func(r tabular.Row) bool {
		e, ok := entity(name, r.Get)
		if !ok {
			return false
		}
		for base, k := e.ListID, 2; seen[e.ListID]; k++ {
			e.ListID = fmt.Sprintf("%s-%d", base, k)
		}
		seen[e.ListID] = true
		l.Entities = append(l.Entities, e)
		return true
	})
	if err != nil {
		return nil, err
	}
	return l, nil
}

var table = tabular.Table{Format: "csl", Required: []string{"name", "source"}}
