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

// The kinds of background work. Each kind's handler, pool of workers and
// retry policy are declared together where the process is assembled
// (cmd/gatehouse/app.go), in one table.
const (
	// JobCheck runs one check through its provider.
	JobCheck = "check"
	// JobAutomate instructs (and, when they answer at once, records) a
	// profile's automatic checks after a write.
	JobAutomate = "automate"
	// JobWebhook delivers an endpoint's queued webhooks, in order.
	JobWebhook = "webhook"
	// JobMonitor re-screens the monitored profiles after a list changed.
	JobMonitor = "monitor"
	// JobAssociates brings a company up to date after one of its
	// associates changed (its applications, events or data): queued in the
	// associate's transaction, run on the company alone, so that no
	// transaction locks an associate and then its company.
	JobAssociates = "associates"
)

// JobClaim asks for due jobs to lease.
type JobClaim struct {
	Owner      string
	Now        time.Time
	LeaseUntil time.Time
	// Kinds are the kinds to claim (the claiming pool's).
	Kinds []string
	// Limit is how many jobs to lease at most.
	Limit int
	// PerInstitution is how many jobs of one institution to lease at most
	// (at least one); an institution's first jobs are leased before any
	// institution's second.
	PerInstitution int
	// Exclude are institutions none of whose jobs may be leased (those at
	// their cap in the claiming pool).
	Exclude []string
}

// Final reports whether the current attempt is the last one allowed.
func (j *Job) Final() bool { return j.MaxAttempts > 0 && j.Attempts >= j.MaxAttempts }
