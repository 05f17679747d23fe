package kyc_test

import (
	"encoding/json"
	"slices"
	"testing"
	"time"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

const (
	officersVariant = "41579478-c4bd-47bf-8e69-8d5e3a53eed4"
	ownersVariant   = "f171e872-3033-4b52-85b7-01adb812d05f"
	assocProduct    = "fd681a1a-9908-4cdf-b035-b1d225df90e6"
)

var ruleNow = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)

// companyWith returns a company whose data links the associates given
// (id → task variant), with a current task per variant and what it knows
// of the associates.
func companyWith(t *testing.T, links map[string][]string, associates ...*kyc.Associate) *kyc.Profile {
	t.Helper()
	var directors []any
	for _, id := range slices.Sorted(func(yield func(string) bool) {
		for id := range links {
			if !yield(id) {
				return
			}
		}
	}) {
		directors = append(directors, map[string]any{"entity_type": "INDIVIDUAL", "linked_profile": map[string]any{"id": id},
			"task_variant_ids": links[id]})
	}
	data, _ := json.Marshal(map[string]any{"entity_type": "COMPANY", "officers": map[string]any{"directors": directors}})
	f, err := kyc.ParseFacts(data)
	if err != nil {
		t.Fatal(err)
	}
	p := &kyc.Profile{ID: "c0000000-0000-4000-8000-000000000000", InstitutionID: "i", Role: kyc.RoleCompanyCustomer, Status: kyc.StatusNormal}
	p.SetCollectedData(data, f)
	for _, v := range []kyc.TaskVariant{
		{ID: officersVariant, Type: kyc.TaskCompanyIdentifyOfficers},
		{ID: ownersVariant, Type: kyc.TaskCompanyIdentifyBeneficialOwners},
	} {
		p.Tasks = append(p.Tasks, kyc.NewTask(p.ID, v, ruleNow))
	}
	as := map[string]*kyc.Associate{}
	for _, a := range associates {
		as[a.ID] = a
	}
	p.SetAssociates(as)
	return p
}

func assoc(id string, status kyc.AppStatus, events ...kyc.Resolution) *kyc.Associate {
	a := &kyc.Associate{ID: id, Role: kyc.RoleIndividualAssociated, DisplayName: "Person " + id[:2]}
	if status != "" {
		a.Applications = []kyc.AssociateApplication{{ID: "app-" + id, ProductID: assocProduct, Status: status}}
	}
	for i, r := range events {
		a.Events = append(a.Events, kyc.AssociateEvent{ID: id[:2] + "-ev" + string(rune('0'+i)), Type: kyc.EventSanction, Resolution: r})
	}
	return a
}

var product = func(string, kyc.EntityType) string { return assocProduct }

const (
	idA = "a0000000-0000-4000-8000-000000000000"
	idB = "b0000000-0000-4000-8000-000000000000"
)

func officersTask(p *kyc.Profile) *kyc.Task { return p.TaskFor(officersVariant) }

func TestSyncAssociateTasks(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		links  map[string][]string
		as     []*kyc.Associate
		before kyc.TaskState
		held   bool // reopened by a person
		want   kyc.TaskState
	}{
		{"every associate approved passes", map[string][]string{idA: {officersVariant}, idB: {officersVariant}},
			[]*kyc.Associate{assoc(idA, kyc.AppApproved), assoc(idB, kyc.AppApproved)}, kyc.TaskIncomplete, false, kyc.TaskCompletedPass},
		{"one not approved stays open", map[string][]string{idA: {officersVariant}, idB: {officersVariant}},
			[]*kyc.Associate{assoc(idA, kyc.AppApproved), assoc(idB, kyc.AppApplied)}, kyc.TaskIncomplete, false, kyc.TaskIncomplete},
		{"none linked stays as it is", map[string][]string{}, nil, kyc.TaskIncomplete, false, kyc.TaskIncomplete},
		{"a person's pass with none linked stays", map[string][]string{}, nil, kyc.TaskCompletedPass, false, kyc.TaskCompletedPass},
		{"an application leaving APPROVED reopens", map[string][]string{idA: {officersVariant}},
			[]*kyc.Associate{assoc(idA, kyc.AppInReview)}, kyc.TaskCompletedPass, false, kyc.TaskIncomplete},
		{"an associate added reopens", map[string][]string{idA: {officersVariant}, idB: {officersVariant}},
			[]*kyc.Associate{assoc(idA, kyc.AppApproved), assoc(idB, kyc.AppApplied)}, kyc.TaskCompletedPass, false, kyc.TaskIncomplete},
		{"an associate not loaded counts as not approved", map[string][]string{idA: {officersVariant}},
			nil, kyc.TaskCompletedPass, false, kyc.TaskIncomplete},
		{"linked for another task only", map[string][]string{idA: {ownersVariant}},
			[]*kyc.Associate{assoc(idA, kyc.AppApplied)}, kyc.TaskCompletedPass, false, kyc.TaskCompletedPass},
		{"held for a person", map[string][]string{idA: {officersVariant}},
			[]*kyc.Associate{assoc(idA, kyc.AppApproved)}, kyc.TaskIncomplete, true, kyc.TaskIncomplete},
		{"a person's fail is left alone", map[string][]string{idA: {officersVariant}},
			[]*kyc.Associate{assoc(idA, kyc.AppApproved)}, kyc.TaskCompletedFail, false, kyc.TaskCompletedFail},
		{"approved for another product does not count", map[string][]string{idA: {officersVariant}},
			[]*kyc.Associate{{ID: idA, Role: kyc.RoleIndividualAssociated, Applications: []kyc.AssociateApplication{{ProductID: "other", Status: kyc.AppApproved}}}},
			kyc.TaskIncomplete, false, kyc.TaskIncomplete},
		{"a hidden approval does not count", map[string][]string{idA: {officersVariant}},
			[]*kyc.Associate{{ID: idA, Role: kyc.RoleIndividualAssociated, Applications: []kyc.AssociateApplication{{ProductID: assocProduct, Status: kyc.AppApproved, Hidden: true}}}},
			kyc.TaskIncomplete, false, kyc.TaskIncomplete},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			p := companyWith(t, tc.links, tc.as...)
			task := officersTask(p)
			task.State, task.ManuallyUncompleted = tc.before, tc.held
			p.SyncAssociateTasks(product, ruleNow)
			if task.State != tc.want {
				t.Errorf("got %s, want %s", task.State, tc.want)
			}
			changed := tc.before != tc.want
			if got := len(p.PendingAudit()) > 0; got != changed {
				t.Errorf("audit items %v, want some: %v", p.PendingAudit(), changed)
			}
		})
	}
}

// TestSyncAssociateTasksNeedsLinks: a company loaded without its
// associates (as in search results) is never judged on them.
func TestSyncAssociateTasksNeedsLinks(t *testing.T) {
	t.Parallel()
	p := companyWith(t, map[string][]string{idA: {officersVariant}})
	p.Associates = nil
	task := officersTask(p)
	task.State = kyc.TaskCompletedPass
	p.SyncAssociateTasks(product, ruleNow)
	if task.State != kyc.TaskCompletedPass {
		t.Errorf("got %s, want the pass kept", task.State)
	}
}

// TestAssociateBlockers: an associate's open event blocks the company's
// applications, naming the associate; a resolved one does not; an
// approved company goes in review.
func TestAssociateBlockers(t *testing.T) {
	t.Parallel()
	p := companyWith(t, map[string][]string{idA: {officersVariant}, idB: nil},
		assoc(idA, kyc.AppApproved, kyc.ResolvedMismatch), assoc(idB, kyc.AppApplied, kyc.Unresolved))
	app := &kyc.Application{ID: "app", Status: kyc.AppApproved, History: []kyc.StatusChange{{Status: kyc.AppApproved}}}
	p.Applications = []*kyc.Application{app}
	var events []string
	for _, b := range p.Blockers(app) {
		if b.Type == kyc.BlockerUnresolvedEvent {
			if b.Associate == nil || b.Associate.ProfileID != idB || !slices.Equal(b.Associate.Roles, []kyc.AssociatedRole{kyc.RoleDirector}) {
				t.Errorf("blocker does not name the associate: %+v", b)
			}
			events = append(events, b.EventID)
		}
	}
	if !slices.Equal(events, []string{"b0-ev0"}) {
		t.Errorf("event blockers %v, want b's open event only", events)
	}
	p.Refresh(ruleNow)
	if app.Status != kyc.AppInReview {
		t.Errorf("approved company with an associate's open event: %s, want IN_REVIEW", app.Status)
	}
}

func TestLinksOfCollectedData(t *testing.T) {
	t.Parallel()
	data := []byte(`{"entity_type":"COMPANY",
		"officers":{"directors":[{"entity_type":"INDIVIDUAL","linked_profile":{"id":"A0000000-0000-4000-8000-000000000000"},"task_variant_ids":["` + officersVariant + `"]},
			{"entity_type":"INDIVIDUAL","immediate_data":{"entity_type":"INDIVIDUAL","personal_details":{"name":{"given_names":["Imm"],"family_name":"Ediate"}}},"resolver_id":"` + idB + `"}],
			"secretaries":[{"entity_type":"INDIVIDUAL","linked_profile":{"id":"` + idA + `"}}]},
		"ownership_structure":{"shareholders":[{"entity_type":"INDIVIDUAL","linked_profile":{"id":"` + idA + `"},"total_percentage":12.5,"task_variant_ids":["` + ownersVariant + `"]}]}}`)
	f, err := kyc.ParseFacts(data)
	if err != nil {
		t.Fatal(err)
	}
	p := &kyc.Profile{Role: kyc.RoleCompanyCustomer}
	p.SetCollectedData(data, f)
	links := p.Links()
	if len(links) != 1 || links[0].AssociateID != idA ||
		!slices.Equal(links[0].Roles, []kyc.AssociatedRole{kyc.RoleDirector, kyc.RoleCompanySecretary, kyc.RoleShareholder}) ||
		!slices.Equal(links[0].TaskVariantIDs, []string{officersVariant, ownersVariant}) {
		t.Errorf("links: got %+v", links)
	}
	if !p.HasAssociates() {
		t.Error("has_associates false")
	}
	imm := f.Associates[1]
	if imm.Linked() || imm.Name != "Imm Ediate" || imm.ResolverID != idB || imm.Path != "officers.directors[1]" {
		t.Errorf("immediate entry: %+v", imm)
	}
	if sh := f.Associates[3]; sh.Percentage == nil || *sh.Percentage != 12.5 || sh.Path != "ownership_structure.shareholders[0]" {
		t.Errorf("shareholder entry: %+v", sh)
	}
}
