package collect

import (
	"context"
	"encoding/json"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/passfort"
)

// ServiceDocuments is Documents over the documents service, acting as the
// applicant's collect key: StoreImages stores each image's bytes
// (encrypted, identified by their bytes) with PutContent as they are read;
// SubmitDocument records the images and the document that refers to them
// together (kyc.Service.SubmitDocument, one transaction), so a document is
// added whole or not at all; bytes stored for a form that was then not
// saved are unreferenced blobs, which the sweeper removes. The document
// fulfils the profile's DOCUMENT step, which releases the checks that
// waited for it.
type ServiceDocuments struct {
	Service *kyc.Service
}

// maxFileName bounds the name an image is kept under (the API's bound).
const maxFileName = 255

// StoreImages implements Documents.
func (d ServiceDocuments) StoreImages(ctx context.Context, actor kyc.Actor, profileID string, doc Document) ([]kyc.NewDocumentImage, error) {
	nd, err := describe(doc)
	if err != nil {
		return nil, err
	}
	images := make([]kyc.NewDocumentImage, 0, len(doc.Images))
	for _, im := range doc.Images {
		c, err := d.Service.PutContent(ctx, actor, profileID, im.Data)
		if err != nil {
			return nil, &ImageError{Side: im.Side, Err: err}
		}
		images = append(images, kyc.NewDocumentImage{ImageType: im.Side, DocumentType: nd.DocumentType,
			DocumentCategory: nd.Category, Name: cleanName(im.Name), Content: &c})
	}
	return images, nil
}

// SubmitDocument implements Documents.
func (d ServiceDocuments) SubmitDocument(ctx context.Context, actor kyc.Actor, profileID string, doc Document, images []kyc.NewDocumentImage) error {
	nd, err := describe(doc)
	if err != nil {
		return err
	}
	_, err = d.Service.SubmitDocument(ctx, actor, profileID, images, nd)
	return err
}

// describe is the document as the API takes it: its category and type go
// through the API's own check of a Document.
func describe(doc Document) (kyc.NewDocument, error) {
	desc, _ := json.Marshal(map[string]any{"category": doc.Category, "document_type": doc.DocumentType, "images": []any{}})
	return passfort.DecodeDocument(desc)
}

// cleanName keeps a browser's file name as one line of at most
// maxFileName bytes ("" when nothing is left).
func cleanName(name string) string {
	if !utf8.ValidString(name) {
		name = strings.ToValidUTF8(name, "")
	}
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return -1
		}
		return r
	}, name)
	name = strings.TrimSpace(name)
	for len(name) > maxFileName {
		_, n := utf8.DecodeLastRuneInString(name)
		name = name[:len(name)-n]
	}
	return strings.TrimSpace(name)
}
