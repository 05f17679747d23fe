package eval

import (
	"strings"

	"github.com/gatehouse/gatehouse/internal/screening"
)

// UNPairCases builds a cross-script check from the UN list's own pairs of
// names, independent of any labelled set. Each entity's Arabic-script name
// (and, for people, its first and last name) is a query that must find
// the entity through its romanised names alone: the index returned holds
// the other lists and the UN list without its Arabic-script names, so
// nothing the queries are made of is in it, and nothing is learned from
// the pairs. Negatives are one person's first name with another's last
// name, kept only when the same recombination of their romanised names is
// not a match for the index either (a recombination that is, "Noor Ahmad",
// names someone listed).
func UNPairCases(un *screening.List, others ...*screening.List) ([]Case, *screening.Index) {
	stripped := &screening.List{Name: un.Name, Format: un.Format, Version: un.Version, Published: un.Published}
	type person struct {
		arabic, latin []string
	}
	var cases []Case
	var people []person
	for _, e := range un.Entities {
		c := e
		c.Names = nil
		var arabic, latin string
		for _, n := range e.Names {
			if n.Kind == screening.NameOriginal && isArabicScript(n.Full) {
				if arabic == "" {
					arabic = n.Full
				}
				continue
			}
			if n.Kind == screening.NamePrimary {
				latin = n.Full
			}
			c.Names = append(c.Names, n)
		}
		stripped.Entities = append(stripped.Entities, c)
		if arabic == "" || len(c.Names) == 0 {
			continue
		}
		typ := "INDIVIDUAL"
		if e.Type != screening.Person {
			typ = "COMPANY"
		}
		cases = append(cases, Case{Query: arabic, EntityType: typ, ExpectedIDs: []string{e.ListID}, Kind: "un_arabic_full", Subset: "un-pairs"})
		if e.Type != screening.Person {
			continue
		}
		a, l := nameEnds(arabic), nameEnds(latin)
		if len(a) == 2 && len(l) == 2 {
			people = append(people, person{a, l})
			if a[0]+" "+a[1] != arabic {
				cases = append(cases, Case{Query: a[0] + " " + a[1], EntityType: typ,
					ExpectedIDs: []string{e.ListID}, Kind: "un_arabic_first_last", Subset: "un-pairs"})
			}
		}
	}
	idx := screening.NewIndex(append(others, stripped)...)
	// Negatives: a first name with the last name of the person seven
	// entries on (a fixed, arbitrary offset).
	for i, p := range people {
		q := people[(i+7)%len(people)]
		if p.arabic[0] == q.arabic[0] || p.arabic[1] == q.arabic[1] {
			continue
		}
		latin := p.latin[0] + " " + q.latin[1]
		if ms := idx.Search(screening.Query{Name: latin, Type: screening.Person, Limit: 1}); len(ms) > 0 && ms[0].Match {
			continue
		}
		cases = append(cases, Case{Query: p.arabic[0] + " " + q.arabic[1], EntityType: "INDIVIDUAL", Kind: "un_arabic_recombined", Subset: "un-pairs"})
	}
	return cases, idx
}

// nameEnds returns the first and last name of a name of three words or
// more, a leading particle (ABD, ABU, عبد, ابو) kept with the word after it.
func nameEnds(name string) []string {
	w := strings.Fields(strings.ReplaceAll(name, ",", " "))
	if len(w) < 3 {
		return nil
	}
	first := w[0]
	switch strings.ToUpper(strings.Trim(first, "'‘’")) {
	case "عبد", "ابو", "أبو", "ABD", "ABU", "ABDUL", "ABDEL":
		first += " " + w[1]
		if len(w) < 4 {
			return nil
		}
	}
	return []string{first, w[len(w)-1]}
}

func isArabicScript(s string) bool {
	for _, r := range s {
		if r >= 0x0600 && r <= 0x06FF {
			return true
		}
	}
	return false
}
