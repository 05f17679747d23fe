package kyc

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
)

// CheckRunner runs a check through the provider its variant names
// (implemented by package checks).
type CheckRunner interface {
	Run(ctx context.Context, req CheckRequest) (CheckOutcome, error)
}

// DefaultSyncTimeout is how long a synchronous check may take before it is
// answered RUNNING and finished in the background.
const DefaultSyncTimeout = 10 * time.Second

// NewCheckRequest is a validated POST /checks body.
type NewCheckRequest struct {
	Type       CheckType
	VariantRef string
	TaskIDs    []string
	Input      []byte // input_data override (validated EntityData), or nil
	DemoResult string
	DocumentID string
	Mode       string // "sync", "async", or "" for the type's default
	// Source and Reference name the document a DOCUMENT_FETCH check
	// fetches; SourceID the filing a COMPANY_FILING_PURCHASE buys.
	Source, Reference, SourceID string
	// DisableMonitoring screens without ongoing monitoring;
	// DisableInitialScreen monitors without screening now (screening types).
	DisableMonitoring, DisableInitialScreen bool
}

// InstructCheck runs a check on a profile. IDENTITY_CHECK runs
// synchronously by default, other types asynchronously; a synchronous run
// that takes longer than the sync timeout is answered RUNNING and finishes
// in the background. While the profile has collection steps the check
// waits (PENDING).
func (s *Service) InstructCheck(ctx context.Context, actor Actor, profileID string, in NewCheckRequest) (*Check, error) {
	p, err := s.Profile(ctx, actor, profileID)
	if err != nil {
		return nil, err
	}
	c, err := s.newCheck(p, in)
	if err != nil {
		return nil, err
	}
	sync := in.Mode == "sync" || in.Mode == "" && in.Type == CheckIdentity
	var outcome *CheckOutcome
	if sync && !in.DisableInitialScreen && s.Checks != nil && len(p.CollectionSteps) == 0 && len(MissingFor(c.Type, c.Variant, p.Facts())) == 0 {
		timeout := s.SyncTimeout
		if timeout <= 0 {
			timeout = DefaultSyncTimeout
		}
		rctx, cancel := context.WithTimeout(ctx, timeout)
		o, err := s.Checks.Run(rctx, s.checkRequest(p, c))
		cancel()
		if err == nil && !o.Pending {
			outcome = &o
		}
	}
	r, err := s.updateProfile(ctx, actor, profileID, func(tx Tx, p *Profile) (any, error) {
		for i, id := range c.TaskIDs {
			if t := p.Task(id); t == nil || !t.Current() {
				return nil, FieldError(fmt.Sprintf("task_ids[%d]", i), "no current task with this id on the profile")
			}
		}
		now := s.now()
		p.Instruct(c, actor, now)
		if in.Input == nil && c.State == CheckPending {
			// The data as read in this transaction, which followData keeps
			// current until the check is released.
			c.Input = p.CollectedData
		}
		switch {
		case in.DisableInitialScreen:
			// Nothing to screen now, even while data is missing: the
			// check completes at once and monitoring follows it.
			s.completeCheck(p, c, s.monitorOnly(c), now)
		case c.State != CheckRunning:
		case outcome != nil:
			s.completeCheck(p, c, *outcome, now)
		default:
			s.enqueueCheck(p, c)
		}
		if err := s.reassess(p, now); err != nil {
			return nil, err
		}
		return c, nil
	})
	if err != nil {
		return nil, err
	}
	s.notify()
	return r.(*Check), nil
}

// newCheck validates a check request against the profile and policy.
func (s *Service) newCheck(p *Profile, in NewCheckRequest) (*Check, error) {
	et, ok := in.Type.EntityType()
	if !ok {
		return nil, FieldError("check_type", "is not a check type of the 4.0 contract")
	}
	if et != p.EntityType() {
		return nil, FieldError("check_type", fmt.Sprintf("a %s check cannot run on a %s profile", in.Type, p.EntityType()))
	}
	v := s.Policy.DefaultCheckVariant(in.Type)
	if in.VariantRef != "" {
		var ok bool
		if v, ok = s.Policy.CheckVariant(in.VariantRef); !ok {
			return nil, FieldError("variant.id", "no such check variant in the policy")
		}
		if v.CheckType != string(in.Type) {
			return nil, FieldError("variant.id", "is a "+v.CheckType+" variant, not "+string(in.Type))
		}
	}
	v, err := s.checkParams(p, in, v)
	if err != nil {
		return nil, err
	}
	for i, id := range in.TaskIDs {
		t := p.Task(strings.ToLower(id))
		field := fmt.Sprintf("task_ids[%d]", i)
		switch {
		case t == nil || !t.Current():
			return nil, FieldError(field, "no current task with this id on the profile")
		case t.State.Complete():
			return nil, FieldError(field, "checks can only be performed on incomplete tasks")
		}
	}
	input := in.Input
	if input == nil {
		input = p.CollectedData
	} else if err := noInlineImages(input, "input_data"); err != nil {
		return nil, err
	}
	ids := make([]string, len(in.TaskIDs))
	for i, id := range in.TaskIDs {
		ids[i] = strings.ToLower(id)
	}
	if (in.Type == CheckDocumentVerification || in.Type == CheckCompanyDocumentVerify) && in.DocumentID == "" {
		return nil, MissingField("document_id")
	}
	return &Check{ID: NewID(), Type: in.Type, Variant: v, TaskIDs: ids, Input: input, DemoResult: in.DemoResult,
		DocumentID: strings.ToLower(in.DocumentID)}, nil
}

// checkRequest is what a provider gets to run c on p.
func (s *Service) checkRequest(p *Profile, c *Check) CheckRequest {
	f, _ := ParseFacts(c.Input)
	images := p.Images
	if images == nil {
		images = []DocumentImage{}
	}
	return CheckRequest{CheckID: c.ID, CheckType: c.Type, Variant: c.Variant, Input: c.Input, Facts: f,
		DemoResult: c.DemoResult, DocumentID: c.DocumentID, InstitutionID: p.InstitutionID, ProfileID: p.ID,
		Images: images, Source: c.Param("source"), Reference: c.Param("reference"), SourceID: c.Param("source_id")}
}

// enqueueCheck queues the job that runs a check, with the profile's writes.
func (s *Service) enqueueCheck(p *Profile, c *Check) {
	p.queue(Job{Kind: JobCheck, Ref: c.ID, InstitutionID: p.InstitutionID, ProfileID: p.ID})
}

// checkPolicy is what completing checks of p needs from the policy.
func (s *Service) checkPolicy(p *Profile, now time.Time) CheckPolicy {
	return CheckPolicy{
		Acceptance: func(v string) []string { acc, _ := s.Policy.TaskChecks(v); return acc },
		ExpiryDays: func(v string) int { return s.expiryDays(p, v, now) },
	}
}

// completeCheck records an outcome, promotes the associates a company data
// check returned (when the policy says so), and runs the next automatic
// variant of a waterfall when the result says to fall through.
func (s *Service) completeCheck(p *Profile, c *Check, o CheckOutcome, now time.Time) {
	o = s.withMonitoring(c.Variant, o)
	p.Complete(c, o, s.checkPolicy(p, now), now)
	s.promote(p, c, now)
	if !c.Automatic || len(c.Waterfall) == 0 || !slices.Contains(c.Variant.FallThroughOn, o.Result) {
		return
	}
	var tasks []string
	for _, id := range c.TaskIDs {
		if t := p.Task(id); t != nil && t.Current() && !t.State.Complete() {
			tasks = append(tasks, id)
		}
	}
	if len(tasks) == 0 {
		return
	}
	next := &Check{ID: NewID(), Type: CheckType(c.Waterfall[0].CheckType), Variant: c.Waterfall[0],
		Waterfall: c.Waterfall[1:], TaskIDs: tasks, Input: p.CollectedData, Automatic: true, DemoResult: c.DemoResult}
	p.Instruct(next, System(p.InstitutionID), now)
	if next.State == CheckRunning {
		s.enqueueCheck(p, next)
	}
}

// automaticChecks returns the new tasks that need the smart policy's
// automatic checks: current, open, never checked, not reopened by hand,
// with automatic checks configured for a profile of this entity type.
func (s *Service) automaticChecks(p *Profile) map[*Task][]CheckVariant {
	var out map[*Task][]CheckVariant
	for _, t := range p.Tasks {
		if !t.Current() || len(t.CheckIDs) > 0 || t.State != TaskIncomplete || t.ManuallyUncompleted {
			continue
		}
		_, auto := s.Policy.TaskChecks(t.Variant.ID)
		if len(auto) == 0 {
			continue
		}
		if et, _ := CheckType(auto[0].CheckType).EntityType(); et != p.EntityType() {
			continue
		}
		if out == nil {
			out = map[*Task][]CheckVariant{}
		}
		out[t] = auto
	}
	return out
}

// scheduleAutomation marks the applications whose new tasks have automatic
// checks as AUTOMATING and queues the profile's automation job, which
// instructs and runs those checks in the background: the change that
// created the tasks commits without waiting for them.
func (s *Service) scheduleAutomation(p *Profile) {
	due := s.automaticChecks(p)
	if len(due) == 0 {
		return
	}
	marked := false
	for t := range due {
		if t.Stored() {
			continue // an earlier automation job is on it
		}
		for _, a := range p.ActiveApplications() {
			for _, v := range a.RequiredTasks {
				if v.ID == t.Variant.ID && !a.Automating {
					a.Automating = true
					a.Touch()
				}
			}
		}
		marked = true
	}
	if marked {
		p.queue(Job{Kind: JobAutomate, Ref: p.ID, InstitutionID: p.InstitutionID, ProfileID: p.ID,
			Key: JobAutomate + ":" + p.ID})
	}
}

// AutomateTimeout bounds the provider calls an automation job makes itself;
// a check that takes longer goes to its own job.
const AutomateTimeout = 5 * time.Second

// RunAutomateJob instructs a profile's automatic checks and runs them at
// once, outside any transaction; the checks, their results and effects
// (tasks passed, events raised) then commit together. A check whose
// provider fails or is slow gets its own job, with retries.
func (s *Service) RunAutomateJob(ctx context.Context, job Job) error {
	p, err := s.Store.Profile(ctx, job.InstitutionID, job.ProfileID)
	if IsCode(err, ENotFound) {
		return s.Store.Update(Background(ctx), func(tx Tx) error { return tx.CompleteJob(ctx, job.ID, job.Owner) })
	}
	if err != nil {
		return err
	}
	run := s.runAutomatic(ctx, p)
	mutate := func(p *Profile) error { return s.automate(p, run) }
	return s.updateLoaded(ctx, p, mutate, func(tx Tx) error { return tx.CompleteJob(ctx, job.ID, job.Owner) })
}

// autoGroup is one automatic check and the due tasks it serves: every task
// whose automatic check variants (the first and its waterfall) are the same.
type autoGroup struct {
	key   string // the variant ids of the chain
	chain []CheckVariant
	tasks []*Task
}

func (g autoGroup) taskIDs() []string {
	out := make([]string, len(g.tasks))
	for i, t := range g.tasks {
		out[i] = t.ID
	}
	return out
}

// groupAutomatic groups the due tasks by their variant chain, in the
// tasks' order, so that a check two tasks need runs once and the same
// profile always gives the same checks in the same order.
func groupAutomatic(p *Profile, due map[*Task][]CheckVariant) []autoGroup {
	var out []autoGroup
	at := map[string]int{}
	for _, t := range p.Tasks {
		chain, ok := due[t]
		if !ok || len(chain) == 0 {
			continue
		}
		var k strings.Builder
		for _, v := range chain {
			k.WriteString(v.ID)
			k.WriteByte(' ')
		}
		if i, ok := at[k.String()]; ok {
			out[i].tasks = append(out[i].tasks, t)
			continue
		}
		at[k.String()] = len(out)
		out = append(out, autoGroup{key: k.String(), chain: chain, tasks: []*Task{t}})
	}
	return out
}

// automaticRun is what the providers answered for a profile's automatic
// checks before the transaction that records them: outcomes and the check
// ids the providers were given (they may derive output ids from them), by
// variant chain. A second pass on a fresh copy of the profile reuses them.
type automaticRun struct {
	outcomes map[string]CheckOutcome
	ids      map[string]string
}

// runAutomatic runs the providers of a profile's due automatic checks,
// outside any transaction, when none of them lacks data. Tasks that need
// the same check (a registry check for verifying the company and for
// identifying its officers) share one.
func (s *Service) runAutomatic(ctx context.Context, p *Profile) automaticRun {
	run := automaticRun{outcomes: map[string]CheckOutcome{}, ids: map[string]string{}}
	due := s.automaticChecks(p)
	if s.Checks == nil || len(p.CollectionSteps) > 0 || len(missingForAutomatic(p, due)) > 0 {
		return run
	}
	for _, g := range groupAutomatic(p, due) {
		c := &Check{ID: NewID(), Type: CheckType(g.chain[0].CheckType), Variant: g.chain[0], Input: p.CollectedData}
		run.ids[g.key] = c.ID
		rctx, cancel := context.WithTimeout(ctx, AutomateTimeout)
		o, err := s.Checks.Run(rctx, s.checkRequest(p, c))
		cancel()
		if err == nil && !o.Pending {
			run.outcomes[g.key] = o
		}
	}
	return run
}

// automate instructs a profile's due automatic checks and records what
// run holds for them; the others go to their own jobs, or wait for the
// data they lack (collection steps, added first, so that every due check
// waits while any lacks data, whatever order they are instructed in).
func (s *Service) automate(p *Profile, run automaticRun) error {
	now := s.now()
	sys := System(p.InstitutionID)
	due := s.automaticChecks(p)
	p.AddCollectionSteps(missingForAutomatic(p, due))
	for _, g := range groupAutomatic(p, due) {
		id, ok := run.ids[g.key]
		if !ok {
			id = NewID()
		}
		c := &Check{ID: id, Type: CheckType(g.chain[0].CheckType), Variant: g.chain[0], Waterfall: g.chain[1:],
			TaskIDs: g.taskIDs(), Input: p.CollectedData, Automatic: true}
		p.Instruct(c, sys, now)
		if c.State != CheckRunning {
			continue
		}
		if o, ok := run.outcomes[g.key]; ok {
			s.completeCheck(p, c, o, now)
		} else {
			s.enqueueCheck(p, c)
		}
	}
	for _, a := range p.Applications {
		if a.Automating {
			a.Automating = false
			a.Touch()
		}
	}
	return s.reassess(p, now)
}

// InlineRunner is implemented by a CheckRunner that can tell which check
// variants its providers answer in the process, without calling out
// (the demo sandbox, the screening engine, document verification).
type InlineRunner interface {
	Inline(v CheckVariant) bool
}

// automatesInline reports whether a new profile's automatic checks can be
// run in the request that creates it, instead of by a job after it: every
// one runs in the process and none lacks data. The create then commits its
// checks, their effects and its final flag at once, one transaction where
// a job would take three.
func (s *Service) automatesInline(p *Profile) bool {
	in, ok := s.Checks.(InlineRunner)
	due := s.automaticChecks(p)
	if !ok || len(due) == 0 || len(missingForAutomatic(p, due)) > 0 {
		return false
	}
	for _, chain := range due {
		if !in.Inline(chain[0]) {
			return false
		}
	}
	return true
}

// missingForAutomatic returns the collection steps the due automatic
// checks of an individual need that its data does not fulfil.
func missingForAutomatic(p *Profile, due map[*Task][]CheckVariant) []CollectionStep {
	if p.EntityType() != Individual {
		return nil
	}
	var out []CollectionStep
	for _, t := range p.Tasks { // in the tasks' order: the same steps in the same order every time
		if auto, ok := due[t]; ok {
			out = append(out, MissingFor(CheckType(auto[0].CheckType), auto[0], p.Facts())...)
		}
	}
	return out
}

// releaseChecks queues the checks that waited for collection steps once
// none is left.
func (s *Service) releaseChecks(p *Profile) {
	for _, c := range p.ReleasePending() {
		s.enqueueCheck(p, c)
	}
}

// RunCheckJob runs a queued check: the provider call happens outside any
// transaction; the result, its effects and the job's completion commit
// together. A provider error is returned for a retry, except on the last
// attempt, when the check ends as Error.
func (s *Service) RunCheckJob(ctx context.Context, job Job) error {
	p, err := s.Store.Profile(ctx, job.InstitutionID, job.ProfileID)
	if err != nil && !IsCode(err, ENotFound) {
		return err
	}
	var o CheckOutcome
	if p != nil {
		if c := p.Check(job.Ref); c != nil && c.State == CheckRunning {
			var runErr error
			req := s.checkRequest(p, c)
			req.Queued = true
			o, runErr = s.Checks.Run(ctx, req)
			if runErr != nil {
				if !job.Final() {
					return runErr
				}
				o = CheckOutcome{Result: "Error", Errors: []CheckError{{Code: 302, Source: "PROVIDER",
					Message: fmt.Sprintf("the provider could not be reached in %d attempts: %v", job.Attempts, runErr)}}}
			}
		}
	}
	if p == nil || o.Result == "" && !o.Pending {
		return s.Store.Update(Background(ctx), func(tx Tx) error { return tx.CompleteJob(ctx, job.ID, job.Owner) })
	}
	mutate := func(p *Profile) error {
		c := p.Check(job.Ref)
		if c == nil || c.State != CheckRunning {
			return nil // done meanwhile (reviewed by hand)
		}
		now := s.now()
		c.Attempts = job.Attempts
		c.Touch()
		if o.Pending {
			return nil
		}
		s.completeCheck(p, c, o, now)
		return s.reassess(p, now)
	}
	return s.updateLoaded(ctx, p, mutate, func(tx Tx) error { return tx.CompleteJob(ctx, job.ID, job.Owner) })
}

// UpdateCheckTasks replaces the tasks a check serves: the only change a
// check accepts (checks are immutable).
func (s *Service) UpdateCheckTasks(ctx context.Context, actor Actor, profileID, checkID string, taskIDs []string) (*Check, error) {
	r, err := s.updateProfile(ctx, actor, profileID, func(tx Tx, p *Profile) (any, error) {
		c := p.Check(strings.ToLower(checkID))
		if c == nil {
			return nil, NotFound("check", checkID)
		}
		ids := make([]string, len(taskIDs))
		for i, id := range taskIDs {
			id = strings.ToLower(id)
			t := p.Task(id)
			if t == nil {
				return nil, FieldError(fmt.Sprintf("task_ids[%d]", i), "no task with this id on the profile")
			}
			ids[i] = id
			if !slices.Contains(t.CheckIDs, c.ID) {
				t.CheckIDs = append(t.CheckIDs, c.ID)
				t.Touch()
			}
		}
		for _, old := range c.TaskIDs {
			if t := p.Task(old); t != nil && !slices.Contains(ids, old) {
				t.CheckIDs = slices.DeleteFunc(t.CheckIDs, func(x string) bool { return x == c.ID })
				t.Touch()
			}
		}
		c.TaskIDs = ids
		c.Touch()
		p.Record(NewAudit(actor, AuditUpdatedCheck, s.now(), "", map[string]any{"check_id": c.ID, "task_ids": ids}))
		return c, nil
	})
	if err != nil {
		return nil, err
	}
	return r.(*Check), nil
}

// ReviewCheck records a person's approval or rejection of a check. A check
// still running (a manual check, or one the provider left pending) is
// completed with the decision; a completed check is left as it was and a
// new check, a copy with the decision as its result, is added (checks are
// immutable). Either may pass the tasks it serves, as any result does.
func (s *Service) ReviewCheck(ctx context.Context, actor Actor, profileID, checkID string, approve bool) (*Check, error) {
	r, err := s.updateProfile(ctx, actor, profileID, func(tx Tx, p *Profile) (any, error) {
		c := p.Check(strings.ToLower(checkID))
		if c == nil {
			return nil, NotFound("check", checkID)
		}
		now := s.now()
		o := CheckOutcome{Result: ManualResult(c.Type, approve), Output: c.Output, Providers: c.Providers}
		target := c
		if c.State == CheckComplete {
			target = &Check{ID: NewID(), Type: c.Type, Variant: c.Variant, TaskIDs: append([]string{}, c.TaskIDs...),
				Input: c.Input, ManualOf: c.ID, DocumentID: c.DocumentID}
			p.Instruct(target, actor, now)
			target.State = CheckRunning
		}
		if target.State == CheckPending {
			return nil, &Error{Code: EInvalid, Message: "the check waits for collection steps; it cannot be reviewed yet",
				Info: map[string]any{"check_id": c.ID}}
		}
		s.completeCheck(p, target, o, now)
		p.Record(NewAudit(actor, AuditUpdatedCheck, now, o.Result, map[string]any{
			"check_id": target.ID, "reviewed_check_id": c.ID, "result": o.Result,
		}))
		if err := s.reassess(p, now); err != nil {
			return nil, err
		}
		return target, nil
	})
	if err != nil {
		return nil, err
	}
	return r.(*Check), nil
}

// SetCollectionSteps replaces a profile's collection steps (an officer
// asking for more data). Steps the data already fulfils are dropped; when
// none is left, checks that waited run.
func (s *Service) SetCollectionSteps(ctx context.Context, actor Actor, profileID string, steps []CollectionStep) ([]CollectionStep, error) {
	r, err := s.updateProfile(ctx, actor, profileID, func(tx Tx, p *Profile) (any, error) {
		p.CollectionSteps = append([]CollectionStep{}, steps...)
		p.Touch()
		p.DropFulfilledSteps()
		s.releaseChecks(p)
		p.Record(NewAudit(actor, AuditRequestedData, s.now(), "", map[string]any{"collection_steps": len(p.CollectionSteps)}))
		return p.CollectionSteps, nil
	})
	if err != nil {
		return nil, err
	}
	return r.([]CollectionStep), nil
}

// StaleCheckAge is how long a check may run without a result before it
// ends as Error (a provider that never answered).
const StaleCheckAge = 48 * time.Hour

// ExpireStaleChecks completes, with result Error, checks that have been
// running for StaleCheckAge with no job left to finish them, at most limit
// of them, and reports how many.
func (s *Service) ExpireStaleChecks(ctx context.Context, limit int) (int, error) {
	ctx = Background(ctx)
	now := s.now()
	refs, err := s.Store.StaleChecks(ctx, now.Add(-StaleCheckAge), limit)
	if err != nil || len(refs) == 0 {
		return 0, err
	}
	n := 0
	for _, ref := range refs {
		err := s.Store.Update(ctx, func(tx Tx) error {
			p, err := tx.Profile(ctx, ref.InstitutionID, ref.ProfileID)
			if err != nil {
				return err
			}
			c := p.Check(ref.CheckID)
			if c == nil || c.State != CheckRunning {
				return nil
			}
			o := CheckOutcome{Result: "Error", Errors: []CheckError{{Code: 303, Source: "PROVIDER",
				Message: "the check was running for more than 48 hours with no result"}}}
			s.completeCheck(p, c, o, now)
			n++
			return s.save(ctx, tx, p)
		})
		if err != nil && !IsCode(err, ENotFound) {
			return n, err
		}
	}
	return n, nil
}
