package passfort

import (
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

// TestSchemasMirrorContract compares the Go schema descriptions with the
// contract member by member: names, kinds, required and undeclared members,
// enums, and that each pattern is checked by a function agreeing with it.
// The oneOf variants, which the Go side chooses in code, are paired by hand.
func TestSchemasMirrorContract(t *testing.T) {
	t.Parallel()
	s := loadSpec(t).Components.Schemas
	oneOf := func(name string, i int) *openapi3.Schema {
		outer := *s[name].Value
		outer.OneOf = nil
		return &openapi3.Schema{AllOf: openapi3.SchemaRefs{{Value: &outer}, s[name].Value.OneOf[i]}}
	}
	entry := s["AddressHistory"].Value.Items.Value
	dated, undated := *entry, *entry
	dated.OneOf, undated.OneOf = nil, nil
	dated.AllOf = openapi3.SchemaRefs{entry.OneOf[0]}
	undated.AllOf = openapi3.SchemaRefs{entry.OneOf[1]}
	undated.AdditionalProperties = entry.OneOf[1].Value.AdditionalProperties
	pairs := []struct {
		name string
		spec *openapi3.Schema
		go_  *schema
	}{
		{"IndividualData", s["IndividualData"].Value, individualData},
		{"CompanyData", s["CompanyData"].Value, companyData},
		{"FreeformAddress", s["FreeformAddress"].Value, freeformAddress},
		{"StructuredAddress", s["StructuredAddress"].Value, structuredAddress},
		{"AddressHistory dated", &dated, datedAddress},
		{"AddressHistory undated", &undated, undatedAddress},
		{"AssociatedEntity immediate", oneOf("AssociatedEntity", 0), immediateAssociate},
		{"AssociatedEntity linked", oneOf("AssociatedEntity", 1), linkedAssociate},
		{"CompanyFiling", s["CompanyFiling"].Value, filing},
	}
	for _, p := range pairs {
		m := mirror{t: t, seen: map[pair]bool{}}
		m.compare(p.name, p.spec, p.go_)
	}
}

type mirror struct {
	t    *testing.T
	seen map[pair]bool
}

type pair struct {
	spec *openapi3.Schema
	go_  *schema
}

func (m *mirror) compare(path string, spec *openapi3.Schema, g *schema) {
	if m.seen[pair{spec, g}] || g.check != nil || strings.HasSuffix(path, ".national_identity_number") {
		return // compared already or elsewhere, or a deliberate deviation
	}
	m.seen[pair{spec, g}] = true
	if k := specKind(spec); k != g.kind {
		m.t.Errorf("%s: got kind %d, want %d", path, g.kind, k)
	}
	if spec.Nullable != g.nullable {
		m.t.Errorf("%s: got nullable %v, want %v", path, g.nullable, spec.Nullable)
	}
	m.compareStrings(path, spec, g)
	if spec.Items != nil {
		m.compare(path+"[]", spec.Items.Value, g.items)
	}
	props, required, closed := specObject(spec, map[*openapi3.Schema]bool{})
	if got, want := slices.Sorted(maps.Keys(g.props)), slices.Sorted(maps.Keys(props)); !slices.Equal(got, want) {
		m.t.Errorf("%s: got members %v, want %v", path, got, want)
	}
	if got, want := slices.Sorted(slices.Values(g.required)), slices.Sorted(maps.Keys(required)); !slices.Equal(got, want) {
		m.t.Errorf("%s: got required %v, want %v", path, got, want)
	}
	if (g.closed != "") != closed {
		m.t.Errorf("%s: got closed %v, want %v", path, g.closed != "", closed)
	}
	for name, p := range props {
		if gp := g.props[name]; gp != nil {
			m.compare(path+"."+name, p, gp)
		}
	}
}

func (m *mirror) compareStrings(path string, spec *openapi3.Schema, g *schema) {
	want := spec.Enum
	if len(spec.AnyOf) == 2 && spec.AnyOf[1].Value.Enum != nil { // ICAOCode
		want = append(slices.Clone(spec.AnyOf[0].Value.Enum), spec.AnyOf[1].Value.Enum...)
		for _, v := range want {
			if g.format(v.(string)) != "" {
				m.t.Errorf("%s: refuses %q", path, v)
			}
		}
		return
	}
	if len(want) > 0 {
		var values []string
		for _, v := range want {
			values = append(values, v.(string))
		}
		if got := slices.Sorted(slices.Values(g.enum)); !slices.Equal(got, slices.Sorted(slices.Values(values))) {
			m.t.Errorf("%s: got enum %v, want %v", path, got, values)
		}
	}
	if spec.Pattern == "" {
		return
	}
	if g.format == nil {
		m.t.Fatalf("%s: no format for pattern %s", path, spec.Pattern)
	}
	re := regexp.MustCompile(spec.Pattern)
	for _, sample := range formatSamples {
		if re.MatchString(sample) != (g.format(sample) == "") {
			m.t.Errorf("%s: pattern %s and format disagree on %q", path, spec.Pattern, sample)
		}
	}
}

// formatSamples tell the contract's patterns apart; all are calendar dates.
var formatSamples = []string{
	"", "1985", "1985-03", "1985-03-21", "85-03-21", "1985-03-21 10:11:12", "1985-03-21T10:11:12",
	"60fb11e6-2093-48a4-aee3-608fb927061d", "60FB11E6-2093-48A4-AEE3-608FB927061D",
	"60fb11e6209348a4aee3608fb927061d", "aGVsbG8=", "aGVsbA==", "aGVsbG8", "GBR",
}

func specKind(s *openapi3.Schema) kind {
	switch {
	case s.Type == nil && len(s.AnyOf) > 0 && s.AnyOf[0].Value.Type.Is("string"):
		return stringKind // ICAOCode
	case s.Type == nil:
		for _, part := range s.AllOf {
			if k := specKind(part.Value); k != anyKind {
				return k
			}
		}
		return anyKind
	}
	return map[string]kind{
		"string": stringKind, "number": numberKind, "integer": integerKind,
		"boolean": booleanKind, "object": objectKind, "array": arrayKind,
	}[s.Type.Slice()[0]]
}

// specObject collects the members of s and of its allOf parts, with those of
// its anyOf alternatives (DocumentImageResource's data and encrypted_data;
// CompanyDocument's own CompanyFiling), whose required lists are not
// collected since only one alternative need hold.
func specObject(s *openapi3.Schema, seen map[*openapi3.Schema]bool) (props map[string]*openapi3.Schema, required map[string]bool, closed bool) {
	props, required = map[string]*openapi3.Schema{}, map[string]bool{}
	if seen[s] {
		return props, required, false
	}
	seen[s] = true
	for name, p := range s.Properties {
		props[name] = p.Value
	}
	for _, r := range s.Required {
		required[r] = true
	}
	closed = s.AdditionalProperties.Has != nil && !*s.AdditionalProperties.Has
	for _, part := range s.AllOf {
		p, r, c := specObject(part.Value, seen)
		maps.Copy(props, p)
		maps.Copy(required, r)
		closed = closed || c
	}
	for _, alt := range s.AnyOf {
		p, _, _ := specObject(alt.Value, seen)
		maps.Copy(props, p)
	}
	return props, required, closed
}
