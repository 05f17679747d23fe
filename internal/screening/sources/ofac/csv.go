package ofac

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/gatehouse/gatehouse/internal/screening"
)

// readRows reads an OFAC legacy CSV file: no header, quoted fields, "-0-"
// for empty, CRLF line ends and a trailing 0x1A. Every row must have at
// least min fields; a blank file gives no rows and no error.
func readRows(data []byte, min int) ([][]string, error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, nil
	}
	r := csv.NewReader(screening.TextReader(data))
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	r.ReuseRecord = false
	var out [][]string
	for {
		rec, err := r.Read()
		if err != nil {
			if errors.Is(err, io.EOF) {
				return out, nil
			}
			return nil, err
		}
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		if len(rec) < min {
			line, _ := r.FieldPos(0)
			return nil, fmt.Errorf("line %d: %d fields, want %d", line, len(rec), min)
		}
		for i, f := range rec {
			f = strings.TrimSpace(f)
			if f == "-0-" {
				f = ""
			}
			rec[i] = f
		}
		out = append(out, rec)
	}
}
