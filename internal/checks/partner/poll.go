package partner

import (
	"context"
	"time"

	"github.com/gatehouse/gatehouse/internal/integration"
	"github.com/gatehouse/gatehouse/internal/kyc"
)

// startPolled starts a polled check from its job: POST /checks, then the
// integration's reference and the first poll's job, queued after the
// template's initial_interval, commit together. The check then runs until
// a poll brings its result.
func (p *Provider) startPolled(ctx context.Context, c *conn, req kyc.CheckRequest) (kyc.CheckOutcome, error) {
	st, err := p.state(ctx, c, req)
	if err != nil || st == nil || st.Stage != kyc.ProviderStarting {
		return kyc.CheckOutcome{Pending: true}, err // started before: its poll job is queued
	}
	m := c.mapping(req)
	start, err := c.client.StartCheck(ctx, c.request(req))
	if err != nil {
		return outcomeOf(m, err)
	}
	if len(start.Errors) > 0 {
		return m.Outcome(&integration.Result{Errors: start.Errors, Warnings: start.Warnings, ProviderData: start.ProviderData}), nil
	}
	now := p.now()
	st.Stage, st.ProviderID, st.Reference, st.CustomData, st.Polls, st.UpdatedAt = kyc.ProviderPolling, start.ProviderID,
		start.Reference, start.CustomData, 0, now
	err = p.Store.Update(kyc.Background(ctx), func(tx kyc.Tx) error {
		if err := tx.UpdateProviderCheck(ctx, st); err != nil {
			return err
		}
		return tx.EnqueueJobs(ctx, pollJob(st, now.Add(c.cfg.Schedule().Initial)))
	})
	if kyc.IsCode(err, kyc.ENotFound) {
		return kyc.CheckOutcome{Pending: true}, nil // completed meanwhile (by hand)
	}
	if err != nil {
		return kyc.CheckOutcome{}, err
	}
	p.notify()
	return kyc.CheckOutcome{Pending: true}, nil
}

func pollJob(st *kyc.ProviderCheck, at time.Time) kyc.Job {
	return kyc.Job{Kind: JobPoll, Ref: st.CheckID, InstitutionID: st.InstitutionID, ProfileID: st.ProfileID,
		Key: JobPoll + ":" + st.CheckID, RunAt: at}
}

// RunPollJob polls a polled check once (POST /checks/{id}/poll). Without
// a result it stores what the poll learnt (custom_data, the polls made)
// and queues the next poll, replacing itself, in one transaction; with
// one, or when max_polls polls brought none, it records the check's
// outcome: hits become events as the built-in screening's do. A poll that
// got no answer counts against max_polls and is made again at the next
// interval.
func (p *Provider) RunPollJob(ctx context.Context, job kyc.Job) error {
	r, err := p.resume(ctx, job)
	if err != nil || r == nil {
		return err
	}
	if r.outcome != nil {
		return p.finish(ctx, job, *r.outcome)
	}
	c, req, st := r.conn, r.req, r.state
	m := c.mapping(req)
	step := c.client.PollStep(ctx, c.cfg.Schedule(), c.request(req), integration.PollState{Ref: refOf(st), Polls: st.Polls})
	switch {
	case step.Done && step.Result != nil:
		return p.finish(ctx, job, m.Outcome(step.Result))
	case step.Done:
		return p.finish(ctx, job, failed(m, step.Err))
	}
	if step.Err != nil {
		p.log().Warn("integration poll got no answer; polling again", "check_id", st.CheckID, "poll", step.State.Polls,
			"error", step.Err.Error())
	}
	now := p.now()
	st.Polls, st.CustomData, st.UpdatedAt = step.State.Polls, step.State.CustomData, now
	err = p.Store.Update(kyc.Background(ctx), func(tx kyc.Tx) error {
		if err := tx.UpdateProviderCheck(ctx, st); err != nil {
			return err
		}
		if err := tx.CompleteJob(ctx, job.ID, job.Owner); err != nil {
			return err
		}
		return tx.EnqueueJobs(ctx, pollJob(st, now.Add(step.Next)))
	})
	if kyc.IsCode(err, kyc.ENotFound) {
		return p.completeJob(ctx, job) // completed meanwhile (by hand)
	}
	return err
}
