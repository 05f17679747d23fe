package kyc

import (
	"context"
	"io"
	"time"
)

// Content is where the bytes of an uploaded image or file are and what
// they are. The bytes themselves never enter the SQL database: they are
// encrypted under the profile's key and kept in a blob store (a directory or
// an S3 bucket), so a database dump holds only these references.
type Content struct {
	// BlobKey names the encrypted bytes in the blob store.
	BlobKey string
	// Size is the plaintext size in bytes.
	Size int64
	// SHA256 is the hex SHA-256 of the plaintext: the audit trail's
	// filehash, so a copy produced later can be shown to be the one received.
	SHA256 string
	// MediaType is the type sniffed from the bytes (image/jpeg, image/png,
	// application/pdf), never the one the uploader claimed.
	MediaType string
}

// DocumentImage is an uploaded image of a document (a passport's photo
// page, a licence's back, a selfie), referred to by documents of the
// profile's collected data.
type DocumentImage struct {
	ID        string
	ProfileID string
	// ImageType is FRONT, BACK or FACE, or "" when the uploader did not say.
	ImageType string
	// DocumentType and DocumentCategory describe the document the image is
	// of, when the uploader said.
	DocumentType     string
	DocumentCategory string
	// Name is the file name given at upload, or "".
	Name       string
	Content    Content
	UploadedAt time.Time
}

// File is an uploaded file, attached to notes (or wrapped as an image).
type File struct {
	ID         string
	ProfileID  string
	Name       string
	Content    Content
	UploadedAt time.Time
}

// FileRef is a file as a note refers to it.
type FileRef struct {
	ID   string `json:"id"`
	Name string `json:"name,omitempty"`
}

// imageTypes are the contract's DocumentImageType values.
var imageTypes = []string{"FRONT", "BACK", "FACE"}

// ContentStore keeps uploaded bytes outside the database. Put reads r to its
// end: it identifies the content by its bytes (refusing what is not an
// accepted type with an EInvalid error naming the field "data"), caps its
// size (ETooLarge), hashes and encrypts it under the profile's key, and
// returns only once the encrypted bytes are durable, so the row that refers
// to them can then commit. An error r returns is returned as it is. Open
// returns the decrypted bytes; reading them to the end authenticates them.
type ContentStore interface {
	Put(ctx context.Context, institutionID, profileID string, r io.Reader) (Content, error)
	Open(ctx context.Context, institutionID, profileID string, c Content) (io.ReadCloser, error)
}

// NewDocumentImage is a validated POST /document_images body. The bytes
// came inline (Content, stored by PutContent while the body streamed), or
// FileID names an uploaded file of the profile to use as the image.
type NewDocumentImage struct {
	ImageType        string
	DocumentType     string
	DocumentCategory string
	Name             string
	FileID           string
	Content          *Content
}

// NewFile is a validated POST /files body with its stored content.
type NewFile struct {
	Name    string
	Content Content
}

// NewDocument is a validated POST /collected_data/documents body: a
// Document whose images are uploaded images of the profile, named by id.
type NewDocument struct {
	ID           string // "" for a new id
	Category     string
	DocumentType string
	ImageIDs     []string
	// ExtractedData and VerificationResult are JSON as given (validated
	// against the contract), or nil.
	ExtractedData      []byte
	VerificationResult []byte
}
