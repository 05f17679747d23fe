package store

import (
	"context"
	"strings"
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
	owner := c.Owner
	// The kinds and the excluded institutions go as lists ",a,b," (no kind
	// or institution id contains a comma), so that the statement stays one
	// prepared text whatever their number.
	rows, err := t.c.Query(ctx, t.db.q(qClaimJobs), micros(c.LeaseUntil), owner, micros(c.Now), micros(c.Now),
		commaList(c.Kinds), claimWindow(c.Limit), commaList(c.Exclude), max(c.PerInstitution, 1), c.Limit)
	if err != nil {
		return nil, internal("claim jobs", err)
	}
	return scanClaimed(rows, owner)
}

func (t *tx) ClaimJobsElsewhere(ctx context.Context, c kyc.JobClaim) ([]kyc.Job, error) {
	rows, err := t.c.Query(ctx, t.db.q(qClaimJobsElsewhere), micros(c.LeaseUntil), c.Owner, micros(c.Now), micros(c.Now),
		commaList(c.Kinds), commaList(c.Exclude), c.Limit)
	if err != nil {
		return nil, internal("claim jobs elsewhere", err)
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

// commaList renders ids as ",a,b," ("" for none) for a containment test
// on ",id," in SQL.
func commaList(ids []string) string {
	if len(ids) == 0 {
		return ""
	}
	return "," + strings.Join(ids, ",") + ","
}

// claimWindow is how many of the oldest due jobs a claim of limit ranks:
// enough that the limit is usually reached, few enough that a claim's
// cost does not grow with the queue.
func claimWindow(limit int) int { return 4*max(limit, 1) + 8 }

func (r *reader) DueElsewhere(ctx context.Context, c kyc.JobClaim) (bool, error) {
	var due bool
	err := r.c.QueryRow(ctx, r.db.q(qDueElsewhere), commaList(c.Exclude), micros(c.Now), micros(c.Now), commaList(c.Kinds)).Scan(&due)
	return due, wrap("due elsewhere", err)
}
