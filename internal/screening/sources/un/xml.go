package un

import (
	"encoding/xml"
	"strings"

	"github.com/gatehouse/gatehouse/internal/screening"
)

type document struct {
	XMLName     xml.Name     `xml:"CONSOLIDATED_LIST"`
	Generated   string       `xml:"dateGenerated,attr"`
	Individuals []individual `xml:"INDIVIDUALS>INDIVIDUAL"`
	Entities    []entity     `xml:"ENTITIES>ENTITY"`
}

type individual struct {
	DataID      string    `xml:"DATAID"`
	First       string    `xml:"FIRST_NAME"`
	Second      string    `xml:"SECOND_NAME"`
	Third       string    `xml:"THIRD_NAME"`
	Fourth      string    `xml:"FOURTH_NAME"`
	ListType    string    `xml:"UN_LIST_TYPE"`
	Ref         string    `xml:"REFERENCE_NUMBER"`
	Gender      string    `xml:"GENDER"`
	Comments    string    `xml:"COMMENTS1"`
	Titles      []string  `xml:"TITLE>VALUE"`
	Nationality []string  `xml:"NATIONALITY>VALUE"`
	Original    string    `xml:"NAME_ORIGINAL_SCRIPT"`
	Aliases     []alias   `xml:"INDIVIDUAL_ALIAS"`
	Addresses   []address `xml:"INDIVIDUAL_ADDRESS"`
	Births      []birth   `xml:"INDIVIDUAL_DATE_OF_BIRTH"`
	Places      []place   `xml:"INDIVIDUAL_PLACE_OF_BIRTH"`
	Documents   []doc     `xml:"INDIVIDUAL_DOCUMENT"`
}

type entity struct {
	DataID    string    `xml:"DATAID"`
	First     string    `xml:"FIRST_NAME"`
	Original  string    `xml:"NAME_ORIGINAL_SCRIPT"`
	ListType  string    `xml:"UN_LIST_TYPE"`
	Ref       string    `xml:"REFERENCE_NUMBER"`
	Comments  string    `xml:"COMMENTS1"`
	Aliases   []alias   `xml:"ENTITY_ALIAS"`
	Addresses []address `xml:"ENTITY_ADDRESS"`
}

type alias struct {
	Quality string `xml:"QUALITY"`
	Name    string `xml:"ALIAS_NAME"`
}

type address struct {
	Street  string `xml:"STREET"`
	City    string `xml:"CITY"`
	State   string `xml:"STATE_PROVINCE"`
	Zip     string `xml:"ZIP_CODE"`
	Country string `xml:"COUNTRY"`
}

type birth struct {
	Date     string `xml:"DATE"`
	Year     string `xml:"YEAR"`
	FromYear string `xml:"FROM_YEAR"`
	ToYear   string `xml:"TO_YEAR"`
}

type place struct {
	Country string `xml:"COUNTRY"`
}

type doc struct {
	Type    string `xml:"TYPE_OF_DOCUMENT"`
	Type2   string `xml:"TYPE_OF_DOCUMENT2"`
	Number  string `xml:"NUMBER"`
	Issuing string `xml:"ISSUING_COUNTRY"`
	Issue   string `xml:"COUNTRY_OF_ISSUE"`
}

func (r individual) entity(list string) (screening.Entity, error) {
	e, err := base(list, r.DataID, r.Ref, r.ListType, r.Comments, []string{r.First, r.Second, r.Third, r.Fourth})
	if err != nil {
		return e, err
	}
	e.Type = screening.Person
	e.Gender = strings.TrimSpace(r.Gender)
	addNames(&e, r.Original, r.Aliases)
	for _, n := range r.Nationality {
		e.AddCountry(n)
	}
	for _, b := range r.Births {
		switch {
		case b.Date != "":
			e.AddDate(dateOf(b.Date))
		case b.Year != "":
			e.AddDate(dateOf(b.Year))
		case b.FromYear != "" && b.ToYear != "":
			for _, d := range screening.ParseDates(b.FromYear + " to " + b.ToYear) {
				e.AddDate(d)
			}
		}
	}
	for _, p := range r.Places {
		if c, ok := screening.KnownCountry(p.Country); ok {
			e.AddCountry(c)
		}
	}
	for _, d := range r.Documents {
		if strings.TrimSpace(d.Number) == "" {
			continue
		}
		country := d.Issuing
		if country == "" {
			country = d.Issue
		}
		e.Identifiers = append(e.Identifiers, screening.Identifier{Type: strings.TrimSpace(d.Type + " " + d.Type2),
			Value: strings.TrimSpace(d.Number), Country: screening.CountryCode(country)})
	}
	addAddresses(&e, r.Addresses)
	return e, nil
}

func (r entity) entity(list string) (screening.Entity, error) {
	e, err := base(list, r.DataID, r.Ref, r.ListType, r.Comments, []string{r.First})
	if err != nil {
		return e, err
	}
	e.Type = screening.Organisation
	addNames(&e, r.Original, r.Aliases)
	addAddresses(&e, r.Addresses)
	return e, nil
}

// addNames adds the original-script name and the aliases, each split into
// the names it holds (screening.SplitAlias: "Latin (Original)", "original
// script: …" notes, lists of variants).
func addNames(e *screening.Entity, original string, aliases []alias) {
	for _, n := range screening.SplitAlias(original, screening.NameOriginal, false) {
		n.Kind = screening.NameOriginal
		e.AddName(n)
	}
	for _, a := range aliases {
		kind, weak := aliasKind(a.Quality)
		for _, n := range screening.SplitAlias(a.Name, kind, weak) {
			e.AddName(n)
		}
	}
}

func addAddresses(e *screening.Entity, as []address) {
	for _, a := range as {
		ad := screening.Address{Line: strings.TrimSpace(a.Street), City: strings.TrimSpace(a.City),
			Region: strings.TrimSpace(a.State), PostalCode: strings.TrimSpace(a.Zip), Country: screening.CountryCode(a.Country)}
		if ad != (screening.Address{}) {
			e.Addresses = append(e.Addresses, ad)
			e.AddCountry(a.Country)
		}
	}
}

func dateOf(s string) screening.Date {
	d, _ := screening.ParseDate(s)
	return d
}
