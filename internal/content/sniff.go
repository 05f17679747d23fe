package content

import (
	"bytes"
	"errors"
	"image"
	"image/jpeg"
	"image/png"
	"io"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

// Media types accepted, identified by their bytes, never by a claimed name
// or type: JPEG and PNG images and PDF documents. HEIC is refused: no
// well-kept pure-Go library decodes it, and accepting bytes that cannot be
// looked at would accept anything that starts like a HEIC file.
const (
	JPEG = "image/jpeg"
	PNG  = "image/png"
	PDF  = "application/pdf"
)

// Accepted lists the media types an upload may have.
var Accepted = []string{JPEG, PNG, PDF}

var (
	jpegMagic = []byte{0xFF, 0xD8, 0xFF}
	pngMagic  = []byte("\x89PNG\r\n\x1a\n")
	pdfMagic  = []byte("%PDF-")
	pdfEOF    = []byte("%%EOF")
)

// maxDimension bounds an image's declared width and height: a real scan
// is far smaller, and a larger header is a decompression bomb in waiting
// for whoever decodes it later.
const maxDimension = 30000

func invalid(reason string) error { return kyc.FieldError("data", reason) }

// sniff reads the start of src, decides its media type and checks its
// header, writing every byte it reads to w. It returns an EInvalid error
// naming the field "data" for content that is not accepted.
func sniff(src io.Reader, w *sink) (string, error) {
	head := make([]byte, 512)
	n, err := io.ReadFull(src, head)
	if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
		return "", err
	}
	head = head[:n]
	if n == 0 {
		return "", invalid("is empty")
	}
	if _, err := w.Write(head); err != nil {
		return "", err
	}
	var decode func(io.Reader) (image.Config, error)
	var mediaType string
	switch {
	case bytes.HasPrefix(head, jpegMagic):
		mediaType, decode = JPEG, jpeg.DecodeConfig
	case bytes.HasPrefix(head, pngMagic):
		mediaType, decode = PNG, png.DecodeConfig
	case bytes.HasPrefix(head, pdfMagic):
		if n < 8 || head[5] < '1' || head[5] > '2' || head[6] != '.' {
			return "", invalid("is not a PDF file: its header has no version")
		}
		return PDF, nil
	default:
		return "", invalid("is not a JPEG, PNG or PDF file (uploads are identified by their bytes, not their name)")
	}
	// The decoder reads the header through a tee, so every byte it reads
	// also goes on to the encrypter.
	cfg, err := decode(io.MultiReader(bytes.NewReader(head), io.TeeReader(src, w)))
	if err != nil {
		var ke *kyc.Error
		if errors.As(err, &ke) {
			return "", err // the cap, met while reading the header
		}
		if s, ok := src.(*sourceReader); ok && s.err != nil {
			return "", s.err
		}
		return "", invalid("starts as a " + mediaType + " file but its header is broken: " + err.Error())
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width > maxDimension || cfg.Height > maxDimension {
		return "", invalid("is an image of impossible dimensions")
	}
	return mediaType, nil
}

// finish makes the checks that need the whole content.
func finish(mediaType string, w *sink) error {
	if mediaType == PDF && !bytes.Contains(w.tail, pdfEOF) {
		return invalid("is not a complete PDF file: it has no %%EOF trailer")
	}
	return nil
}
