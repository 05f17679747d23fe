package store

import (
	"context"
	"errors"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

// Document rows keep the file name given at upload (which may name the
// person) sealed; the bytes are in the blob store, sealed by the content
// store under the same profile key.

func (t *tx) InsertDocumentImage(ctx context.Context, institutionID string, im *kyc.DocumentImage) error {
	k, err := t.writeKey(ctx, institutionID, im.ProfileID)
	if err != nil {
		return err
	}
	c := im.Content
	_, err = t.c.Exec(ctx, t.db.q(qInsertDocumentImage), im.ID, institutionID, im.ProfileID, im.ImageType,
		im.DocumentType, im.DocumentCategory, sealString(k, im.ProfileID, "document_images.name", im.ID, im.Name),
		c.BlobKey, c.Size, c.SHA256, c.MediaType, micros(im.UploadedAt))
	return wrap("insert document image", err)
}

func scanImage(row Row) (kyc.DocumentImage, error) {
	var im kyc.DocumentImage
	var at int64
	c := &im.Content
	err := row.Scan(&im.ID, &im.ProfileID, &im.ImageType, &im.DocumentType, &im.DocumentCategory, &im.Name,
		&c.BlobKey, &c.Size, &c.SHA256, &c.MediaType, &at)
	im.UploadedAt = fromMicros(at)
	return im, err
}

// openImage opens an image's sealed name.
func (r *reader) openImage(ctx context.Context, institutionID string, im *kyc.DocumentImage) error {
	k, err := r.profileKey(ctx, institutionID, im.ProfileID)
	if err != nil {
		return err
	}
	im.Name, err = r.open(k, im.ProfileID, "document_images.name", im.ID, im.Name, "")
	return err
}

func (r *reader) DocumentImages(ctx context.Context, institutionID, profileID string) ([]kyc.DocumentImage, error) {
	r = r.session()
	if err := r.loadProfileKeys(ctx, institutionID, []string{profileID}); err != nil {
		return nil, err
	}
	rows, err := r.c.Query(ctx, r.db.q(qDocumentImages), institutionID, profileID)
	if err != nil {
		return nil, internal("document images", err)
	}
	defer rows.Close()
	out := []kyc.DocumentImage{}
	for rows.Next() {
		im, err := scanImage(rows)
		if err != nil {
			return nil, internal("scan document image", err)
		}
		if err := r.openImage(ctx, institutionID, &im); err != nil {
			return nil, err
		}
		out = append(out, im)
	}
	return out, wrap("document images", rows.Err())
}

func (r *reader) DocumentImage(ctx context.Context, institutionID, profileID, id string) (*kyc.DocumentImage, error) {
	if !kyc.ValidID(id) {
		return nil, kyc.NotFound("document image", id)
	}
	r = r.session()
	im, err := scanImage(r.c.QueryRow(ctx, r.db.q(qDocumentImage), institutionID, profileID, id))
	if errors.Is(err, ErrNoRows) {
		return nil, kyc.NotFound("document image", id)
	}
	if err != nil {
		return nil, internal("document image", err)
	}
	return &im, r.openImage(ctx, institutionID, &im)
}

func (t *tx) InsertFile(ctx context.Context, institutionID string, f *kyc.File) error {
	k, err := t.writeKey(ctx, institutionID, f.ProfileID)
	if err != nil {
		return err
	}
	c := f.Content
	_, err = t.c.Exec(ctx, t.db.q(qInsertFile), f.ID, institutionID, f.ProfileID,
		sealString(k, f.ProfileID, "profile_files.name", f.ID, f.Name), c.BlobKey, c.Size,
		c.SHA256, c.MediaType, micros(f.UploadedAt))
	return wrap("insert file", err)
}

func (r *reader) File(ctx context.Context, institutionID, profileID, id string) (*kyc.File, error) {
	if !kyc.ValidID(id) {
		return nil, kyc.NotFound("file", id)
	}
	r = r.session()
	var f kyc.File
	var at int64
	c := &f.Content
	err := r.c.QueryRow(ctx, r.db.q(qFile), institutionID, profileID, id).Scan(&f.ID, &f.ProfileID, &f.Name,
		&c.BlobKey, &c.Size, &c.SHA256, &c.MediaType, &at)
	if errors.Is(err, ErrNoRows) {
		return nil, kyc.NotFound("file", id)
	}
	if err != nil {
		return nil, internal("file", err)
	}
	f.UploadedAt = fromMicros(at)
	k, err := r.profileKey(ctx, institutionID, f.ProfileID)
	if err != nil {
		return nil, err
	}
	if f.Name, err = r.open(k, f.ProfileID, "profile_files.name", f.ID, f.Name, ""); err != nil {
		return nil, err
	}
	return &f, nil
}

// referencedBatch bounds the keys of one IN list.
const referencedBatch = 500

func (r *reader) ReferencedBlobs(ctx context.Context, keys []string) (map[string]bool, error) {
	out := make(map[string]bool, len(keys))
	for len(keys) > 0 {
		n := min(len(keys), referencedBatch)
		args := anyStrings(keys[:n])
		for _, q := range []query{qReferencedImageBlobs, qReferencedFileBlobs} {
			if err := r.collectKeys(ctx, r.db.expandIDs(q, n), args, out); err != nil {
				return nil, err
			}
		}
		keys = keys[n:]
	}
	return out, nil
}

func (r *reader) collectKeys(ctx context.Context, sql string, args []any, out map[string]bool) error {
	rows, err := r.c.Query(ctx, sql, args...)
	if err != nil {
		return internal("referenced blobs", err)
	}
	defer rows.Close()
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			return internal("scan referenced blob", err)
		}
		out[k] = true
	}
	return wrap("referenced blobs", rows.Err())
}

func (r *reader) Files(ctx context.Context, institutionID, profileID string) ([]kyc.File, error) {
	r = r.session()
	k, err := r.profileKey(ctx, institutionID, profileID)
	if err != nil {
		return nil, err
	}
	rows, err := r.c.Query(ctx, r.db.q(qProfileFiles), institutionID, profileID)
	if err != nil {
		return nil, internal("files", err)
	}
	defer rows.Close()
	out := []kyc.File{}
	for rows.Next() {
		var f kyc.File
		var at int64
		c := &f.Content
		if err := rows.Scan(&f.ID, &f.ProfileID, &f.Name, &c.BlobKey, &c.Size, &c.SHA256, &c.MediaType, &at); err != nil {
			return nil, internal("scan file", err)
		}
		f.UploadedAt = fromMicros(at)
		if f.Name, err = r.open(k, f.ProfileID, "profile_files.name", f.ID, f.Name, ""); err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, wrap("files", rows.Err())
}
