package kyc

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"
)

// Service carries out the API's commands and queries: it loads aggregates,
// applies the domain rules and the policy, and saves the result with its
// audit items in one transaction.
type Service struct {
	Store  Store
	Policy Policy
	// NowFunc returns the current time; time.Now when nil.
	NowFunc func() time.Time
	// Notify, when set, is called after a commit that left work for the
	// background automation (new applications to automate).
	Notify func()
	// Checks runs checks through their providers.
	Checks CheckRunner
	// SyncTimeout bounds synchronous check runs (DefaultSyncTimeout when 0).
	SyncTimeout time.Duration
	// CheckWebhookURL validates a webhook destination (the webhook guard).
	CheckWebhookURL func(url string) error
	// MonitorSubjectFunc, when set, tells what ongoing monitoring screens
	// of a profile being saved: SubjectKeep with the subject while it is
	// monitored, SubjectDrop when it may have been and is not, SubjectNone
	// for a profile monitoring never concerned (no write). The subject is
	// saved in the profile's transaction (package monitor supplies it).
	MonitorSubjectFunc func(p *Profile) (subject []byte, what SubjectAction)
	// Companies searches company registers (GET /search/companies): the
	// checks registry, which routes a search to the provider of the
	// policy's COMPANY_REGISTRY check variant.
	Companies CompanySearcher
	// CollectKeyTTL is how long the collect keys issued work
	// (DefaultCollectKeyTTL when 0).
	CollectKeyTTL time.Duration
	// MaxWebhookEndpoints caps the webhook endpoints an institution creates
	// through the API (DefaultMaxWebhookEndpoints when 0).
	MaxWebhookEndpoints int
	// Content keeps uploaded images and files, encrypted, outside the
	// database; without it uploads and downloads answer EProcessNotSetup.
	Content ContentStore
	// Ledger records erased profiles outside the database (package
	// erasure), so that a restored backup cannot bring one back; nil in
	// tests that do not restore.
	Ledger ErasureLedger
	// Log, when set, receives what erasure and retention did (ids, never
	// personal data) and failures after commit.
	Log *slog.Logger

	hooks endpointCache
	views viewLog
}

func (s *Service) now() time.Time {
	if s.NowFunc != nil {
		return s.NowFunc().UTC()
	}
	return time.Now().UTC()
}

// Idempotency describes a request carrying an Idempotency-Key. The API layer
// attaches it to the context; the service stores the encoded first response in
// the same transaction as the command's writes and replays it for repeats.
type Idempotency struct {
	Key         string
	Method      string
	Path        string
	RequestHash []byte
	// Encode renders a command's result as the HTTP status and body to store.
	Encode func(result any) (status int, body []byte, err error)
}

// Replay is returned, as an error, when a request repeats an idempotency key:
// the caller answers with the stored response.
type Replay struct {
	Status int
	Body   []byte
}

func (r *Replay) Error() string { return "idempotent replay" }

type idemKey struct{}

// idemProfileKey carries the id of the profile a command changes, for
// the idempotency record of its response.
type idemProfileKey struct{}

func withIdemProfile(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, idemProfileKey{}, id)
}

// idemProfile returns the profile a command's response is about: the
// profile it returned, or the one it changed ("" for none). The store
// seals the stored response under that profile's key.
func idemProfile(ctx context.Context, r any) string {
	if p, ok := r.(*Profile); ok && p != nil {
		return p.ID
	}
	id, _ := ctx.Value(idemProfileKey{}).(string)
	return id
}

// WithIdempotency attaches an idempotent request description to ctx.
func WithIdempotency(ctx context.Context, idem *Idempotency) context.Context {
	return context.WithValue(ctx, idemKey{}, idem)
}

// update runs fn in a transaction, with idempotency when ctx carries it.
func (s *Service) update(ctx context.Context, institutionID string, fn func(tx Tx) (any, error)) (any, error) {
	idem, _ := ctx.Value(idemKey{}).(*Idempotency)
	var result any
	err := s.Store.Update(ctx, func(tx Tx) error {
		if idem != nil {
			prev, err := tx.Idempotent(ctx, institutionID, idem.Key)
			switch {
			case err == nil:
				if prev.Method != idem.Method || prev.Path != idem.Path || !bytes.Equal(prev.RequestHash, idem.RequestHash) {
					return &Error{Code: EConflict, Message: "Idempotency-Key was already used for a different request",
						Info: map[string]any{"header": "Idempotency-Key"}}
				}
				return &Replay{Status: prev.Status, Body: prev.Body}
			case !IsCode(err, ENotFound):
				return err
			}
		}
		r, err := fn(tx)
		if err != nil {
			return err
		}
		if idem != nil {
			status, body, err := idem.Encode(r)
			if err != nil {
				return err
			}
			err = tx.SaveIdempotent(ctx, institutionID, &IdempotentResponse{
				Key: idem.Key, Method: idem.Method, Path: idem.Path, RequestHash: idem.RequestHash,
				Status: status, Body: body, CreatedAt: s.now(), ProfileID: idemProfile(ctx, r),
			})
			if err != nil {
				return err
			}
		}
		result = r
		return nil
	})
	return result, err
}

// updateProfile loads a profile inside a transaction, lets fn change it, and
// saves it. fn returns the command's result.
func (s *Service) updateProfile(ctx context.Context, actor Actor, id string, fn func(tx Tx, p *Profile) (any, error)) (any, error) {
	if err := actor.mayTouch(id); err != nil {
		return nil, err
	}
	if !ValidID(id) {
		return nil, NotFound("profile", id)
	}
	id = strings.ToLower(id)
	ctx = withIdemProfile(ctx, id)
	return s.update(ctx, actor.InstitutionID, func(tx Tx) (any, error) {
		p, err := tx.Profile(ctx, actor.InstitutionID, id)
		if err != nil {
			return nil, err
		}
		if p.Erased() {
			return nil, errErased(id)
		}
		r, err := fn(tx, p)
		if err != nil {
			return nil, err
		}
		if err := s.save(ctx, tx, p); err != nil {
			return nil, err
		}
		return r, nil
	})
}

// save finishes a command on a profile: it schedules the automatic checks
// of tasks the command created, applies the automatic rules once more and
// writes the aggregate, then the webhooks of what changed. The profile's
// own row is written first, so a save from a stale copy fails
// (ErrProfileChanged) before anything else is written.
func (s *Service) save(ctx context.Context, tx Tx, p *Profile) error {
	_, err := s.saveQueued(ctx, tx, p)
	return err
}

// saveQueued is save, and returns the jobs stored with the profile.
func (s *Service) saveQueued(ctx context.Context, tx Tx, p *Profile) ([]Job, error) {
	now := s.now()
	s.scheduleAutomation(p)
	p.SyncAssociateTasks(s.associateProduct, now)
	p.Refresh(now)
	p.UpdatedAt = now
	p.Touch()
	changes := p.PendingChanges()
	s.tellParents(p, changes)
	jobs := p.PendingJobs()
	others := p.PendingOthers()
	if err := tx.SaveProfile(ctx, p); err != nil {
		return nil, err
	}
	if err := s.saveMonitorSubject(ctx, tx, p, now); err != nil {
		return nil, err
	}
	if err := s.queueWebhooks(ctx, tx, p, changes); err != nil {
		return nil, err
	}
	// Profiles the command changed besides p (associates it linked) are
	// saved after it: p's save fails first when p was changed meanwhile.
	for _, o := range others {
		if _, err := s.saveQueued(ctx, tx, o); err != nil {
			if err == ErrProfileChanged {
				// p is written already: a retry of p alone would write it twice.
				err = &Error{Code: EConflict, Message: "a linked profile changed meanwhile; try again", Err: err}
			}
			return nil, err
		}
	}
	return jobs, nil
}

// updateLoaded saves what mutate does to a profile read outside the
// transaction, so that the single SQLite writer (and a PostgreSQL row lock)
// is held only for the writes. When the profile was saved by someone else
// in between, it is read again inside the transaction, locked, and mutate
// runs again on it: mutate must work from the profile alone. after runs in
// the same transaction once the profile is saved, to complete the running
// job. A job the save queued under a dedupe key was skipped while the
// running job still held that key (an automation job whose checks made the
// policy add tasks with automatic checks of their own), so such jobs are
// queued again once after has run. (Completing the job before the save
// would take the job's row lock before the profile's: a request on the
// profile queuing the same key would then wait for it while holding the
// profile, a deadlock on PostgreSQL.)
func (s *Service) updateLoaded(ctx context.Context, p *Profile, mutate func(p *Profile) error, after func(tx Tx) error) error {
	ctx = Background(ctx)
	return s.Store.Update(ctx, func(tx Tx) error {
		var jobs []Job
		err := mutate(p)
		if err == nil {
			jobs, err = s.saveQueued(ctx, tx, p)
		}
		if err == ErrProfileChanged {
			fresh, lerr := tx.Profile(ctx, p.InstitutionID, p.ID)
			if lerr != nil {
				return lerr
			}
			if err = mutate(fresh); err == nil {
				jobs, err = s.saveQueued(ctx, tx, fresh)
			}
		}
		if err != nil {
			return err
		}
		if err := after(tx); err != nil {
			return err
		}
		var keyed []Job
		for _, j := range jobs {
			if j.Key != "" {
				keyed = append(keyed, j)
			}
		}
		if len(keyed) == 0 {
			return nil
		}
		return tx.EnqueueJobs(ctx, keyed...)
	})
}

func (s *Service) notify() {
	if s.Notify != nil {
		s.Notify()
	}
}

// fieldf formats a field path for error messages.
func fieldf(format string, args ...any) string { return fmt.Sprintf(format, args...) }

type backgroundKey struct{}

// Background marks ctx as background work (sealing, expiry, checks,
// webhooks). On SQLite, whose single writer serialises every write,
// background transactions yield to requests: each group commit takes at
// most a couple of them, so API latency holds under a backlog and the
// backlog still drains.
func Background(ctx context.Context) context.Context {
	return context.WithValue(ctx, backgroundKey{}, true)
}

// IsBackground reports whether ctx was marked by Background.
func IsBackground(ctx context.Context) bool {
	b, _ := ctx.Value(backgroundKey{}).(bool)
	return b
}

// SubjectAction is what a save does to a profile's monitoring subject.
type SubjectAction int

// Subject actions.
const (
	SubjectNone SubjectAction = iota
	SubjectKeep
	SubjectDrop
)

// saveMonitorSubject keeps a profile's monitoring subject in step with the
// profile: stored while it is monitored, removed when it no longer is.
func (s *Service) saveMonitorSubject(ctx context.Context, tx Tx, p *Profile, now time.Time) error {
	if s.MonitorSubjectFunc == nil {
		return nil
	}
	switch data, what := s.MonitorSubjectFunc(p); what {
	case SubjectKeep:
		return tx.SaveMonitorSubject(ctx, MonitorSubject{InstitutionID: p.InstitutionID, ProfileID: p.ID, Data: data}, now)
	case SubjectDrop:
		return tx.DeleteMonitorSubject(ctx, p.ID)
	}
	return nil
}

// RefreshMonitorSubject saves a profile's monitoring subject from its
// current state (for profiles screened before subjects were kept).
func (s *Service) RefreshMonitorSubject(ctx context.Context, ref ProfileRef) error {
	ctx = Background(ctx)
	return s.Store.Update(ctx, func(tx Tx) error {
		p, err := tx.Profile(ctx, ref.InstitutionID, ref.ProfileID)
		if IsCode(err, ENotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		return s.saveMonitorSubject(ctx, tx, p, s.now())
	})
}
