package ofac

import (
	"strings"

	"github.com/gatehouse/gatehouse/internal/screening"
)

// notIdentifiers start remark items that carry digits but are not
// document numbers (dates, programme notes, aircraft descriptions).
var notIdentifiers = []string{
	"Listing Date", "Effective Date", "Organization Established Date", "Executive Order",
	"Additional Sanctions Information", "Secondary sanctions risk", "For more information",
	"Aircraft Model", "Aircraft Operator", "Aircraft Manufacture Date", "Vessel Year of Build",
	"Transactions Prohibited", "Target Type", "Organization Type", "CAATSA", "Subject to",
	"Equity Ticker", "Issuer Name", "Identification Type", "Title",
}

// parseRemarks pulls structured facts out of OFAC's free-text remarks:
// dates and places of birth, nationality and citizenship, gender, a.k.a.
// names, "Linked To" parties and identification numbers.
func parseRemarks(e *screening.Entity, remarks string) {
	for _, item := range strings.Split(remarks, ";") {
		item = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(item), "."))
		item = strings.TrimPrefix(item, "alt. ")
		switch {
		case item == "":
		case strings.HasPrefix(item, "DOB "):
			for _, d := range screening.ParseDates(item[4:]) {
				e.AddDate(d)
			}
		case strings.HasPrefix(item, "POB "):
			pob := item[4:]
			if i := strings.LastIndexByte(pob, ','); i >= 0 {
				pob = pob[i+1:]
			}
			if c, ok := screening.KnownCountry(pob); ok {
				e.AddCountry(c)
			}
		case strings.HasPrefix(item, "nationality "), strings.HasPrefix(item, "citizen "):
			e.AddCountry(item[strings.IndexByte(item, ' ')+1:])
		case strings.HasPrefix(item, "Nationality of Registration "):
			e.AddCountry(item[len("Nationality of Registration "):])
		case strings.HasPrefix(item, "Gender "):
			e.Gender = item[len("Gender "):]
		case strings.HasPrefix(item, "a.k.a. '"), strings.HasPrefix(item, "f.k.a. '"), strings.HasPrefix(item, "n.k.a. '"):
			kind := map[byte]screening.NameKind{'a': screening.NameAKA, 'f': screening.NameFKA, 'n': screening.NameNKA}[item[0]]
			e.AddName(screening.Name{Full: strings.Trim(item[7:], "' "), Kind: kind})
		case strings.HasPrefix(item, "Linked To: "):
			e.LinkedTo = append(e.LinkedTo, strings.TrimSpace(item[len("Linked To: "):]))
		default:
			if id, ok := identifier(item); ok {
				e.Identifiers = append(e.Identifiers, id)
			}
		}
	}
}

// identifier reads "Passport 1084010 (Egypt) issued 18 Jan 1984" style
// items: the words before the first token with a digit are the type, that
// token is the value, and a parenthesised country may follow.
func identifier(item string) (screening.Identifier, bool) {
	if strings.ContainsRune(item, ':') {
		return screening.Identifier{}, false
	}
	for _, p := range notIdentifiers {
		if strings.HasPrefix(item, p) {
			return screening.Identifier{}, false
		}
	}
	f := strings.Fields(item)
	for i, w := range f {
		if i == 0 || i > 8 || !strings.ContainsAny(w, "0123456789") || strings.HasPrefix(w, "(") {
			continue
		}
		id := screening.Identifier{Type: strings.Join(f[:i], " "), Value: w}
		if i+1 < len(f) && strings.HasPrefix(f[i+1], "(") {
			rest := strings.Join(f[i+1:], " ")
			if j := strings.IndexByte(rest, ')'); j > 0 {
				id.Country = screening.CountryCode(rest[1:j])
			}
		}
		return id, true
	}
	return screening.Identifier{}, false
}
