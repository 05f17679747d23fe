package collect

import (
	"context"
	"errors"
	"io"
	"net/http"
	"slices"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

// Documents takes an identity document an applicant uploads, in two
// steps, so that a file that cannot be used is refused before anything is
// recorded: StoreImages stores the images' bytes (front, and back when
// given), refusing what is not a JPEG, PNG or PDF or is too large; then,
// once the rest of the form is saved, SubmitDocument records the images
// and adds the document, referring to them, to the profile's collected
// data, as POST /document_images and POST /collected_data/documents do
// through the API. ServiceDocuments does this over the documents service
// of kyc; with Config.Documents nil the document step says uploads are
// not available.
type Documents interface {
	StoreImages(ctx context.Context, actor kyc.Actor, profileID string, d Document) ([]kyc.NewDocumentImage, error)
	SubmitDocument(ctx context.Context, actor kyc.Actor, profileID string, d Document, images []kyc.NewDocumentImage) error
}

// Document is an uploaded identity document.
type Document struct {
	Category     string // a DocumentCategory, the step's (PROOF_OF_IDENTITY by default)
	DocumentType string // a DocumentType the step allows
	Images       []Image
}

// Image is one side of a document.
type Image struct {
	Side string // FRONT or BACK
	Name string // the file's name as the browser gave it
	Data io.Reader
}

// documentChoices are the document types the form offers when a step does
// not restrict them, with their plain names.
var documentChoices = []struct{ Type, Label string }{
	{"PASSPORT", "Passport"},
	{"DRIVING_LICENCE", "Driving licence"},
	{"STATE_ID", "National identity card"},
}

// documentTypes returns the types a DOCUMENT step allows, with names.
func documentTypes(step kyc.CollectionStep) []struct{ Type, Label string } {
	if len(step.AllowedTypes) == 0 {
		return documentChoices
	}
	var out []struct{ Type, Label string }
	for _, c := range documentChoices {
		if slices.Contains(step.AllowedTypes, c.Type) {
			out = append(out, c)
		}
	}
	for _, t := range step.AllowedTypes {
		if !slices.ContainsFunc(documentChoices, func(c struct{ Type, Label string }) bool { return c.Type == t }) {
			out = append(out, struct{ Type, Label string }{t, plainType(t)})
		}
	}
	return out
}

// plainType writes a DocumentType as words: VOTER_ID → Voter id.
func plainType(t string) string {
	b := []byte(t)
	for i, c := range b {
		switch {
		case c == '_':
			b[i] = ' '
		case i > 0 && c >= 'A' && c <= 'Z':
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// documentCategory is the category a step asks for.
func documentCategory(step kyc.CollectionStep) string {
	if step.Category != "" {
		return step.Category
	}
	return "PROOF_OF_IDENTITY"
}

// readDocument reads the uploaded document when the profile has a DOCUMENT
// step and the server takes documents: the front is required, the back is
// optional, the type must be one the step allows.
func (h *Handler) readDocument(r *http.Request, steps stepSet, a answers) (*Document, problems) {
	step, ok := steps[kyc.CollectDocument]
	if !ok || h.cfg.Documents == nil {
		return nil, nil
	}
	var ps problems
	types := documentTypes(step)
	if !slices.ContainsFunc(types, func(c struct{ Type, Label string }) bool { return c.Type == a.DocumentType }) {
		ps.add("document_type", "Choose which document you are sending")
	}
	d := &Document{Category: documentCategory(step), DocumentType: a.DocumentType}
	for _, side := range []struct{ field, side, what string }{{"document_front", "FRONT", "the front"}, {"document_back", "BACK", "the back"}} {
		f, hdr, err := r.FormFile(side.field)
		if errors.Is(err, http.ErrMissingFile) || err == nil && hdr.Size == 0 {
			if side.side == "FRONT" {
				ps.add(side.field, "Add a photo or scan of the front of your document")
			}
			continue
		}
		if err != nil {
			ps.add(side.field, "The file of "+side.what+" could not be read. Please choose it again.")
			continue
		}
		if hdr.Size > h.cfg.MaxImageBytes {
			ps.add(side.field, "The file of "+side.what+" must be smaller than "+megabytes(h.cfg.MaxImageBytes))
			continue
		}
		d.Images = append(d.Images, Image{Side: side.side, Name: hdr.Filename, Data: f})
	}
	if len(ps) > 0 {
		return nil, ps
	}
	return d, nil
}

// ImageError is the documents service's refusal of one side's file.
type ImageError struct {
	Side string // FRONT or BACK
	Err  error
}

func (e *ImageError) Error() string { return e.Side + ": " + e.Err.Error() }
func (e *ImageError) Unwrap() error { return e.Err }

// fromDocumentError turns the documents service's refusal of an upload
// into a problem on the field of the file it refused (not a JPEG, PNG or
// PDF, too large; the front's when it does not say).
func (h *Handler) fromDocumentError(err error) (problems, bool) {
	field, what := "document_front", "the front"
	var ie *ImageError
	if errors.As(err, &ie) && ie.Side == "BACK" {
		field, what = "document_back", "the back"
	}
	switch kyc.ErrorCode(err) {
	case kyc.ETooLarge:
		return problems{{Field: field, Message: "The file of " + what + " must be smaller than " + megabytes(h.cfg.MaxImageBytes)}}, true
	case kyc.EInvalid, kyc.EMissingFields:
		return problems{{Field: field, Message: "The file of " + what + " could not be used: send a photo (JPEG or PNG) or a PDF"}}, true
	}
	return nil, false
}
