package kyc

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// ErasureLedger records erased profiles outside the database: what a
// restored backup does not roll back (package erasure).
type ErasureLedger interface {
	Record(ctx context.Context, institutionID, profileID string, at time.Time) error
}

// BlobEraser deletes stored document bytes: a ContentStore that can
// delete implements it, and erasure deletes a profile's documents with it
// once the erasure has committed.
type BlobEraser interface {
	DeleteContent(ctx context.Context, blobKey string) error
}

// Why a profile was erased, as its record and webhook say.
const (
	ErasedOnRequest   = "request"
	ErasedByRetention = "retention"
	ErasedByLedger    = "ledger"
)

// ErasureBlocked returns why the profile cannot be erased now, or "": a
// legal hold, an application still open (applied, in review, or an
// approved customer not yet offboarded by cancelling it), or a company it
// is an associate of (a director, an owner) that is kept: the company's
// due diligence is kept with its associates, so they go with it or after.
func (p *Profile) ErasureBlocked() string {
	if h := p.LegalHold; h != nil {
		return fmt.Sprintf("a legal hold is set on the profile (since %s): clear it first", h.SetAt.UTC().Format("2006-01-02"))
	}
	for _, c := range p.Parents {
		if !c.Erased {
			return fmt.Sprintf("the profile is an associate of company profile %s, which is kept: erase the company first", c.ProfileID)
		}
	}
	// An application made through a company (with an associated role)
	// served that company's onboarding, which is over once no company
	// keeps the profile.
	for _, a := range p.Applications {
		if a.AssociatedRole != "" && !a.Status.Final() {
			continue // made through a company: it ends with the companies (above)
		}
		switch a.Status {
		case AppApplied, AppInReview, AppApproved:
			return fmt.Sprintf("application %s for product %s is %s: reject or cancel it (offboard the customer) first",
				a.ID, a.Product.ID, a.Status)
		}
	}
	return ""
}

// EraseProfile erases a profile on request (DELETE
// /gatehouse/v1/profiles/{id}, gatehouse erase): see erase. It needs the
// DELETE_PROFILE capability, and is refused (EConstraints, with the
// reason) while a legal hold is set or an application is open. Erasing an
// erased profile returns its tombstone again.
func (s *Service) EraseProfile(ctx context.Context, actor Actor, id string) (*Profile, error) {
	if err := actor.need(CapDeleteProfile); err != nil {
		return nil, err
	}
	if err := actor.institutionWide("erase profiles"); err != nil {
		return nil, err
	}
	if !ValidID(id) {
		return nil, NotFound("profile", id)
	}
	return s.erase(ctx, actor, strings.ToLower(id), ErasedOnRequest, false)
}

// erase makes the profile its tombstone in one transaction (store
// EraseProfile: the data key destroyed, personal columns replaced, notes,
// documents, pending webhooks and stored responses removed), with its
// record in the audit trail (in clear: it holds nothing personal) and a
// PROFILE_ERASED webhook; then, after commit, deletes the documents' blobs
// and records the erasure in the ledger. force skips the checks (a
// profile the ledger lists was erased already, before a restore).
func (s *Service) erase(ctx context.Context, actor Actor, id, why string, force bool) (*Profile, error) {
	var blobs []string
	var erased *Profile
	err := s.Store.Update(ctx, func(tx Tx) error {
		p, err := tx.Profile(ctx, actor.InstitutionID, id)
		if err != nil {
			return err
		}
		if p.Erased() {
			erased = p
			return nil
		}
		if reason := p.ErasureBlocked(); reason != "" && !force {
			return &Error{Code: EConstraints, Message: "the profile cannot be erased: " + reason,
				Info: map[string]any{"profile_id": id, "reason": reason}}
		}
		now := s.now()
		item := NewAudit(actor, AuditProfileStatusChanged, now, "Profile erased: its personal data was destroyed",
			map[string]any{"data_protection": "erased", "reason": why})
		if blobs, err = tx.EraseProfile(ctx, p, now, item); err != nil {
			return err
		}
		if err := s.queueErased(ctx, tx, p, actor, why, now); err != nil {
			return err
		}
		erased, err = tx.Profile(ctx, actor.InstitutionID, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	s.afterErase(ctx, erased, blobs)
	return erased, nil
}

// afterErase deletes the erased profile's blobs and records the erasure in
// the ledger: neither can join the transaction. A failure is logged and
// repaired later: the blob sweeper removes blobs no row names, and
// ReconcileErasures records erased profiles the ledger lacks.
func (s *Service) afterErase(ctx context.Context, p *Profile, blobs []string) {
	ctx = context.WithoutCancel(ctx)
	if be, ok := s.Content.(BlobEraser); ok {
		for _, b := range blobs {
			if err := be.DeleteContent(ctx, b); err != nil && s.Log != nil {
				s.Log.Error("erasure: deleting a document blob failed; the sweeper will remove it", "profile_id", p.ID, "error", err.Error())
			}
		}
	}
	if s.Ledger != nil && p.ErasedAt != nil {
		if err := s.Ledger.Record(ctx, p.InstitutionID, p.ID, *p.ErasedAt); err != nil && s.Log != nil {
			s.Log.Error("erasure: recording in the ledger failed; it is recorded at the next start", "profile_id", p.ID, "error", err.Error())
		}
	}
	s.notify()
}

// queueErased queues the PROFILE_ERASED webhook for every endpoint that
// wants it. The delivery names no profile key (it must outlive it) and
// carries nothing personal.
func (s *Service) queueErased(ctx context.Context, tx Tx, p *Profile, actor Actor, why string, at time.Time) error {
	eps, err := s.endpoints(ctx, tx, p.InstitutionID)
	if err != nil || len(eps) == 0 {
		return err
	}
	d := map[string]any{"profile_id": p.ID, "role": string(p.Role), "erased_at": at.UTC().Format("2006-01-02 15:04:05"),
		"reason": why, "user": nil, "apikey": nil}
	if u := actor.User; u != nil {
		d["user"] = map[string]any{"id": u.ID, "name": u.Name, "email": u.Email}
	}
	if k := actor.APIKey; k != nil {
		d["apikey"] = map[string]any{"name": k.Name}
	}
	data, err := json.Marshal(d)
	if err != nil {
		return &Error{Code: EInternal, Message: "webhook payload", Err: err}
	}
	eventID := NewID()
	var ds []WebhookDelivery
	for _, ep := range eps {
		if ep.Wants(EventProfileErased) {
			ds = append(ds, WebhookDelivery{ID: NewID(), EventID: eventID, EndpointID: ep.ID, InstitutionID: p.InstitutionID,
				Event: EventProfileErased, Data: data, Status: DeliveryPending, CreatedAt: at})
		}
	}
	if len(ds) == 0 {
		return nil
	}
	if err := tx.InsertDeliveries(ctx, ds...); err != nil {
		return err
	}
	for _, d := range ds {
		if err := tx.EnqueueJobs(ctx, DeliveryJob(p.InstitutionID, d.EndpointID)); err != nil {
			return err
		}
	}
	return nil
}

// SetLegalHold sets a legal hold on a profile, which stops its erasure
// until cleared; the reason is required (it says why the records must be
// kept) and sealed with the profile's data. Setting it again replaces the
// reason. It needs EDIT_PROFILE, and is audited.
func (s *Service) SetLegalHold(ctx context.Context, actor Actor, id, reason string) (*Profile, error) {
	if err := actor.need(CapEditProfile); err != nil {
		return nil, err
	}
	reason = strings.TrimSpace(reason)
	switch {
	case reason == "":
		return nil, FieldError("reason", "is required: say why the profile's records must be kept")
	case len(reason) > MaxLegalHoldReason:
		return nil, FieldError("reason", fmt.Sprintf("must be at most %d bytes", MaxLegalHoldReason))
	}
	r, err := s.updateProfile(ctx, actor, id, func(tx Tx, p *Profile) (any, error) {
		now := s.now()
		p.LegalHold = &LegalHold{Reason: reason, SetBy: actor.Name(), SetAt: now}
		p.Record(NewAudit(actor, AuditProfileStatusChanged, now, "Legal hold set: "+reason,
			map[string]any{"data_protection": "legal_hold_set"}))
		p.Touch()
		return p, nil
	})
	if err != nil {
		return nil, err
	}
	return r.(*Profile), nil
}

// ClearLegalHold clears a profile's legal hold, which allows its erasure
// again: it needs DELETE_PROFILE, and is audited. Clearing a profile
// without a hold is an EConstraints error.
func (s *Service) ClearLegalHold(ctx context.Context, actor Actor, id string) (*Profile, error) {
	if err := actor.need(CapDeleteProfile); err != nil {
		return nil, err
	}
	r, err := s.updateProfile(ctx, actor, id, func(tx Tx, p *Profile) (any, error) {
		if p.LegalHold == nil {
			return nil, &Error{Code: EConstraints, Message: "the profile has no legal hold", Info: map[string]any{"profile_id": p.ID}}
		}
		now := s.now()
		p.Record(NewAudit(actor, AuditProfileStatusChanged, now, "Legal hold cleared (it was: "+p.LegalHold.Reason+")",
			map[string]any{"data_protection": "legal_hold_cleared"}))
		p.LegalHold = nil
		p.Touch()
		return p, nil
	})
	if err != nil {
		return nil, err
	}
	return r.(*Profile), nil
}

// ReconcileErasures brings the database and the erasure ledger together,
// at start: a profile the ledger lists that the database still holds (a
// backup from before its erasure was restored) is erased again, whatever
// holds it; an erased profile the ledger lacks (its recording failed) is
// recorded. It reports how many of each.
func (s *Service) ReconcileErasures(ctx context.Context, listed func(ctx context.Context) ([]ProfileRef, error), ledger ErasureLedger) (reerased, recorded int, err error) {
	refs, err := listed(ctx)
	if err != nil {
		return 0, 0, err
	}
	for _, ref := range refs {
		p, err := s.Store.Profile(ctx, ref.InstitutionID, ref.ProfileID)
		if IsCode(err, ENotFound) {
			continue
		}
		if err != nil {
			return reerased, recorded, err
		}
		if p.Erased() {
			continue
		}
		if _, err := s.erase(ctx, System(ref.InstitutionID), ref.ProfileID, ErasedByLedger, true); err != nil {
			return reerased, recorded, err
		}
		reerased++
	}
	inLedger := map[string]bool{}
	for _, ref := range refs {
		inLedger[ref.ProfileID] = true
	}
	after := ""
	for {
		page, err := s.Store.ErasedProfiles(ctx, after, 500)
		if err != nil {
			return reerased, recorded, err
		}
		for _, ref := range page {
			if inLedger[ref.ProfileID] {
				continue
			}
			p, err := s.Store.Profile(ctx, ref.InstitutionID, ref.ProfileID)
			if err != nil {
				return reerased, recorded, err
			}
			if err := ledger.Record(ctx, ref.InstitutionID, ref.ProfileID, *p.ErasedAt); err != nil {
				return reerased, recorded, err
			}
			recorded++
		}
		if len(page) < 500 {
			return reerased, recorded, nil
		}
		after = page[len(page)-1].ProfileID
	}
}
