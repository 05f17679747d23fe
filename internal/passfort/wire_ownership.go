package passfort

import (
	"math"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

// The wire types of Gatehouse's own ownership endpoint
// (GET /gatehouse/v1/profiles/{id}/ownership, docs/kyb.md).

// Ownership is a company's ownership graph as computed.
type Ownership struct {
	ProfileID   string            `json:"profile_id"`
	DisplayName string            `json:"display_name"`
	Threshold   float64           `json:"threshold"`
	Owners      []Owner           `json:"owners"`
	Cycles      [][]OwnershipNode `json:"cycles"`
	Approximate bool              `json:"approximate"`
}

// OwnershipNode is a person or company of the graph.
type OwnershipNode struct {
	ID          string   `json:"id"`
	ProfileID   string   `json:"profile_id,omitempty"`
	ResolverIDs []string `json:"resolver_ids,omitempty"`
	Name        string   `json:"name"`
	EntityType  string   `json:"entity_type,omitempty"`
}

// Owner is one holder's position in the company.
type Owner struct {
	OwnershipNode
	Percentage      float64         `json:"percentage"`
	Control         bool            `json:"control"`
	BeneficialOwner bool            `json:"beneficial_owner"`
	Reasons         []string        `json:"reasons"`
	Paths           []OwnershipPath `json:"paths"`
}

// OwnershipPath is one chain of holdings from an owner to the company.
type OwnershipPath struct {
	Percentage float64         `json:"percentage"`
	Nodes      []OwnershipNode `json:"nodes"`
	Steps      []OwnershipStep `json:"steps"`
}

// OwnershipStep is the stake one node of a path holds in the next.
type OwnershipStep struct {
	Percentage float64 `json:"percentage"`
	Control    bool    `json:"control"`
}

// FromOwnership converts a computed ownership of company p.
func FromOwnership(p *kyc.Profile, o kyc.Ownership) Ownership {
	nodes := map[string]OwnershipNode{}
	node := func(n kyc.OwnershipNode) OwnershipNode {
		return OwnershipNode{ID: n.ID, ProfileID: n.ProfileID, ResolverIDs: n.ResolverIDs, Name: n.Name, EntityType: string(n.EntityType)}
	}
	nodes[o.Root.ID] = node(o.Root)
	for _, w := range o.Owners {
		nodes[w.Node.ID] = node(w.Node)
	}
	byID := func(id string) OwnershipNode {
		if n, ok := nodes[id]; ok {
			return n
		}
		return OwnershipNode{ID: id}
	}
	out := Ownership{ProfileID: p.ID, DisplayName: p.DisplayName, Threshold: o.Threshold, Owners: make([]Owner, len(o.Owners)),
		Cycles: make([][]OwnershipNode, len(o.Cycles)), Approximate: o.Approximate}
	for i, w := range o.Owners {
		ow := Owner{OwnershipNode: nodes[w.Node.ID], Percentage: pct(w.Percentage), Control: w.Control,
			BeneficialOwner: w.BeneficialOwner, Reasons: orEmpty(w.Reasons), Paths: make([]OwnershipPath, len(w.Paths))}
		for j, path := range w.Paths {
			op := OwnershipPath{Percentage: pct(path.Percentage), Nodes: make([]OwnershipNode, len(path.Nodes)),
				Steps: make([]OwnershipStep, len(path.Steps))}
			for k, id := range path.Nodes {
				op.Nodes[k] = byID(id)
			}
			for k, st := range path.Steps {
				op.Steps[k] = OwnershipStep{Percentage: pct(st.Percentage), Control: st.Control}
			}
			ow.Paths[j] = op
		}
		out.Owners[i] = ow
	}
	for i, c := range o.Cycles {
		out.Cycles[i] = make([]OwnershipNode, len(c))
		for k, id := range c {
			out.Cycles[i][k] = byID(id)
		}
	}
	return out
}

// pct rounds a computed percentage to six decimals, so that 50% of 60%
// reads 30, not 30.000000000000004.
func pct(v float64) float64 { return math.Round(v*1e6) / 1e6 }
