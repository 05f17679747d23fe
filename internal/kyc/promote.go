package kyc

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"time"
)

// Promotion: with the policy's associates.promote, the officers, owners and
// authorised persons a company registry or ownership check returns
// (immediate entries with a resolver_id) become associate profiles linked
// to the company, as PassFort's monitored company data check adds new
// associates to the verification list. The same person returned twice (in
// several lists, by several checks, under several resolver ids) is one
// profile: entries are merged by resolver id, then by name and date of
// birth (or company number), and the Linked entry records every resolver id
// merged into it (merged_resolver_ids). An associate already linked keeps
// its profile and task variants; its entries take the check's newer
// details (share percentage, relationship, dates).

// promotable are the check types whose output lists a company's associates.
func promotable(t CheckType) bool { return t == CheckCompanyRegistry || t == CheckCompanyOwnership }

// promote links the associates a completed check returned, when the policy
// says so. It works on the company in memory; new associate profiles are
// saved with it (SaveWith).
func (s *Service) promote(p *Profile, c *Check, now time.Time) {
	if !s.Policy.Associates().Promote || p.EntityType() != Company || !promotable(c.Type) ||
		c.Result == "Error" || c.Result == "Fail" || len(c.Output) == 0 {
		return
	}
	pr, err := newPromotion(p, c.Output)
	if err != nil || len(pr.groups) == 0 {
		return
	}
	sys := System(p.InstitutionID)
	before := p.Links()
	data, created := pr.apply(s.uboThreshold(), sys, now)
	if data == nil {
		return
	}
	f, err := ParseFacts(data)
	if err != nil {
		return
	}
	p.SetCollectedData(data, f)
	p.Record(NewAudit(sys, AuditReplaceCollectedData, now, "associates promoted from check "+c.ID, map[string]any{"check_id": c.ID}))
	ch := Change{Kind: ChangeCollectedData, Actor: sys, At: now}
	company := f.DisplayName()
	for _, l := range p.Links() {
		if slices.ContainsFunc(before, func(b Link) bool { return b.AssociateID == l.AssociateID }) {
			continue
		}
		ch.Linked = append(ch.Linked, l.AssociateID)
		a := created[l.AssociateID]
		if a == nil {
			continue
		}
		ref := map[string]any{"associate_id": a.ID, "roles": roleNames(l.Roles), "task_variant_ids": l.TaskVariantIDs, "check_id": c.ID}
		p.Record(NewAudit(sys, AuditLinkedProfile, now, a.Facts().DisplayName(), ref))
		a.Record(NewAudit(sys, AuditLinkedProfile, now, company, map[string]any{
			"company_id": p.ID, "roles": roleNames(l.Roles), "task_variant_ids": l.TaskVariantIDs}))
		for _, v := range l.TaskVariantIDs {
			// The product of a variant the policy validated cannot be refused.
			_, _ = s.applyAssociate(a, v, p.entryFor(a.ID, v), sys, "collected_data")
		}
		p.SaveWith(a)
		p.PutAssociate(Summarize(a))
	}
	p.emit(ch)
}

// promotion is the work of one promote: the company's data and the
// check's output as JSON trees, and the people found.
type promotion struct {
	p      *Profile
	data   map[string]any // the company's collected data
	out    map[string]any // the check's output
	groups []*promoted
	// threshold is the beneficial owner threshold: a shareholder above it
	// is linked for the beneficial owners task.
	threshold float64
}

// promoted is one entity of the check's output, under every resolver id
// and in every list it appears in.
type promoted struct {
	key        string
	profileID  string // an existing associate, or the one created
	entityType EntityType
	resolvers  []string
	immediate  []byte
	entries    []AssociateEntry // the output's entries for it
}

func newPromotion(p *Profile, output []byte) (*promotion, error) {
	pr := &promotion{p: p}
	if err := decodeTree(p.CollectedData, &pr.data); err != nil {
		return nil, err
	}
	if err := decodeTree(output, &pr.out); err != nil {
		return nil, err
	}
	of, err := ParseFacts(output)
	if err != nil {
		return nil, err
	}
	// The associates linked already, by resolver id and by identity.
	byResolver, byKey := map[string]string{}, map[string]string{}
	for _, e := range p.Facts().Associates {
		if !e.Linked() {
			continue
		}
		for _, r := range append([]string{e.ResolverID}, e.MergedResolverIDs...) {
			if r != "" {
				byResolver[strings.ToLower(r)] = e.ProfileID
			}
		}
		if a := p.Associate(e.ProfileID); a != nil {
			byKey[identityKey(a.EntityType(), a.Facts())] = e.ProfileID
		}
	}
	for _, e := range of.Associates {
		if e.Linked() || !ValidID(e.ResolverID) || len(e.Immediate) == 0 || (e.EntityType != Individual && e.EntityType != Company) {
			continue
		}
		imm, err := ParseFacts(e.Immediate)
		if err != nil || imm.EntityType != e.EntityType {
			continue
		}
		key := identityKey(e.EntityType, &imm)
		i := slices.IndexFunc(pr.groups, func(g *promoted) bool {
			return slices.Contains(g.resolvers, e.ResolverID) || key != "" && g.key == key
		})
		if i < 0 {
			pr.groups = append(pr.groups, &promoted{key: key, entityType: e.EntityType, immediate: e.Immediate})
			i = len(pr.groups) - 1
		}
		g := pr.groups[i]
		if !slices.Contains(g.resolvers, e.ResolverID) {
			g.resolvers = append(g.resolvers, e.ResolverID)
		}
		if len(e.Immediate) > len(g.immediate) {
			g.immediate = e.Immediate // the fullest account of the entity
		}
		g.entries = append(g.entries, e)
	}
	for _, g := range pr.groups {
		for _, r := range g.resolvers {
			if id := byResolver[r]; id != "" && g.profileID == "" {
				g.profileID = id
			}
		}
		if g.profileID == "" && g.key != "" {
			g.profileID = byKey[g.key]
		}
	}
	return pr, nil
}

// identityKey tells the same entity under different resolver ids: an
// individual's name and date of birth, a company's name and number ("" when
// there is too little to tell).
func identityKey(et EntityType, f *Facts) string {
	name := strings.Join(strings.Fields(strings.ToLower(f.DisplayName())), " ")
	if name == "" {
		return ""
	}
	if et == Company {
		return "c|" + name + "|" + strings.ToLower(strings.TrimSpace(f.CompanyNumber))
	}
	return "i|" + name + "|" + f.DOB
}

// apply builds the company's new data: each promoted entity linked in
// every list the output names it in. It returns nil when nothing changes,
// and the profiles it created.
func (pr *promotion) apply(threshold float64, sys Actor, now time.Time) ([]byte, map[string]*Profile) {
	pr.threshold = threshold
	created := map[string]*Profile{}
	for _, g := range pr.groups {
		if g.profileID != "" {
			continue
		}
		a := pr.newAssociate(g, sys, now)
		if a == nil {
			continue
		}
		g.profileID = a.ID
		created[a.ID] = a
	}
	changed := false
	for _, g := range pr.groups {
		if g.profileID == "" {
			continue
		}
		for _, e := range g.entries {
			if pr.link(g, e) {
				changed = true
			}
		}
	}
	if !changed {
		return nil, nil
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(pr.data); err != nil {
		return nil, nil
	}
	return bytes.TrimSpace(buf.Bytes()), created
}

// newAssociate creates the associate profile of a promoted entity, its
// collected data the registry's account of it.
func (pr *promotion) newAssociate(g *promoted, sys Actor, now time.Time) *Profile {
	var buf bytes.Buffer
	if json.Compact(&buf, g.immediate) != nil {
		return nil
	}
	f, err := ParseFacts(buf.Bytes())
	if err != nil {
		return nil
	}
	role := RoleIndividualAssociated
	if g.entityType == Company {
		role = RoleCompanyAssociated
	}
	a := &Profile{ID: NewID(), InstitutionID: pr.p.InstitutionID, Role: role, CollectedData: buf.Bytes(), Status: StatusNormal,
		CreatedAt: now, UpdatedAt: now, Applications: []*Application{}, Tasks: []*Task{}, Tags: []Tag{}, Parents: []Parent{}}
	a.facts = &f
	a.Record(NewAudit(sys, AuditCreatedProfile, now, "promoted from the company data of "+pr.p.Facts().DisplayName(),
		map[string]any{"company_id": pr.p.ID, "resolver_ids": g.resolvers}))
	return a
}

// link puts a Linked entry for g in the company's list of entry e: it
// replaces the entry already linking g's profile (keeping its task
// variants), or an immediate entry of one of g's resolver ids, or is
// appended. It reports whether the data changed.
func (pr *promotion) link(g *promoted, e AssociateEntry) bool {
	path, _, _ := strings.Cut(e.Path, "[")
	raw := entryAt(pr.out, e.Path)
	if raw == nil {
		return false
	}
	entry := make(map[string]any, len(raw)+2)
	for k, v := range raw {
		if k != "immediate_data" && k != "provider_name" {
			entry[k] = v
		}
	}
	entry["linked_profile"] = map[string]any{"id": g.profileID}
	list := listAt(pr.data, path)
	at := -1
	for i, x := range list {
		m, _ := x.(map[string]any)
		if m == nil {
			continue
		}
		if lp, _ := m["linked_profile"].(map[string]any); lp != nil && strings.EqualFold(str(lp["id"]), g.profileID) {
			at = i
			break
		}
		if _, imm := m["immediate_data"]; imm && slices.Contains(g.resolvers, strings.ToLower(str(m["resolver_id"]))) {
			at = i
		}
	}
	resolvers := append([]string(nil), g.resolvers...)
	var variants []string
	if at >= 0 {
		old, _ := list[at].(map[string]any)
		for _, r := range anyStrings(old["merged_resolver_ids"]) {
			if !slices.Contains(resolvers, strings.ToLower(r)) {
				resolvers = append(resolvers, strings.ToLower(r))
			}
		}
		if _, wasLinked := old["linked_profile"]; wasLinked {
			variants = anyStrings(old["task_variant_ids"])
		}
	}
	if variants == nil {
		variants = pr.variantsFor(e)
	}
	slices.Sort(resolvers)
	entry["merged_resolver_ids"] = resolvers
	entry["task_variant_ids"] = variants
	if at < 0 {
		setList(pr.data, path, append(list, entry))
		return true
	}
	if sameJSON(list[at], entry) {
		return false
	}
	list[at] = entry
	return true
}

// variantsFor returns the company's current task variants an entry's role
// is onboarded for: officers for the officers task, trustees and
// authorised persons for theirs, beneficial owners (and shareholders above
// the threshold) for the beneficial owners task.
func (pr *promotion) variantsFor(e AssociateEntry) []string {
	var want TaskType
	switch e.Role {
	case RoleDirector, RoleCompanySecretary, RolePartner, RoleOther:
		want = TaskCompanyIdentifyOfficers
	case RoleTrustee:
		want = TaskCompanyIdentifyTrustees
	case RoleAuthorizedPerson:
		want = TaskCompanyIdentifyAuthorizedPersons
	case RoleBeneficialOwner:
		want = TaskCompanyIdentifyBeneficialOwners
	case RoleShareholder:
		if pct, _ := stake(&e); pct > pr.threshold {
			want = TaskCompanyIdentifyBeneficialOwners
		}
	}
	out := []string{}
	if want == "" {
		return out
	}
	for _, t := range pr.p.CurrentTasks() {
		if t.Variant.Type == want && !slices.Contains(out, t.Variant.ID) {
			out = append(out, t.Variant.ID)
		}
	}
	return out
}

// decodeTree decodes JSON keeping numbers as they were written.
func decodeTree(b []byte, v *map[string]any) error {
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	return d.Decode(v)
}

// entryAt returns the object at a path like "officers.directors[2]".
func entryAt(tree map[string]any, path string) map[string]any {
	list, idx, ok := strings.Cut(path, "[")
	if !ok {
		return nil
	}
	l := listAt(tree, list)
	i := 0
	for _, c := range strings.TrimSuffix(idx, "]") {
		if c < '0' || c > '9' {
			return nil
		}
		i = i*10 + int(c-'0')
	}
	if i >= len(l) {
		return nil
	}
	m, _ := l[i].(map[string]any)
	return m
}

// listAt returns the list at a dotted path (nil when there is none).
func listAt(tree map[string]any, path string) []any {
	parts := strings.Split(path, ".")
	m := tree
	for _, k := range parts[:len(parts)-1] {
		if m, _ = m[k].(map[string]any); m == nil {
			return nil
		}
	}
	l, _ := m[parts[len(parts)-1]].([]any)
	return l
}

// setList puts a list at a dotted path, creating the objects on the way.
func setList(tree map[string]any, path string, l []any) {
	parts := strings.Split(path, ".")
	m := tree
	for _, k := range parts[:len(parts)-1] {
		next, _ := m[k].(map[string]any)
		if next == nil {
			next = map[string]any{}
			m[k] = next
		}
		m = next
	}
	m[parts[len(parts)-1]] = l
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

func anyStrings(v any) []string {
	l, _ := v.([]any)
	out := []string{}
	for _, x := range l {
		if s, ok := x.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// sameJSON reports whether two JSON trees encode alike.
func sameJSON(a, b any) bool {
	x, err1 := json.Marshal(a)
	y, err2 := json.Marshal(b)
	return err1 == nil && err2 == nil && bytes.Equal(x, y)
}
