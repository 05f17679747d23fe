package kyc

import (
	"context"
	"slices"
	"strings"
	"time"
)

// The rules that make a company's state follow its associates'. They work
// on what the company loaded of its associates (Profile.Associates), and
// run on every save of the company: the save that links them, and the
// associates job that runs after one of them changed.

// AssociateProductFunc returns the product id an associate of an entity type
// linked for a task variant must be approved for ("" for any product).
type AssociateProductFunc func(variantID string, et EntityType) string

// linkedFor returns the ids of the associates linked for a task variant.
func (p *Profile) linkedFor(variantID string) []string {
	var out []string
	for _, l := range p.Links() {
		if slices.Contains(l.TaskVariantIDs, variantID) {
			out = append(out, l.AssociateID)
		}
	}
	return out
}

// unapprovedFor returns the names of the associates linked for a task
// variant that lack an approved application for its product (an associate
// not loaded counts as not approved).
func (p *Profile) unapprovedFor(variantID string, product AssociateProductFunc) []string {
	var out []string
	for _, id := range p.linkedFor(variantID) {
		a := p.Associate(id)
		switch {
		case a == nil:
			out = append(out, id)
		case !a.Approved(product(variantID, a.EntityType())):
			name := a.DisplayName
			if name == "" {
				name = a.ID
			}
			out = append(out, name)
		}
	}
	return out
}

// SyncAssociateTasks applies the associate task rule to a company whose
// associates are loaded: an associate task (identify officers, beneficial
// owners, trustees, authorised persons; assess ownership) passes when at
// least one associate is linked for it and every one has an approved
// application for the product its variant names, and a passed one reopens
// when one of them has not (one was added, or its application left
// APPROVED). A task a person reopened (or an unlink opened, see
// holdAssociateTasks) waits for a person.
func (p *Profile) SyncAssociateTasks(product AssociateProductFunc, now time.Time) {
	if !p.LinksLoaded() || p.EntityType() != Company {
		return
	}
	sys := System(p.InstitutionID)
	for _, t := range p.effectiveTasks() {
		if !t.Variant.Type.IsAssociateTask() || len(p.linkedFor(t.Variant.ID)) == 0 {
			continue
		}
		missing := p.unapprovedFor(t.Variant.ID, product)
		switch {
		case t.State == TaskCompletedPass && len(missing) > 0:
			p.setTaskState(t, TaskIncomplete, sys, 0, now)
			p.Record(NewAudit(sys, AuditUncompletedTask, now, "associates not approved: "+strings.Join(missing, ", "), map[string]any{
				"task_id": t.ID, "task_type": string(t.Variant.Type), "state": string(TaskIncomplete),
			}))
		case t.State == TaskIncomplete && len(missing) == 0 && !t.ManuallyUncompleted:
			p.setTaskState(t, TaskCompletedPass, sys, 0, now)
			p.Record(NewAudit(sys, AuditCompletedTask, now, "every associate linked for the task is approved", map[string]any{
				"task_id": t.ID, "task_type": string(t.Variant.Type), "state": string(TaskCompletedPass),
			}))
		}
	}
}

// holdAssociateTasks opens the associate tasks of the given variants after
// an associate was unlinked from them, and keeps them open for a person to
// complete: whether the remaining associates are enough is a judgement.
func (p *Profile) holdAssociateTasks(variantIDs []string, actor Actor, now time.Time) {
	for _, v := range variantIDs {
		t := p.TaskFor(v)
		if t == nil || !t.Variant.Type.IsAssociateTask() {
			continue
		}
		if !t.ManuallyUncompleted {
			t.ManuallyUncompleted = true
			t.Touch()
		}
		if t.State == TaskIncomplete {
			continue
		}
		p.setTaskState(t, TaskIncomplete, actor, 0, now)
		p.Record(NewAudit(actor, AuditUncompletedTask, now, "an associate was unlinked", map[string]any{
			"task_id": t.ID, "task_type": string(t.Variant.Type), "state": string(TaskIncomplete),
		}))
	}
}

// associateBlockers returns the unresolved events of the associates the
// company links, as approval blockers naming the associate.
func (p *Profile) associateBlockers() []Blocker {
	if !p.LinksLoaded() {
		return nil
	}
	var out []Blocker
	for _, l := range p.Links() {
		a := p.Associate(l.AssociateID)
		if a == nil {
			continue
		}
		for _, e := range a.OpenEvents() {
			out = append(out, Blocker{Type: BlockerUnresolvedEvent, EventID: e.ID,
				Associate: &BlockerAssociate{ProfileID: a.ID, DisplayName: a.DisplayName, Roles: l.Roles}})
		}
	}
	return out
}

// BlockerAssociate names the associate whose event blocks a company.
type BlockerAssociate struct {
	ProfileID   string
	DisplayName string
	Roles       []AssociatedRole
}

// associateProduct is the product id an associate linked for a task
// variant must be approved for ("" when the variant names none: any).
func (s *Service) associateProduct(variantID string, et EntityType) string {
	if prod, ok := s.Policy.AssociateProduct(variantID, et); ok {
		return prod.ID
	}
	return ""
}

// tellParents queues the associates job of every company the profile is
// linked to when a change concerns them: its applications, events, data
// or risk.
func (s *Service) tellParents(p *Profile, changes []Change) {
	if len(p.Parents) == 0 {
		return
	}
	relevant := slices.ContainsFunc(changes, func(c Change) bool {
		switch c.Kind {
		case ChangeProductStatus, ChangeEventsCreated, ChangeEventsUpdated, ChangeCollectedData, ChangeRiskLevel:
			return true
		}
		return false
	})
	if !relevant {
		return
	}
	for _, pa := range p.Parents {
		// No dedupe key: a job already running for the company may have
		// read this associate before this transaction commits; a new job
		// runs after it and reads the commit.
		p.queue(Job{Kind: JobAssociates, Ref: p.ID, InstitutionID: p.InstitutionID, ProfileID: pa.ProfileID})
	}
}

// RunAssociatesJob brings a company up to date with its associates: it
// loads the company (locking it, and nothing else) with what its
// associates are now, re-evaluates its risk and policy, and saves it, which
// applies the associate task rule and derives its blockers; the job
// completes in the same transaction.
func (s *Service) RunAssociatesJob(ctx context.Context, job Job) error {
	ctx = Background(ctx)
	return s.Store.Update(ctx, func(tx Tx) error {
		p, err := tx.Profile(ctx, job.InstitutionID, job.ProfileID)
		if IsCode(err, ENotFound) {
			return tx.CompleteJob(ctx, job.ID, job.Owner)
		}
		if err != nil {
			return err
		}
		if err := s.reassess(p, s.now()); err != nil {
			return err
		}
		if err := s.save(ctx, tx, p); err != nil {
			return err
		}
		return tx.CompleteJob(ctx, job.ID, job.Owner)
	})
}

// checkAssociatesApproved refuses to pass an associate task by hand while
// an associate linked for it is not approved: the task is done by
// onboarding them. (With none linked, a person may pass it: there may be
// none to onboard.)
func (s *Service) checkAssociatesApproved(p *Profile, t *Task) error {
	if !t.Variant.Type.IsAssociateTask() || !p.LinksLoaded() {
		return nil
	}
	if missing := p.unapprovedFor(t.Variant.ID, s.associateProduct); len(missing) > 0 {
		return &Error{Code: EConstraints,
			Message: "the task passes once every associate linked for it is approved; not yet: " + strings.Join(missing, ", "),
			Info:    map[string]any{"field": "state", "task_id": t.ID, "associates": missing}}
	}
	return nil
}
