package passfort

import (
	"maps"
	"slices"
)

// Formats of the contract for other packages (check providers, the policy)
// that build or read values outside a decoder: the same rules the decoders
// apply.

// IsCountryCode reports whether s is a CountryCode: an ISO 3166-1 alpha-3
// code, or RKS (Kosovo). ICAO-only nationality codes (GBN, XXA...) are not.
func IsCountryCode(s string) bool { return countryCode(s) == "" }

// IsPartialDate reports whether s is a PartialDate: YYYY, YYYY-MM or
// YYYY-MM-DD, whose month and day exist.
func IsPartialDate(s string) bool { return partialDate(s) == "" }

// IsFullDate reports whether s is a calendar date, YYYY-MM-DD.
func IsFullDate(s string) bool { return fullDate(s) == "" }

// CountryCodes returns every CountryCode (ISO 3166-1 alpha-3 and RKS),
// in alphabetical order of code, for pickers such as the collection form's.
func CountryCodes() []string {
	return slices.Sorted(maps.Keys(countryCodes))
}
