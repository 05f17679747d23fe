package address

import "strings"

// Alpha2 returns the ISO 3166-1 alpha-2 code of a PassFort CountryCode
// (alpha-3; RKS, Kosovo, is XK), and false for a code the address data does
// not know. The table comes with the address formats (data/formats.json),
// whose generator took the alpha-3 codes from the screening package's ISO
// 3166 table, so the two agree.
func Alpha2(alpha3 string) (string, bool) {
	d := load()
	a2, ok := d.byAlpha3[strings.ToUpper(strings.TrimSpace(alpha3))]
	return a2, ok
}

// Alpha3 returns the PassFort CountryCode of an ISO 3166-1 alpha-2 code,
// and false for a code the address data does not know.
func Alpha3(alpha2 string) (string, bool) {
	c, ok := load().Countries[strings.ToUpper(strings.TrimSpace(alpha2))]
	if !ok {
		return "", false
	}
	return c.Alpha3, true
}

// CountryName returns the English short name of a PassFort CountryCode, as
// the last line of an international address shows it, and "" for an
// unknown code.
func CountryName(alpha3 string) string {
	a2, ok := Alpha2(alpha3)
	if !ok {
		return ""
	}
	return load().Countries[a2].Name
}
