package screening

import "strings"

var (
	alpha2to3 = map[string]string{}
	alpha3    = map[string]bool{}
	nameTo3   = map[string]string{}
)

func init() {
	for _, line := range strings.Split(isoCountries, "\n") {
		f := strings.SplitN(line, " ", 3)
		alpha2to3[f[0]] = f[1]
		alpha3[f[1]] = true
		nameTo3[countryKey(f[2])] = f[1]
	}
	for k, v := range countryAliases {
		nameTo3[countryKey(k)] = v
	}
}

// countryKey upper-cases a country name, folds accents and drops punctuation
// so "Côte d'Ivoire", "COTE D IVOIRE" and "Cote d Ivoire" meet.
func countryKey(s string) string {
	k := strings.Join(strings.Fields(strings.Map(func(r rune) rune {
		if r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
			return r
		}
		return ' '
	}, fold(s))), " ")
	if strings.HasPrefix(k, "ST ") {
		k = "SAINT " + k[3:]
	}
	return k
}

// CountryCode returns the ISO 3166-1 alpha-3 code for a country given as
// alpha-2, alpha-3, an English name or a common variant ("Korea, North",
// "Burma", "Palestinian"). Text it cannot map is returned trimmed, so no
// information is lost; empty and placeholder values ("-0-", "na") give "".
func CountryCode(s string) string {
	s = strings.TrimSpace(s)
	k := countryKey(s)
	switch k {
	case "", "0", "NA", "N A", "UNDETERMINED", "UNKNOWN":
		return ""
	}
	if len(k) == 2 {
		if a3, ok := alpha2to3[k]; ok {
			return a3
		}
	}
	if len(k) == 3 && alpha3[k] {
		return k
	}
	if a3, ok := nameTo3[k]; ok {
		return a3
	}
	if strings.HasPrefix(k, "POSSIBLY ") {
		return CountryCode(k[len("POSSIBLY "):])
	}
	return s
}

// KnownCountry returns the alpha-3 code for s and true when s names a
// country CountryCode knows; otherwise "" and false.
func KnownCountry(s string) (string, bool) {
	c := CountryCode(s)
	if len(c) == 3 && alpha3[c] || c == "ANT" {
		return c, true
	}
	return "", false
}
