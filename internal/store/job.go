package store

import (
	"cmp"
	"context"
	"slices"
	"time"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

func (t *tx) EnqueueJobs(ctx context.Context, jobs ...kyc.Job) error {
	for _, j := range jobs {
		var key *string
		if j.Key != "" {
			key = &j.Key
		}
		if j.ID == "" {
			j.ID = kyc.NewID()
		}
		if j.CreatedAt.IsZero() {
			j.CreatedAt = timeNow()
		}
		if j.RunAt.IsZero() {
			j.RunAt = j.CreatedAt
		}
		_, err := t.c.Exec(ctx, t.db.q(qInsertJob), j.ID, j.Kind, j.Ref, j.InstitutionID, j.ProfileID, key,
			micros(j.RunAt), j.MaxAttempts, micros(j.CreatedAt))
		if err != nil {
			return internal("enqueue job", err)
		}
	}
	return nil
}

func (t *tx) ClaimJobs(ctx context.Context, c kyc.JobClaim) ([]kyc.Job, error) {
	cands, err := t.dueJobs(ctx, c.Kinds, c.Now, claimWindow(c.Limit))
	if err != nil {
		return nil, err
	}
	return t.lease(ctx, c, chooseJobs(cands, c))
}

func (t *tx) ClaimJobsElsewhere(ctx context.Context, c kyc.JobClaim) ([]kyc.Job, error) {
	cands, err := t.firstDueJobs(ctx, c.Kinds, c.Now)
	if err != nil {
		return nil, err
	}
	c.PerInstitution = 1
	return t.lease(ctx, c, chooseJobs(cands, c))
}

func (r *reader) DueElsewhere(ctx context.Context, c kyc.JobClaim) (bool, error) {
	cands, err := r.firstDueJobs(ctx, c.Kinds, c.Now)
	if err != nil {
		return false, err
	}
	for _, j := range cands {
		if !slices.Contains(c.Exclude, j.institutionID) {
			return true, nil
		}
	}
	return false, nil
}

// candidate is a due job a claim may lease.
type candidate struct {
	id, institutionID string
	runAt             int64
}

// dueJobs reads the oldest due jobs of each kind, at most window of each.
func (r *reader) dueJobs(ctx context.Context, kinds []string, now time.Time, window int) ([]candidate, error) {
	var out []candidate
	for _, k := range kinds {
		rows, err := r.c.Query(ctx, r.db.q(qDueJobs), k, micros(now), micros(now), window)
		if err != nil {
			return nil, internal("due jobs", err)
		}
		if out, err = scanCandidates(rows, out); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// firstDueJobs reads the oldest due job of each kind of every institution.
func (r *reader) firstDueJobs(ctx context.Context, kinds []string, now time.Time) ([]candidate, error) {
	var out []candidate
	for _, k := range kinds {
		rows, err := r.c.Query(ctx, r.db.q(qFirstDueJobs), k, micros(now))
		if err != nil {
			return nil, internal("first due jobs", err)
		}
		if out, err = scanCandidates(rows, out); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func scanCandidates(rows Rows, out []candidate) ([]candidate, error) {
	defer rows.Close()
	for rows.Next() {
		var c candidate
		if err := rows.Scan(&c.id, &c.institutionID, &c.runAt); err != nil {
			return nil, internal("scan due job", err)
		}
		out = append(out, c)
	}
	return out, wrap("due jobs", rows.Err())
}

// chooseJobs picks what a claim leases among candidates: none of an
// excluded institution, at most PerInstitution of one, each institution's
// first before any institution's second, older first, at most Limit.
func chooseJobs(cands []candidate, c kyc.JobClaim) []string {
	slices.SortFunc(cands, func(a, b candidate) int { return cmp.Or(cmp.Compare(a.runAt, b.runAt), cmp.Compare(a.id, b.id)) })
	per := max(c.PerInstitution, 1)
	type ranked struct {
		candidate
		n int
	}
	seen := map[string]int{}
	var rs []ranked
	for _, cd := range cands {
		if slices.Contains(c.Exclude, cd.institutionID) || seen[cd.institutionID] >= per {
			continue
		}
		seen[cd.institutionID]++
		rs = append(rs, ranked{cd, seen[cd.institutionID]})
	}
	slices.SortStableFunc(rs, func(a, b ranked) int { return cmp.Compare(a.n, b.n) })
	ids := make([]string, 0, min(len(rs), c.Limit))
	for _, r := range rs {
		if len(ids) == c.Limit {
			break
		}
		ids = append(ids, r.id)
	}
	return ids
}

// lease leases the chosen jobs that are still due.
func (t *tx) lease(ctx context.Context, c kyc.JobClaim, ids []string) ([]kyc.Job, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	rows, err := t.c.Query(ctx, t.db.expandIDs(qLeaseJobs, len(ids)),
		append([]any{micros(c.LeaseUntil), c.Owner, micros(c.Now), micros(c.Now)}, anyStrings(ids)...)...)
	if err != nil {
		return nil, internal("lease jobs", err)
	}
	return scanClaimed(rows, c.Owner)
}

// scanClaimed reads the jobs a claim leased to owner.
func scanClaimed(rows Rows, owner string) ([]kyc.Job, error) {
	defer rows.Close()
	var out []kyc.Job
	for rows.Next() {
		j := kyc.Job{Owner: owner}
		var created, runAt int64
		if err := rows.Scan(&j.ID, &j.Kind, &j.Ref, &j.InstitutionID, &j.ProfileID, &j.Attempts, &j.MaxAttempts,
			&j.LastError, &created, &runAt); err != nil {
			return nil, internal("scan job", err)
		}
		j.CreatedAt, j.RunAt = fromMicros(created), fromMicros(runAt)
		out = append(out, j)
	}
	return out, wrap("claim jobs", rows.Err())
}

func (t *tx) CompleteJob(ctx context.Context, id, owner string) error {
	n, err := t.c.Exec(ctx, t.db.q(qCompleteJob), id, owner)
	if err != nil {
		return internal("complete job", err)
	}
	if n == 0 {
		return kyc.Errorf(kyc.EConflict, "job %s: lease lost", id)
	}
	return nil
}

func (t *tx) RetryJob(ctx context.Context, id, owner string, runAt time.Time, lastErr string) error {
	if len(lastErr) > 2000 {
		lastErr = lastErr[:2000]
	}
	_, err := t.c.Exec(ctx, t.db.q(qRetryJob), micros(runAt), lastErr, id, owner)
	return wrap("retry job", err)
}

func (r *reader) JobCounts(ctx context.Context) (map[string][2]int, error) {
	rows, err := r.c.Query(ctx, r.db.q(qJobCounts), micros(timeNow()))
	if err != nil {
		return nil, internal("job counts", err)
	}
	defer rows.Close()
	out := map[string][2]int{}
	for rows.Next() {
		var kind string
		var leased bool
		var n int
		if err := rows.Scan(&kind, &leased, &n); err != nil {
			return nil, internal("scan job counts", err)
		}
		c := out[kind]
		if leased {
			c[1] += n
		} else {
			c[0] += n
		}
		out[kind] = c
	}
	return out, wrap("job counts", rows.Err())
}

// claimWindow is how many of the oldest due jobs a claim of limit ranks:
// enough that the limit is usually reached, few enough that a claim's
// cost does not grow with the queue.
func claimWindow(limit int) int { return 4*max(limit, 1) + 8 }
