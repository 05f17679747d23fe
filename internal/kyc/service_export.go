package kyc

import (
	"context"
	"io"
	"strings"
)

// SubjectExport is everything Gatehouse holds about one profile, for a
// subject access request: the aggregate (collected data, applications
// with their decisions, tasks, checks, events, tags), the notes, the
// uploaded images and files with a way to read their original bytes, and
// the audit trail.
type SubjectExport struct {
	Profile *Profile
	Notes   []Note
	Files   []File
	Audit   []AuditItem
	// Open reads a document's original bytes (checked against its hash).
	Open func(ctx context.Context, c Content) (io.ReadCloser, error)
}

// Export gathers a profile's data for a subject access export (package
// export writes the archive). It needs READ_PROFILE,
// READ_PROFILE_COLLECTED_DATA and READ_DOCUMENT_IMAGE, and an
// institution-wide actor, and is audited as a view, in the transaction
// that reads the profile.
func (s *Service) Export(ctx context.Context, actor Actor, id string) (*SubjectExport, error) {
	for _, c := range []Capability{CapReadProfile, CapReadCollectedData, CapReadDocumentImage} {
		if err := actor.need(c); err != nil {
			return nil, err
		}
	}
	if err := actor.institutionWide("export profiles"); err != nil {
		return nil, err
	}
	if !ValidID(id) {
		return nil, NotFound("profile", id)
	}
	id = strings.ToLower(id)
	var out SubjectExport
	err := s.Store.Update(ctx, func(tx Tx) error {
		p, err := tx.Profile(ctx, actor.InstitutionID, id)
		if err != nil {
			return err
		}
		if !p.Erased() {
			p.Record(NewAudit(actor, AuditView, s.now(), "Subject access export", map[string]any{"data_protection": "export"}))
			if err := tx.SaveProfile(ctx, p); err != nil { // writes the audit item only: p is unchanged
				return err
			}
		}
		out.Profile = p
		return nil
	})
	if err != nil {
		return nil, err
	}
	if out.Notes, err = s.Store.ProfileNotes(ctx, actor.InstitutionID, id); err != nil {
		return nil, err
	}
	if out.Files, err = s.Store.Files(ctx, actor.InstitutionID, id); err != nil {
		return nil, err
	}
	if out.Audit, err = s.Store.AuditItems(ctx, actor.InstitutionID, id); err != nil {
		return nil, err
	}
	out.Open = func(ctx context.Context, c Content) (io.ReadCloser, error) {
		cs, err := s.content()
		if err != nil {
			return nil, err
		}
		return cs.Open(ctx, actor.InstitutionID, id, c)
	}
	return &out, nil
}
