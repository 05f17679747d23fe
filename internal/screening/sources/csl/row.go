package csl

import (
	"strings"

	"github.com/gatehouse/gatehouse/internal/screening"
)

// topicOf maps the CSL "source" column to a topic: the Treasury lists are
// sanctions, the Commerce and State lists export controls or debarments.
func topicOf(source string) screening.Topic {
	s := strings.ToLower(source)
	switch {
	case strings.Contains(s, "debarred"):
		return screening.TopicDebarment
	case strings.Contains(s, "entity list"), strings.Contains(s, "unverified"), strings.Contains(s, "denied persons"),
		strings.Contains(s, "military end user"):
		return screening.TopicExportControl
	}
	return screening.TopicSanction
}

// multi splits a "; "-separated CSL field.
func multi(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ";") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func entity(list string, get func(string) string) (screening.Entity, bool) {
	name := get("name")
	if name == "" {
		return screening.Entity{}, false
	}
	source := get("source")
	e := screening.Entity{Source: list, Type: screening.ParseEntityType(get("type")),
		Topics: []screening.Topic{topicOf(source)}, Remarks: get("remarks")}
	if e.Type == screening.Unknown && screening.LooksLikeCompany(name) {
		e.Type = screening.Organisation
	}
	e.AddName(screening.Name{Full: name, Kind: screening.NamePrimary})
	for _, a := range multi(get("alt_names")) {
		e.AddName(screening.Name{Full: a, Kind: screening.NameAKA})
	}
	e.Programs = multi(get("programs"))
	if len(e.Programs) == 0 && source != "" {
		e.Programs = []string{source}
	}
	for _, d := range multi(get("dates_of_birth")) {
		for _, x := range screening.ParseDates(d) {
			e.AddDate(x)
		}
	}
	for _, k := range []string{"nationalities", "citizenships", "vessel_flag"} {
		for _, c := range multi(strings.ReplaceAll(get(k), ",", ";")) {
			e.AddCountry(c)
		}
	}
	for _, a := range multi(get("addresses")) {
		parts := strings.Split(a, ",")
		ad := screening.Address{Line: strings.TrimSpace(a)}
		if c, ok := screening.KnownCountry(parts[len(parts)-1]); ok && len(parts) > 1 {
			ad.Country = c
			e.AddCountry(c)
		}
		e.Addresses = append(e.Addresses, ad)
	}
	for _, id := range multi(get("ids")) {
		if x, ok := identifier(id); ok {
			e.Identifiers = append(e.Identifiers, x)
		}
	}
	if cs := get("call_sign"); cs != "" {
		e.Identifiers = append(e.Identifiers, screening.Identifier{Type: "Call Sign", Value: cs})
	}
	if i := strings.Index(e.Remarks, "Linked To: "); i >= 0 {
		rest := e.Remarks[i+len("Linked To: "):]
		if j := strings.IndexAny(rest, ");"); j >= 0 {
			rest = rest[:j]
		}
		e.LinkedTo = append(e.LinkedTo, strings.TrimSpace(rest))
	}
	e.ListID = get("entity_number")
	if e.ListID == "" {
		e.ListID = get("_id")
	}
	if e.ListID == "" {
		e.ListID = screening.ContentID(source, name, get("addresses"), get("start_date"))
	}
	return e, true
}

// identifier reads a CSL id: "country, number, type" or "number, type".
func identifier(s string) (screening.Identifier, bool) {
	p := strings.Split(s, ",")
	for i := range p {
		p[i] = strings.TrimSpace(p[i])
	}
	switch len(p) {
	case 2:
		if p[0] == "" || strings.HasSuffix(p[1], "-") {
			return screening.Identifier{}, false
		}
		return screening.Identifier{Value: p[0], Type: p[1]}, true
	case 3:
		if p[1] == "" {
			return screening.Identifier{}, false
		}
		return screening.Identifier{Country: screening.CountryCode(p[0]), Value: p[1], Type: p[2]}, true
	}
	return screening.Identifier{}, false
}
