// Package csl loads the US Trade.gov Consolidated Screening List CSV: a
// header row, one row per entry, multi-valued fields separated by "; ".
package csl

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
	r := csv.NewReader(strings.NewReader(screening.DecodeText(data)))
	r.LazyQuotes = true
	r.FieldsPerRecord = -1
	head, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("csl: header: %w", err)
	}
	col := map[string]int{}
	for i, h := range head {
		col[strings.ToLower(strings.TrimSpace(h))] = i
	}
	for _, want := range []string{"name", "source"} {
		if _, ok := col[want]; !ok {
			return nil, fmt.Errorf("csl: header has no %s column", want)
		}
	}
	l := &screening.List{Name: name, Format: "csl", Version: screening.Version(screening.ZeroTime, data)}
	seen := map[string]bool{}
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("csl: %w", err)
		}
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		if len(rec) != len(head) {
			line, _ := r.FieldPos(0)
			return nil, fmt.Errorf("csl: line %d: %d fields, want %d", line, len(rec), len(head))
		}
		row := func(k string) string {
			if i, ok := col[k]; ok {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		e, ok := entity(name, row)
		if !ok {
			continue
		}
		for base, k := e.ListID, 2; seen[e.ListID]; k++ {
			e.ListID = fmt.Sprintf("%s-%d", base, k)
		}
		seen[e.ListID] = true
		l.Entities = append(l.Entities, e)
	}
	if len(l.Entities) == 0 {
		return nil, errors.New("csl: no entries")
	}
	return l, nil
}
