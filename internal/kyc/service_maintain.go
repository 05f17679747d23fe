package kyc

import "context"

// ExpireTasks renews and expires task versions whose time has come, for at
// most limit profiles, and reports how many it changed. Approved
// applications whose task version expired without a passed successor go
// into review. Safe to run from several processes: each profile is changed
// in its own transaction, under its lock.
func (s *Service) ExpireTasks(ctx context.Context, limit int) (int, error) {
	ctx = Background(ctx)
	now := s.now()
	refs, err := s.Store.TasksDue(ctx, now.Add(RenewalLead), now, limit)
	if err != nil || len(refs) == 0 {
		return 0, err
	}
	n := 0
	for _, ref := range refs {
		changed := false
		err := s.Store.Update(ctx, func(tx Tx) error {
			p, err := tx.Profile(ctx, ref.InstitutionID, ref.ProfileID)
			if err != nil {
				return err
			}
			if changed = p.ExpireTasks(now); !changed {
				return nil
			}
			return s.save(ctx, tx, p)
		})
		if err != nil && !IsCode(err, ENotFound) {
			return n, err
		}
		if changed {
			n++
		}
	}
	return n, nil
}
