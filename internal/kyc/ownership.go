package kyc

import (
	"math"
	"slices"
	"strings"
)

// The ownership graph of a company: who holds shares in (or controls) whom,
// from the company's shareholders and beneficial owners and, through its
// corporate shareholders, theirs. From it come each holder's effective
// ownership of the company (multiplied along a chain of holdings, added
// across chains), the cycles of cross-holdings (reported, never followed
// round), and the ultimate beneficial owners at the policy's threshold.

// OwnershipGraph is the input of ComputeOwnership: holders and the entities
// they hold stakes in, rooted at the company whose owners are wanted.
type OwnershipGraph struct {
	Root  string // the node id of the company
	Nodes []OwnershipNode
	Edges []OwnershipEdge
}

// OwnershipNode is a person or company of the graph.
type OwnershipNode struct {
	// ID is unique in the graph: the profile id of a linked associate, or
	// an id made from an immediate entry's resolver id or position.
	ID string
	// ProfileID is set for a profile of the institution (the root, a
	// linked associate).
	ProfileID string
	// ResolverIDs are the provider's ids the node stands for.
	ResolverIDs []string
	Name        string
	EntityType  EntityType
}

// OwnershipEdge says that Holder holds Percentage of Entity's shares, and
// whether it controls Entity (natures_of_control, or a majority stake).
type OwnershipEdge struct {
	Holder, Entity string
	// Percentage is of Entity's shares, 0 to 100 (0 when only control is known).
	Percentage float64
	// Control is set when natures_of_control say Holder controls Entity.
	Control bool
	// Declared is set for a stake only a beneficial owners list states
	// (no shareholding backs it): an owner's effective stake, which may
	// restate what its chains of shareholdings give it. It counts only when
	// no such chain reaches Entity; its control counts always.
	Declared bool
	Natures  []string
	// Source is where the edge was read: the entry of Entity's collected
	// data, e.g. "ownership_structure.shareholders[0]".
	Source string
}

// OwnershipRules are the policy's rules for beneficial owners.
type OwnershipRules struct {
	// Threshold is the effective ownership, in percent, above which a
	// person is a beneficial owner (more than it, as UK and EU law say).
	Threshold float64
	// MaxPaths bounds the paths reported per beneficial owner.
	MaxPaths int
}

// DefaultUBOThreshold is the threshold when the policy sets none: more than 25%.
const DefaultUBOThreshold = 25.0

// DefaultMaxOwnershipPaths bounds the paths reported per beneficial owner.
const DefaultMaxOwnershipPaths = 16

// Ownership is the result of ComputeOwnership.
type Ownership struct {
	Root      OwnershipNode
	Threshold float64
	// Owners are every node that holds a stake in or control of the root,
	// directly or through others: beneficial owners first, then by
	// effective ownership, largest first.
	Owners []Owner
	// Cycles are the cross-holdings found, each a list of node ids that
	// starts and ends with the same node (a company holding its own shares
	// is [X, X]). Paths round a cycle are not counted.
	Cycles [][]string
	// Approximate is set when a cycle was too large to follow every path
	// through it: the ownership reported through it is a lower bound.
	Approximate bool
}

// Owner is one holder's position in the root company.
type Owner struct {
	Node OwnershipNode
	// Percentage is the effective ownership of the root, in percent: the
	// product of the stakes along each chain of holdings, added over the
	// chains that do not visit a node twice.
	Percentage float64
	// Control is set when the holder controls the root, directly, or by
	// controlling an entity that owns more than the threshold or controls it.
	Control bool
	// BeneficialOwner is set for a person with more than the threshold or
	// with control.
	BeneficialOwner bool
	// Reasons say why a beneficial owner is one: "ownership", "control"
	// (none for others).
	Reasons []string
	// Paths are the chains from the holder to the root (beneficial owners
	// only), at most OwnershipRules.MaxPaths of them, largest first.
	Paths []OwnershipPath
}

// OwnershipPath is one chain of holdings from a holder to the root.
type OwnershipPath struct {
	Nodes []string // node ids, from the holder to the root
	// Steps are the edges along it: Steps[i] links Nodes[i] to Nodes[i+1].
	Steps []OwnershipStep
	// Percentage is the product of the steps' percentages.
	Percentage float64
}

// OwnershipStep is one edge of a path.
type OwnershipStep struct {
	Percentage float64
	Control    bool
}

// Budgets keep the computation bounded whatever the graph: following every
// simple path through a cycle is exponential in the worst case.
const (
	sccStepBudget  = 1 << 16 // edges looked at to add up the paths through one cycle exactly
	sccNodeBudget  = 64      // edges per node once that budget is spent
	pathStepBudget = 4096    // edges looked at to list one owner's paths
	maxCycles      = 64
	ownershipEps   = 1e-9
)

// ownershipCalc holds the indexed graph during ComputeOwnership.
type ownershipCalc struct {
	g     *OwnershipGraph
	root  int
	ids   map[string]int
	out   [][]int // edge indexes by holder
	in    [][]int // edge indexes by entity
	edges []calcEdge
	reach []bool    // can reach the root
	share []float64 // effective fraction of the root
	comp  []int     // strongly connected component of each node
	// onPath marks the nodes of the path being followed (all false between walks).
	onPath []bool
	// rootHeld are the entities the root holds stakes in (edges dropped).
	rootHeld []int
	res      *Ownership
}

type calcEdge struct {
	from, to int
	frac     float64
	control  bool
}

// ComputeOwnership computes the effective ownership, control and beneficial
// owners of g's root. It never loops on cycles and its work is bounded:
// every step is linear in the graph except the enumeration of paths
// through a cycle, which stops at a budget (and says so in Approximate).
func ComputeOwnership(g *OwnershipGraph, rules OwnershipRules) Ownership {
	if rules.Threshold <= 0 || math.IsNaN(rules.Threshold) {
		rules.Threshold = DefaultUBOThreshold
	}
	if rules.MaxPaths <= 0 {
		rules.MaxPaths = DefaultMaxOwnershipPaths
	}
	c := &ownershipCalc{g: g, ids: make(map[string]int, len(g.Nodes)), res: &Ownership{Threshold: rules.Threshold, Owners: []Owner{}, Cycles: [][]string{}}}
	for i, n := range g.Nodes {
		if _, dup := c.ids[n.ID]; !dup {
			c.ids[n.ID] = i
		}
	}
	root, ok := c.ids[g.Root]
	if !ok {
		c.res.Root = OwnershipNode{ID: g.Root}
		return *c.res
	}
	c.root = root
	c.res.Root = g.Nodes[root]
	c.onPath = make([]bool, len(g.Nodes))
	c.index()
	c.reachRoot()
	c.rootCycles()
	c.components()
	c.owners(rules)
	return *c.res
}

// index turns the edges into adjacency lists. Edges out of the root are
// dropped (a chain that reaches the root ends there), and so are a node's
// edges to itself (reported as cycles).
func (c *ownershipCalc) index() {
	n := len(c.g.Nodes)
	c.out, c.in = make([][]int, n), make([][]int, n)
	var declared []calcEdge
	for _, e := range c.g.Edges {
		from, ok1 := c.ids[e.Holder]
		to, ok2 := c.ids[e.Entity]
		if !ok1 || !ok2 {
			continue
		}
		if from == c.root {
			if to != c.root {
				c.rootHeld = append(c.rootHeld, to)
			}
			continue
		}
		if from == to {
			c.cycle([]int{from, from})
			continue
		}
		pct := e.Percentage
		if math.IsNaN(pct) || pct < 0 {
			pct = 0
		}
		pct = min(pct, 100)
		ce := calcEdge{from: from, to: to, frac: pct / 100, control: e.Control || pct > 50}
		if e.Declared {
			declared = append(declared, ce)
			continue
		}
		c.add(ce)
	}
	// A declared stake restates what the holder's chains of shareholdings
	// already give it, when they reach the entity: then only its control
	// counts. Otherwise it is the only account of the stake.
	reachers := map[int][]bool{}
	for _, ce := range declared {
		r, ok := reachers[ce.to]
		if !ok {
			r = c.holdersOf(ce.to)
			reachers[ce.to] = r
		}
		if r[ce.from] {
			if !ce.control {
				continue
			}
			ce.frac = 0
		}
		c.add(ce)
	}
}

func (c *ownershipCalc) add(ce calcEdge) {
	idx := len(c.edges)
	c.edges = append(c.edges, ce)
	c.out[ce.from] = append(c.out[ce.from], idx)
	c.in[ce.to] = append(c.in[ce.to], idx)
}

// holdersOf marks the nodes with a chain of shareholdings (edges with a
// stake) to entity.
func (c *ownershipCalc) holdersOf(entity int) []bool {
	seen := make([]bool, len(c.g.Nodes))
	queue := []int{entity}
	for len(queue) > 0 {
		v := queue[0]
		queue = queue[1:]
		for _, ei := range c.in[v] {
			if e := c.edges[ei]; e.frac > 0 && !seen[e.from] {
				seen[e.from] = true
				queue = append(queue, e.from)
			}
		}
	}
	return seen
}

func (c *ownershipCalc) cycle(nodes []int) {
	if len(c.res.Cycles) >= maxCycles {
		return
	}
	ids := make([]string, len(nodes))
	for i, n := range nodes {
		ids[i] = c.g.Nodes[n].ID
	}
	c.res.Cycles = append(c.res.Cycles, ids)
}

// reachRoot marks the nodes with a chain of edges to the root.
func (c *ownershipCalc) reachRoot() {
	c.reach = make([]bool, len(c.g.Nodes))
	c.reach[c.root] = true
	queue := []int{c.root}
	for len(queue) > 0 {
		v := queue[0]
		queue = queue[1:]
		for _, ei := range c.in[v] {
			if u := c.edges[ei].from; !c.reach[u] {
				c.reach[u] = true
				queue = append(queue, u)
			}
		}
	}
}

// rootCycles reports the cycles through the root: the root holding a
// stake in one of its own holders.
func (c *ownershipCalc) rootCycles() {
	for _, start := range c.rootHeld {
		if !c.reach[start] {
			continue
		}
		prev := map[int]int{start: -1}
		queue := []int{start}
		for len(queue) > 0 {
			v := queue[0]
			queue = queue[1:]
			if v == c.root {
				path := []int{}
				for x := v; x != -1; x = prev[x] {
					path = append(path, x)
				}
				slices.Reverse(path)
				c.cycle(append([]int{c.root}, path...))
				break
			}
			for _, ei := range c.out[v] {
				if w := c.edges[ei].to; c.reach[w] {
					if _, seen := prev[w]; !seen {
						prev[w] = v
						queue = append(queue, w)
					}
				}
			}
		}
	}
}

// components finds the strongly connected components among the nodes that
// reach the root (Tarjan's algorithm, without recursion, so that a long
// chain cannot exhaust the stack), and computes them in order: a component
// after every component it holds stakes in.
func (c *ownershipCalc) components() {
	n := len(c.g.Nodes)
	const unvisited = -1
	index, low := make([]int, n), make([]int, n)
	onStack := make([]bool, n)
	c.comp = make([]int, n)
	for i := range index {
		index[i], c.comp[i] = unvisited, unvisited
	}
	c.share = make([]float64, n)
	var stack []int
	type frame struct{ v, next int }
	next, ncomp := 0, 0
	for s := range n {
		if !c.reach[s] || index[s] != unvisited {
			continue
		}
		call := []frame{{v: s}}
		index[s], low[s] = next, next
		next++
		stack = append(stack, s)
		onStack[s] = true
		for len(call) > 0 {
			f := &call[len(call)-1]
			v := f.v
			if f.next < len(c.out[v]) {
				w := c.edges[c.out[v][f.next]].to
				f.next++
				switch {
				case !c.reach[w]:
				case index[w] == unvisited:
					index[w], low[w] = next, next
					next++
					stack = append(stack, w)
					onStack[w] = true
					call = append(call, frame{v: w})
				case onStack[w]:
					low[v] = min(low[v], index[w])
				}
				continue
			}
			call = call[:len(call)-1]
			if len(call) > 0 {
				p := call[len(call)-1].v
				low[p] = min(low[p], low[v])
			}
			if low[v] != index[v] {
				continue
			}
			var members []int
			for {
				w := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				onStack[w] = false
				c.comp[w] = ncomp
				members = append(members, w)
				if w == v {
					break
				}
			}
			ncomp++
			// Tarjan completes a component after every component it
			// reaches, so what its members hold is already known.
			c.component(members)
		}
	}
}

// component computes the effective ownership of the members of one
// component. One node: the sum over its edges. A cycle: the sum over the
// simple paths inside it, each continued by what its last node holds outside.
func (c *ownershipCalc) component(members []int) {
	if len(members) == 1 {
		v := members[0]
		if v == c.root {
			c.share[v] = 1
			return
		}
		c.share[v] = c.exit(v, -1)
		return
	}
	comp := c.comp[members[0]]
	exits := make(map[int]float64, len(members))
	for _, v := range members {
		exits[v] = c.exit(v, comp)
	}
	c.reportCycle(members, comp)
	budget := sccStepBudget
	for _, u := range members {
		steps := budget
		if steps <= 0 {
			steps = sccNodeBudget
		}
		total, used, complete := c.walk(u, comp, exits, steps)
		budget -= used
		if !complete {
			c.res.Approximate = true
		}
		c.share[u] = total
	}
}

// exit is what v holds of the root through edges leaving its component
// (comp -1: through every edge).
func (c *ownershipCalc) exit(v, comp int) float64 {
	sum := 0.0
	for _, ei := range c.out[v] {
		e := c.edges[ei]
		if c.reach[e.to] && (comp < 0 || c.comp[e.to] != comp) {
			sum += e.frac * c.share[e.to]
		}
	}
	return sum
}

// walk adds up, over the simple paths from u inside component comp, the
// product of the stakes along the path times what its end holds outside.
// It stops after looking at budget edges, reporting that the sum is
// incomplete.
func (c *ownershipCalc) walk(u, comp int, exits map[int]float64, budget int) (float64, int, bool) {
	onPath := c.onPath
	type frame struct {
		v, next int
		prod    float64
	}
	total := exits[u]
	stack := []frame{{v: u, prod: 1}}
	onPath[u] = true
	used := 0
	complete := true
	for len(stack) > 0 {
		f := &stack[len(stack)-1]
		if f.next >= len(c.out[f.v]) {
			onPath[f.v] = false
			stack = stack[:len(stack)-1]
			continue
		}
		if used++; used > budget {
			complete = false
			break
		}
		e := c.edges[c.out[f.v][f.next]]
		f.next++
		if !c.reach[e.to] || c.comp[e.to] != comp || onPath[e.to] {
			continue
		}
		prod := f.prod * e.frac
		total += prod * exits[e.to]
		stack = append(stack, frame{v: e.to, prod: prod})
		onPath[e.to] = true
	}
	for _, f := range stack {
		onPath[f.v] = false
	}
	return total, used, complete
}

// reportCycle records one cycle through a component: the shortest way from
// its first member back to itself.
func (c *ownershipCalc) reportCycle(members []int, comp int) {
	start := members[0]
	prev := map[int]int{start: -1}
	queue := []int{start}
	for len(queue) > 0 {
		v := queue[0]
		queue = queue[1:]
		for _, ei := range c.out[v] {
			w := c.edges[ei].to
			if !c.reach[w] || c.comp[w] != comp {
				continue
			}
			if w == start {
				path := []int{start}
				for x := v; x != start; x = prev[x] {
					path = append(path, x)
				}
				slices.Reverse(path[1:])
				c.cycle(append(path, start))
				return
			}
			if _, seen := prev[w]; !seen {
				prev[w] = v
				queue = append(queue, w)
			}
		}
	}
}

// owners lists every node that reaches the root, with its flags and, for
// beneficial owners, its paths.
func (c *ownershipCalc) owners(rules OwnershipRules) {
	n := len(c.g.Nodes)
	above := func(v int) bool { return c.share[v]*100 > rules.Threshold+ownershipEps }
	// Control climbs from the root and from every holder above the
	// threshold along control edges, against their direction.
	control := make([]bool, n)
	seen := make([]bool, n)
	queue := []int{c.root}
	seen[c.root] = true
	for v := range n {
		if c.reach[v] && v != c.root && above(v) {
			seen[v] = true
			queue = append(queue, v)
		}
	}
	for len(queue) > 0 {
		v := queue[0]
		queue = queue[1:]
		for _, ei := range c.in[v] {
			e := c.edges[ei]
			if !e.control || !c.reach[e.from] || control[e.from] {
				continue
			}
			control[e.from] = true
			if !seen[e.from] {
				seen[e.from] = true
				queue = append(queue, e.from)
			}
		}
	}
	isUBO := make([]bool, n)
	// Sort indexes, not Owners: moving the large structs costs more than the rest.
	order := make([]int, 0, n)
	for v := range n {
		if c.reach[v] && v != c.root {
			order = append(order, v)
			isUBO[v] = c.g.Nodes[v].EntityType == Individual && (above(v) || control[v])
		}
	}
	slices.SortFunc(order, func(a, b int) int {
		switch ua, ub := isUBO[a], isUBO[b]; {
		case ua != ub:
			if ua {
				return -1
			}
			return 1
		case c.share[a] != c.share[b]:
			if c.share[a] > c.share[b] {
				return -1
			}
			return 1
		}
		na, nb := &c.g.Nodes[a], &c.g.Nodes[b]
		if d := strings.Compare(na.Name, nb.Name); d != 0 {
			return d
		}
		return strings.Compare(na.ID, nb.ID)
	})
	c.res.Owners = make([]Owner, len(order))
	for i, v := range order {
		o := &c.res.Owners[i]
		*o = Owner{Node: c.g.Nodes[v], Percentage: c.share[v] * 100, Control: control[v]}
		if !isUBO[v] {
			continue
		}
		o.BeneficialOwner = true
		if above(v) {
			o.Reasons = append(o.Reasons, "ownership")
		}
		if control[v] {
			o.Reasons = append(o.Reasons, "control")
		}
		o.Paths = c.paths(v, rules.MaxPaths)
	}
}

// paths lists the simple paths from v to the root, largest first, at most max.
func (c *ownershipCalc) paths(v, max int) []OwnershipPath {
	var out []OwnershipPath
	type frame struct{ v, next int }
	stack := []frame{{v: v}}
	var edges []int
	onPath := c.onPath
	onPath[v] = true
	steps := 0
	for len(stack) > 0 && steps < pathStepBudget && len(out) < 4*max {
		f := &stack[len(stack)-1]
		if f.v == c.root {
			out = append(out, c.path(v, edges))
		}
		if f.v == c.root || f.next >= len(c.out[f.v]) {
			onPath[f.v] = false
			stack = stack[:len(stack)-1]
			if len(edges) > 0 {
				edges = edges[:len(edges)-1]
			}
			continue
		}
		ei := c.out[f.v][f.next]
		f.next++
		steps++
		w := c.edges[ei].to
		if !c.reach[w] || onPath[w] {
			continue
		}
		edges = append(edges, ei)
		onPath[w] = true
		stack = append(stack, frame{v: w})
	}
	for _, f := range stack {
		onPath[f.v] = false
	}
	if len(out) == 0 {
		// The budget ran out in a dense graph: show the shortest path.
		out = append(out, c.path(v, c.shortest(v)))
	}
	slices.SortStableFunc(out, func(a, b OwnershipPath) int {
		switch {
		case a.Percentage > b.Percentage:
			return -1
		case a.Percentage < b.Percentage:
			return 1
		}
		return len(a.Nodes) - len(b.Nodes)
	})
	if len(out) > max {
		out = out[:max]
	}
	return out
}

// shortest returns the edges of a shortest path from v to the root.
func (c *ownershipCalc) shortest(v int) []int {
	via := map[int]int{v: -1} // node → the edge that reached it
	queue := []int{v}
	for len(queue) > 0 {
		x := queue[0]
		queue = queue[1:]
		if x == c.root {
			var edges []int
			for x != v {
				ei := via[x]
				edges = append(edges, ei)
				x = c.edges[ei].from
			}
			slices.Reverse(edges)
			return edges
		}
		for _, ei := range c.out[x] {
			if w := c.edges[ei].to; c.reach[w] {
				if _, seen := via[w]; !seen {
					via[w] = ei
					queue = append(queue, w)
				}
			}
		}
	}
	return nil
}

func (c *ownershipCalc) path(from int, edges []int) OwnershipPath {
	p := OwnershipPath{Nodes: []string{c.g.Nodes[from].ID}, Steps: make([]OwnershipStep, len(edges)), Percentage: 100}
	for i, ei := range edges {
		e := c.edges[ei]
		p.Nodes = append(p.Nodes, c.g.Nodes[e.to].ID)
		p.Steps[i] = OwnershipStep{Percentage: e.frac * 100, Control: e.control}
		p.Percentage *= e.frac
	}
	return p
}
