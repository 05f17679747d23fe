package kyc

import (
	"context"
	"strings"
)

// NewEventRequest is a validated POST /events body.
type NewEventRequest struct {
	Type EventType
	Data []byte
	// Resolution and the rest are optional: an event may be posted already resolved.
	Update EventUpdate
}

// CreateEvent records an event (a monitoring hit) on a profile, with its
// effects: blockers, screening tasks reopened, approved applications in
// review, risk re-evaluated.
func (s *Service) CreateEvent(ctx context.Context, actor Actor, profileID string, in NewEventRequest) (*Event, error) {
	r, err := s.updateProfile(ctx, actor, profileID, func(tx Tx, p *Profile) (any, error) {
		now := s.now()
		e := &Event{ID: NewID(), Type: in.Type, Data: in.Data, Resolution: Unresolved, ResolutionTaskIDs: []string{}}
		resolve := in.Update.Resolution != "" && in.Update.Resolution != Unresolved || in.Update.ResolutionReason != nil
		if resolve {
			if in.Update.Resolution == "" {
				in.Update.Resolution = Unresolved
			}
			if err := p.checkResolution(e, in.Update); err != nil {
				return nil, err
			}
		}
		// An event posted resolved is recorded as added, then resolved, but
		// reopens nothing: it never was open.
		p.addEvent(e, actor, now, !resolve || in.Update.Resolution == Unresolved)
		if resolve {
			if err := p.ResolveEvent(e, in.Update, actor, false, now); err != nil {
				return nil, err
			}
		}
		if err := s.reassess(p, now); err != nil {
			return nil, err
		}
		return e, nil
	})
	if err != nil {
		return nil, err
	}
	return r.(*Event), nil
}

// UpdateEvents resolves one or more events of a profile, all or none.
func (s *Service) UpdateEvents(ctx context.Context, actor Actor, profileID string, us []EventUpdate, bulk bool) ([]*Event, error) {
	r, err := s.updateProfile(ctx, actor, profileID, func(tx Tx, p *Profile) (any, error) {
		now := s.now()
		out := make([]*Event, 0, len(us))
		for i, u := range us {
			e := p.Event(strings.ToLower(u.ID))
			if e == nil {
				err := NotFound("event", u.ID)
				if bulk {
					err.Info["field"] = fieldf("[%d].id", i)
				}
				return nil, err
			}
			if err := p.ResolveEvent(e, u, actor, bulk, now); err != nil {
				if ke, ok := err.(*Error); ok && bulk && ke.Info != nil {
					if f, ok := ke.Info["field"].(string); ok {
						ke.Info["field"] = fieldf("[%d].%s", i, f)
					}
				}
				return nil, err
			}
			out = append(out, e)
		}
		if err := s.reassess(p, now); err != nil {
			return nil, err
		}
		return out, nil
	})
	if err != nil {
		return nil, err
	}
	return r.([]*Event), nil
}
