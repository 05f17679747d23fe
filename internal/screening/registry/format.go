package registry

import (
	"bytes"
	"path/filepath"
	"strings"

	"github.com/gatehouse/gatehouse/internal/screening"
	"github.com/gatehouse/gatehouse/internal/screening/sources/csl"
	"github.com/gatehouse/gatehouse/internal/screening/sources/dpl"
	"github.com/gatehouse/gatehouse/internal/screening/sources/ftm"
	"github.com/gatehouse/gatehouse/internal/screening/sources/ofac"
	"github.com/gatehouse/gatehouse/internal/screening/sources/senzing"
	"github.com/gatehouse/gatehouse/internal/screening/sources/un"
)

// format is one supported list format: how to recognise a file of it from
// its name and first bytes, and how to load it. OFAC file sets are whole
// directories and are recognised separately (ofac.Detect).
type format struct {
	name   string
	exts   []string
	detect func(head []byte) bool
	load   func(name, path string) (*screening.List, error)
}

// formats is every single-file format, in detection order. Adding a list
// format means adding a loader package under sources/ and a line here.
var formats = []format{
	{"un", []string{".xml"}, un.Detect, un.LoadFile},
	{"dpl", []string{".txt", ".tsv", ".csv"}, dpl.Detect, dpl.LoadFile},
	{"csl", []string{".csv"}, csl.Detect, csl.LoadFile},
	{"senzing", []string{".json", ".jsonl", ".ndjson"}, senzing.Detect, senzing.LoadFile},
	{"ftm", []string{".json", ".jsonl", ".ndjson"}, ftm.Detect, ftm.LoadFile},
}

// detectFile returns the format of a file from its extension and head.
func detectFile(path string, head []byte) (format, bool) {
	ext := strings.ToLower(filepath.Ext(path))
	head = bytes.TrimPrefix(head, []byte("\xEF\xBB\xBF"))
	for _, f := range formats {
		for _, e := range f.exts {
			if e == ext && f.detect(head) {
				return f, true
			}
		}
	}
	return format{}, false
}

// formatByName finds a single-file format by name.
func formatByName(name string) (format, bool) {
	for _, f := range formats {
		if f.name == name {
			return f, true
		}
	}
	return format{}, false
}

// loadSource loads one discovered list.
func loadSource(s Source) (*screening.List, error) {
	if s.Format == "ofac" {
		return ofac.LoadDir(s.Name, s.Path)
	}
	f, ok := formatByName(s.Format)
	if !ok {
		return nil, errUnknownFormat(s.Format)
	}
	return f.load(s.Name, s.Path)
}
