package kyc

import (
	"fmt"
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
