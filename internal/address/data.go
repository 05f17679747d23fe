package address

import (
	_ "embed"
	"encoding/json"
	"regexp"
	"strings"
	"sync"
)

// formatsJSON is OpenCage's address-formatting data in compact form; see
// data/README.md for its provenance and data/LICENSE for its licence.
//
//go:embed data/formats.json
var formatsJSON []byte

//go:generate ../../scripts/gen-address-formats

// Source names the data set the formats come from, for provenance.
type Source struct {
	Package   string `json:"package"`
	Version   string `json:"version"`
	Generated string `json:"generated"`
}

// DataSource returns the provenance of the embedded address formats.
func DataSource() Source { return load().Source }

type formats struct {
	Source      Source                   `json:"source"`
	Default     countryFormat            `json:"default"`
	Countries   map[string]countryFormat `json:"countries"`
	Aliases     [][2]string              `json:"aliases"`
	StateCodes  map[string][][]string    `json:"state_codes"`
	CountyCodes map[string][][]string    `json:"county_codes"`

	byAlpha3 map[string]string // alpha-3 to alpha-2
	known    map[string]bool   // every component name and alias
}

// countryFormat is one country's template and clean-up rules.
type countryFormat struct {
	Alpha3        string      `json:"alpha3"`
	Name          string      `json:"name"`
	Template      string      `json:"template"`
	Fallback      string      `json:"fallback"`
	Replace       [][2]string `json:"replace"`
	Postformat    [][2]string `json:"postformat"`
	UseCountry    string      `json:"use_country"`
	ChangeCountry string      `json:"change_country"`
	AddComponent  string      `json:"add_component"`

	replace    []replacement
	postformat []replacement
}

// replacement is a compiled replace rule. A rule whose pattern starts with
// "component=" applies to that component only.
type replacement struct {
	component string
	re        *regexp.Regexp
	with      string
}

var (
	loadOnce sync.Once
	loaded   *formats
)

// load parses the embedded data once. The data is generated and tested, so
// a failure is a build defect: it panics.
func load() *formats {
	loadOnce.Do(func() {
		var f formats
		if err := json.Unmarshal(formatsJSON, &f); err != nil {
			panic("address: embedded data/formats.json: " + err.Error())
		}
		f.byAlpha3 = make(map[string]string, len(f.Countries))
		f.known = map[string]bool{}
		for _, a := range f.Aliases {
			f.known[a[0]], f.known[a[1]] = true, true
		}
		f.Default.compile()
		for a2, c := range f.Countries {
			c.compile()
			f.Countries[a2] = c
			f.byAlpha3[c.Alpha3] = a2
		}
		loaded = &f
	})
	return loaded
}

func (c *countryFormat) compile() {
	c.replace = compileRules(c.Replace)
	c.postformat = compileRules(c.Postformat)
}

var componentRule = regexp.MustCompile(`^([a-z_]+)=`)

func compileRules(rules [][2]string) []replacement {
	out := make([]replacement, 0, len(rules))
	for _, r := range rules {
		pattern, component := r[0], ""
		if m := componentRule.FindStringSubmatch(pattern); m != nil {
			component, pattern = m[1], pattern[len(m[0]):]
		}
		re, err := regexp.Compile(pattern)
		if err != nil { // the generator drops patterns Go cannot compile
			panic("address: embedded rule " + r[0] + ": " + err.Error())
		}
		out = append(out, replacement{component: component, re: re, with: r[1]})
	}
	return out
}

// codeFor looks a state or county name up in a code table ([code, names...]
// per entry), without regard to case.
func codeFor(table [][]string, name string) string {
	for _, e := range table {
		for _, n := range e[1:] {
			if n != "" && strings.EqualFold(n, name) {
				return e[0]
			}
		}
	}
	return ""
}
