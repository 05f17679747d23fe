package kyc

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

// FuzzPromotion: whatever a company's data and a check's output hold, a
// promotion never panics, and when it changes the data the result is JSON
// whose Linked entries each name a profile linked before or created by it,
// with merged resolver ids.
func FuzzPromotion(f *testing.F) {
	const person = `{"entity_type":"INDIVIDUAL","immediate_data":{"entity_type":"INDIVIDUAL","personal_details":{"name":{"given_names":["Ann"],"family_name":"Lee"},"dob":"1970"}},"resolver_id":"b0000000-0000-4000-8000-00000000000%d"}`
	f.Add([]byte(`{"entity_type":"COMPANY"}`),
		[]byte(`{"entity_type":"COMPANY","officers":{"directors":[`+fmt.Sprintf(person, 1)+`]},"ownership_structure":{"shareholders":[`+fmt.Sprintf(person, 2)+`]}}`))
	f.Add([]byte(`{"entity_type":"COMPANY","officers":{"directors":[{"entity_type":"INDIVIDUAL","linked_profile":{"id":"a0000000-0000-4000-8000-000000000001"},"merged_resolver_ids":["b0000000-0000-4000-8000-000000000001"]}]}}`),
		[]byte(`{"entity_type":"COMPANY","officers":{"directors":[`+fmt.Sprintf(person, 1)+`]}}`))
	f.Add([]byte(`{"entity_type":"COMPANY","officers":[]}`), []byte(`{"entity_type":"COMPANY","officers":{"directors":[`+fmt.Sprintf(person, 3)+`,7]}}`))
	f.Fuzz(func(t *testing.T, data, output []byte) {
		facts, err := ParseFacts(data)
		if err != nil {
			return
		}
		p := &Profile{ID: "c0000000-0000-4000-8000-000000000000", Role: RoleCompanyCustomer}
		p.SetCollectedData(data, facts)
		p.SetAssociates(map[string]*Associate{})
		pr, err := newPromotion(p, output)
		if err != nil {
			return
		}
		out, created := pr.apply(25, System("i"), time.Unix(0, 0))
		if out == nil {
			return
		}
		f, err := ParseFacts(out)
		if err != nil {
			t.Fatalf("promotion wrote unreadable data: %v: %s", err, out)
		}
		before := map[string]bool{}
		for _, id := range facts.LinkedIDs() {
			before[id] = true
		}
		for _, e := range f.Links() {
			if !before[e.ProfileID] && created[e.ProfileID] == nil {
				t.Fatalf("entry %s links %s, neither linked before nor created", e.Path, e.ProfileID)
			}
			if !before[e.ProfileID] && len(e.MergedResolverIDs) == 0 {
				t.Fatalf("promoted entry %s has no merged_resolver_ids", e.Path)
			}
		}
	})
}

// TestPromotionMerges: one person under two resolver ids in two lists is
// one new profile linked in both, with both ids merged; a person already
// linked is found again by a merged resolver id, or by name and date of
// birth under a new one, and keeps its profile and task variants.
func TestPromotionMerges(t *testing.T) {
	const (
		r1, r2, r3 = "b0000000-0000-4000-8000-000000000001", "b0000000-0000-4000-8000-000000000002", "b0000000-0000-4000-8000-000000000003"
		known      = "a0000000-0000-4000-8000-000000000001"
		variant    = "41579478-c4bd-47bf-8e69-8d5e3a53eed4"
	)
	person := func(given, resolver string) string {
		return fmt.Sprintf(`{"entity_type":"INDIVIDUAL","immediate_data":{"entity_type":"INDIVIDUAL","personal_details":{"name":{"given_names":[%q],"family_name":"Lee"},"dob":"1970"}},"resolver_id":%q}`, given, resolver)
	}
	data := []byte(`{"entity_type":"COMPANY","officers":{"directors":[{"entity_type":"INDIVIDUAL","linked_profile":{"id":"` + known +
		`"},"merged_resolver_ids":["` + r3 + `"],"task_variant_ids":["` + variant + `"]}]}}`)
	facts, _ := ParseFacts(data)
	p := &Profile{ID: "c0000000-0000-4000-8000-000000000000", Role: RoleCompanyCustomer}
	p.SetCollectedData(data, facts)
	p.SetAssociates(map[string]*Associate{known: {ID: known, Role: RoleIndividualAssociated,
		CollectedData: []byte(`{"entity_type":"INDIVIDUAL","personal_details":{"name":{"given_names":["Kim"],"family_name":"Lee"},"dob":"1970"}}`)}})
	for _, tc := range []struct {
		name, output string
		created      int
		want         map[string][]string // list → merged resolver ids of its entries, in order
	}{
		{"one new person in two lists",
			`{"entity_type":"COMPANY","officers":{"secretaries":[` + person("Ann", r1) + `]},"ownership_structure":{"shareholders":[` + person("Ann", r2) + `]}}`,
			1, map[string][]string{"secretaries": {r1 + "," + r2}, "shareholders": {r1 + "," + r2}}},
		{"a linked person by a merged resolver id",
			`{"entity_type":"COMPANY","officers":{"directors":[` + person("Kim", r3) + `]}}`,
			0, map[string][]string{"directors": {r3}}},
		{"a linked person by name and date of birth",
			`{"entity_type":"COMPANY","officers":{"directors":[` + person("Kim", r1) + `]}}`,
			0, map[string][]string{"directors": {r1 + "," + r3}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pr, err := newPromotion(p, []byte(tc.output))
			if err != nil {
				t.Fatal(err)
			}
			out, created := pr.apply(25, System("i"), time.Unix(0, 0))
			if len(created) != tc.created {
				t.Errorf("created %d profiles, want %d", len(created), tc.created)
			}
			if out == nil {
				t.Fatal("nothing changed")
			}
			f, _ := ParseFacts(out)
			got := map[string][]string{}
			for _, e := range f.Links() {
				list := e.Path[strings.LastIndex(e.Path[:strings.Index(e.Path, "[")], ".")+1 : strings.Index(e.Path, "[")]
				got[list] = append(got[list], strings.Join(e.MergedResolverIDs, ","))
				if created[e.ProfileID] == nil && e.ProfileID != known {
					t.Errorf("%s links %s", e.Path, e.ProfileID)
				}
				if e.ProfileID == known && !slices.Equal(e.TaskVariantIDs, []string{variant}) {
					t.Errorf("the known director's task variants: %v", e.TaskVariantIDs)
				}
			}
			for list, want := range tc.want {
				if !slices.Equal(got[list], want) {
					t.Errorf("%s: got %v, want %v", list, got[list], want)
				}
			}
		})
	}
}
