package kyc

import (
	"context"
	"sync"
	"time"
)

// ViewEvery is how often a user's looking at a profile is recorded: the
// first time, then at most once per ViewEvery, per user, profile and
// process.
const ViewEvery = time.Hour

// ViewProfile is Profile for a person reading the profile's data (the
// portal's case page). The view is recorded in the profile's audit trail,
// a "viewed-profile" item naming the user, so that the trail tells who looked at
// whose data; a user reloading the page does not add an item each time
// (ViewEvery). The item commits before the data is shown; an API key's
// reads are not recorded (the integrator's back end, not a person).
func (s *Service) ViewProfile(ctx context.Context, actor Actor, id string) (*Profile, error) {
	p, err := s.Profile(ctx, actor, id)
	if err != nil || actor.User == nil || p.Erased() {
		return p, err
	}
	now := s.now()
	if !s.views.due(actor.User.ID, p.ID, now) {
		return p, nil
	}
	err = s.Store.Update(ctx, func(tx Tx) error {
		q, err := tx.Profile(ctx, actor.InstitutionID, p.ID)
		if err != nil {
			return err
		}
		q.Record(NewAudit(actor, AuditViewedProfile, now, "Viewed in the portal", nil))
		return tx.SaveProfile(ctx, q) // writes the audit item only: q is unchanged
	})
	if err != nil {
		s.views.forget(actor.User.ID, p.ID)
		return nil, err
	}
	return p, nil
}

// viewLog remembers when each user's view of a profile was last recorded.
type viewLog struct {
	mu   sync.Mutex
	last map[string]time.Time
}

// maxViewLog bounds the log: past it, entries older than ViewEvery go.
const maxViewLog = 100_000

// due reports whether a view is to be recorded now, and notes it.
func (l *viewLog) due(userID, profileID string, now time.Time) bool {
	k := userID + "/" + profileID
	l.mu.Lock()
	defer l.mu.Unlock()
	if at, ok := l.last[k]; ok && now.Sub(at) < ViewEvery && !now.Before(at) {
		return false
	}
	if l.last == nil {
		l.last = map[string]time.Time{}
	}
	if len(l.last) >= maxViewLog {
		for k, at := range l.last {
			if now.Sub(at) >= ViewEvery {
				delete(l.last, k)
			}
		}
		if len(l.last) >= maxViewLog/2 {
			clear(l.last) // a burst of views: forgetting them costs a few repeated items
		}
	}
	l.last[k] = now
	return true
}

// forget drops a view whose record failed, so that the next one retries.
func (l *viewLog) forget(userID, profileID string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.last, userID+"/"+profileID)
}
