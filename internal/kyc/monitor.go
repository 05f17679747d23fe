package kyc

import (
	"context"
	"time"
)

// RaiseHits raises potential matches found outside a check run (ongoing
// monitoring) as a check's hits are raised: each becomes an UNRESOLVED
// event unless its match key is already open, or was resolved as MISMATCH
// or IGNORE. It returns how many events were raised.
func (p *Profile) RaiseHits(hits []Hit, actor Actor, now time.Time) int {
	n := 0
	for _, h := range hits {
		if p.knownMatch(h.MatchKey) {
			continue
		}
		p.AddEvent(&Event{ID: NewID(), Type: h.Type, Data: h.Event, MatchKey: h.MatchKey, ResolutionTaskIDs: []string{}}, actor, now)
		n++
	}
	return n
}

// RaiseHits applies ongoing monitoring's findings to one profile in one
// transaction: it loads the profile, asks hitsFor for the potential matches
// of its current data, raises the new ones (Profile.RaiseHits), and, when
// any was raised, re-evaluates the applications (risk, tasks; an approved
// application whose screening task reopens goes IN_REVIEW) and saves the
// profile with its audit items and webhooks. also, when set, runs in the
// same transaction with the number raised (monitoring moves its cursor
// there), also for a profile that no longer exists. It returns how many
// events were raised.
func (s *Service) RaiseHits(ctx context.Context, institutionID, profileID string, hitsFor func(p *Profile) []Hit, also func(tx Tx, raised int) error) (int, error) {
	ctx = Background(ctx)
	var raised int
	err := s.Store.Update(ctx, func(tx Tx) error {
		raised = 0
		p, err := tx.Profile(ctx, institutionID, profileID)
		switch {
		case IsCode(err, ENotFound):
		case err != nil:
			return err
		default:
			now := s.now()
			if raised = p.RaiseHits(hitsFor(p), System(institutionID), now); raised > 0 {
				if err := s.reassess(p, now); err != nil {
					return err
				}
				if err := s.save(ctx, tx, p); err != nil {
					return err
				}
			}
		}
		if also != nil {
			return also(tx, raised)
		}
		return nil
	})
	if err == nil && raised > 0 {
		s.notify()
	}
	return raised, err
}

// MonitorRun is one re-screening of the monitored profiles after a list
// changed: the list, its old and new versions, the entities to screen
// (added and changed, by list id; every entity of the list when Full), and
// how far it got. Profiles are visited in id order; Cursor is the last one
// done, so a run interrupted by a crash resumes after it.
type MonitorRun struct {
	ID          string
	List        string
	FromVersion string // "" when the list is new to monitoring
	ToVersion   string
	// Full re-screens against the whole list: the list changed while no
	// process was watching, so the delta is unknown.
	Full       bool
	Keys       []string // list ids of added and changed entities
	Removed    int      // entities delisted (reported, not screened)
	Cursor     string   // last profile id done; MonitorCursorStart at first
	Profiles   int      // monitored profiles screened so far
	Events     int      // events raised so far
	Done       bool
	CreatedAt  time.Time
	FinishedAt *time.Time
}

// MonitorCursorStart is the cursor of a run that has visited no profile:
// below every profile id.
const MonitorCursorStart = "00000000-0000-0000-0000-000000000000"

// MonitorSubject is what ongoing monitoring screens of one monitored
// profile, kept beside the profile and written in the transaction that
// saves it, so that a monitoring run reads one small row per profile
// instead of the whole aggregate. Data is opaque to the domain and the
// store (package monitor encodes it).
type MonitorSubject struct {
	InstitutionID string
	ProfileID     string
	Data          []byte
}
