package address

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

// Options change how Format lays an address out.
type Options struct {
	// Domestic leaves the country name out, for mail posted within the
	// country; by default the last (or, where the country writes addresses
	// largest part first, the first) line names the country.
	Domestic bool
}

// Format lays an address out by the postal conventions of its country:
// the order of the lines, where the postcode goes, state and county codes
// where the country writes them (CA for California, RM for Roma), and the
// post town in capitals where the postal operator asks for it (United
// Kingdom, France and the countries that use their formats). country is a
// PassFort CountryCode (alpha-3) and wins over a.Country; one of them is
// required. Every country of the contract has a format; a country without
// one of its own (Antarctica, Bouvet Island…) gets the default
// international layout.
func Format(a StructuredAddress, country string) (Lines, error) {
	return FormatWith(a, country, Options{})
}

// FormatWith is Format with options.
func FormatWith(a StructuredAddress, country string, o Options) (Lines, error) {
	if country = strings.TrimSpace(country); country == "" {
		country = strings.TrimSpace(a.Country)
	}
	if country == "" {
		return nil, kyc.MissingField("country_code")
	}
	a2, ok := Alpha2(country)
	if !ok {
		return nil, kyc.FieldError("country_code", "is not a country code the address formats know: "+strconv.Quote(country))
	}
	c := componentsOf(a)
	if !o.Domestic {
		c.set("country", load().Countries[a2].Name)
	}
	text := formatComponents(c, a2, upperTown(a2), o.Domestic)
	var lines Lines
	for _, l := range strings.Split(text, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, l)
		}
	}
	return lines, nil
}

// componentsOf maps a StructuredAddress to the data set's components. A
// post town and a locality both given make the locality the district
// within the town (Royal Mail's dependent locality); the subpremise (a flat)
// goes before the building's name, on its line.
func componentsOf(a StructuredAddress) *components {
	c := &components{}
	c.set("house", join(", ", a.Subpremise, a.Premise))
	c.set("house_number", a.StreetNumber)
	c.set("road", a.Route)
	town, district := a.Locality, ""
	if pt := strings.TrimSpace(a.PostalTown); pt != "" {
		if !strings.EqualFold(pt, strings.TrimSpace(a.Locality)) {
			district = a.Locality
		}
		town = pt
		c.set("postal_city", pt)
	}
	c.set("quarter", district)
	c.set("suburb", district)
	c.set("city", town)
	c.set("county", a.County)
	c.set("state", a.StateProvince)
	c.set("postcode", a.PostalCode)
	return c
}

func join(sep string, parts ...string) string {
	var kept []string
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			kept = append(kept, p)
		}
	}
	return strings.Join(kept, sep)
}

// upperTowns are the countries whose postal operators ask for the post town
// in capitals (Royal Mail; La Poste for the last line), with the
// territories that use their formats. This is Gatehouse's own overlay: the
// templates leave case alone.
var upperTowns = map[string]bool{"GB": true, "FR": true, "MC": true}

func upperTown(a2 string) bool {
	if upperTowns[a2] {
		return true
	}
	c, ok := load().Countries[a2]
	return ok && upperTowns[c.UseCountry]
}

// smallDistrictCountries read "district" as a neighbourhood; elsewhere it
// is a state district. (The data set's rule, kept with the renderer.)
var smallDistrictCountries = map[string]bool{"BR": true, "CR": true, "ES": true, "NI": true, "PY": true, "RO": true, "TG": true, "TM": true, "XK": true}

// formatComponents renders components by the template of an alpha-2
// country, as the data set's reference implementation does: resolve the
// country (territories using another's format), apply aliases, clean the
// values up with the country's rules, derive state and county codes,
// choose the template (the fallback when there is neither road nor
// postcode), render, tidy, post-format, tidy again. upper puts the town in
// capitals; domestic keeps the country line out.
func formatComponents(c *components, a2 string, upper, domestic bool) string {
	d := load()
	cc := resolveCountry(c, a2, domestic)
	c.set("country_code", cc)
	aliasComponents(c, cc)
	tpl, ok := d.Countries[cc]
	if !ok {
		tpl = d.Default
	}
	cleanComponents(c, tpl.replace, cc)
	if upper {
		for _, k := range []string{"city", "town", "village", "hamlet", "postal_city", "municipality"} {
			if v := c.get(k); v != "" {
				c.set(k, strings.ToUpper(v))
			}
		}
	}
	text := tpl.Template
	if text == "" {
		text = d.Default.Template
	}
	if c.get("road") == "" && c.get("postcode") == "" {
		text = tpl.Fallback
		if text == "" {
			text = d.Default.Fallback
		}
	}
	out := tidy(render(text, c))
	for _, r := range tpl.postformat {
		out = replaceFirst(r.re, out, r.with)
	}
	out = tidy(out)
	if strings.TrimSpace(out) == "" {
		var vals []string
		for _, k := range c.keys {
			if v := c.vals[k]; v != "" {
				vals = append(vals, v)
			}
		}
		out = tidy(strings.Join(vals, ", "))
	}
	return out
}

var dollarComponent = regexp.MustCompile(`\$(\w*)`)

// resolveCountry applies a territory's use_country: the territory is
// formatted as the country it names, with its own country line (unless
// domestic) and, for some, its own state.
func resolveCountry(c *components, a2 string, domestic bool) string {
	d := load()
	cc := a2
	if t, ok := d.Countries[a2]; ok && t.UseCountry != "" {
		cc = t.UseCountry
		if t.ChangeCountry != "" && !domestic {
			name := t.ChangeCountry
			if m := dollarComponent.FindStringSubmatchIndex(name); m != nil {
				name = name[:m[0]] + c.get(name[m[2]:m[3]]) + name[m[1]:]
			}
			c.set("country", name)
		}
		if k, v, ok := strings.Cut(t.AddComponent, "="); ok && k == "state" {
			c.set(k, v)
		}
	}
	if cc == "NL" {
		name := ""
		switch s := strings.ToLower(c.get("state")); {
		case s == "curaçao":
			cc, name = "CW", "Curaçao"
		case strings.Contains(s, "sint maarten"):
			cc, name = "SX", "Sint Maarten"
		case strings.Contains(s, "aruba"):
			cc, name = "AW", "Aruba"
		}
		if name != "" && !domestic {
			c.set("country", name)
		}
	}
	return cc
}

// aliasComponents copies each alias to the component it stands for, unless
// that is set already.
func aliasComponents(c *components, cc string) {
	d := load()
	keys := append([]string(nil), c.keys...)
	for _, k := range keys {
		for _, a := range d.Aliases {
			if a[0] != k {
				continue
			}
			name := a[1]
			if k == "district" && !smallDistrictCountries[cc] {
				name = "state_district"
			}
			if c.get(name) == "" {
				c.set(name, c.get(k))
			}
			break
		}
	}
}

var (
	postcodeRange = regexp.MustCompile(`\d+;\d+`)
	postcodePair  = regexp.MustCompile(`^(\d{5}),\d{5}`)
	webAddress    = regexp.MustCompile(`(?i)^https?://`)
)

// cleanComponents applies the country's replace rules to the components,
// derives state_code and county_code, and drops what cannot be a postcode
// or an address part (a range of postcodes, a web address).
func cleanComponents(c *components, rules []replacement, cc string) {
	d := load()
	for _, k := range append([]string(nil), c.keys...) {
		for _, r := range rules {
			if r.component != "" && r.component != k {
				continue
			}
			c.vals[k] = replaceFirst(r.re, c.vals[k], r.with)
		}
	}
	if s := c.get("state"); s != "" && c.get("state_code") == "" {
		c.set("state_code", codeFor(d.StateCodes[cc], s))
		if washingtonDC.MatchString(s) {
			c.set("state_code", "DC")
			c.set("state", "District of Columbia")
			c.set("city", "Washington")
		}
	}
	if s := c.get("county"); s != "" && c.get("county_code") == "" {
		c.set("county_code", codeFor(d.CountyCodes[cc], s))
	}
	if p := c.get("postcode"); p != "" {
		switch m := postcodePair.FindStringSubmatch(p); {
		case len(p) > 20, postcodeRange.MatchString(p):
			c.set("postcode", "")
		case m != nil:
			c.set("postcode", m[1])
		}
	}
	for _, k := range c.keys {
		if webAddress.MatchString(c.vals[k]) {
			c.vals[k] = ""
		}
	}
}

var washingtonDC = regexp.MustCompile(`(?i)^washington,? d\.?c\.?`)

// replaceFirst replaces the first match only, as the reference
// implementation's (non-global) JavaScript replacements do.
func replaceFirst(re *regexp.Regexp, s, with string) string {
	m := re.FindStringSubmatchIndex(s)
	if m == nil {
		return s
	}
	return s[:m[0]] + string(re.ExpandString(nil, with, s, m)) + s[m[1]:]
}

// tidyRules clean a rendered template up: what missing components leave
// behind (empty lines, doubled commas and spaces, stray punctuation). Each
// replaces its first match, then duplicate lines, and duplicate
// comma-separated parts of a line, are dropped.
var tidyRules = []struct {
	re   *regexp.Regexp
	with string
}{
	{regexp.MustCompile(`[},\s]+$`), ""},
	{regexp.MustCompile(`^[,\s]+`), ""},
	{regexp.MustCompile(`^- `), ""},
	{regexp.MustCompile(`,\s*,`), ", "},
	{regexp.MustCompile(`[ \t]+,[ \t]+`), ", "},
	{regexp.MustCompile(`[ \t][ \t]+`), " "},
	{regexp.MustCompile(`[ \t]\n`), "\n"},
	{regexp.MustCompile(`\n,`), "\n"},
	{regexp.MustCompile(`,,+`), ","},
	{regexp.MustCompile(`,\n`), "\n"},
	{regexp.MustCompile(`\n[ \t]+`), "\n"},
	{regexp.MustCompile(`\n\n+`), "\n"},
}

func tidy(s string) string {
	for _, r := range tidyRules {
		s = replaceFirst(r.re, s, r.with)
		lines := dedupe(strings.Split(s, "\n"), func(line string) string {
			return strings.Join(dedupe(strings.Split(line, ", "), nil), ", ")
		})
		s = strings.Join(lines, "\n")
	}
	return strings.TrimSpace(s)
}

// dedupe trims the chunks and drops repeated ones ("New York, New York" is
// kept: the city and the state). modify applies to the chunks kept.
func dedupe(chunks []string, modify func(string) string) []string {
	seen := make(map[string]bool, len(chunks))
	out := chunks[:0]
	for _, c := range chunks {
		c = strings.TrimSpace(c)
		if strings.ToLower(c) == "new york" {
			seen[c] = true
			out = append(out, c)
			continue
		}
		if seen[c] {
			continue
		}
		seen[c] = true
		if modify != nil {
			c = modify(c)
		}
		out = append(out, c)
	}
	return out
}

// components are named address parts in the order they were set: the
// order matters when nothing but their values is left to show.
type components struct {
	keys []string
	vals map[string]string
}

func (c *components) get(k string) string { return c.vals[k] }

// set sets a component; an empty value is kept out, as if it were unset.
func (c *components) set(k, v string) {
	if c.vals == nil {
		c.vals = map[string]string{}
	}
	if _, ok := c.vals[k]; !ok {
		if v == "" {
			return
		}
		c.keys = append(c.keys, k)
	}
	c.vals[k] = v
}
