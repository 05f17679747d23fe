package kyc

import (
	"slices"
	"testing"
)

// TestIdentityNeedsDOBAndAddress: an electronic identity check needs a
// date of birth and an address by default (a database confirms name and
// address, name and date of birth); without them it waits with collection
// steps. A variant's required_data overrides the default.
func TestIdentityNeedsDOBAndAddress(t *testing.T) {
	t.Parallel()
	name := Facts{EntityType: Individual, GivenNames: []string{"Alex"}, FamilyName: "Wheeler"}
	withDOB := name
	withDOB.DOB = "1985-07-14"
	full := withDOB
	full.Addresses = []Address{{Country: "GBR", Current: true}}
	nameOnly := CheckVariant{Config: map[string]any{"required_data": []any{"FULL_NAME"}}}
	tests := []struct {
		name    string
		check   CheckType
		variant CheckVariant
		facts   Facts
		want    []CollectionType
	}{
		{"identity on a name alone", CheckIdentity, CheckVariant{}, name, []CollectionType{CollectDOB, CollectAddressHistory}},
		{"identity without an address", CheckIdentity, CheckVariant{}, withDOB, []CollectionType{CollectAddressHistory}},
		{"identity with everything", CheckIdentity, CheckVariant{}, full, nil},
		{"identity on nothing", CheckIdentity, CheckVariant{}, Facts{EntityType: Individual}, []CollectionType{CollectFullName, CollectDOB, CollectAddressHistory}},
		{"identity variant asking for the name only", CheckIdentity, nameOnly, name, nil},
		{"screening on a name alone", CheckPEPsAndSanctions, CheckVariant{}, name, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var got []CollectionType
			for _, s := range MissingFor(tc.check, tc.variant, &tc.facts) {
				got = append(got, s.Type)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("got steps %v, want %v", got, tc.want)
			}
		})
	}
}

// TestIdentityOnNameWaits: instructed on a name alone, an identity check
// waits (PENDING) with DOB and ADDRESS_HISTORY steps, and runs once data
// fulfilling them arrives.
func TestIdentityOnNameWaits(t *testing.T) {
	p := &Profile{ID: "p", InstitutionID: "inst", Role: RoleIndividualCustomer, Status: StatusNormal,
		CollectedData: []byte(`{"entity_type":"INDIVIDUAL","personal_details":{"name":{"given_names":["Alex"],"family_name":"Wheeler"}}}`)}
	c := &Check{ID: "c", Type: CheckIdentity}
	p.Instruct(c, apiKey, t0)
	var steps []CollectionType
	for _, s := range p.CollectionSteps {
		steps = append(steps, s.Type)
	}
	if c.State != CheckPending || !slices.Equal(steps, []CollectionType{CollectDOB, CollectAddressHistory}) {
		t.Fatalf("got check %s with steps %v, want PENDING with [DOB ADDRESS_HISTORY]", c.State, steps)
	}
	p.CollectedData = []byte(`{"entity_type":"INDIVIDUAL","personal_details":{"name":{"given_names":["Alex"],"family_name":"Wheeler"},"dob":"1985-07-14"},` +
		`"address_history":[{"address":{"type":"STRUCTURED","country":"GBR","route":"Baker Street","locality":"London"}}]}`)
	p.facts = nil
	if !p.DropFulfilledSteps() || len(p.CollectionSteps) != 0 {
		t.Fatalf("got steps %v after the data arrived, want none", p.CollectionSteps)
	}
	if got := p.ReleasePending(); len(got) != 1 || got[0] != c || c.State != CheckRunning {
		t.Errorf("released %v, check %s; want the check RUNNING", got, c.State)
	}
}
