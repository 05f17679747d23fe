package kyc

import "context"

// Ownership returns a company's ownership graph computed at the policy's
// beneficial owner threshold: every holder's effective ownership, the
// beneficial owners with their paths, and the cycles found.
func (s *Service) Ownership(ctx context.Context, actor Actor, id string) (*Profile, Ownership, error) {
	p, err := s.Profile(ctx, actor, id)
	if err != nil {
		return nil, Ownership{}, err
	}
	if p.EntityType() != Company {
		return nil, Ownership{}, &Error{Code: EInvalid, Message: "profile " + p.ID + " is an individual; ownership is a company's",
			Info: map[string]any{"profile_id": p.ID, "reason": "not a company"}}
	}
	return p, p.Ownership(s.uboThreshold()), nil
}

// uboThreshold is the policy's beneficial owner threshold.
func (s *Service) uboThreshold() float64 {
	if t := s.Policy.Associates().UBOThreshold; t > 0 {
		return t
	}
	return DefaultUBOThreshold
}
