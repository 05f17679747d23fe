// Command gen converts the address-formatting data bundled in the npm
// package @fragaria/address-formatter (OpenCage's address-formatting
// templates, MIT) into the compact JSON the address package embeds. It is
// run by scripts/gen-address-formats, which fetches the package with npm
// pack; run by hand, it reads an unpacked package directory:
//
//	go run ./internal/address/gen -src /tmp/package -out internal/address/data/formats.json
//
// The conversion keeps the data and changes its form only: templates are
// resolved per country (alpha-2 and alpha-3 codes side by side, the
// alpha-3 code from the screening package's ISO 3166 table), JavaScript
// replacement references ($1) become Go's (${1}), and state and county
// codes become lists of [code, name, other names...].
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/gatehouse/gatehouse/internal/passfort"
	"github.com/gatehouse/gatehouse/internal/screening"
)

func main() {
	src := flag.String("src", "", "unpacked @fragaria/address-formatter package directory")
	out := flag.String("out", "internal/address/data/formats.json", "output file")
	flag.Parse()
	if err := run(*src, *out); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

// data is the embedded file's shape; the address package reads the same.
type data struct {
	Source      source                `json:"source"`
	Default     country               `json:"default"`
	Countries   map[string]country    `json:"countries"` // by alpha-2
	Aliases     [][2]string           `json:"aliases"`   // [alias, component]
	StateCodes  map[string][][]string `json:"state_codes"`
	CountyCodes map[string][][]string `json:"county_codes"`
}

type source struct {
	Package   string `json:"package"`
	Version   string `json:"version"`
	Generated string `json:"generated"`
}

type country struct {
	Alpha3        string      `json:"alpha3,omitempty"`
	Name          string      `json:"name,omitempty"`
	Template      string      `json:"template,omitempty"`
	Fallback      string      `json:"fallback,omitempty"`
	Replace       [][2]string `json:"replace,omitempty"`
	Postformat    [][2]string `json:"postformat,omitempty"`
	UseCountry    string      `json:"use_country,omitempty"`
	ChangeCountry string      `json:"change_country,omitempty"`
	AddComponent  string      `json:"add_component,omitempty"`
}

type rawTemplate struct {
	AddressTemplate   string      `json:"address_template"`
	FallbackTemplate  string      `json:"fallback_template"`
	Replace           [][2]string `json:"replace"`
	PostformatReplace [][2]string `json:"postformat_replace"`
	UseCountry        string      `json:"use_country"`
	ChangeCountry     string      `json:"change_country"`
	AddComponent      string      `json:"add_component"`
}

func run(src, out string) error {
	if src == "" {
		return fmt.Errorf("-src is required")
	}
	dir := filepath.Join(src, "src", "templates")
	var pkg struct{ Name, Version string }
	if err := readJSON(filepath.Join(src, "package.json"), &pkg); err != nil {
		return err
	}
	var templates map[string]json.RawMessage
	if err := readJSON(filepath.Join(dir, "templates.json"), &templates); err != nil {
		return err
	}
	var names map[string]string
	if err := readJSON(filepath.Join(dir, "country-names.json"), &names); err != nil {
		return err
	}
	var aliases []struct{ Alias, Name string }
	if err := readJSON(filepath.Join(dir, "aliases.json"), &aliases); err != nil {
		return err
	}
	d := data{
		Source:    source{Package: pkg.Name, Version: pkg.Version, Generated: time.Now().UTC().Format("2006-01-02")},
		Countries: map[string]country{},
	}
	for _, a := range aliases {
		d.Aliases = append(d.Aliases, [2]string{a.Alias, a.Name})
	}
	for code, raw := range templates {
		var t rawTemplate
		if json.Unmarshal(raw, &t) != nil { // the generic1... entries are bare strings, already inlined
			continue
		}
		c := country{
			Template: t.AddressTemplate, Fallback: t.FallbackTemplate,
			Replace: goRefs(t.Replace), Postformat: goRefs(t.PostformatReplace),
			UseCountry: t.UseCountry, ChangeCountry: t.ChangeCountry, AddComponent: t.AddComponent,
		}
		if code == "default" {
			d.Default = c
			continue
		}
		if len(code) != 2 {
			continue
		}
		a3 := alpha3(code)
		if a3 == "" {
			fmt.Fprintf(os.Stderr, "gen: %s has no PassFort country code, left out\n", code)
			continue
		}
		c.Alpha3, c.Name = a3, names[code]
		d.Countries[code] = c
	}
	var err error
	if d.StateCodes, err = codes(filepath.Join(dir, "state-codes.json")); err != nil {
		return err
	}
	if d.CountyCodes, err = codes(filepath.Join(dir, "county-codes.json")); err != nil {
		return err
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(d); err != nil {
		return err
	}
	return os.WriteFile(out, buf.Bytes(), 0o644)
}

// alpha3 is the PassFort CountryCode of an alpha-2 code: ISO's, but RKS for
// Kosovo (XK), which has no ISO code. Namibia's NA is asked for by name,
// since the screening table reads a bare "NA" as "not available".
func alpha3(a2 string) string {
	switch a2 {
	case "XK":
		return "RKS"
	case "NA":
		a2 = "Namibia"
	}
	a3, ok := screening.KnownCountry(a2)
	if !ok || !passfort.IsCountryCode(a3) {
		return ""
	}
	return a3
}

var jsRef = regexp.MustCompile(`\$(\d+)`)

// goRefs rewrites JavaScript replacement references ($1) as Go's (${1}),
// which cannot run into the letters after them.
func goRefs(pairs [][2]string) [][2]string {
	var out [][2]string
	for _, p := range pairs {
		if _, err := regexp.Compile(strings.TrimPrefix(p[0], strings.SplitN(p[0], "=", 2)[0]+"=")); err != nil {
			fmt.Fprintf(os.Stderr, "gen: pattern %q does not compile in Go, left out: %v\n", p[0], err)
			continue
		}
		out = append(out, [2]string{p[0], jsRef.ReplaceAllString(p[1], "$${$1}")})
	}
	return out
}

// codes reads a state or county code file: per alpha-2 country, entries
// whose name is a string or an object of variants ({"default": ...,
// "alt_en": ...}). Each becomes [code, default name, other names...].
func codes(path string) (map[string][][]string, error) {
	var raw map[string][]struct {
		Key  string          `json:"key"`
		Name json.RawMessage `json:"name"`
	}
	if err := readJSON(path, &raw); err != nil {
		return nil, err
	}
	out := map[string][][]string{}
	for cc, list := range raw {
		for _, e := range list {
			entry := []string{e.Key}
			var s string
			if json.Unmarshal(e.Name, &s) == nil {
				entry = append(entry, s)
			} else {
				var m map[string]string
				if err := json.Unmarshal(e.Name, &m); err != nil {
					return nil, fmt.Errorf("%s: %s %s: %w", path, cc, e.Key, err)
				}
				entry = append(entry, m["default"])
				keys := make([]string, 0, len(m))
				for k := range m {
					if k != "default" {
						keys = append(keys, k)
					}
				}
				sort.Strings(keys)
				for _, k := range keys {
					entry = append(entry, m[k])
				}
			}
			out[cc] = append(out[cc], entry)
		}
	}
	return out, nil
}

func readJSON(path string, v any) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}
