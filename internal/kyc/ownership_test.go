package kyc_test

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

// graph builds an ownership graph rooted at "R" from edges written
// "holder>entity:percentage", with a trailing ":c" for control, ":d" for a
// declared stake (":cd" for both). Names in upper case are companies, in
// lower case people.
func graph(edges ...string) *kyc.OwnershipGraph {
	g := &kyc.OwnershipGraph{Root: "R"}
	seen := map[string]bool{}
	node := func(id string) {
		if seen[id] {
			return
		}
		seen[id] = true
		et := kyc.Individual
		if strings.ToUpper(id) == id {
			et = kyc.Company
		}
		g.Nodes = append(g.Nodes, kyc.OwnershipNode{ID: id, Name: id, EntityType: et})
	}
	node("R")
	for _, e := range edges {
		parts := strings.Split(e, ":")
		holder, entity, _ := strings.Cut(parts[0], ">")
		node(holder)
		node(entity)
		pct, err := strconv.ParseFloat(parts[1], 64)
		if err != nil {
			panic(e)
		}
		g.Edges = append(g.Edges, kyc.OwnershipEdge{Holder: holder, Entity: entity, Percentage: pct,
			Control: len(parts) > 2 && strings.Contains(parts[2], "c"), Declared: len(parts) > 2 && strings.Contains(parts[2], "d")})
	}
	return g
}

func owner(o kyc.Ownership, id string) *kyc.Owner {
	for i := range o.Owners {
		if o.Owners[i].Node.ID == id {
			return &o.Owners[i]
		}
	}
	return nil
}

func ubos(o kyc.Ownership) []string {
	var out []string
	for _, w := range o.Owners {
		if w.BeneficialOwner {
			out = append(out, w.Node.ID)
		}
	}
	slices.Sort(out)
	return out
}

func TestComputeOwnership(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name      string
		g         *kyc.OwnershipGraph
		threshold float64
		shares    map[string]float64 // effective percentages to check
		ubos      []string
		cycles    int
	}{
		{name: "direct holdings", g: graph("alice>R:60", "bob>R:40"),
			shares: map[string]float64{"alice": 60, "bob": 40}, ubos: []string{"alice", "bob"}},
		{name: "a chain multiplies", g: graph("HOLD>R:60", "alice>HOLD:50", "bob>R:10"),
			shares: map[string]float64{"HOLD": 60, "alice": 30, "bob": 10}, ubos: []string{"alice"}},
		{name: "a long chain", g: graph("A>R:90", "B>A:90", "C>B:90", "alice>C:50"),
			shares: map[string]float64{"alice": 36.45}, ubos: []string{"alice"}},
		{name: "several paths add up", g: graph("A>R:20", "B>R:20", "alice>A:100", "alice>B:50", "bob>B:50"),
			shares: map[string]float64{"alice": 30, "bob": 10}, ubos: []string{"alice"}},
		{name: "paths through a shared intermediate", g: graph("A>R:50", "B>R:50", "C>A:50", "C>B:50", "alice>C:100"),
			shares: map[string]float64{"C": 50, "alice": 50}, ubos: []string{"alice"}},
		{name: "a two-company cycle", g: graph("A>R:50", "B>A:50", "A>B:30", "alice>B:100"),
			shares: map[string]float64{"A": 50, "B": 25, "alice": 25}, ubos: nil, cycles: 1},
		{name: "a cycle with both members holding the root", g: graph("A>R:50", "B>R:50", "A>B:50", "B>A:50", "alice>A:100"),
			shares: map[string]float64{"A": 75, "B": 75, "alice": 75}, ubos: []string{"alice"}, cycles: 1},
		{name: "the root holding a holder is a cycle, not followed", g: graph("A>R:40", "R>A:100", "alice>A:100"),
			shares: map[string]float64{"A": 40, "alice": 40}, ubos: []string{"alice"}, cycles: 1},
		{name: "the root holding a company that does not hold it is no cycle", g: graph("A>R:40", "R>X:100"),
			shares: map[string]float64{"A": 40}},
		{name: "a company holding its own shares", g: graph("A>R:60", "A>A:10", "alice>A:50"),
			shares: map[string]float64{"alice": 30}, ubos: []string{"alice"}, cycles: 1},
		{name: "control without shares", g: graph("alice>R:0:c", "bob>R:20"),
			shares: map[string]float64{"alice": 0, "bob": 20}, ubos: []string{"alice"}},
		{name: "control of a holder above the threshold", g: graph("A>R:30", "alice>A:10:c", "bob>A:90"),
			shares: map[string]float64{"alice": 3, "bob": 27}, ubos: []string{"alice", "bob"}},
		{name: "control of a holder below the threshold is not control", g: graph("A>R:20", "alice>A:10:c"),
			shares: map[string]float64{"alice": 2}, ubos: nil},
		{name: "a majority stake in a holder is control", g: graph("A>R:40", "alice>A:60", "bob>A:40"),
			shares: map[string]float64{"alice": 24, "bob": 16}, ubos: []string{"alice"}},
		{name: "exactly the threshold is not more than it", g: graph("alice>R:25", "B>R:50", "bob>B:50"),
			shares: map[string]float64{"alice": 25, "bob": 25}, ubos: nil},
		{name: "just above the threshold", g: graph("alice>R:25.01", "B>R:50", "bob>B:50.02"),
			shares: map[string]float64{"alice": 25.01, "bob": 25.01}, ubos: []string{"alice", "bob"}},
		{name: "a policy threshold of 10", g: graph("alice>R:10.5", "bob>R:10"), threshold: 10,
			ubos: []string{"alice"}},
		{name: "holders that do not reach the root are left out", g: graph("alice>R:30", "bob>X:100"),
			shares: map[string]float64{"alice": 30}, ubos: []string{"alice"}},
		{name: "companies are never beneficial owners", g: graph("A>R:100"),
			shares: map[string]float64{"A": 100}, ubos: nil},
		{name: "a declared stake restating a chain is not counted twice", g: graph("HOLD>R:60", "alice>HOLD:50", "alice>R:30:d"),
			shares: map[string]float64{"alice": 30}, ubos: []string{"alice"}},
		{name: "a declared stake with no chain behind it counts", g: graph("alice>R:30:d", "bob>R:20:d"),
			shares: map[string]float64{"alice": 30, "bob": 20}, ubos: []string{"alice"}},
		{name: "a declared controller with a small chain keeps control", g: graph("HOLD>R:20", "alice>HOLD:10", "alice>R:0:cd"),
			shares: map[string]float64{"alice": 2}, ubos: []string{"alice"}},
		{name: "bad percentages count as none or all", g: graph("alice>R:-5", "bob>R:150"),
			shares: map[string]float64{"alice": 0, "bob": 100}, ubos: []string{"bob"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			o := kyc.ComputeOwnership(tc.g, kyc.OwnershipRules{Threshold: tc.threshold})
			for id, want := range tc.shares {
				w := owner(o, id)
				if w == nil {
					t.Errorf("%s: not an owner, want %g%%", id, want)
					continue
				}
				if math.Abs(w.Percentage-want) > 1e-9 {
					t.Errorf("%s: got %g%%, want %g%%", id, w.Percentage, want)
				}
			}
			if got := ubos(o); !slices.Equal(got, tc.ubos) {
				t.Errorf("beneficial owners: got %v, want %v", got, tc.ubos)
			}
			if len(o.Cycles) != tc.cycles {
				t.Errorf("cycles: got %v, want %d", o.Cycles, tc.cycles)
			}
			if o.Approximate {
				t.Error("a small graph was computed approximately")
			}
		})
	}
}

func TestOwnershipPaths(t *testing.T) {
	t.Parallel()
	o := kyc.ComputeOwnership(graph("A>R:20", "B>R:20", "alice>A:100", "alice>B:50", "A>B:100"), kyc.OwnershipRules{})
	alice := owner(o, "alice")
	if alice == nil || !alice.BeneficialOwner {
		t.Fatalf("alice: got %+v, want a beneficial owner", alice)
	}
	// alice>A>R 20%, alice>A>B>R 20%, alice>B>R 10%.
	var got []string
	for _, p := range alice.Paths {
		got = append(got, fmt.Sprintf("%s=%g", strings.Join(p.Nodes, ">"), math.Round(p.Percentage*1e9)/1e9))
	}
	want := []string{"alice>A>R=20", "alice>A>B>R=20", "alice>B>R=10"}
	if !slices.Equal(got, want) {
		t.Errorf("paths: got %v, want %v", got, want)
	}
	if math.Abs(alice.Percentage-50) > 1e-9 {
		t.Errorf("alice: got %g%%, want 50%%", alice.Percentage)
	}
	if s := alice.Paths[0].Steps; len(s) != 2 || s[0].Percentage != 100 || !s[0].Control || s[1].Percentage != 20 {
		t.Errorf("steps of the first path: got %+v", s)
	}
}

func TestOwnershipCycleReported(t *testing.T) {
	t.Parallel()
	o := kyc.ComputeOwnership(graph("A>R:50", "B>A:50", "C>B:50", "A>C:50", "alice>C:100"), kyc.OwnershipRules{})
	if len(o.Cycles) != 1 {
		t.Fatalf("cycles: got %v, want one", o.Cycles)
	}
	c := o.Cycles[0]
	if len(c) != 4 || c[0] != c[3] {
		t.Errorf("cycle: got %v, want three companies and back", c)
	}
	// alice>C>B>A>R = 12.5%; the way round (C>B>A>C) is not followed.
	if a := owner(o, "alice"); a == nil || math.Abs(a.Percentage-12.5) > 1e-9 {
		t.Errorf("alice: got %+v, want 12.5%%", a)
	}
}

func TestOwnershipUnknownRoot(t *testing.T) {
	t.Parallel()
	o := kyc.ComputeOwnership(&kyc.OwnershipGraph{Root: "nope"}, kyc.OwnershipRules{})
	if len(o.Owners) != 0 || o.Root.ID != "nope" {
		t.Errorf("got %+v, want no owners", o)
	}
}

// TestOwnershipGraphFromData: the graph read from a company's data and its
// associates: shareholdings add up, a beneficial owner entry restates the
// holding (the larger counts), natures of control give a range's lower
// bound and control, an immediate corporate holder's data brings its own
// holders, a linked company associate its, and an immediate entry whose
// resolver id a Linked entry merged is that profile.
func TestOwnershipGraphFromData(t *testing.T) {
	t.Parallel()
	const (
		hold  = "a0000000-0000-4000-8000-000000000001"
		alice = "a0000000-0000-4000-8000-000000000002"
		merge = "b0000000-0000-4000-8000-000000000009"
	)
	data := []byte(`{"entity_type":"COMPANY","metadata":{"name":"Root Ltd"},"ownership_structure":{
		"shareholders":[
			{"entity_type":"COMPANY","linked_profile":{"id":"` + hold + `"},"total_percentage":40},
			{"entity_type":"INDIVIDUAL","immediate_data":{"entity_type":"INDIVIDUAL","personal_details":{"name":{"given_names":["Bob"],"family_name":"B"}}},"resolver_id":"b0000000-0000-4000-8000-000000000001","shareholdings":[{"percentage":5},{"percentage":6}]},
			{"entity_type":"COMPANY","immediate_data":{"entity_type":"COMPANY","metadata":{"name":"Imm Corp"},"ownership_structure":{"shareholders":[
				{"entity_type":"INDIVIDUAL","immediate_data":{"entity_type":"INDIVIDUAL","personal_details":{"name":{"given_names":["Cat"],"family_name":"C"}}},"total_percentage":100}]}},"total_percentage":30},
			{"entity_type":"INDIVIDUAL","immediate_data":{"entity_type":"INDIVIDUAL"},"resolver_id":"` + merge + `","total_percentage":2}],
		"beneficial_owners":[
			{"entity_type":"INDIVIDUAL","immediate_data":{"entity_type":"INDIVIDUAL","personal_details":{"name":{"given_names":["Bob"],"family_name":"B"}}},"resolver_id":"b0000000-0000-4000-8000-000000000001","natures_of_control":["ownership-of-shares-25-to-50-percent"]},
			{"entity_type":"INDIVIDUAL","immediate_data":{"entity_type":"INDIVIDUAL","personal_details":{"name":{"given_names":["Dan"],"family_name":"D"}}},"natures_of_control":["right-to-appoint-and-remove-directors"]},
			{"entity_type":"INDIVIDUAL","linked_profile":{"id":"` + alice + `"},"merged_resolver_ids":["` + merge + `"]}]}}`)
	f, err := kyc.ParseFacts(data)
	if err != nil {
		t.Fatal(err)
	}
	p := &kyc.Profile{ID: "root", Role: kyc.RoleCompanyCustomer}
	p.SetCollectedData(data, f)
	holdData := []byte(`{"entity_type":"COMPANY","ownership_structure":{"shareholders":[{"entity_type":"INDIVIDUAL","linked_profile":{"id":"` + alice + `"},"total_percentage":75}]}}`)
	p.SetAssociates(map[string]*kyc.Associate{
		hold:  {ID: hold, Role: kyc.RoleCompanyAssociated, DisplayName: "Hold Ltd", CollectedData: holdData},
		alice: {ID: alice, Role: kyc.RoleIndividualAssociated, DisplayName: "Alice A"},
	})
	o := p.Ownership(25)
	byName := map[string]kyc.Owner{}
	for _, w := range o.Owners {
		byName[w.Node.Name] = w
	}
	for name, want := range map[string]struct {
		pct  float64
		ubo  bool
		ctrl bool
	}{
		"Hold Ltd": {40, false, false},
		"Alice A":  {30 + 2, true, true},     // 75% of 40% (a majority of a holder above the threshold: control), and the merged 2%
		"Bob B":    {25 + 1e-6, true, false}, // 11% of shares; the register says more than 25%
		"Imm Corp": {30, false, false},
		"Cat C":    {30, true, true}, // all of Imm Corp: control of a holder above the threshold
		"Dan D":    {0, true, true},
	} {
		w, ok := byName[name]
		if !ok {
			t.Errorf("%s: not an owner (owners %+v)", name, o.Owners)
			continue
		}
		if math.Abs(w.Percentage-want.pct) > 1e-9 || w.BeneficialOwner != want.ubo || w.Control != want.ctrl {
			t.Errorf("%s: got %g%% ubo %v control %v, want %g%% ubo %v control %v", name, w.Percentage, w.BeneficialOwner, w.Control, want.pct, want.ubo, want.ctrl)
		}
	}
	if len(o.Owners) != 6 {
		t.Errorf("got %d owners, want 6: %+v", len(o.Owners), o.Owners)
	}
}
