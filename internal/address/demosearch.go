package address

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

// Demo is the sandbox's address searcher. It makes up plausible addresses
// in the country asked, built from the query: the house number and street
// name typed, a town of the country (one named in the query first), a
// postcode of the town's form. The same query always gives the same
// results, and each result's id carries its address, so Resolve needs no
// storage and answers for ids Demo gave only. It is safe for concurrent
// use.
type Demo struct{}

var _ Searcher = Demo{}

const demoIDPrefix = "demo1."

// Search makes up limit addresses for the query.
func (Demo) Search(ctx context.Context, query, country string, limit int) ([]Result, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	query, country, err := validQuery(query, country)
	if err != nil {
		return nil, err
	}
	if limit < 1 || limit > MaxLimit {
		limit = DefaultLimit
	}
	dc, ok := demoCountries[country]
	if !ok {
		dc = demoDefault
	}
	q := parseQuery(query, dc)
	seed := demoSeed(strings.ToLower(query) + "\x00" + country)
	out := make([]Result, 0, limit)
	for i := 0; i < limit; i++ {
		a := q.address(dc, country, seed, i)
		lines, err := FormatWith(a, country, Options{Domestic: true})
		if err != nil {
			return nil, err
		}
		text := lines.OneLine()
		out = append(out, Result{ID: demoID(a), Text: text, QuerySubstrings: querySubstrings(query, text)})
	}
	return out, nil
}

// Resolve decodes an id Demo gave for the country.
func (Demo) Resolve(ctx context.Context, id, country string) (StructuredAddress, error) {
	if err := ctx.Err(); err != nil {
		return StructuredAddress{}, err
	}
	country, err := validCountry(country)
	if err != nil {
		return StructuredAddress{}, err
	}
	a, ok := decodeDemoID(id)
	if !ok || a.Country != country {
		return StructuredAddress{}, kyc.NotFound("address", id)
	}
	return a, nil
}

// query is what the demo reads in a search: a house number, words of a
// street name, a town of the country.
type query struct {
	number string
	street []string
	town   *place
	kind   bool // the street words carry their kind ("Road", "rue")
}

func parseQuery(s string, dc demoCountry) query {
	var q query
	words := strings.FieldsFunc(s, func(r rune) bool { return isSeparator(r) || r == '.' })
	for i := range dc.places {
		t := strings.ToLower(dc.places[i].town)
		for _, w := range words {
			if len(w) > 2 && strings.Contains(t, strings.ToLower(w)) && strings.HasPrefix(t, strings.ToLower(w)) {
				q.town = &dc.places[i]
			}
		}
		if q.town != nil {
			break
		}
	}
	for _, w := range words {
		switch {
		case q.number == "" && startsWithDigit(w) && len(w) <= 8:
			q.number = strings.ToUpper(w)
		case q.town != nil && strings.HasPrefix(strings.ToLower(q.town.town), strings.ToLower(w)):
		case hasLetter(w):
			if len(q.street) > 0 && particles[strings.ToLower(w)] {
				q.street = append(q.street, strings.ToLower(w)) // "rue de la Paix"
			} else {
				q.street = append(q.street, title(w))
			}
			for _, k := range dc.kinds {
				if strings.EqualFold(w, k) || len(w) > len(k)+2 && strings.HasSuffix(strings.ToLower(w), k) {
					q.kind = true
				}
			}
		}
	}
	return q
}

// address is the i-th made-up address for the query: each street kind in
// each town, then flats of the same.
func (q query) address(dc demoCountry, country string, seed uint64, i int) StructuredAddress {
	places := dc.places
	if q.town != nil {
		places = []place{*q.town}
	}
	kinds := dc.streets
	if q.kind {
		kinds = []string{"%"}
	}
	combos := len(places) * len(kinds)
	p := places[(int(seed%97)+i)%len(places)]
	kind := kinds[(i/len(places))%len(kinds)]
	name := strings.Join(q.street, " ")
	if name == "" {
		name = demoStreetNames[(seed/97+uint64(i))%uint64(len(demoStreetNames))]
	}
	if len(kind) > 1 && kind[0] == '%' && kind[1] != ' ' && len(q.street) > 1 {
		kind = "% " + title(kind[1:]) // "Unter den Linden" takes "Straße" apart
	}
	a := StructuredAddress{
		Type: Structured, Country: country, Route: strings.Replace(kind, "%", name, 1),
		Locality: p.town, County: p.county, StateProvince: p.state,
		PostalCode: fill(p.postcode, seed+uint64(i)),
	}
	a.StreetNumber = q.number
	if a.StreetNumber == "" {
		a.StreetNumber = strconv.Itoa(1 + int((seed>>8+uint64(i)*37)%199))
	}
	if i >= combos {
		a.Subpremise = dc.flat + " " + strconv.Itoa(i/combos)
	}
	return a
}

// fill puts digits ('#') and letters ('@') derived from n in a pattern.
func fill(pattern string, n uint64) string {
	const letters = "ABDEFGHJLNPQRSTUWXYZ" // as British inward codes use them
	h := demoSeed(strconv.FormatUint(n, 10))
	var b strings.Builder
	for _, r := range pattern {
		switch r {
		case '#':
			b.WriteByte(byte('0' + h%10))
			h /= 10
		case '@':
			b.WriteByte(letters[h%uint64(len(letters))])
			h /= uint64(len(letters))
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// demoID encodes an address into an id with a tag that tells it was made
// by Demo: the fields as a JSON array, base64url, and 8 hex digits of
// SHA-256.
func demoID(a StructuredAddress) string {
	raw, _ := json.Marshal([]string{a.Country, a.Subpremise, a.Premise, a.StreetNumber, a.Route, a.Locality, a.County, a.StateProvince, a.PostalCode})
	payload := base64.RawURLEncoding.EncodeToString(raw)
	return demoIDPrefix + payload + "." + demoTag(payload)
}

func demoTag(payload string) string {
	sum := sha256.Sum256([]byte("gatehouse demo address\x00" + payload))
	return hex.EncodeToString(sum[:4])
}

func decodeDemoID(id string) (StructuredAddress, bool) {
	rest, ok := strings.CutPrefix(id, demoIDPrefix)
	if !ok || len(id) > 2048 {
		return StructuredAddress{}, false
	}
	payload, tag, ok := strings.Cut(rest, ".")
	if !ok || tag != demoTag(payload) {
		return StructuredAddress{}, false
	}
	raw, err := base64.RawURLEncoding.DecodeString(payload)
	if err != nil {
		return StructuredAddress{}, false
	}
	var f []string
	if json.Unmarshal(raw, &f) != nil || len(f) != 9 {
		return StructuredAddress{}, false
	}
	return StructuredAddress{
		Type: Structured, Country: f[0], Subpremise: f[1], Premise: f[2], StreetNumber: f[3], Route: f[4],
		Locality: f[5], County: f[6], StateProvince: f[7], PostalCode: f[8],
	}, true
}

func demoSeed(s string) uint64 {
	sum := sha256.Sum256([]byte(s))
	return binary.BigEndian.Uint64(sum[:8])
}

func startsWithDigit(w string) bool { r, _ := utf8.DecodeRuneInString(w); return unicode.IsDigit(r) }

func hasLetter(w string) bool { return strings.IndexFunc(w, unicode.IsLetter) >= 0 }

// particles stay in lower case inside a street name.
var particles = map[string]bool{
	"de": true, "la": true, "le": true, "les": true, "du": true, "des": true, "d": true, "l": true,
	"den": true, "der": true, "dem": true, "van": true, "von": true, "het": true, "y": true, "del": true,
	"da": true, "do": true, "dos": true, "das": true, "di": true, "of": true, "the": true, "and": true,
}

// title capitalises a word's first letter and lower-cases the rest.
func title(w string) string {
	r, n := utf8.DecodeRuneInString(w)
	return string(unicode.ToUpper(r)) + strings.ToLower(w[n:])
}
