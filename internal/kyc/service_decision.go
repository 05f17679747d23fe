package kyc

import (
	"context"
	"strings"
)

// DecideApplication changes an application's status (approve, reject,
// cancel, review) on behalf of the actor and returns the application.
func (s *Service) DecideApplication(ctx context.Context, actor Actor, profileID, appID string, to AppStatus, comment string) (*AppView, error) {
	return s.Decide(ctx, actor, profileID, appID, Decision{To: to, Comment: comment})
}

// Decision is a decision on an application: the new status, and the
// reason (one of DecisionReasons, optional) and comment behind it.
type Decision struct {
	To      AppStatus
	Reason  string
	Comment string
}

// Decide changes an application's status with a reason and comment (the
// portal's decisions) and returns the application.
func (s *Service) Decide(ctx context.Context, actor Actor, profileID, appID string, d Decision) (*AppView, error) {
	if d.Reason != "" && !validReason(d.To, d.Reason) {
		return nil, FieldError("reason", "is not a reason for "+string(d.To)+": "+strings.Join(DecisionReasons(d.To), ", "))
	}
	r, err := s.updateProfile(ctx, actor, profileID, func(tx Tx, p *Profile) (any, error) {
		a := p.Application(strings.ToLower(appID))
		if a == nil {
			return nil, NotFound("application", appID)
		}
		now := s.now()
		if err := p.decide(a, d.To, d.Reason, d.Comment, actor, s.Policy.Version(), now); err != nil {
			return nil, err
		}
		return &AppView{Profile: p, Application: a}, nil
	})
	if err != nil {
		return nil, err
	}
	return r.(*AppView), nil
}

// RevertDecision recreates a rejected or cancelled application and returns
// the new one.
func (s *Service) RevertDecision(ctx context.Context, actor Actor, profileID, appID, comment string) (*AppView, error) {
	r, err := s.updateProfile(ctx, actor, profileID, func(tx Tx, p *Profile) (any, error) {
		a := p.Application(strings.ToLower(appID))
		if a == nil {
			return nil, NotFound("application", appID)
		}
		now := s.now()
		n, err := p.Revert(a, comment, actor, s.Policy.Version(), now)
		if err != nil {
			return nil, err
		}
		if err := s.reassess(p, now); err != nil {
			return nil, err
		}
		return &AppView{Profile: p, Application: n}, nil
	})
	if err != nil {
		return nil, err
	}
	return r.(*AppView), nil
}
