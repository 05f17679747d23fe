package kyc

import (
	"strconv"
	"strings"
)

// Building a company's ownership graph from collected data: the company's
// shareholders and beneficial owners, and recursively those of its
// corporate holders, whether they are linked profiles (whose data the
// company loads with its associates) or immediate entries whose data
// describes their own owners.

// natureEpsilon is added to the lower bound of an ownership range read from
// natures_of_control: "ownership-of-shares-25-to-50-percent" means more
// than 25%, so it counts as just above 25.
const natureEpsilon = 1e-6

// OwnershipGraph builds the profile's ownership graph (the profile being
// the company at its root).
func (p *Profile) OwnershipGraph() *OwnershipGraph {
	b := &graphBuilder{p: p, g: &OwnershipGraph{Root: p.ID}, nodes: map[string]bool{}, merged: map[string]string{},
		edges: map[[2]string]*edgeSum{}}
	b.node(OwnershipNode{ID: p.ID, ProfileID: p.ID, Name: p.Facts().DisplayName(), EntityType: p.EntityType()})
	b.expand(p.ID, p.Facts(), 0)
	for _, k := range b.order {
		e := b.edges[k]
		pct := e.shares
		if e.owners > pct {
			pct = e.owners
		}
		b.g.Edges = append(b.g.Edges, OwnershipEdge{Holder: k[0], Entity: k[1], Percentage: pct, Control: e.control,
			Declared: !e.held, Natures: e.natures, Source: e.source})
	}
	return b.g
}

// Ownership computes the profile's ownership at a threshold (cached until
// its data or associates change).
func (p *Profile) Ownership(threshold float64) Ownership {
	if p.ownership == nil || p.ownership.Threshold != threshold {
		o := ComputeOwnership(p.OwnershipGraph(), OwnershipRules{Threshold: threshold})
		p.ownership = &o
	}
	return *p.ownership
}

type graphBuilder struct {
	p      *Profile
	g      *OwnershipGraph
	nodes  map[string]bool
	merged map[string]string // resolver id → the linked profile's node
	edges  map[[2]string]*edgeSum
	order  [][2]string
}

// edgeSum gathers what a company's data says of one holder: its
// shareholdings add up; the beneficial owner entries restate the same
// holding, so the larger of the two counts.
type edgeSum struct {
	shares, owners float64
	held           bool // a shareholders entry states the stake
	control        bool
	natures        []string
	source         string
}

const maxGraphDepth = 16

func (b *graphBuilder) node(n OwnershipNode) {
	if !b.nodes[n.ID] {
		b.nodes[n.ID] = true
		b.g.Nodes = append(b.g.Nodes, n)
	}
}

// expand adds the holders of entity (whose data is f) and, depth first,
// theirs.
func (b *graphBuilder) expand(entity string, f *Facts, depth int) {
	if depth >= maxGraphDepth {
		return
	}
	for _, e := range f.Associates {
		for _, r := range e.MergedResolverIDs {
			if e.Linked() {
				b.merged[strings.ToLower(r)] = e.ProfileID
			}
		}
	}
	var expandNext []func()
	for i := range f.Associates {
		e := &f.Associates[i]
		if e.Role != RoleShareholder && e.Role != RoleBeneficialOwner {
			continue
		}
		id, n, sub := b.holder(entity, e)
		if id == "" {
			continue
		}
		fresh := !b.nodes[id]
		b.node(n)
		b.edge(id, entity, e)
		if fresh && sub != nil {
			expandNext = append(expandNext, func() { b.expand(id, sub, depth+1) })
		}
	}
	for _, f := range expandNext {
		f()
	}
}

// holder returns the node of an entry, and the data of its own holders
// when it is a company whose data is known.
func (b *graphBuilder) holder(entity string, e *AssociateEntry) (string, OwnershipNode, *Facts) {
	if e.Linked() {
		n := OwnershipNode{ID: e.ProfileID, ProfileID: e.ProfileID, EntityType: e.EntityType, ResolverIDs: e.MergedResolverIDs}
		if e.ProfileID == b.p.ID {
			return e.ProfileID, OwnershipNode{ID: b.p.ID, ProfileID: b.p.ID, Name: b.p.Facts().DisplayName(), EntityType: b.p.EntityType()}, nil
		}
		a := b.p.Associate(e.ProfileID)
		if a == nil {
			return e.ProfileID, n, nil
		}
		n.Name, n.EntityType = a.DisplayName, a.EntityType()
		if n.Name == "" {
			n.Name = a.Facts().DisplayName()
		}
		if n.EntityType == Company {
			return n.ID, n, a.Facts()
		}
		return n.ID, n, nil
	}
	n := OwnershipNode{Name: e.Name, EntityType: e.EntityType}
	switch {
	case e.ResolverID != "" && b.merged[e.ResolverID] != "":
		return b.holder(entity, &AssociateEntry{ProfileID: b.merged[e.ResolverID], EntityType: e.EntityType, Role: e.Role})
	case e.ResolverID != "":
		n.ID, n.ResolverIDs = "resolver:"+e.ResolverID, []string{e.ResolverID}
	default:
		n.ID = entity + "/" + e.Path
	}
	if e.EntityType == Company && len(e.Immediate) > 0 {
		if f, err := ParseFacts(e.Immediate); err == nil {
			return n.ID, n, &f
		}
	}
	return n.ID, n, nil
}

// edge records what an entry says of holder's stake in entity.
func (b *graphBuilder) edge(holder, entity string, e *AssociateEntry) {
	k := [2]string{holder, entity}
	s := b.edges[k]
	if s == nil {
		s = &edgeSum{source: e.Path}
		b.edges[k] = s
		b.order = append(b.order, k)
	}
	pct, control := stake(e)
	if e.Role == RoleShareholder {
		s.shares += pct
		s.held = true
	} else if pct > s.owners {
		s.owners = pct
	}
	s.control = s.control || control
	s.natures = append(s.natures, e.NaturesOfControl...)
}

// stake reads an entry's percentage and control: the percentage given, else
// the lower bound of an ownership range among its natures of control; control
// from the natures (voting rights, the right to appoint and remove
// directors, significant influence or control). A beneficial owner entry
// that states neither is a declared beneficial owner: control.
func stake(e *AssociateEntry) (float64, bool) {
	pct, known := 0.0, false
	if e.Percentage != nil {
		pct, known = *e.Percentage, true
	}
	control := false
	for _, n := range e.NaturesOfControl {
		n = strings.ToLower(n)
		switch {
		case strings.HasPrefix(n, "ownership-of-shares-"):
			if !known {
				if lo, ok := rangeLow(strings.TrimPrefix(n, "ownership-of-shares-")); ok && lo+natureEpsilon > pct {
					pct = lo + natureEpsilon
				}
			}
		case strings.HasPrefix(n, "voting-rights-"), strings.HasPrefix(n, "right-to-appoint-and-remove-"),
			strings.HasPrefix(n, "significant-influence-or-control"):
			control = true
		}
	}
	if e.Role == RoleBeneficialOwner && !known && pct == 0 && !control {
		control = true
	}
	return pct, control
}

// rangeLow reads the lower bound of "25-to-50-percent" or
// "more-than-25-percent".
func rangeLow(s string) (float64, bool) {
	s = strings.TrimPrefix(s, "more-than-")
	num, _, _ := strings.Cut(s, "-")
	v, err := strconv.ParseFloat(num, 64)
	return v, err == nil && v >= 0 && v <= 100
}
