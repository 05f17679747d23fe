package kyc

import "time"

// Job is durable background work, stored in the database with the change
// that needs it (in the same transaction) and run by the workers of any
// gatehouse process. A job is leased while it runs; a lease that expires
// (its process died) makes the job available again, so every job runs at
// least once. Jobs whose effect is a database write complete themselves in
// the transaction of that write, so the effect happens exactly once.
type Job struct {
	ID            string
	Kind          string // "check", "webhook", ...
	Ref           string // what it works on: a check id, an endpoint id, ...
	InstitutionID string
	ProfileID     string
	// Key, when set, allows one queued job per key (ON CONFLICT DO NOTHING).
	Key         string
	RunAt       time.Time
	Attempts    int // attempts started, including the current one
	MaxAttempts int
	LastError   string
	CreatedAt   time.Time
	// Owner is the lease holder while the job runs.
	Owner string
}

// Final reports whether the current attempt is the last one allowed.
func (j *Job) Final() bool { return j.MaxAttempts > 0 && j.Attempts >= j.MaxAttempts }
