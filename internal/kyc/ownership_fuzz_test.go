package kyc_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

// fuzzGraph reads a graph from bytes: the first byte is the number of
// nodes, then each three bytes are an edge (holder, whose top bit means a
// declared stake; entity; percentage, whose top bit means control). Node 0
// is the root; odd nodes are people.
func fuzzGraph(data []byte) *kyc.OwnershipGraph {
	g := &kyc.OwnershipGraph{Root: "n0"}
	if len(data) == 0 {
		return g
	}
	n := int(data[0])%64 + 1
	for i := range n {
		et := kyc.Company
		if i%2 == 1 {
			et = kyc.Individual
		}
		g.Nodes = append(g.Nodes, kyc.OwnershipNode{ID: fmt.Sprintf("n%d", i), Name: fmt.Sprintf("n%d", i), EntityType: et})
	}
	for i := 1; i+2 < len(data); i += 3 {
		pct := float64(data[i+2]&0x7f) * 100 / 127
		if data[i+2] == 0x7f {
			pct = math.NaN()
		}
		g.Edges = append(g.Edges, kyc.OwnershipEdge{
			Holder: fmt.Sprintf("n%d", int(data[i])%(n+1)), Entity: fmt.Sprintf("n%d", int(data[i+1])%n),
			Percentage: pct, Control: data[i+2]&0x80 != 0, Declared: data[i]&0x80 != 0,
		})
	}
	return g
}

// FuzzComputeOwnership: any graph, cycles and bad percentages included, is
// computed without panicking or looping, and the result is consistent:
// finite non-negative shares, beneficial owners are people, and the paths
// reported for one never add up to more than its effective ownership.
func FuzzComputeOwnership(f *testing.F) {
	f.Add([]byte{4, 1, 0, 60, 2, 0, 40, 3, 2, 50})
	f.Add([]byte{3, 1, 0, 50, 2, 1, 50, 1, 2, 50})         // a cycle
	f.Add([]byte{2, 1, 1, 10, 1, 0, 0x80})                 // a self-holding, control without shares
	f.Add([]byte{8, 1, 0, 0x7f, 2, 0, 127, 3, 2, 0xff, 4}) // NaN, a trailing partial edge
	f.Fuzz(func(t *testing.T, data []byte) {
		g := fuzzGraph(data)
		start := time.Now()
		o := kyc.ComputeOwnership(g, kyc.OwnershipRules{Threshold: 25})
		if d := time.Since(start); d > 5*time.Second {
			t.Fatalf("took %v", d)
		}
		for _, w := range o.Owners {
			if math.IsNaN(w.Percentage) || math.IsInf(w.Percentage, 0) || w.Percentage < 0 {
				t.Fatalf("%s: share %g", w.Node.ID, w.Percentage)
			}
			if w.BeneficialOwner && w.Node.EntityType != kyc.Individual {
				t.Fatalf("%s: a %s is a beneficial owner", w.Node.ID, w.Node.EntityType)
			}
			if w.BeneficialOwner && len(w.Paths) == 0 {
				t.Fatalf("%s: a beneficial owner without a path", w.Node.ID)
			}
			sum := 0.0
			for _, p := range w.Paths {
				if p.Nodes[0] != w.Node.ID || p.Nodes[len(p.Nodes)-1] != g.Root || len(p.Steps) != len(p.Nodes)-1 {
					t.Fatalf("%s: bad path %+v", w.Node.ID, p)
				}
				sum += p.Percentage
			}
			if !o.Approximate && sum > w.Percentage*(1+1e-9)+1e-9 {
				t.Fatalf("%s: paths add up to %g, more than its %g", w.Node.ID, sum, w.Percentage)
			}
		}
		for _, c := range o.Cycles {
			if len(c) < 2 || c[0] != c[len(c)-1] {
				t.Fatalf("bad cycle %v", c)
			}
		}
	})
}

// benchGraph is a corporate group of n nodes: the root held by layers of
// holding companies, each held by two to four of the next layer's
// companies or people. One company in ten holds 10% of the company two
// levels up its chain (a cross-holding: a cycle of three), and one in two
// hundred a stake in a random company (cycles of any length).
func benchGraph(n int) *kyc.OwnershipGraph {
	rng := rand.New(rand.NewPCG(1, 2))
	g := &kyc.OwnershipGraph{Root: "c0"}
	companies := n / 5
	for i := range n {
		if i < companies {
			g.Nodes = append(g.Nodes, kyc.OwnershipNode{ID: fmt.Sprintf("c%d", i), Name: fmt.Sprintf("Company %d", i), EntityType: kyc.Company})
		} else {
			g.Nodes = append(g.Nodes, kyc.OwnershipNode{ID: fmt.Sprintf("p%d", i), Name: fmt.Sprintf("Person %d", i), EntityType: kyc.Individual})
		}
	}
	next := 1
	parent := make([]int, companies)
	for c := 0; c < companies && next < n; c++ {
		holders := 2 + rng.IntN(3)
		left := 100.0
		for h := 0; h < holders && next < n; h++ {
			pct := left / 2
			if h == holders-1 {
				pct = left
			}
			left -= pct
			g.Edges = append(g.Edges, kyc.OwnershipEdge{Holder: g.Nodes[next].ID, Entity: g.Nodes[c].ID, Percentage: pct})
			if next < companies {
				parent[next] = c
			}
			next++
		}
		if c > 0 && parent[c] > 0 && rng.IntN(10) == 0 {
			g.Edges = append(g.Edges, kyc.OwnershipEdge{Holder: g.Nodes[parent[parent[c]]].ID, Entity: g.Nodes[c].ID, Percentage: 10})
		}
		if c > 0 && rng.IntN(200) == 0 {
			g.Edges = append(g.Edges, kyc.OwnershipEdge{Holder: g.Nodes[rng.IntN(c)].ID, Entity: g.Nodes[c].ID, Percentage: 5})
		}
	}
	return g
}

// BenchmarkComputeOwnership: a 10,000-node group with cycles.
func BenchmarkComputeOwnership(b *testing.B) {
	g := benchGraph(10000)
	b.ReportAllocs()
	var o kyc.Ownership
	for b.Loop() {
		o = kyc.ComputeOwnership(g, kyc.OwnershipRules{})
	}
	b.ReportMetric(float64(len(g.Nodes)), "nodes")
	b.ReportMetric(float64(len(o.Cycles)), "cycles")
	approx := 0.0
	if o.Approximate {
		approx = 1
	}
	b.ReportMetric(approx, "approximate")
	if len(o.Owners) == 0 || len(o.Cycles) == 0 {
		b.Fatalf("owners %d, cycles %d: the graph should have both", len(o.Owners), len(o.Cycles))
	}
}

// FuzzOwnershipFromData: any company data (what the decoder accepts and
// more) builds an ownership graph and computes it without panicking; every
// node of an edge is in the graph.
func FuzzOwnershipFromData(f *testing.F) {
	f.Add([]byte(`{"entity_type":"COMPANY","ownership_structure":{"shareholders":[{"entity_type":"INDIVIDUAL","immediate_data":{"entity_type":"INDIVIDUAL"},"total_percentage":30}]}}`))
	f.Add([]byte(`{"entity_type":"COMPANY","ownership_structure":{"beneficial_owners":[{"entity_type":"INDIVIDUAL","immediate_data":{"entity_type":"INDIVIDUAL"},"natures_of_control":["ownership-of-shares-more-than-25-percent","voting-rights-25-to-50-percent"]}]}}`))
	f.Add([]byte(`{"entity_type":"COMPANY","ownership_structure":{"shareholders":[{"entity_type":"COMPANY","immediate_data":{"entity_type":"COMPANY","ownership_structure":{"shareholders":[{"entity_type":"COMPANY","immediate_data":{"entity_type":"COMPANY"},"resolver_id":"b0000000-0000-4000-8000-000000000001","total_percentage":1e308}]}},"resolver_id":"b0000000-0000-4000-8000-000000000001","shareholdings":[{"percentage":-3}]}]}}`))
	f.Add([]byte(`{"entity_type":"COMPANY","ownership_structure":{"shareholders":[{"entity_type":"COMPANY","linked_profile":{"id":"root"},"total_percentage":50}]}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		facts, err := kyc.ParseFacts(data)
		if err != nil {
			return
		}
		p := &kyc.Profile{ID: "root", Role: kyc.RoleCompanyCustomer}
		p.SetCollectedData(data, facts)
		g := p.OwnershipGraph()
		nodes := map[string]bool{}
		for _, n := range g.Nodes {
			nodes[n.ID] = true
		}
		for _, e := range g.Edges {
			if !nodes[e.Holder] || !nodes[e.Entity] {
				t.Fatalf("edge %+v names a node not in the graph", e)
			}
		}
		o := kyc.ComputeOwnership(g, kyc.OwnershipRules{})
		for _, w := range o.Owners {
			if math.IsNaN(w.Percentage) || w.Percentage < 0 {
				t.Fatalf("%s: %g", w.Node.ID, w.Percentage)
			}
		}
	})
}
