package kyc

import (
	"context"
	"strings"
)

// AddTag attaches a tag to a profile: an existing tag by id, or a tag by
// name, created for the institution when it has none of that name.
func (s *Service) AddTag(ctx context.Context, actor Actor, profileID string, ref TagRef) (Tag, error) {
	if ref.ID == "" {
		name, err := NormalizeTagName(ref.Name)
		if err != nil {
			return Tag{}, err
		}
		ref.Name = name
	} else if !ValidID(ref.ID) {
		return Tag{}, NotFound("tag", ref.ID)
	}
	r, err := s.updateProfile(ctx, actor, profileID, func(tx Tx, p *Profile) (any, error) {
		var t Tag
		var err error
		switch {
		case ref.ID != "":
			t, err = tx.Tag(ctx, actor.InstitutionID, strings.ToLower(ref.ID))
		default:
			t, err = tx.TagByName(ctx, actor.InstitutionID, ref.Name)
			if IsCode(err, ENotFound) {
				t = Tag{ID: NewID(), Name: ref.Name}
				err = tx.CreateTag(ctx, actor.InstitutionID, t)
			}
		}
		if err != nil {
			return nil, err
		}
		if p.AttachTag(t) {
			p.Record(NewAudit(actor, AuditAddedTag, s.now(), t.Name, map[string]any{"tag_id": t.ID}))
		}
		return t, nil
	})
	if err != nil {
		return Tag{}, err
	}
	return r.(Tag), nil
}

// RemoveTag detaches a tag from a profile and returns it.
func (s *Service) RemoveTag(ctx context.Context, actor Actor, profileID, tagID string) (Tag, error) {
	r, err := s.updateProfile(ctx, actor, profileID, func(tx Tx, p *Profile) (any, error) {
		t, ok := p.DetachTag(strings.ToLower(tagID))
		if !ok {
			return nil, NotFound("tag", tagID)
		}
		p.Record(NewAudit(actor, AuditRemovedTag, s.now(), t.Name, map[string]any{"tag_id": t.ID}))
		return t, nil
	})
	if err != nil {
		return Tag{}, err
	}
	return r.(Tag), nil
}

// SearchTags finds the institution's tags whose names contain term.
func (s *Service) SearchTags(ctx context.Context, actor Actor, term string, limit int) ([]Tag, error) {
	if limit < 0 {
		return nil, FieldError("limit", "must not be negative")
	}
	if err := checkSearchText("term", term); err != nil {
		return nil, err
	}
	return s.Store.SearchTags(ctx, actor.InstitutionID, strings.TrimSpace(term), limit)
}
