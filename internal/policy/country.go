package policy

import (
	"fmt"
	"sort"
	"strings"

	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/passfort"
	"github.com/google/cel-go/common/types"
)

// countryTable maps ISO 3166-1 alpha-3 codes to a risk level; codes it does
// not list are LOW. CEL's country_risk(code) reads it.
type countryTable map[string]types.String

var (
	celLow    = types.String(kyc.RiskLow)
	celMedium = types.String(kyc.RiskMedium)
	celHigh   = types.String(kyc.RiskHigh)
)

// level returns the risk level of a country code (upper-cased when needed).
func (t countryTable) level(code string) types.String {
	if l, ok := t[code]; ok {
		return l
	}
	if l, ok := t[strings.ToUpper(code)]; ok {
		return l
	}
	return celLow
}

// severity orders levels for country_risk of a list.
func severity(l types.String) int {
	switch l {
	case celHigh:
		return 2
	case celMedium:
		return 1
	}
	return 0
}

// buildCountryTable validates `country_risk`: levels HIGH, MEDIUM or LOW,
// each a list of the contract's CountryCodes (ISO 3166-1 alpha-3, upper
// case), no code at two levels.
func buildCountryTable(in map[string][]string, bad func(string, ...any)) countryTable {
	t := countryTable{}
	levels := make([]string, 0, len(in))
	for l := range in {
		levels = append(levels, l)
	}
	sort.Strings(levels) // deterministic messages
	for _, l := range levels {
		var lv types.String
		switch kyc.RiskCategory(l) {
		case kyc.RiskHigh:
			lv = celHigh
		case kyc.RiskMedium:
			lv = celMedium
		case kyc.RiskLow:
			lv = celLow
		default:
			bad("country_risk.%s: must be HIGH, MEDIUM or LOW", l)
			continue
		}
		for i, code := range in[l] {
			at := fmt.Sprintf("country_risk.%s[%d]", l, i)
			if !passfort.IsCountryCode(code) {
				bad("%s: %q is not an ISO 3166-1 alpha-3 code", at, code)
				continue
			}
			if prev, dup := t[code]; dup {
				bad("%s: %s is already listed as %s", at, code, string(prev))
				continue
			}
			t[code] = lv
		}
	}
	return t
}
