package registry

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

// SearchResult is one company of GET /search/companies.
type SearchResult struct {
	Name    string  `json:"name"`
	Number  string  `json:"number"`
	Country string  `json:"country"`
	State   *string `json:"state,omitempty"` // US companies only
}

// SearchError is an Error of the contract, as a search's errors list has
// it.
type SearchError struct {
	Code    int            `json:"code"`
	Message string         `json:"message"`
	Source  string         `json:"source"`
	Info    map[string]any `json:"info"`
}

// SearchResponse is the body of GET /search/companies.
type SearchResponse struct {
	Companies []SearchResult `json:"companies"`
	Errors    []SearchError  `json:"errors"`
}

// MaxQueryLength bounds a company search's query, in characters.
const MaxQueryLength = 200

// SearchCompanies searches the demo registry the way the country's
// register searches: a query in the form of a company number finds that
// company (or nothing: an unknown number); any other query is a name, and
// finds the companies whose names start with it, each with the number a
// check by that name and number finds. The United States need the state
// (registers are per state). Bad parameters are kyc errors naming country,
// state or query.
func SearchCompanies(country, state, query string) (SearchResponse, error) {
	code, err := countryCode(country, "country")
	if err != nil {
		return SearchResponse{}, err
	}
	c := countryOf(code)
	state = strings.TrimSpace(state)
	query = strings.TrimSpace(query)
	switch {
	case c.needsState && state == "":
		return SearchResponse{}, kyc.MissingField("state")
	case query == "":
		return SearchResponse{}, kyc.MissingField("query")
	case !utf8.ValidString(query):
		return SearchResponse{}, kyc.FieldError("query", "is not valid UTF-8")
	case utf8.RuneCountInString(query) > MaxQueryLength:
		return SearchResponse{}, kyc.FieldError("query", "is longer than 200 characters")
	}
	out := SearchResponse{Companies: []SearchResult{}, Errors: []SearchError{}}
	result := func(co *Company) SearchResult {
		r := SearchResult{Name: co.Name, Number: co.Number, Country: co.Country}
		if c.needsState {
			s := co.State
			r.State = &s
		}
		return r
	}
	if n, ok := c.normalise(query); ok && strings.ContainsAny(query, "0123456789") && !hasWordOfLetters(query) {
		if c.exists(n) {
			out.Companies = append(out.Companies, result(build(c, n, "", state, "")))
		}
		return out, nil
	}
	for key, name := range known {
		if key[0] == code && strings.HasPrefix(normName(name), normName(query)) {
			out.Companies = append(out.Companies, result(build(c, key[1], name, state, "")))
		}
	}
	for _, name := range c.namesFor(query, state) {
		if !hasName(out.Companies, name) {
			out.Companies = append(out.Companies, result(build(c, c.numberFor(nameSeed(code, state, name)), name, state, "")))
		}
	}
	return out, nil
}

func hasName(rs []SearchResult, name string) bool {
	for _, r := range rs {
		if strings.EqualFold(r.Name, name) {
			return true
		}
	}
	return false
}

// hasWordOfLetters tells a name with digits ("3M Company") from a number
// with a register prefix ("HRB 12345", "SC123456").
func hasWordOfLetters(q string) bool {
	for _, w := range strings.Fields(q) {
		letters := strings.IndexFunc(w, unicode.IsDigit) < 0
		if letters && len(w) > 3 {
			return true
		}
	}
	return false
}

// namesFor are the names a name search finds: the name as asked (with the
// country's usual legal form when it has none), and companies whose names
// start with it, one to four of them, all derived from the query.
func (c *country) namesFor(query, state string) []string {
	words := strings.Fields(query)
	for i, w := range words {
		if w == strings.ToLower(w) || w == strings.ToUpper(w) && len(w) > 3 {
			r, n := utf8.DecodeRuneInString(w)
			words[i] = string(unicode.ToUpper(r)) + strings.ToLower(w[n:])
		}
	}
	base := strings.Join(words, " ")
	form := c.forms[0]
	lower := normName(base)
	stem := base
	for _, f := range c.forms {
		for _, e := range f.endings {
			if strings.HasSuffix(lower, " "+e) {
				form, stem = f, strings.TrimSpace(base[:len(base)-len(e)])
			}
		}
	}
	names := []string{stem + " " + form.Suffix}
	more := []string{"Holdings", "Group", "Services", "Trading", "International"}
	s := seed("search\x00" + c.code + "\x00" + strings.ToUpper(state) + "\x00" + normName(stem))
	n := int(1 + s%4)
	for i := 0; i < n; i++ {
		names = append(names, stem+" "+more[(int(s/7)+i)%len(more)]+" "+form.Suffix)
	}
	sort.Strings(names[1:])
	return names
}
