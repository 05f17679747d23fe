package screening

import "strings"

// EntityType says what kind of party a list entry is. Screening uses it to
// lower the score when a person is compared with a company and vice versa.
type EntityType string

// Entity types. Lists that do not say leave the type Unknown, which neither
// raises nor lowers a score.
const (
	Unknown      EntityType = ""
	Person       EntityType = "person"
	Organisation EntityType = "organisation"
	Vessel       EntityType = "vessel"
	Aircraft     EntityType = "aircraft"
)

// ParseEntityType maps the many spellings lists and callers use ("individual",
// "INDIVIDUAL", "company", "entity", "-0-") to an EntityType.
func ParseEntityType(s string) EntityType {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "person", "individual", "natural person", "p":
		return Person
	case "organisation", "organization", "company", "entity", "legalentity", "legal entity",
		"business", "org", "c", "e", "-0-":
		return Organisation
	case "vessel", "ship":
		return Vessel
	case "aircraft", "airplane", "plane":
		return Aircraft
	}
	return Unknown
}

// Topic classifies why an entity is listed, so a hit can be raised as a
// sanction, a PEP or another flag (PassFort's SANCTION_FLAG, PEP_FLAG, ...).
type Topic string

// Topics known to the loaders.
const (
	TopicSanction      Topic = "sanction"
	TopicPEP           Topic = "pep"
	TopicExportControl Topic = "export.control"
	TopicDebarment     Topic = "debarment"
	TopicCrime         Topic = "crime"
)

// ParseTopic maps an OpenSanctions/FollowTheMoney topic ("sanction",
// "role.pep", "debarment", ...) to a Topic, or "" for topics screening
// does not flag.
func ParseTopic(s string) Topic {
	switch s = strings.ToLower(strings.TrimSpace(s)); {
	case strings.HasPrefix(s, "role.pep"), s == "role.rca", s == "pep":
		return TopicPEP
	case strings.HasPrefix(s, "sanction"):
		return TopicSanction
	case s == "debarment":
		return TopicDebarment
	case s == "export.control", strings.HasPrefix(s, "export.control"):
		return TopicExportControl
	case strings.HasPrefix(s, "crime"), s == "wanted":
		return TopicCrime
	}
	return ""
}

// NameKind says where a name came from on the list.
type NameKind string

// Name kinds: the primary name, aliases (also known as, formerly known as,
// now known as) and the original-script spelling.
const (
	NamePrimary  NameKind = "primary"
	NameAKA      NameKind = "aka"
	NameFKA      NameKind = "fka"
	NameNKA      NameKind = "nka"
	NameOriginal NameKind = "original"
)

// Name is one name of an entity. Weak marks names the list itself calls weak
// or low quality; they still match, but a hit on them is worth less.
type Name struct {
	Full string   `json:"full"`
	Kind NameKind `json:"kind"`
	Weak bool     `json:"weak,omitempty"`
}

// Identifier is a document or registration number found on the list.
type Identifier struct {
	Type    string `json:"type"`
	Value   string `json:"value"`
	Country string `json:"country,omitempty"`
}

// Address is a postal address as listed; Country is alpha-3 when derivable.
type Address struct {
	Line       string `json:"line,omitempty"`
	City       string `json:"city,omitempty"`
	Region     string `json:"region,omitempty"`
	PostalCode string `json:"postal_code,omitempty"`
	Country    string `json:"country,omitempty"`
}

// Entity is one listed party, as its list describes it. ListID is the list's
// own identifier (for OFAC the SDN ent_num), so a hit can be traced back and a
// new version of the list can be diffed against the old one.
type Entity struct {
	Source       string       `json:"source"`
	ListID       string       `json:"list_id"`
	Type         EntityType   `json:"type"`
	Topics       []Topic      `json:"topics,omitempty"`
	Names        []Name       `json:"names"`
	DatesOfBirth []Date       `json:"dates_of_birth,omitempty"`
	Countries    []string     `json:"countries,omitempty"`
	Identifiers  []Identifier `json:"identifiers,omitempty"`
	Programs     []string     `json:"programs,omitempty"`
	Remarks      string       `json:"remarks,omitempty"`
	Addresses    []Address    `json:"addresses,omitempty"`
	LinkedTo     []string     `json:"linked_to,omitempty"`
	Gender       string       `json:"gender,omitempty"`
}

// HasTopic reports whether the entity is listed for topic t.
func (e *Entity) HasTopic(t Topic) bool {
	for _, x := range e.Topics {
		if x == t {
			return true
		}
	}
	return false
}

// IsPEP reports whether the entity is a politically exposed person.
func (e *Entity) IsPEP() bool { return e.HasTopic(TopicPEP) }

// IsSanctioned reports whether the entity is on a sanctions list.
func (e *Entity) IsSanctioned() bool { return e.HasTopic(TopicSanction) }

// PrimaryName returns the entity's first primary name, or its first name.
func (e *Entity) PrimaryName() string {
	for _, n := range e.Names {
		if n.Kind == NamePrimary {
			return n.Full
		}
	}
	if len(e.Names) > 0 {
		return e.Names[0].Full
	}
	return ""
}

// AddName appends a name unless an equal one (case-insensitively) is already
// there, so loaders can merge aliases from several places of a file.
func (e *Entity) AddName(n Name) {
	n.Full = collapseSpaces(n.Full)
	if n.Full == "" {
		return
	}
	for _, x := range e.Names {
		if strings.EqualFold(x.Full, n.Full) {
			return
		}
	}
	e.Names = append(e.Names, n)
}

// AddCountry appends a country (alpha-3 when derivable, else the raw text)
// unless it is already present.
func (e *Entity) AddCountry(c string) {
	c = CountryCode(c)
	if c == "" {
		return
	}
	for _, x := range e.Countries {
		if x == c {
			return
		}
	}
	e.Countries = append(e.Countries, c)
}

// AddDate appends a date of birth unless it is zero or already present.
func (e *Entity) AddDate(d Date) {
	if d.IsZero() {
		return
	}
	for _, x := range e.DatesOfBirth {
		if x == d {
			return
		}
	}
	e.DatesOfBirth = append(e.DatesOfBirth, d)
}

// collapseSpaces trims s and turns runs of white space into one space,
// returning s itself (no copy) when it is already so.
func collapseSpaces(s string) string {
	clean := true
	prevSpace := true // a leading space is not clean either
	for i := 0; i < len(s); i++ {
		c := s[i]
		sp := c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'
		if c >= 0x80 || sp && (c != ' ' || prevSpace) {
			clean = false
			break
		}
		prevSpace = sp
	}
	if clean && !prevSpace {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}
