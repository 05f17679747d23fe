package registry

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/gatehouse/gatehouse/internal/address"
)

// asOf is the date of the registry's extract: nothing it holds is later,
// so outputs stay the same from day to day.
var asOf = time.Date(2025, 6, 30, 0, 0, 0, 0, time.UTC)

const dateLayout = "2006-01-02"

// build makes up the registry's record of a company from its number and
// name (made up from the number when not given), incorporated on the date
// given if any.
func build(c *country, number, name, state, incorporated string) *Company {
	if name == "" {
		name = known[[2]string{c.code, number}]
	}
	form := c.formOf(number, name, seed(c.code+"\x00"+number))
	if name == "" {
		s := seed("made-up name\x00" + c.code + "\x00" + number)
		name = nameWords[s%uint64(len(nameWords))] + " " + nameTrades[s/97%uint64(len(nameTrades))] + " " + form.Suffix
	}
	s := seed(c.code + "\x00" + strings.ToUpper(state) + "\x00" + number + "\x00" + normName(name))
	co := &Company{
		Name: name, Number: number, Country: c.code, State: state, Registry: c.registry, Form: form,
		Currency: c.currency, Seed: s,
	}
	inc := c.incorporated(number, s)
	if t, err := time.Parse(dateLayout, incorporated); err == nil && t.Year() >= 1800 {
		inc = t
	}
	co.Incorporated = inc.Format(dateLayout)
	co.Address, co.AddressLines = registeredOffice(c, number, s)
	co.Industries = industries(c, name, form, s)
	g := gen{c: c, co: co, inc: inc, s: s}
	g.officers()
	g.owners()
	g.filings()
	if form.Charity {
		co.Charity = charity(c, number, inc, s)
	}
	return co
}

// formOf is the company's legal form: told by the number's prefix (an OC
// number is an LLP's), by a charity word in the name, by the name's ending,
// or else one of the country's common forms.
func (c *country) formOf(number, name string, s uint64) LegalForm {
	for _, f := range c.forms {
		for _, p := range f.prefixes {
			if strings.HasPrefix(number, p) {
				return f
			}
		}
	}
	lower := normName(name)
	words := strings.Fields(strings.NewReplacer(",", " ", "(", " ", ")", " ").Replace(lower))
	for _, f := range c.forms {
		if !f.Charity {
			continue
		}
		for _, w := range words {
			for _, e := range f.endings {
				if w == e {
					return f
				}
			}
		}
	}
	best, bestLen := -1, 0
	for i, f := range c.forms {
		for _, e := range f.endings {
			if (lower == e || strings.HasSuffix(lower, " "+e)) && len(e) > bestLen {
				best, bestLen = i, len(e)
			}
		}
	}
	if best >= 0 {
		return c.forms[best]
	}
	total := 0
	for _, f := range c.forms {
		total += f.weight
	}
	pick := int(s % uint64(total))
	for _, f := range c.forms {
		if pick < f.weight {
			return f
		}
		pick -= f.weight
	}
	return c.forms[0]
}

// gbrAnchors date Companies House's numbering: roughly when each million
// was reached, so that a number's incorporation date is plausible
// (09565115, PassFort Limited, gives April 2015).
var gbrAnchors = []struct {
	n    float64
	date time.Time
}{
	{0, day(1980, 1, 1)}, {2000000, day(1985, 6, 1)}, {3000000, day(1995, 1, 1)}, {4000000, day(2000, 5, 1)},
	{5000000, day(2003, 12, 1)}, {6000000, day(2006, 12, 1)}, {7000000, day(2009, 9, 1)}, {8000000, day(2012, 4, 1)},
	{9000000, day(2014, 4, 1)}, {10000000, day(2016, 2, 1)}, {11000000, day(2017, 11, 1)}, {12000000, day(2019, 6, 1)},
	{13000000, day(2020, 12, 1)}, {14000000, day(2022, 5, 1)}, {15000000, day(2023, 9, 1)}, {99999999, asOf},
}

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// incorporated is the company's incorporation date: from a Companies House
// number's position in the numbering, else derived from the company.
func (c *country) incorporated(number string, s uint64) time.Time {
	if c.code == "GBR" && allDigits(number) {
		n, _ := strconv.ParseFloat(number, 64)
		for i := 1; i < len(gbrAnchors); i++ {
			a, b := gbrAnchors[i-1], gbrAnchors[i]
			if n <= b.n {
				frac := (n - a.n) / (b.n - a.n)
				t := a.date.Add(time.Duration(frac * float64(b.date.Sub(a.date))))
				return day(t.Year(), t.Month(), t.Day())
			}
		}
	}
	days := int(s % uint64(asOf.Sub(day(1990, 1, 1)).Hours()/24-400))
	return day(1990, 1, 1).AddDate(0, 0, days)
}

// registeredOffice is an address in the country, made up by the demo
// address searcher, in the town the number suggests (a Scottish number in
// Edinburgh, a Northern Irish one in Belfast, a Berlin register in Berlin).
func registeredOffice(c *country, number string, s uint64) (address.StructuredAddress, address.Lines) {
	streets := c.streets
	if len(streets) == 0 {
		streets = []string{"High", "Station", "Church", "Market", "Park", "Mill", "Victoria", "Bridge"}
	}
	town := ""
	switch {
	case strings.HasPrefix(number, "SC") || strings.HasPrefix(number, "SO") || strings.HasPrefix(number, "SL"):
		town = "edinburgh"
	case strings.HasPrefix(number, "NI") || strings.HasPrefix(number, "NC") || strings.HasPrefix(number, "NL"):
		town = "belfast"
	case c.code == "DEU" && strings.HasSuffix(number, " B"):
		town = "berlin"
	}
	q := strings.TrimSpace(fmt.Sprintf("%d %s %s", 1+s%120, streets[s/7%uint64(len(streets))], town))
	ctx := context.Background()
	d := address.Demo{}
	rs, err := d.Search(ctx, q, c.code, 4)
	if err == nil && len(rs) > 0 {
		if a, err := d.Resolve(ctx, rs[s/13%uint64(len(rs))].ID, c.code); err == nil {
			lines, _ := address.FormatWith(a, c.code, address.Options{Domestic: true})
			a.OriginalFreeformAddress = lines.OneLine()
			return a, lines
		}
	}
	a := address.StructuredAddress{Type: address.Structured, Country: c.code, Route: "High Street", Locality: "Capital"}
	lines, _ := address.FormatWith(a, c.code, address.Options{Domestic: true})
	return a, lines
}

// industries are the company's activity codes: the line of business its
// name suggests, else one derived from it, plus a holding activity for a
// group.
func industries(c *country, name string, form LegalForm, s uint64) []Industry {
	words := strings.Fields(normName(name))
	var out []Industry
	add := func(a activity) {
		code := c.codeOf(a)
		for _, o := range out {
			if o.Code == code {
				return
			}
		}
		out = append(out, Industry{Code: code, Description: a.title, Scheme: c.scheme})
	}
	if form.Charity {
		add(activities[5])
	}
	for _, a := range activities {
		for _, w := range words {
			for _, k := range a.words {
				if strings.TrimRight(w, ".,") == k {
					add(a)
				}
			}
		}
	}
	if len(out) == 0 {
		add(activities[s%5])
	}
	return out
}

// gen makes up a company's people and filings.
type gen struct {
	c   *country
	co  *Company
	inc time.Time
	s   uint64
	n   int // people made so far
}

// bits returns a number from the company's seed for the i-th choice.
func (g *gen) bits(i int) uint64 { return seed(strconv.FormatUint(g.s, 16) + "/" + strconv.Itoa(i)) }

// person makes up the company's next person, of age at their appointment.
func (g *gen) person(appointed time.Time) Person {
	g.n++
	b := g.bits(100 + g.n)
	pool := g.c.people
	year := appointed.Year() - 25 - int(b%35)
	nat := g.c.code
	return Person{
		Key:         "p" + strconv.Itoa(g.n),
		GivenNames:  []string{pool.given[b/3%uint64(len(pool.given))]},
		FamilyName:  pool.family[b/101%uint64(len(pool.family))],
		DOB:         fmt.Sprintf("%04d-%02d", year, 1+b/7%12),
		Nationality: nat,
	}
}

// after is a date some days after t, never after asOf.
func after(t time.Time, days uint64) time.Time {
	d := t.AddDate(0, 0, int(days))
	if d.After(asOf) {
		return maxTime(t, asOf)
	}
	return d
}

// daysToAsOf is how many days lie between t and asOf, 0 if t is later.
func daysToAsOf(t time.Time) uint64 {
	if !t.Before(asOf) {
		return 0
	}
	return uint64(asOf.Sub(t).Hours() / 24)
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// officers: one or two (three or more for public companies and charities)
// officers of the form's role, the first appointed at incorporation, the
// others later; a company secretary where the country has them and the
// company needs or chose one.
func (g *gen) officers() {
	f := g.co.Form
	n := 1 + int(g.bits(1)%2)
	if f.Public || f.Charity {
		n = 3 + int(g.bits(1)%3)
	}
	for i := range n {
		appointed := g.inc
		if span := daysToAsOf(g.inc); i > 0 && span > 0 {
			appointed = after(g.inc, 1+g.bits(10+i)%span)
		}
		g.co.Officers = append(g.co.Officers, Officer{Person: g.person(appointed), Role: f.director, Appointed: appointed.Format(dateLayout)})
	}
	if g.c.secretary != "" && !f.Charity && (f.Public || g.c.code == "IRL" || g.bits(2)%3 == 0) {
		appointed := after(g.inc, g.bits(3)%400)
		g.co.Officers = append(g.co.Officers, Officer{Person: g.person(appointed), Role: g.c.secretary, Secretary: true,
			Appointed: appointed.Format(dateLayout)})
	}
}

// splits are how the shares of one to three holders are divided, in
// thousandths.
var splits = [][]int{{1000}, {500, 500}, {600, 400}, {750, 250}, {400, 300, 300}, {500, 250, 250}}

// owners: the shareholders (the first directors, maybe an investor), and
// the persons with significant control: holders of more than 25%, or, for
// partnerships and charities, those who run them.
func (g *gen) owners() {
	co, f := g.co, g.co.Form
	notified := g.inc
	if g.c.code == "GBR" && notified.Before(day(2016, 4, 6)) { // the PSC register began then
		notified = day(2016, 4, 6)
	}
	if !f.Shares {
		for _, o := range co.Officers {
			if !o.Secretary {
				co.Controllers = append(co.Controllers, Control{Person: o.Person, Natures: []string{"significant-influence-or-control"},
					NotifiedOn: maxTime(notified, mustDate(o.Appointed)).Format(dateLayout)})
			}
		}
		return
	}
	co.Shares = []int{100, 1000, 10000}[g.bits(4)%3]
	if f.Public {
		co.Shares = 50000 * (1 + int(g.bits(4)%20))
	}
	co.ShareClass = shareClass(g.c.code, f)
	split := splits[g.bits(5)%uint64(len(splits))]
	var holders []Person
	for _, o := range co.Officers {
		if !o.Secretary && len(holders) < len(split) {
			holders = append(holders, o.Person)
		}
	}
	for len(holders) < len(split) {
		holders = append(holders, g.person(g.inc))
	}
	for i, p := range holders {
		shares := co.Shares * split[i] / 1000
		pct := math.Round(float64(split[i])) / 10
		co.Shareholders = append(co.Shareholders, Holding{Person: p, Shares: shares, Percentage: pct})
		if nature := ownershipNature(pct); nature != "" {
			co.Controllers = append(co.Controllers, Control{Person: p, Natures: []string{nature}, NotifiedOn: notified.Format(dateLayout)})
		}
	}
}

// ownershipNature is Companies House's nature of control for a share of
// the company, "" below 25%.
func ownershipNature(pct float64) string {
	switch {
	case pct > 75:
		return "ownership-of-shares-75-to-100-percent"
	case pct > 50:
		return "ownership-of-shares-50-to-75-percent"
	case pct > 25:
		return "ownership-of-shares-25-to-50-percent"
	}
	return ""
}

// OwnershipNature is ownershipNature for callers that change a company's
// holdings (the demo's ownership scenarios).
func OwnershipNature(pct float64) string { return ownershipNature(pct) }

func shareClass(country string, f LegalForm) string {
	switch country {
	case "FRA":
		return "Actions ordinaires"
	case "DEU":
		if f.Code == "AG" {
			return "Namensaktien"
		}
		return "Geschäftsanteile"
	case "NLD":
		return "Gewone aandelen"
	case "USA":
		if f.Code == "LLC" {
			return "Membership interests"
		}
		return "Common stock"
	}
	return "Ordinary"
}

func mustDate(s string) time.Time {
	t, err := time.Parse(dateLayout, s)
	if err != nil {
		return asOf
	}
	return t
}

// filings: the incorporation, then each year's annual filing and accounts,
// and an officer change for each later appointment, none after asOf; the
// ten newest, newest first, with the incorporation always last.
func (g *gen) filings() {
	k := g.c.filings
	var fs []Filing
	add := func(fk filingKind, t time.Time) {
		fs = append(fs, Filing{Code: fk.code, Title: fk.title, Type: fk.typ, Date: t.Format(dateLayout)})
	}
	for y := 1; ; y++ {
		annual := g.inc.AddDate(y, 0, 0)
		if annual.After(asOf) {
			break
		}
		add(k.annual, annual)
		if accounts := g.inc.AddDate(y, 9, 0); !accounts.After(asOf) {
			add(k.accounts, accounts)
		}
	}
	for _, o := range g.co.Officers {
		if t := mustDate(o.Appointed); t.After(g.inc) {
			add(k.officers, t)
		}
	}
	if g.bits(6)%2 == 0 {
		add(k.address, after(g.inc, 200+g.bits(7)%3000))
	}
	sortNewestFirst(fs)
	if len(fs) > 10 {
		fs = fs[:10]
	}
	g.co.Filings = append(fs, Filing{Code: k.incorporation.code, Title: k.incorporation.title, Type: k.incorporation.typ, Date: g.inc.Format(dateLayout)})
}

func sortNewestFirst(fs []Filing) {
	for i := 1; i < len(fs); i++ {
		for j := i; j > 0 && fs[j].Date > fs[j-1].Date; j-- {
			fs[j], fs[j-1] = fs[j-1], fs[j]
		}
	}
}

// charity is a registered charity's entry: a charity number in the
// country's form (England and Wales: 7 digits from 1000000; Ireland: a
// registered charity number 20xxxxxx), registered after incorporation.
func charity(c *country, number string, inc time.Time, s uint64) *Charity {
	n := number
	switch c.code {
	case "GBR":
		n = strconv.FormatUint(1000000+s%199999, 10)
	case "IRL":
		n = strconv.FormatUint(20000000+s%99999, 10)
	}
	purposes := [][]string{{"The advancement of education"}, {"The relief of poverty"}, {"The advancement of health or the saving of lives"}, {"The advancement of environmental protection"}}
	return &Charity{
		Number: n, Registered: after(inc, 20+s%300).Format(dateLayout),
		Activities:    []string{"Grants to organisations", "Provision of services"},
		Beneficiaries: []string{[]string{"Children and young people", "Older people", "The general public"}[s/3%3]},
		Purposes:      purposes[s/11%uint64(len(purposes))], Volunteers: 5 + int(s/17%60),
	}
}

// Extra makes up another person of the company, for what a scenario adds
// (a former director, a person of significant control without shares):
// the same for the same label, of age at the company's incorporation.
func (co *Company) Extra(label string) Person {
	c := countryOf(co.Country)
	g := gen{c: c, co: co, inc: mustDate(co.Incorporated), s: seed(strconv.FormatUint(co.Seed, 16) + "\x00" + label)}
	p := g.person(g.inc)
	p.Key = label
	return p
}

// Period returns two dates after the company's incorporation, the second
// later than the first, neither after asOf: when a scenario's former
// officer or shareholder came and went.
func (co *Company) Period(label string) (from, to string) {
	inc := mustDate(co.Incorporated)
	span := daysToAsOf(inc)
	if span < 2 {
		return co.Incorporated, co.Incorporated
	}
	s := seed(strconv.FormatUint(co.Seed, 16) + "\x00period\x00" + label)
	a := 1 + s%(span/2)
	b := a + 1 + s/7%(span-a)
	return inc.AddDate(0, 0, int(a)).Format(dateLayout), inc.AddDate(0, 0, int(b)).Format(dateLayout)
}

// OtherOffice is a registered office other than the company's, in its
// country: where the registry says it is when the applicant gave another.
func (co *Company) OtherOffice() (address.StructuredAddress, address.Lines) {
	return registeredOffice(countryOf(co.Country), "", co.Seed^0x5bd1e995)
}

// NumberFor returns the number of the company a check by name alone, or
// a name search, finds in a country (and US state).
func NumberFor(country, state, name string) string {
	return countryOf(country).numberFor(nameSeed(country, state, name))
}
