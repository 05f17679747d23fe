package partner

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/gatehouse/gatehouse/internal/integration"
	"github.com/gatehouse/gatehouse/internal/kyc"
)

// startCallback starts a callback check from its job, or goes on from
// where an earlier attempt of the job stopped. The check's state is
// recorded before POST /checks (so the integration may download the
// document's images while it answers), the integration's reference before
// POST /checks/{id}/ready (the integration may call back while answering
// it); then the check waits for the callback.
func (p *Provider) startCallback(ctx context.Context, c *conn, req kyc.CheckRequest) (kyc.CheckOutcome, error) {
	st, err := p.state(ctx, c, req)
	if err != nil || st == nil {
		return kyc.CheckOutcome{Pending: true}, err
	}
	m, ireq := c.mapping(req), c.request(req)
	if st.Stage == kyc.ProviderStarting {
		start, err := c.client.StartCheck(ctx, ireq)
		if err != nil {
			return outcomeOf(m, err)
		}
		if len(start.Errors) > 0 { // no callback follows
			return m.Outcome(&integration.Result{Errors: start.Errors, Warnings: start.Warnings, ProviderData: start.ProviderData}), nil
		}
		st.Stage, st.ProviderID, st.Reference, st.CustomData, st.UpdatedAt = kyc.ProviderStarted, start.ProviderID, start.Reference,
			start.CustomData, p.now()
		err = p.Store.Update(kyc.Background(ctx), func(tx kyc.Tx) error { return tx.UpdateProviderCheck(ctx, st) })
		if kyc.IsCode(err, kyc.ENotFound) {
			return kyc.CheckOutcome{Pending: true}, nil // completed meanwhile (by hand)
		}
		if err != nil {
			return kyc.CheckOutcome{}, err
		}
	}
	if st.Stage == kyc.ProviderStarted {
		if err := c.client.Ready(ctx, integration.FollowUpOf(ireq, refOf(st))); err != nil && !noReady(err) {
			return outcomeOf(m, err)
		}
	}
	return kyc.CheckOutcome{Pending: true}, nil
}

// noReady reports whether /ready failed because the integration does not
// serve it (404, 405 or 501): integrations written before the protocol
// had it, such as PassFort's own document reference integration, call
// back without being told, so the check waits for the callback anyway.
func noReady(err error) bool {
	ce := integration.AsCallError(err)
	return ce != nil && ce.Kind == integration.KindStatus &&
		(ce.Status == http.StatusNotFound || ce.Status == http.StatusMethodNotAllowed || ce.Status == http.StatusNotImplemented)
}

// state returns a check's state at its integration, recording it (stage
// starting, with the images the integration may download) if the check
// has none yet. It returns nil when the check is no longer running.
func (p *Provider) state(ctx context.Context, c *conn, req kyc.CheckRequest) (*kyc.ProviderCheck, error) {
	st, err := p.Store.ProviderCheck(ctx, req.CheckID)
	if !kyc.IsCode(err, kyc.ENotFound) {
		return st, err
	}
	now := p.now()
	st = &kyc.ProviderCheck{CheckID: req.CheckID, InstitutionID: req.InstitutionID, ProfileID: req.ProfileID, Peer: c.peer(),
		Stage: kyc.ProviderStarting, CreatedAt: now, UpdatedAt: now}
	if isDocumentCheck(req.CheckType) {
		st.ImageIDs = imageIDs(checkInput(req))
	}
	err = p.Store.Update(kyc.Background(ctx), func(tx kyc.Tx) error {
		// Under the profile's lock: a check completed meanwhile (by hand)
		// gets no state, which nothing would ever remove.
		pr, err := tx.Profile(ctx, req.InstitutionID, req.ProfileID)
		if kyc.IsCode(err, kyc.ENotFound) {
			st = nil
			return nil
		}
		if err != nil {
			return err
		}
		if ck := pr.Check(req.CheckID); ck == nil || ck.State != kyc.CheckRunning {
			st = nil
			return nil
		}
		return tx.InsertProviderCheck(ctx, st)
	})
	return st, err
}

// CallbackGrace is how long a callback that matches no check waits for
// one of its integration's checks being started: an integration may call
// back as soon as it answers POST /checks (PassFort's own document
// reference integration does, once, a tenth of a second later), before
// the job that started the check has recorded its reference.
const CallbackGrace = 3 * time.Second

// errNoRef is a callback that matches no check (yet).
var errNoRef = errors.New("partner: no check has this reference")

// Accept takes an integration's callback (integration.CallbackHandler):
// it finds the peer's check waiting for it by provider_id and reference,
// merges custom_data into the check's state, and queues the job that
// fetches the result, in one transaction, so an acknowledged callback is
// never lost. A repeated callback merges again and queues nothing new
// while the job waits. A callback for no check of the peer in progress,
// or for a polled check, is integration.ErrUnknownCheck (404), after
// CallbackGrace when a check of the peer is being started.
func (p *Provider) Accept(ctx context.Context, from integration.Peer, cb integration.Callback) (string, error) {
	deadline := time.Now().Add(CallbackGrace)
	for last := false; ; {
		err := p.accept(ctx, from, cb)
		if !errors.Is(err, errNoRef) {
			if err != nil {
				return "", err
			}
			p.notify()
			return "", nil
		}
		if last || time.Now().After(deadline) {
			return "", integration.ErrUnknownCheck
		}
		starting, serr := p.Store.ProviderChecksStarting(ctx, from.Name)
		if serr != nil {
			return "", serr
		}
		// No check starting: look once more, for one whose reference was
		// recorded since the first look.
		last = !starting
		if starting {
			select {
			case <-ctx.Done():
				return "", ctx.Err()
			case <-time.After(50 * time.Millisecond):
			}
		}
	}
}

func (p *Provider) accept(ctx context.Context, from integration.Peer, cb integration.Callback) error {
	return p.Store.Update(ctx, func(tx kyc.Tx) error {
		st, err := tx.ProviderCheckByRef(ctx, from.Name, cb.ProviderID, cb.Reference)
		switch {
		case kyc.IsCode(err, kyc.ENotFound):
			return errNoRef
		case err != nil:
			return err
		case st.Stage != kyc.ProviderStarted && st.Stage != kyc.ProviderCalledBack:
			return integration.ErrUnknownCheck
		}
		merged, err := integration.MergeCustomData(st.CustomData, cb.CustomData)
		if err != nil {
			return err
		}
		st.CustomData, st.Stage, st.UpdatedAt = merged, kyc.ProviderCalledBack, p.now()
		if err := tx.UpdateProviderCheck(ctx, st); err != nil {
			return err
		}
		return tx.EnqueueJobs(ctx, kyc.Job{Kind: JobComplete, Ref: st.CheckID, InstitutionID: st.InstitutionID,
			ProfileID: st.ProfileID, Key: JobComplete + ":" + st.CheckID})
	})
}

// RunCompleteJob fetches a callback check's result after its callback
// (POST /checks/{id}/complete), downloads the images a document fetch's
// result names (fetchImages), and records it all, completing the job in
// the same transaction. A call that got no answer is retried; on the
// job's last attempt the check ends as Error.
func (p *Provider) RunCompleteJob(ctx context.Context, job kyc.Job) error {
	r, err := p.resume(ctx, job)
	if err != nil || r == nil {
		return err
	}
	if r.outcome != nil {
		return p.finish(ctx, job, *r.outcome)
	}
	c, req, st := r.conn, r.req, r.state
	m := c.mapping(req)
	res, err := c.client.Complete(ctx, integration.FollowUpOf(c.request(req), refOf(st)))
	if err != nil {
		o, err := outcomeOf(m, err)
		if err != nil {
			if !job.Final() {
				return err
			}
			o = failed(m, err)
		}
		return p.finish(ctx, job, o)
	}
	o, err := p.fetchImages(ctx, c, req, st, m.Outcome(res), job.Final())
	if err != nil {
		return err
	}
	return p.finish(ctx, job, o)
}

// resumed is what a follow-up job works with.
type resumed struct {
	state *kyc.ProviderCheck
	req   kyc.CheckRequest
	conn  *conn
	// outcome, when set, is how the check ends without a call: its
	// integration cannot be used.
	outcome *kyc.CheckOutcome
}

// resume loads what a follow-up job of a check needs. It returns nil (and
// completes the job) when the check is no longer in progress, and an
// error for the job to be retried when the integration could not be
// reached, except on the job's last attempt.
func (p *Provider) resume(ctx context.Context, job kyc.Job) (*resumed, error) {
	st, err := p.Store.ProviderCheck(ctx, job.Ref)
	if kyc.IsCode(err, kyc.ENotFound) {
		return nil, p.completeJob(ctx, job)
	}
	if err != nil {
		return nil, err
	}
	req, err := p.Service.RunningCheck(ctx, kyc.CheckRef{InstitutionID: st.InstitutionID, ProfileID: st.ProfileID, CheckID: st.CheckID})
	if kyc.IsCode(err, kyc.ENotFound) {
		return nil, p.completeJob(ctx, job)
	}
	if err != nil {
		return nil, err
	}
	r := &resumed{state: st, req: req, conn: p.conn(req.Variant.ID)}
	if r.conn == nil {
		o := notSetUp(req, "", "the variant "+variantName(req.Variant)+" is not among the integrations loaded with the policy")
		r.outcome = &o
		return r, nil
	}
	o, err := p.usable(ctx, r.conn, req)
	switch {
	case err != nil && !job.Final():
		return nil, err
	case err != nil:
		m := integration.Mapping{Kind: r.conn.settings.Kind, Target: req.CheckType, Provider: r.conn.status().Provider, Facts: req.Facts}
		o = failed(m, &integration.CallError{Op: "GET /config", Kind: integration.KindConnection, Reason: err.Error()})
		r.outcome = &o
	case o.Result != "":
		r.outcome = &o
	}
	return r, nil
}

// finish records a check's outcome and completes the job that found it,
// in one transaction.
func (p *Provider) finish(ctx context.Context, job kyc.Job, o kyc.CheckOutcome) error {
	ref := kyc.CheckRef{InstitutionID: job.InstitutionID, ProfileID: job.ProfileID, CheckID: job.Ref}
	return p.Service.FinishCheck(ctx, ref, o, func(tx kyc.Tx) error { return tx.CompleteJob(ctx, job.ID, job.Owner) })
}

func (p *Provider) completeJob(ctx context.Context, job kyc.Job) error {
	return p.Store.Update(kyc.Background(ctx), func(tx kyc.Tx) error { return tx.CompleteJob(ctx, job.ID, job.Owner) })
}

// refOf is the integration's reference to a check.
func refOf(st *kyc.ProviderCheck) integration.Ref {
	return integration.Ref{ProviderID: st.ProviderID, Reference: st.Reference, CustomData: st.CustomData}
}

// outcomeOf is what a failed call makes of a check: an error to retry
// later when no answer came, else the outcome Error with the failure in
// its errors. A failure before anything was sent (a request Gatehouse
// refused to make) is final too.
func outcomeOf(m integration.Mapping, err error) (kyc.CheckOutcome, error) {
	if integration.AsCallError(err) == nil {
		return failed(m, err), nil
	}
	return m.Failure(err)
}

// failed is the outcome Error (the target type's nearest result) with a
// failure in the check's errors: the call's own check error (302 when no
// answer came, 502 when the integration refused the signature, 303
// otherwise), or 303 naming the reason.
func failed(m integration.Mapping, err error) kyc.CheckOutcome {
	o := m.Outcome(&integration.Result{Errors: []integration.Error{{Type: integration.ErrorIntegration, Message: err.Error()}}})
	if ce := integration.AsCallError(err); ce != nil {
		o.Errors = []kyc.CheckError{ce.CheckError()}
	}
	return o
}
