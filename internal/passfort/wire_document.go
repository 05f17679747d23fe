package passfort

import (
	"github.com/gatehouse/gatehouse/internal/kyc"
)

// EncryptedData stands for bytes Gatehouse holds encrypted and does not
// send: the contract's EncryptedData, an empty object. Answers of the 4.0
// API never carry an upload's bytes; Gatehouse's own content path does.
type EncryptedData struct{}

// DocumentImage is a DocumentImageResource as sent to callers.
type DocumentImage struct {
	ID               string        `json:"id"`
	ImageType        string        `json:"image_type,omitempty"`
	UploadDate       DateTime      `json:"upload_date"`
	DocumentType     string        `json:"document_type,omitempty"`
	DocumentCategory string        `json:"document_category,omitempty"`
	EncryptedData    EncryptedData `json:"encrypted_data"`
}

// FromDocumentImage converts an image's record.
func FromDocumentImage(im *kyc.DocumentImage) DocumentImage {
	return DocumentImage{ID: im.ID, ImageType: im.ImageType, UploadDate: DateTime(im.UploadedAt),
		DocumentType: im.DocumentType, DocumentCategory: im.DocumentCategory}
}

// FromDocumentImages converts images, never returning nil.
func FromDocumentImages(ims []kyc.DocumentImage) []DocumentImage {
	out := make([]DocumentImage, len(ims))
	for i := range ims {
		out[i] = FromDocumentImage(&ims[i])
	}
	return out
}

// File is a FileResource as sent to callers.
type File struct {
	ID            string        `json:"id"`
	Name          string        `json:"name,omitempty"`
	EncryptedData EncryptedData `json:"encrypted_data"`
}

// FromFile converts a file's record.
func FromFile(f *kyc.File) File { return File{ID: f.ID, Name: f.Name} }

// fromFileRefs converts a note's attachments, never returning nil.
func fromFileRefs(fs []kyc.FileRef) []File {
	out := make([]File, len(fs))
	for i, f := range fs {
		out[i] = File{ID: f.ID, Name: f.Name}
	}
	return out
}
