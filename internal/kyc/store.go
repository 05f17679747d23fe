package kyc

import (
	"context"
	"time"
)

// Store persists Gatehouse's state. There are two implementations, SQLite
// (store/sqlite) and PostgreSQL (store/postgres), held to one conformance suite
// (store/storetest). Methods return *Error values: ENotFound for an absent
// record (never a nil record with a nil error), EConflict for a uniqueness
// clash, EInternal wrapping anything else.
//
// The interface is made of one small interface per noun. The domain service
// holds the whole Store; other consumers (the job runner, webhook delivery,
// monitoring) declare the few nouns they read and a Transactor, so what each
// touches is visible in its type and no consumer needs a type assertion.
type Store interface {
	Reader
	Transactor
	// Close releases the store's connections.
	Close() error
}

// Transactor runs write transactions.
type Transactor interface {
	// Update runs fn in one write transaction: everything fn writes commits
	// together or not at all. An error from fn rolls back and is returned as
	// is. fn may be run at most once; it must not block on anything but tx.
	Update(ctx context.Context, fn func(tx Tx) error) error
}

// Reader reads committed state (or, inside a Tx, the transaction's state).
type Reader interface {
	ProfileReader
	LinkReader
	AuditReader
	TagReader
	AccessReader
	TaskReader
	CheckReader
	JobReader
	WebhookReader
	IdempotencyReader
	MonitorReader
	ProviderCheckReader
	DocumentReader
	UserReader
	SessionReader
	QueueReader
	ErasureReader
}

// Tx is a write transaction. Its reads see its own writes. On PostgreSQL,
// Profile inside a Tx locks the profile until the transaction ends.
type Tx interface {
	Reader
	ProfileWriter
	AuditWriter
	TagWriter
	AccessWriter
	NoteWriter
	JobWriter
	WebhookWriter
	IdempotencyWriter
	MonitorWriter
	ProviderCheckWriter
	DocumentWriter
	UserWriter
	SessionWriter
	QueueWriter
	ErasureWriter
}

// ProfileReader reads profile aggregates. A profile is loaded with its
// links: an associate with the companies it is linked to (Parents) and the
// top one of them (TopParent), a company with the profiles its collected
// data links and, through its company associates, those further down its
// ownership chain (Associates, summaries), all of the same institution.
type ProfileReader interface {
	// Profile loads the aggregate of one profile of an institution. A profile
	// of another institution is ENotFound, exactly as an absent one.
	Profile(ctx context.Context, institutionID, id string) (*Profile, error)
	// Profiles loads the aggregates of several profiles of an institution,
	// in id order, leaving out the ids that are none of its profiles.
	// Inside a Tx on PostgreSQL it locks them, in id order: a transaction
	// that changes several profiles takes them all this way, so that two
	// such transactions cannot deadlock.
	Profiles(ctx context.Context, institutionID string, ids []string) ([]*Profile, error)
	// SearchProfiles returns one page of an institution's profiles, newest
	// first, each with its applications, tasks and tags.
	SearchProfiles(ctx context.Context, institutionID string, q ProfileQuery) (ProfilePage, error)
}

// ProfileWriter writes profile aggregates.
type ProfileWriter interface {
	// SaveProfile writes what changed in the aggregate: new and touched
	// records, attached and detached tags, and the queued audit items.
	SaveProfile(ctx context.Context, p *Profile) error
}

// LinkReader reads the index of the links between companies and their
// associates.
type LinkReader interface {
	// LinkedIDs returns the profiles a company's collected data links, as
	// last committed, without loading the company.
	LinkedIDs(ctx context.Context, institutionID, companyID string) ([]string, error)
}

// AuditReader reads audit items and the hash chain that seals them.
type AuditReader interface {
	// AuditItems returns a profile's audit items, oldest first.
	AuditItems(ctx context.Context, institutionID, profileID string) ([]AuditItem, error)
	// UnsealedInstitutions lists institutions with audit items not yet
	// sealed into their hash chain.
	UnsealedInstitutions(ctx context.Context) ([]string, error)
	// AuditChain returns up to limit sealed audit items of an institution
	// with a chain position after afterSeq, in chain order.
	AuditChain(ctx context.Context, institutionID string, afterSeq int64, limit int) ([]AuditItem, error)
	// CountUnsealed counts an institution's audit items not yet sealed and
	// returns the oldest one's timestamp (zero when there is none).
	CountUnsealed(ctx context.Context, institutionID string) (n int, oldest time.Time, err error)
	// ChainHead returns an institution's audit chain head as recorded by the
	// sealer, without locking it: (0, "") when nothing was ever sealed.
	ChainHead(ctx context.Context, institutionID string) (seq int64, hash string, err error)
}

// AuditWriter seals audit items into an institution's hash chain.
type AuditWriter interface {
	// LockChainHead returns an institution's audit chain head (0, "" for an
	// empty chain), locking it until the transaction ends.
	LockChainHead(ctx context.Context, institutionID string) (seq int64, hash string, err error)
	// UnsealedAudit returns up to limit unsealed audit items of an
	// institution, oldest first.
	UnsealedAudit(ctx context.Context, institutionID string, limit int) ([]AuditItem, error)
	// SealAudit records an item's chain position and hash.
	SealAudit(ctx context.Context, id string, seq int64, hash string) error
	// SetChainHead records an institution's chain head.
	SetChainHead(ctx context.Context, institutionID string, seq int64, hash string) error
}

// TagReader reads an institution's tags.
type TagReader interface {
	// SearchTags returns an institution's tags whose names contain term,
	// case-insensitively, by name; limit ≤ 0 means all.
	SearchTags(ctx context.Context, institutionID, term string, limit int) ([]Tag, error)
	// Tag returns an institution's tag by id.
	Tag(ctx context.Context, institutionID, id string) (Tag, error)
	// TagByName returns an institution's tag by exact name.
	TagByName(ctx context.Context, institutionID, name string) (Tag, error)
}

// TagWriter creates tags.
type TagWriter interface {
	// CreateTag stores a new tag of an institution; EConflict if the name is taken.
	CreateTag(ctx context.Context, institutionID string, t Tag) error
}

// AccessReader reads institutions and their API keys.
type AccessReader interface {
	// APIKeyByHash returns the key with the given hash and its institution,
	// whether or not it is revoked.
	APIKeyByHash(ctx context.Context, hash []byte) (*APIKey, *Institution, error)
	// APIKeys lists every key of every institution, oldest first.
	APIKeys(ctx context.Context) ([]APIKey, error)
	// Institutions lists every institution, oldest first.
	Institutions(ctx context.Context) ([]Institution, error)
	// CollectKeyByHash returns the collect key with the given hash and its
	// institution, whether or not it has expired.
	CollectKeyByHash(ctx context.Context, hash []byte) (*CollectKey, *Institution, error)
}

// AccessWriter creates institutions and creates and revokes API keys.
type AccessWriter interface {
	// CreateInstitution stores a new institution; EConflict if the name is taken.
	CreateInstitution(ctx context.Context, in *Institution) error
	// CreateAPIKey stores a new key.
	CreateAPIKey(ctx context.Context, k *APIKey) error
	// RevokeAPIKey revokes a key by id or prefix; ENotFound when absent.
	RevokeAPIKey(ctx context.Context, idOrPrefix string, at time.Time) (*APIKey, error)
	// CreateCollectKey stores a new collect key with the profiles it covers.
	CreateCollectKey(ctx context.Context, k *CollectKey) error
	// DeleteCollectKeysExpiredBefore removes collect keys whose expiry is
	// before t and reports how many.
	DeleteCollectKeysExpiredBefore(ctx context.Context, t time.Time) (int64, error)
}

// TaskReader reads what tasks need outside their profile: due versions and notes.
type TaskReader interface {
	// TasksDue returns up to limit profiles with a current task version
	// that expires before expireBefore, or expires before renewBefore and has
	// no newer version yet.
	TasksDue(ctx context.Context, renewBefore, expireBefore time.Time, limit int) ([]ProfileRef, error)
	// Notes returns the notes of a task that are not deleted, oldest first.
	Notes(ctx context.Context, institutionID, profileID, taskID string) ([]Note, error)
}

// NoteWriter writes task notes.
type NoteWriter interface {
	// InsertNote stores a new task note.
	InsertNote(ctx context.Context, institutionID string, n *Note) error
	// DeleteNote marks a note deleted and returns it; ENotFound when absent.
	DeleteNote(ctx context.Context, institutionID, taskID, noteID string, at time.Time) (*Note, error)
}

// CheckReader finds checks that need attention outside their profile.
type CheckReader interface {
	// StaleChecks returns up to limit checks still RUNNING that were
	// created before t and have no queued job.
	StaleChecks(ctx context.Context, before time.Time, limit int) ([]CheckRef, error)
}

// JobReader reads the job queue's state.
type JobReader interface {
	// DueElsewhere reports whether an institution not in the claim's
	// Exclude has a due job of its kinds (what ClaimJobsElsewhere would
	// lease), without taking the writer.
	DueElsewhere(ctx context.Context, c JobClaim) (bool, error)
	// JobCounts returns how many jobs are queued and how many leased, by kind.
	JobCounts(ctx context.Context) (map[string][2]int, error)
}

// JobWriter queues, leases and finishes jobs.
type JobWriter interface {
	// EnqueueJobs stores jobs; a job whose Key is already queued is skipped.
	EnqueueJobs(ctx context.Context, jobs ...Job) error
	// ClaimJobs leases due jobs (queued, or whose lease expired) of the
	// claim's kinds to its owner until its LeaseUntil, counting an attempt:
	// from the oldest due jobs (a window a few times Limit), each
	// institution's first before any institution's second, at most
	// PerInstitution of one institution, none of Exclude.
	ClaimJobs(ctx context.Context, c JobClaim) ([]Job, error)
	// ClaimJobsElsewhere leases the oldest due job of the claim's kinds of
	// each institution not in Exclude, up to Limit, however far back in
	// the queue: the claim that keeps institutions below their share from
	// waiting behind the backlog of one at its share.
	ClaimJobsElsewhere(ctx context.Context, c JobClaim) ([]Job, error)
	// CompleteJob deletes a job its owner finished. EConflict when the lease
	// was lost (the job was taken over): the caller's transaction must roll back.
	CompleteJob(ctx context.Context, id, owner string) error
	// RetryJob releases a job to run again at runAt, recording the error.
	RetryJob(ctx context.Context, id, owner string, runAt time.Time, lastErr string) error
}

// WebhookReader reads webhook endpoints and their deliveries.
type WebhookReader interface {
	// WebhookEndpoints lists an institution's webhook endpoints.
	WebhookEndpoints(ctx context.Context, institutionID string) ([]WebhookEndpoint, error)
	// WebhookEndpoint returns one endpoint of an institution.
	WebhookEndpoint(ctx context.Context, institutionID, id string) (*WebhookEndpoint, error)
	// PendingDeliveries returns up to limit undelivered deliveries of an
	// endpoint, in order.
	PendingDeliveries(ctx context.Context, endpointID string, limit int) ([]WebhookDelivery, error)
	// Deliveries returns an endpoint's deliveries, newest first, before seq
	// (0: from the newest), at most limit.
	Deliveries(ctx context.Context, institutionID, endpointID string, beforeSeq int64, limit int) ([]WebhookDelivery, error)
	// Delivery returns one delivery of an institution with its attempts, oldest first.
	Delivery(ctx context.Context, institutionID, id string) (*WebhookDelivery, []WebhookAttempt, error)
	// EndpointsWithPending lists endpoints that have undelivered deliveries
	// but no queued delivery job (to recover from any gap).
	EndpointsWithPending(ctx context.Context, limit int) ([]WebhookEndpoint, error)
}

// WebhookWriter writes endpoints, queues deliveries and records attempts.
type WebhookWriter interface {
	// SaveWebhookEndpoint inserts or updates an endpoint.
	SaveWebhookEndpoint(ctx context.Context, e *WebhookEndpoint) error
	// InsertDeliveries queues deliveries.
	InsertDeliveries(ctx context.Context, ds ...WebhookDelivery) error
	// RecordAttempt records one HTTP attempt for deliveries: when ok, they
	// are marked delivered; otherwise their attempt count and last error grow.
	RecordAttempt(ctx context.Context, a WebhookAttempt, deliveryIDs []string, ok bool) error
}

// IdempotencyReader reads stored first responses of idempotent requests.
type IdempotencyReader interface {
	// Idempotent returns the stored response of an institution's idempotency key.
	Idempotent(ctx context.Context, institutionID, key string) (*IdempotentResponse, error)
}

// IdempotencyWriter stores and expires first responses.
type IdempotencyWriter interface {
	// SaveIdempotent stores the response to an idempotency key.
	SaveIdempotent(ctx context.Context, institutionID string, r *IdempotentResponse) error
	// DeleteIdempotentBefore removes idempotency records created before t.
	DeleteIdempotentBefore(ctx context.Context, t time.Time) (int64, error)
}

// MonitorReader reads monitoring state.
type MonitorReader interface {
	// MonitorRun returns one run; ENotFound when absent.
	MonitorRun(ctx context.Context, id string) (*MonitorRun, error)
	// MonitorRuns returns the latest runs, newest first, at most limit.
	MonitorRuns(ctx context.Context, limit int) ([]MonitorRun, error)
	// MonitorSubjects returns up to limit monitored profiles' subjects, in
	// profile id order after afterID.
	MonitorSubjects(ctx context.Context, afterID string, limit int) ([]MonitorSubject, error)
	// MonitorCandidates returns up to limit profiles, in id order after
	// afterID, that have a COMPLETE screening check on the screening
	// provider (PEPS_AND_SANCTIONS_SCREEN or COMPANY_PEPS_AND_SANCTIONS_SCREEN
	// whose variant names provider "screening") but no subject: profiles
	// screened before subjects were kept, for the backfill.
	MonitorCandidates(ctx context.Context, afterID string, limit int) ([]ProfileRef, error)
	// ScreeningListVersion returns the version of a list monitoring last
	// acted on; ENotFound when it never saw the list.
	ScreeningListVersion(ctx context.Context, list string) (string, error)
}

// MonitorWriter writes monitoring state in a transaction.
type MonitorWriter interface {
	// MoveScreeningListVersion records that monitoring acts on version to
	// of a list, if the recorded version is still from ("" for a list
	// never recorded). It reports false, changing nothing, when another
	// process moved it first.
	MoveScreeningListVersion(ctx context.Context, list, from, to string, at time.Time) (bool, error)
	// InsertMonitorRun stores a new run.
	InsertMonitorRun(ctx context.Context, r *MonitorRun) error
	// UpdateMonitorRun stores a run's progress (cursor, counts, done).
	UpdateMonitorRun(ctx context.Context, r *MonitorRun) error
	// SaveMonitorSubject stores a profile's subject, replacing the one it had.
	SaveMonitorSubject(ctx context.Context, s MonitorSubject, at time.Time) error
	// DeleteMonitorSubject removes a profile's subject, if it has one.
	DeleteMonitorSubject(ctx context.Context, profileID string) error
}

// DocumentReader reads the records of uploaded images and files (their
// bytes are in the ContentStore).
type DocumentReader interface {
	// DocumentImages returns a profile's images, oldest first.
	DocumentImages(ctx context.Context, institutionID, profileID string) ([]DocumentImage, error)
	// DocumentImage returns one image of a profile; ENotFound when absent.
	DocumentImage(ctx context.Context, institutionID, profileID, id string) (*DocumentImage, error)
	// File returns one file of a profile; ENotFound when absent.
	File(ctx context.Context, institutionID, profileID, id string) (*File, error)
	// Files returns every file of a profile, oldest first.
	Files(ctx context.Context, institutionID, profileID string) ([]File, error)
	// ReferencedBlobs reports which of keys an image or file row refers to
	// (for the blob sweeper).
	ReferencedBlobs(ctx context.Context, keys []string) (map[string]bool, error)
}

// DocumentWriter stores the records of uploaded images and files, in the
// transaction that records their audit items.
type DocumentWriter interface {
	// InsertDocumentImage stores a new image of an institution's profile.
	InsertDocumentImage(ctx context.Context, institutionID string, im *DocumentImage) error
	// InsertFile stores a new file of an institution's profile.
	InsertFile(ctx context.Context, institutionID string, f *File) error
}

// ErasureReader finds profiles for retention and for the erasure ledger.
type ErasureReader interface {
	// RetentionCandidates returns up to limit profiles after afterID (any
	// institution, id order; "" to start) that are not erased, not under a
	// legal hold and have no open application (APPLIED, IN_REVIEW,
	// APPROVED): those whose retention period may have run out.
	RetentionCandidates(ctx context.Context, afterID string, limit int) ([]ProfileRef, error)
	// ErasedProfiles returns up to limit erased profiles after afterID.
	ErasedProfiles(ctx context.Context, afterID string, limit int) ([]ProfileRef, error)
}

// ErasureWriter erases profiles.
type ErasureWriter interface {
	// EraseProfile makes a profile of the institution its tombstone: its
	// data key is destroyed (what was sealed under it is unreadable
	// wherever it was copied), its personal columns replaced, its notes,
	// documents' rows, pending webhooks, stored responses, monitoring
	// subject, name index and jobs removed. It returns the blob keys of the
	// documents, to delete after commit. ENotFound when the profile is
	// absent or already erased.
	// The record of the erasure (item, stored in clear) is written with it.
	EraseProfile(ctx context.Context, p *Profile, at time.Time, item AuditItem) ([]string, error)
}

// ProfileQuery filters a profile search.
type ProfileQuery struct {
	Text       string     // matched against display names and tag names
	Categories []Category // empty: all
	Limit      int
	Offset     int
}

// ProfilePage is one page of search results.
type ProfilePage struct {
	Count    int // all matches, not only this page
	Profiles []*Profile
}

// ProfileRef locates a profile.
type ProfileRef struct {
	InstitutionID string
	ProfileID     string
}

// CheckRef locates a check.
type CheckRef struct {
	InstitutionID string
	ProfileID     string
	CheckID       string
}

// IdempotentResponse is the first response to a request with an
// Idempotency-Key, replayed for repeats of the same request.
type IdempotentResponse struct {
	Key         string
	Method      string
	Path        string
	RequestHash []byte
	Status      int
	Body        []byte
	CreatedAt   time.Time
	// ProfileID is the profile the response is about ("" for none): the
	// store seals the body under its key (the institution's otherwise),
	// and erasing the profile removes the record.
	ProfileID string
}
