// Package tabular reads the delimited-text lists (the CSL, the DPL): a
// header row naming the columns, then one entry per row.
package tabular

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/gatehouse/gatehouse/internal/screening"
)

// Table describes one delimited-text format.
type Table struct {
	// Format prefixes errors: "csl: line 3: 2 fields, want 28".
	Format string
	// Comma separates fields; 0 means ','.
	Comma rune
	// Required are the columns the header must have, spelt as errors
	// name them; columns are matched ignoring case and spaces around.
	Required []string
}

// Row is one row of a table, read by column name.
type Row struct {
	rec []string
	col map[string]int
}

// Get returns the field of the named column (lower case), trimmed, or ""
// when the header has no such column.
func (r Row) Get(name string) string {
	if i, ok := r.col[name]; ok {
		return strings.TrimSpace(r.rec[i])
	}
	return ""
}

// Read decodes data (screening.DecodeText), checks the header and calls
// entry with every row that is not blank; entry reports whether the row
// made an entry. Quotes are read leniently. Read fails when the header
// lacks a required column, a row has not as many fields as the header,
// or no row made an entry.
func (t Table) Read(data []byte, entry func(Row) bool) error {
	r := csv.NewReader(screening.TextReader(data))
	if t.Comma != 0 {
		r.Comma = t.Comma
	}
	r.LazyQuotes = true
	r.FieldsPerRecord = -1
	head, err := r.Read()
	if err != nil {
		return fmt.Errorf("%s: header: %w", t.Format, err)
	}
	col := map[string]int{}
	for i, h := range head {
		col[strings.ToLower(strings.TrimSpace(h))] = i
	}
	for _, want := range t.Required {
		if _, ok := col[strings.ToLower(want)]; !ok {
			return fmt.Errorf("%s: header has no %s column", t.Format, want)
		}
	}
	entries := 0
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return fmt.Errorf("%s: %w", t.Format, err)
		}
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		if len(rec) != len(head) {
			line, _ := r.FieldPos(0)
			return fmt.Errorf("%s: line %d: %d fields, want %d", t.Format, line, len(rec), len(head))
		}
		if entry(Row{rec: rec, col: col}) {
			entries++
		}
	}
	if entries == 0 {
		return errors.New(t.Format + ": no entries")
	}
	return nil
}
