package integration

import (
	"context"
	"time"
)

// Schedule is when to poll a polled check: Initial after the start, then
// every Interval, MaxPolls times at most (the template's initial_interval,
// polling_interval and max_polls; the only strategy is UNIFORM).
type Schedule struct {
	Initial, Interval time.Duration
	MaxPolls          int
}

// PollState is what a polled check's job keeps between polls: the
// integration's Ref (custom_data merged from every answer) and the polls
// made so far. It is plain JSON, so the job can store it and poll again
// after a restart.
type PollState struct {
	Ref
	Polls int `json:"polls"`
}

// Step is the outcome of one poll.
type Step struct {
	// State is the state to store: Polls counts this poll.
	State PollState
	// Done says the check is over: Result holds the answer with
	// check_output or errors, or Err says why there is none (the poll
	// failed for good, or MaxPolls polls brought no result).
	Done   bool
	Result *Result
	Err    error
	// Next is the wait before the next poll when not Done. Err may be
	// set then too: the poll got no answer and will be tried again.
	Next time.Duration
}

// PollStep makes one poll of a check started with req. A poll that gets no
// answer counts against MaxPolls like any other, so a check always ends;
// an error answer ends it at once.
func (c *Client) PollStep(ctx context.Context, s Schedule, req CheckRequest, st PollState) Step {
	st.Polls++
	last := st.Polls >= max(s.MaxPolls, 1)
	resp, err := c.Poll(ctx, FollowUpOf(req, st.Ref))
	if err != nil {
		ce := AsCallError(err)
		if ce != nil && ce.Temporary() && !last {
			return Step{State: st, Err: err, Next: s.Interval}
		}
		return Step{State: st, Done: true, Err: err}
	}
	if merged, err := MergeCustomData(st.CustomData, resp.CustomData); err == nil {
		st.CustomData = merged
	}
	switch {
	case resp.Done():
		return Step{State: st, Done: true, Result: &resp.Result}
	case last:
		return Step{State: st, Done: true, Err: &CallError{Op: "POST /checks/{id}/poll", Kind: KindExhausted, Attempts: st.Polls,
			Reason: "the integration gave no result in " + itoa(st.Polls) + " polls (max_polls)"}}
	}
	return Step{State: st, Next: s.Interval}
}

// Screen runs a polled check to its end in one go: it starts the check,
// waits Initial, and polls on the schedule until the integration answers
// with a result or MaxPolls polls are spent. A job that must survive a
// restart uses StartCheck and PollStep instead.
func (c *Client) Screen(ctx context.Context, s Schedule, req CheckRequest) (*Result, error) {
	start, err := c.StartCheck(ctx, req)
	if err != nil {
		return nil, err
	}
	if len(start.Errors) > 0 {
		return &Result{Errors: start.Errors, Warnings: start.Warnings, ProviderData: start.ProviderData}, nil
	}
	st := PollState{Ref: start.Ref}
	wait := s.Initial
	for {
		if err := c.sleep(ctx, wait); err != nil {
			return nil, err
		}
		step := c.PollStep(ctx, s, req, st)
		if step.Done {
			return step.Result, step.Err
		}
		st, wait = step.State, step.Next
	}
}
