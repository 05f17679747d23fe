// Package ofac loads the US Treasury OFAC lists in their legacy CSV form:
// the SDN list (sdn.csv, alt.csv, add.csv, sdn_comments.csv) and the
// Consolidated non-SDN list (cons_prim.csv, cons_alt.csv, cons_add.csv,
// cons_comments.csv), which share one format.
package ofac

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/gatehouse/gatehouse/internal/screening"
)

// Files holds the raw bytes of one OFAC file set. Primary is required;
// the others may be nil.
type Files struct {
	Primary  []byte // sdn.csv or cons_prim.csv
	Alt      []byte // alt.csv or cons_alt.csv
	Add      []byte // add.csv or cons_add.csv
	Comments []byte // sdn_comments.csv or cons_comments.csv
}

// fileSets are the file names of the two OFAC lists, in Files order.
var fileSets = [][4]string{
	{"sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv"},
	{"cons_prim.csv", "cons_alt.csv", "cons_add.csv", "cons_comments.csv"},
}

// Detect reports whether dir holds an OFAC file set.
func Detect(dir string) bool {
	for _, set := range fileSets {
		if _, err := os.Stat(filepath.Join(dir, set[0])); err == nil {
			return true
		}
	}
	return false
}

// LoadDir reads the OFAC file set in dir (SDN or consolidated) and parses
// it as the list called name.
func LoadDir(name, dir string) (*screening.List, error) {
	for _, set := range fileSets {
		primary, err := os.ReadFile(filepath.Join(dir, set[0]))
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		f := Files{Primary: primary}
		for i, p := range []*[]byte{&f.Alt, &f.Add, &f.Comments} {
			b, err := os.ReadFile(filepath.Join(dir, set[i+1]))
			if err != nil && !errors.Is(err, os.ErrNotExist) {
				return nil, err
			}
			*p = b
		}
		return Parse(name, f)
	}
	return nil, fmt.Errorf("ofac: no sdn.csv or cons_prim.csv in %s", dir)
}

// Parse builds a list from an OFAC file set. Alias and address rows whose
// ent_num is not in the primary file are ignored (the files are published
// separately and drift); a malformed primary row fails the whole list so
// that a broken download never replaces a good one.
func Parse(name string, f Files) (*screening.List, error) {
	prim, err := readRows(f.Primary, 12)
	if err != nil {
		return nil, fmt.Errorf("ofac: primary file: %w", err)
	}
	if len(prim) == 0 {
		return nil, errors.New("ofac: primary file has no entries")
	}
	l := &screening.List{Name: name, Format: "ofac", Version: screening.Version(screening.ZeroTime, f.Primary, f.Alt, f.Add, f.Comments)}
	l.Entities = make([]screening.Entity, 0, len(prim))
	byID := make(map[string]int, len(prim))
	overflow := map[string]string{}
	if rows, err := readRows(f.Comments, 2); err != nil {
		return nil, fmt.Errorf("ofac: comments file: %w", err)
	} else {
		for _, r := range rows {
			overflow[r[0]] += r[1]
		}
	}
	for n, r := range prim {
		if !isNumber(r[0]) {
			return nil, fmt.Errorf("ofac: primary row %d: ent_num %q is not a number", n+1, r[0])
		}
		if _, dup := byID[r[0]]; dup {
			return nil, fmt.Errorf("ofac: primary row %d: duplicate ent_num %s", n+1, r[0])
		}
		if r[1] == "" {
			return nil, fmt.Errorf("ofac: primary row %d: empty name", n+1)
		}
		byID[r[0]] = len(l.Entities)
		l.Entities = append(l.Entities, entity(name, r, overflow[r[0]]))
	}
	if err := addAliases(l, byID, f.Alt); err != nil {
		return nil, err
	}
	if err := addAddresses(l, byID, f.Add); err != nil {
		return nil, err
	}
	return l, nil
}

// entity maps one primary row: ent_num, name, type, programs, title,
// call sign, vessel type, tonnage, GRT, flag, owner, remarks.
func entity(list string, r []string, overflow string) screening.Entity {
	e := screening.Entity{
		Source: list,
		ListID: r[0],
		Type:   screening.ParseEntityType(r[2]),
		Topics: []screening.Topic{screening.TopicSanction},
	}
	if r[2] == "" {
		e.Type = screening.Organisation
	}
	e.AddName(screening.Name{Full: r[1], Kind: screening.NamePrimary})
	for _, p := range strings.Split(strings.Trim(r[3], "[] "), "] [") {
		if p = strings.TrimSpace(p); p != "" {
			e.Programs = append(e.Programs, p)
		}
	}
	if r[5] != "" {
		e.Identifiers = append(e.Identifiers, screening.Identifier{Type: "Call Sign", Value: r[5]})
	}
	if r[9] != "" {
		e.AddCountry(r[9])
	}
	if r[10] != "" {
		e.LinkedTo = append(e.LinkedTo, r[10])
	}
	remarks := r[11] + overflow
	if r[4] != "" && !strings.Contains(remarks, r[4]) {
		remarks = strings.TrimSpace("Title: " + r[4] + "; " + remarks)
	}
	e.Remarks = remarks
	parseRemarks(&e, remarks)
	return e
}

func addAliases(l *screening.List, byID map[string]int, data []byte) error {
	rows, err := readRows(data, 4)
	if err != nil {
		return fmt.Errorf("ofac: alias file: %w", err)
	}
	for _, r := range rows {
		i, ok := byID[r[0]]
		if !ok {
			continue // orphan: designated after the primary file was published
		}
		kind := screening.NameAKA
		switch strings.ToLower(strings.TrimSpace(r[2])) {
		case "fka":
			kind = screening.NameFKA
		case "nka":
			kind = screening.NameNKA
		}
		rem := ""
		if len(r) > 4 {
			rem = strings.ToLower(r[4])
		}
		weak := strings.Contains(rem, "weak") || strings.Contains(rem, "low quality") || strings.Contains(strings.ToLower(r[2]), "weak")
		l.Entities[i].AddName(screening.Name{Full: r[3], Kind: kind, Weak: weak})
	}
	return nil
}

func addAddresses(l *screening.List, byID map[string]int, data []byte) error {
	rows, err := readRows(data, 5)
	if err != nil {
		return fmt.Errorf("ofac: address file: %w", err)
	}
	for _, r := range rows {
		i, ok := byID[r[0]]
		if !ok {
			continue
		}
		a := screening.Address{Line: r[2], City: r[3], Country: screening.CountryCode(r[4])}
		if a == (screening.Address{}) {
			continue
		}
		e := &l.Entities[i]
		e.Addresses = append(e.Addresses, a)
		e.AddCountry(r[4])
	}
	return nil
}

func isNumber(s string) bool {
	if s == "" || len(s) > 12 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
