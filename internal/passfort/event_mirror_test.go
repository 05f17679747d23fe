package passfort

import (
	"maps"
	"slices"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

// TestEventSchemasMirrorContract compares the Go descriptions of the four
// flags with the contract member by member, as TestSchemasMirrorContract does
// for EntityData, and also each number's bounds, which only EventData has.
func TestEventSchemasMirrorContract(t *testing.T) {
	t.Parallel()
	s := loadSpec(t).Components.Schemas
	ed := s["EventData"].Value
	variants := map[string]*schema{
		"PEP_FLAG":           eventPEPFlag,
		"SANCTION_FLAG":      eventSanctionFlag,
		"ADVERSE_MEDIA_FLAG": eventAdverseMediaFlag,
		"REFER_FLAG":         eventReferFlag,
	}
	if ed.Discriminator == nil || ed.Discriminator.PropertyName != "event_type" {
		t.Fatalf("EventData: want a discriminator on event_type")
	}
	if got, want := slices.Sorted(maps.Keys(variants)), slices.Sorted(maps.Keys(ed.Discriminator.Mapping)); !slices.Equal(got, want) {
		t.Errorf("EventData: got event types %v, want %v", got, want)
	}
	if got, want := eventData.check, len(ed.OneOf); got == nil || want != len(variants) {
		t.Errorf("EventData: got a oneOf of %d by event_type, want %d", len(variants), want)
	}
	for typ, ref := range ed.Discriminator.Mapping {
		name := ref.Ref[len("#/components/schemas/"):]
		g := variants[typ]
		if g == nil {
			continue
		}
		if got := g.props["event_type"].enum; !slices.Equal(got, []string{typ}) {
			t.Errorf("%s: got event_type enum %v, want [%s]", name, got, typ)
		}
		m := mirror{t: t, seen: map[pair]bool{}}
		m.compare(name, s[name].Value, g)
		compareBounds(t, name, s[name].Value, g, map[pair]bool{})
	}
}

// compareBounds checks minimum and maximum throughout a schema.
func compareBounds(t *testing.T, path string, spec *openapi3.Schema, g *schema, seen map[pair]bool) {
	if g == nil || seen[pair{spec, g}] {
		return
	}
	seen[pair{spec, g}] = true
	if !sameBound(spec.Min, g.minimum) || !sameBound(spec.Max, g.maximum) {
		t.Errorf("%s: got bounds %v..%v, want %v..%v", path, deref(g.minimum), deref(g.maximum), deref(spec.Min), deref(spec.Max))
	}
	if spec.ExclusiveMin.IsSet() || spec.ExclusiveMax.IsSet() {
		t.Errorf("%s: exclusive bounds are not supported", path)
	}
	if spec.Items != nil {
		compareBounds(t, path+"[]", spec.Items.Value, g.items, seen)
	}
	props, _, _ := specObject(spec, map[*openapi3.Schema]bool{})
	for name, p := range props {
		compareBounds(t, path+"."+name, p, g.props[name], seen)
	}
}

func sameBound(a, b *float64) bool { return (a == nil) == (b == nil) && (a == nil || *a == *b) }

func deref(f *float64) any {
	if f == nil {
		return "-"
	}
	return *f
}
