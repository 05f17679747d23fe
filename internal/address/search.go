package address

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

// Searcher finds addresses from free text, as an applicant types, and
// resolves a chosen result to its structured form: the two halves of
// GET /address/search and GET /address/format. Implementations: Demo (the
// sandbox) and HTTPSearcher (a real address service).
type Searcher interface {
	// Search returns at most limit results for query in a country
	// (alpha-3). Arguments are valid (SearchAddresses checks them).
	Search(ctx context.Context, query, country string, limit int) ([]Result, error)
	// Resolve returns the address a result id stands for, or an ENotFound
	// error for an id the searcher did not give for that country.
	Resolve(ctx context.Context, id, country string) (StructuredAddress, error)
}

// Result is one address search result, as GET /address/search lists it.
type Result struct {
	// ID is passed to Resolve (GET /address/format) for the full address.
	ID string `json:"id"`
	// Text is the address on one line.
	Text string `json:"text"`
	// QuerySubstrings mark where the query's words are in Text:
	// [start, end) offsets in characters (Unicode code points), sorted.
	QuerySubstrings [][2]int `json:"query_substrings"`
}

// SearchResponse is the body of GET /address/search.
type SearchResponse struct {
	Count   int      `json:"count"`
	Results []Result `json:"results"`
}

// Search limits, as the contract states them.
const (
	MaxQueryLength = 200 // characters of the address query
	DefaultLimit   = 7
	MaxLimit       = 100
)

// ParseLimit reads the limit query parameter: DefaultLimit when absent,
// else an integer from 1 to MaxLimit.
func ParseLimit(s string) (int, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return DefaultLimit, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, kyc.FieldError("limit", "is not an integer")
	}
	if n < 1 || n > MaxLimit {
		return 0, kyc.FieldError("limit", "must be from 1 to "+strconv.Itoa(MaxLimit))
	}
	return n, nil
}

// validQuery checks the address and country_code parameters and returns
// them trimmed (the country upper-cased).
func validQuery(query, country string) (string, string, error) {
	query = strings.TrimSpace(query)
	switch {
	case query == "":
		return "", "", kyc.MissingField("address")
	case !utf8.ValidString(query):
		return "", "", kyc.FieldError("address", "is not valid UTF-8")
	case utf8.RuneCountInString(query) > MaxQueryLength:
		return "", "", kyc.FieldError("address", "is longer than "+strconv.Itoa(MaxQueryLength)+" characters")
	}
	country, err := validCountry(country)
	return query, country, err
}

func validCountry(country string) (string, error) {
	country = strings.ToUpper(strings.TrimSpace(country))
	if country == "" {
		return "", kyc.MissingField("country_code")
	}
	if _, ok := Alpha2(country); !ok {
		return "", kyc.FieldError("country_code", "is not a CountryCode (ISO 3166-1 alpha-3)")
	}
	return country, nil
}

// SearchAddresses answers GET /address/search: it checks the parameters
// (address required, at most MaxQueryLength characters; country_code a
// CountryCode; limit from 1 to MaxLimit, 0 meaning DefaultLimit) and asks
// the searcher. Bad parameters are EInvalid or EMissingFields errors naming
// the parameter; the searcher's own errors come back as they are.
func SearchAddresses(ctx context.Context, s Searcher, query, country string, limit int) (SearchResponse, error) {
	query, country, err := validQuery(query, country)
	if err != nil {
		return SearchResponse{}, err
	}
	if limit == 0 {
		limit = DefaultLimit
	}
	if limit < 1 || limit > MaxLimit {
		return SearchResponse{}, kyc.FieldError("limit", "must be from 1 to "+strconv.Itoa(MaxLimit))
	}
	results, err := s.Search(ctx, query, country, limit)
	if err != nil {
		return SearchResponse{}, err
	}
	if len(results) > limit {
		results = results[:limit]
	}
	if results == nil {
		results = []Result{}
	}
	return SearchResponse{Count: len(results), Results: results}, nil
}

// ResolveAddress answers GET /address/format: it checks the parameters (id
// required, country_code a CountryCode) and asks the searcher.
func ResolveAddress(ctx context.Context, s Searcher, id, country string) (StructuredAddress, error) {
	id = strings.TrimSpace(id)
	if id == "" {
		return StructuredAddress{}, kyc.MissingField("id")
	}
	country, err := validCountry(country)
	if err != nil {
		return StructuredAddress{}, err
	}
	return s.Resolve(ctx, id, country)
}

// querySubstrings finds each word of the query in text, without regard to
// case, and returns their [start, end) character offsets, sorted and not
// overlapping. A word found nowhere is left out.
func querySubstrings(query, text string) [][2]int {
	lower := []rune(strings.ToLower(text))
	if len(lower) != utf8.RuneCountInString(text) { // lower-casing changed the length: no offsets
		return [][2]int{}
	}
	taken := make([]bool, len(lower))
	out := [][2]int{}
	for _, w := range strings.FieldsFunc(strings.ToLower(query), isSeparator) {
		word := []rune(w)
		for i := 0; i+len(word) <= len(lower); i++ {
			if !taken[i] && string(lower[i:i+len(word)]) == w && free(taken[i:i+len(word)]) {
				for j := i; j < i+len(word); j++ {
					taken[j] = true
				}
				out = append(out, [2]int{i, i + len(word)})
				break
			}
		}
	}
	sortRanges(out)
	return out
}

func free(b []bool) bool {
	for _, x := range b {
		if x {
			return false
		}
	}
	return true
}

func sortRanges(r [][2]int) {
	slices.SortFunc(r, func(a, b [2]int) int { return a[0] - b[0] })
}

func isSeparator(r rune) bool {
	return r == ' ' || r == ',' || r == '\t' || r == '\n' || r == ';'
}
