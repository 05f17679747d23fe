package kyc

import "context"

// RunningCheck returns the request of a check still running, as the job
// that started it at its provider had it: what a provider needs to go on
// with a check it started (fetch the result after a callback, poll).
// ENotFound when the profile or the check is gone or the check is no
// longer running (reviewed by hand or expired meanwhile).
func (s *Service) RunningCheck(ctx context.Context, ref CheckRef) (CheckRequest, error) {
	p, err := s.Store.Profile(ctx, ref.InstitutionID, ref.ProfileID)
	if err != nil {
		return CheckRequest{}, err
	}
	c := p.Check(ref.CheckID)
	if c == nil || c.State != CheckRunning {
		return CheckRequest{}, NotFound("running check", ref.CheckID)
	}
	req := s.checkRequest(p, c)
	req.Queued = true
	return req, nil
}

// FinishCheck records the outcome of a check its provider finished out of
// band (after a callback, or a poll), with its effects (tasks, events,
// risk, webhooks), the images it brought (each audited as uploaded by the
// system) and also's writes, in one transaction: also completes
// the job that fetched the outcome, so the outcome is recorded once. A
// check no longer running (reviewed by hand or expired meanwhile) is left
// as it is, and only also runs.
func (s *Service) FinishCheck(ctx context.Context, ref CheckRef, o CheckOutcome, also func(tx Tx) error) error {
	p, err := s.Store.Profile(ctx, ref.InstitutionID, ref.ProfileID)
	if err != nil && !IsCode(err, ENotFound) {
		return err
	}
	// A check never runs again once complete, so a copy that shows it
	// complete is not stale.
	if err != nil || p.Check(ref.CheckID) == nil || p.Check(ref.CheckID).State != CheckRunning {
		return s.Store.Update(Background(ctx), also)
	}
	recorded := false // whether the images go with the outcome
	mutate := func(p *Profile) error {
		recorded = false
		c := p.Check(ref.CheckID)
		if c == nil || c.State != CheckRunning {
			return nil
		}
		now := s.now()
		s.completeCheck(p, c, o, now)
		recorded = true
		for _, im := range o.Images {
			p.Images = append(p.Images, im)
			p.Record(NewAudit(System(p.InstitutionID), AuditUploadedDocument, now, "fetched by check "+c.ID,
				fileAudit(im.Name, im.Content, map[string]any{"image_id": im.ID, "check_id": c.ID, "image_type": im.ImageType})))
		}
		return s.reassess(p, now)
	}
	after := func(tx Tx) error {
		for i := range o.Images {
			if !recorded {
				break
			}
			if err := tx.InsertDocumentImage(ctx, ref.InstitutionID, &o.Images[i]); err != nil {
				return err
			}
		}
		return also(tx)
	}
	if err := s.updateLoaded(ctx, p, mutate, after); err != nil {
		return err
	}
	s.notify()
	return nil
}
