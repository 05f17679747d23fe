package kyc

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
)

// Uploads happen in two steps, because the bytes arrive inside the JSON
// body before or after the fields that describe them: PutContent streams
// the bytes into the ContentStore (encrypted, durable) as the body is
// read, then AddDocumentImage or AddFile commits the row that refers to
// them with its audit item. A crash or a refusal between the two leaves an
// unreferenced blob, which the sweeper removes, never a row without its
// bytes.

func (s *Service) content() (ContentStore, error) {
	if s.Content == nil {
		return nil, Errorf(EProcessNotSetup, "document storage is not configured on this server")
	}
	return s.Content, nil
}

// PutContent stores uploaded bytes for a profile of the actor's
// institution and returns what was stored, for AddDocumentImage or AddFile.
// The profile is looked up first, so that nothing is stored for a profile
// the actor cannot see.
func (s *Service) PutContent(ctx context.Context, actor Actor, profileID string, r io.Reader) (Content, error) {
	cs, err := s.content()
	if err != nil {
		return Content{}, err
	}
	if err := actor.need(CapUploadDocumentImage); err != nil {
		return Content{}, err
	}
	p, err := s.Profile(ctx, actor, profileID)
	if err != nil {
		return Content{}, err
	}
	return cs.Put(ctx, actor.InstitutionID, p.ID, r)
}

// fileAudit is the ref_data of an audit item about uploaded bytes: the
// file name and the SHA-256 of the plaintext (the contract's filename and
// filehash).
func fileAudit(name string, c Content, ref map[string]any) map[string]any {
	ref["filename"], ref["filehash"] = name, c.SHA256
	ref["size"], ref["media_type"] = c.Size, c.MediaType
	return ref
}

// defaultName is the file name of an upload that came without one.
func defaultName(id, mediaType string) string {
	ext := map[string]string{"image/jpeg": ".jpg", "image/png": ".png", "application/pdf": ".pdf"}[mediaType]
	return id + ext
}

// AddDocumentImage records an uploaded image: its bytes stored by
// PutContent, or an uploaded file of the profile (FileID) used as an image.
func (s *Service) AddDocumentImage(ctx context.Context, actor Actor, profileID string, in NewDocumentImage) (*DocumentImage, error) {
	if err := checkNewImage(actor, in); err != nil {
		return nil, err
	}
	r, err := s.updateProfile(ctx, actor, profileID, func(tx Tx, p *Profile) (any, error) {
		return s.addImage(ctx, tx, actor, p, in)
	})
	if err != nil {
		return nil, err
	}
	return r.(*DocumentImage), nil
}

// checkNewImage refuses an image an actor may not add, or whose
// description is wrong, before anything is read.
func checkNewImage(actor Actor, in NewDocumentImage) error {
	if err := actor.need(CapUploadDocumentImage); err != nil {
		return err
	}
	if in.ImageType != "" && !slices.Contains(imageTypes, in.ImageType) {
		return FieldError("image_type", "must be one of FRONT, BACK, FACE")
	}
	if (in.Content == nil) == (in.FileID == "") {
		return MissingField("data")
	}
	return nil
}

// addImage records an image on a profile (in the transaction tx), with
// its audit item.
func (s *Service) addImage(ctx context.Context, tx Tx, actor Actor, p *Profile, in NewDocumentImage) (*DocumentImage, error) {
	now := s.now()
	im := &DocumentImage{ID: NewID(), ProfileID: p.ID, ImageType: in.ImageType, DocumentType: in.DocumentType,
		DocumentCategory: in.DocumentCategory, Name: in.Name, UploadedAt: now}
	ref := map[string]any{"image_id": im.ID}
	if in.FileID != "" {
		f, err := tx.File(ctx, p.InstitutionID, p.ID, strings.ToLower(in.FileID))
		if IsCode(err, ENotFound) {
			return nil, FieldError("data", "names no file of this profile")
		}
		if err != nil {
			return nil, err
		}
		im.Content, ref["file_id"] = f.Content, f.ID
		if im.Name == "" {
			im.Name = f.Name
		}
	} else {
		im.Content = *in.Content
	}
	if im.Name == "" {
		im.Name = defaultName(im.ID, im.Content.MediaType)
	}
	for k, v := range map[string]string{"image_type": im.ImageType, "document_type": im.DocumentType,
		"document_category": im.DocumentCategory} {
		if v != "" {
			ref[k] = v
		}
	}
	if err := tx.InsertDocumentImage(ctx, p.InstitutionID, im); err != nil {
		return nil, err
	}
	p.Images = append(p.Images, *im)
	p.Record(NewAudit(actor, AuditUploadedDocument, now, "", fileAudit(im.Name, im.Content, ref)))
	return im, nil
}

// SubmitDocument records a document's new images and adds the document,
// referring to them after the images doc already names, to the profile's
// collected data, in one transaction: a document sent whole (the hosted
// form's) is recorded whole or not at all. The images' bytes are stored
// by PutContent first.
func (s *Service) SubmitDocument(ctx context.Context, actor Actor, profileID string, images []NewDocumentImage, doc NewDocument) (json.RawMessage, error) {
	for i, in := range images {
		if in.Content == nil {
			return nil, MissingField(fmt.Sprintf("images[%d].data", i))
		}
		if err := checkNewImage(actor, in); err != nil {
			return nil, err
		}
	}
	r, err := s.updateProfile(ctx, actor, profileID, func(tx Tx, p *Profile) (any, error) {
		doc.ImageIDs = slices.Clip(doc.ImageIDs)
		for _, in := range images {
			im, err := s.addImage(ctx, tx, actor, p, in)
			if err != nil {
				return nil, err
			}
			doc.ImageIDs = append(doc.ImageIDs, im.ID)
		}
		return s.addDocument(actor, p, doc)
	})
	if err != nil {
		return nil, err
	}
	return r.(json.RawMessage), nil
}

// Images returns the document images of a profile of the actor's
// institution, oldest first.
func (s *Service) Images(ctx context.Context, actor Actor, profileID string) ([]DocumentImage, error) {
	p, err := s.Profile(ctx, actor, profileID)
	if err != nil {
		return nil, err
	}
	return p.Images, nil
}

// Image returns one document image's record.
func (s *Service) Image(ctx context.Context, actor Actor, profileID, imageID string) (*DocumentImage, error) {
	if err := actor.mayTouch(profileID); err != nil {
		return nil, err
	}
	if !ValidID(profileID) {
		return nil, NotFound("profile", profileID)
	}
	return s.Store.DocumentImage(ctx, actor.InstitutionID, strings.ToLower(profileID), strings.ToLower(imageID))
}

// AddFile records an uploaded file whose bytes PutContent stored.
func (s *Service) AddFile(ctx context.Context, actor Actor, profileID string, in NewFile) (*File, error) {
	if err := actor.need(CapUploadDocumentImage); err != nil {
		return nil, err
	}
	r, err := s.updateProfile(ctx, actor, profileID, func(tx Tx, p *Profile) (any, error) {
		now := s.now()
		f := &File{ID: NewID(), ProfileID: p.ID, Name: in.Name, Content: in.Content, UploadedAt: now}
		if f.Name == "" {
			f.Name = defaultName(f.ID, f.Content.MediaType)
		}
		if err := tx.InsertFile(ctx, p.InstitutionID, f); err != nil {
			return nil, err
		}
		p.Record(NewAudit(actor, AuditAddedFile, now, "", fileAudit(f.Name, f.Content, map[string]any{"file_id": f.ID})))
		return f, nil
	})
	if err != nil {
		return nil, err
	}
	return r.(*File), nil
}

// File returns one file's record.
func (s *Service) File(ctx context.Context, actor Actor, profileID, fileID string) (*File, error) {
	if err := actor.mayTouch(profileID); err != nil {
		return nil, err
	}
	if !ValidID(profileID) {
		return nil, NotFound("profile", profileID)
	}
	return s.Store.File(ctx, actor.InstitutionID, strings.ToLower(profileID), strings.ToLower(fileID))
}

// ImageContent returns an image's record and its decrypted bytes, for a
// person or key holding READ_DOCUMENT_IMAGE. The view is audited before a
// byte is read: a read that cannot be recorded does not happen.
func (s *Service) ImageContent(ctx context.Context, actor Actor, profileID, imageID string) (*DocumentImage, io.ReadCloser, error) {
	return s.imageContent(ctx, actor, "read by "+actor.Name(), profileID, imageID)
}

func (s *Service) imageContent(ctx context.Context, actor Actor, msg, profileID, imageID string) (*DocumentImage, io.ReadCloser, error) {
	var im *DocumentImage
	rc, err := s.openAudited(ctx, actor, msg, profileID, func(tx Tx, p *Profile) (string, Content, map[string]any, error) {
		var err error
		im, err = tx.DocumentImage(ctx, p.InstitutionID, p.ID, strings.ToLower(imageID))
		if err != nil {
			return "", Content{}, nil, err
		}
		return im.Name, im.Content, map[string]any{"image_id": im.ID}, nil
	})
	return im, rc, err
}

// FileContent returns a file's record and its decrypted bytes, like
// ImageContent.
func (s *Service) FileContent(ctx context.Context, actor Actor, profileID, fileID string) (*File, io.ReadCloser, error) {
	var f *File
	rc, err := s.openAudited(ctx, actor, "read by "+actor.Name(), profileID, func(tx Tx, p *Profile) (string, Content, map[string]any, error) {
		var err error
		f, err = tx.File(ctx, p.InstitutionID, p.ID, strings.ToLower(fileID))
		if err != nil {
			return "", Content{}, nil, err
		}
		return f.Name, f.Content, map[string]any{"file_id": f.ID}, nil
	})
	return f, rc, err
}

// DocumentImage returns an image of a profile and its decrypted bytes for
// a check provider (the integration protocol's image downloads), audited as
// a view by the system. The caller decides that the provider may see it.
func (s *Service) DocumentImage(ctx context.Context, institutionID, profileID, imageID string) (*DocumentImage, io.ReadCloser, error) {
	return s.imageContent(ctx, System(institutionID), "read by a check provider", profileID, imageID)
}

// openAudited records a view of bytes that find locates on the profile and
// opens them. The audit item is written on its own: the profile's record
// is not saved (a view changes nothing).
func (s *Service) openAudited(ctx context.Context, actor Actor, msg, profileID string,
	find func(tx Tx, p *Profile) (name string, c Content, ref map[string]any, err error)) (io.ReadCloser, error) {
	cs, err := s.content()
	if err != nil {
		return nil, err
	}
	if err := actor.need(CapReadDocumentImage); err != nil {
		return nil, err
	}
	if !ValidID(profileID) {
		return nil, NotFound("profile", profileID)
	}
	var c Content
	var pid string
	err = s.Store.Update(ctx, func(tx Tx) error {
		p, err := tx.Profile(ctx, actor.InstitutionID, strings.ToLower(profileID))
		if err != nil {
			return err
		}
		name, content, ref, err := find(tx, p)
		if err != nil {
			return err
		}
		c, pid = content, p.ID
		p.Record(NewAudit(actor, AuditView, s.now(), msg, fileAudit(name, content, ref)))
		return tx.SaveProfile(ctx, p) // writes the audit item only: p is unchanged
	})
	if err != nil {
		return nil, err
	}
	return cs.Open(ctx, actor.InstitutionID, pid, c)
}

// AddDocument adds a document to a profile's collected data: its images
// must be images uploaded to the profile. It returns the Document as
// stored, with a new id unless one was given, and its images described
// from their records. Collection steps the document fulfils are dropped,
// releasing the checks that waited for them.
func (s *Service) AddDocument(ctx context.Context, actor Actor, profileID string, in NewDocument) (json.RawMessage, error) {
	r, err := s.updateProfile(ctx, actor, profileID, func(tx Tx, p *Profile) (any, error) {
		return s.addDocument(actor, p, in)
	})
	if err != nil {
		return nil, err
	}
	return r.(json.RawMessage), nil
}

// addDocument adds a document to a profile's collected data.
func (s *Service) addDocument(actor Actor, p *Profile, in NewDocument) (json.RawMessage, error) {
	id := strings.ToLower(in.ID)
	if id == "" {
		id = NewID()
	}
	for _, d := range p.Facts().Documents {
		if d.ID == id {
			return nil, &Error{Code: EDataPresent, Message: "id: the profile already has a document with this id",
				Info: map[string]any{"field": "id", "reason": "the profile already has a document with this id"}}
		}
	}
	imageIDs := make([]string, len(in.ImageIDs))
	doc := storedDocument{ID: id, Category: in.Category, DocumentType: in.DocumentType,
		Images: make([]storedImage, len(in.ImageIDs)), ExtractedData: json.RawMessage(in.ExtractedData),
		VerificationResult: json.RawMessage(in.VerificationResult)}
	for i, imageID := range in.ImageIDs {
		imageID = strings.ToLower(imageID)
		im := p.Image(imageID)
		if im == nil {
			return nil, FieldError(fmt.Sprintf("images[%d].id", i), "names no document image of this profile")
		}
		if slices.Contains(imageIDs[:i], imageID) {
			return nil, FieldError(fmt.Sprintf("images[%d].id", i), "appears twice")
		}
		imageIDs[i] = imageID
		doc.Images[i] = storedImage{ID: im.ID, ImageType: im.ImageType, UploadDate: im.UploadedAt.UTC().Format(dateTimeLayout),
			DocumentType: im.DocumentType, DocumentCategory: im.DocumentCategory, EncryptedData: struct{}{}}
	}
	raw, err := json.Marshal(doc)
	if err != nil {
		return nil, err
	}
	data, err := appendDocument(p.CollectedData, raw)
	if err != nil {
		return nil, err
	}
	f, err := ParseFacts(data)
	if err != nil {
		return nil, err
	}
	now := s.now()
	p.SetCollectedData(data, f)
	p.Record(NewAudit(actor, AuditSubmittedData, now, "", map[string]any{"document_id": id,
		"category": in.Category, "document_type": in.DocumentType, "image_ids": imageIDs}))
	p.emit(Change{Kind: ChangeCollectedData, Actor: actor, At: now})
	if p.DropFulfilledSteps() {
		s.releaseChecks(p)
	}
	if err := s.reassess(p, now); err != nil {
		return nil, err
	}
	return json.RawMessage(raw), nil
}

// storedDocument is a Document as AddDocument stores it.
type storedDocument struct {
	ID                 string          `json:"id"`
	Category           string          `json:"category"`
	DocumentType       string          `json:"document_type"`
	Images             []storedImage   `json:"images"`
	ExtractedData      json.RawMessage `json:"extracted_data,omitempty"`
	VerificationResult json.RawMessage `json:"verification_result,omitempty"`
}

// storedImage is a DocumentImageResource as a document refers to it: its
// record, with encrypted_data standing for the bytes, never the bytes.
type storedImage struct {
	ID               string   `json:"id"`
	ImageType        string   `json:"image_type,omitempty"`
	UploadDate       string   `json:"upload_date"`
	DocumentType     string   `json:"document_type,omitempty"`
	DocumentCategory string   `json:"document_category,omitempty"`
	EncryptedData    struct{} `json:"encrypted_data"`
}

// appendDocument returns collected data with doc appended to its
// documents, leaving every other byte as it was (collected data is echoed
// as it was given).
func appendDocument(data, doc []byte) ([]byte, error) {
	dec := json.NewDecoder(strings.NewReader(string(data)))
	bad := func(err error) ([]byte, error) {
		return nil, &Error{Code: EInternal, Message: "stored collected data cannot be read", Err: err}
	}
	if _, err := dec.Token(); err != nil { // {
		return bad(err)
	}
	for dec.More() {
		key, err := dec.Token()
		if err != nil {
			return bad(err)
		}
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return bad(err)
		}
		if key != "documents" {
			continue
		}
		end := int(dec.InputOffset()) // just after the array's ']'
		if len(v) < 2 || v[0] != '[' || data[end-1] != ']' {
			return nil, FieldError("collected_data.documents", "must be an array")
		}
		sep := ","
		if strings.TrimSpace(string(v[1:len(v)-1])) == "" {
			sep = ""
		}
		return join(data[:end-1], []byte(sep), doc, data[end-1:]), nil
	}
	end := strings.LastIndexByte(string(data), '}')
	if end < 0 {
		return bad(fmt.Errorf("no closing brace"))
	}
	sep := ","
	if strings.TrimSpace(string(data[1:end])) == "" {
		sep = ""
	}
	return join(data[:end], []byte(sep+`"documents":[`), doc, []byte("]"), data[end:]), nil
}

func join(parts ...[]byte) []byte {
	var out []byte
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

// CheckDocumentImages returns an error unless every image of every
// document of the facts is an image uploaded to the profile, named by its
// id: collected data never refers to an image the profile does not have,
// and never carries image bytes (which would then sit unencrypted in the
// database and be echoed by every read). field is the path of the data.
func (p *Profile) CheckDocumentImages(f *Facts, field string) error {
	for i, d := range f.Documents {
		for j, im := range d.Images {
			at := fmt.Sprintf("%s.documents[%d].images[%d]", field, i, j)
			switch {
			case im.HasData:
				return FieldError(at+".data", "upload images with POST /profiles/{profile_id}/document_images and give their id")
			case im.ID == "":
				return MissingField(at + ".id")
			case p.Image(im.ID) == nil:
				return FieldError(at+".id", "names no document image of this profile")
			}
		}
	}
	return nil
}

// noInlineImages refuses data whose documents carry image bytes (a check's
// input_data): they would be stored unencrypted with the check and echoed
// by every read of it. Images are uploaded and named by id.
func noInlineImages(data []byte, field string) error {
	f, err := ParseFacts(data)
	if err != nil {
		return err
	}
	for i, d := range f.Documents {
		for j, im := range d.Images {
			if im.HasData {
				return FieldError(fmt.Sprintf("%s.documents[%d].images[%d].data", field, i, j),
					"upload images with POST /profiles/{profile_id}/document_images and give their id")
			}
		}
	}
	return nil
}
