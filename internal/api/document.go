package api

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"mime"
	"net/http"
	"strconv"

	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/passfort"
)

// DefaultMaxDocumentBytes is the largest upload when Config leaves it 0.
const DefaultMaxDocumentBytes = 20 << 20

// uploadLimit is the body limit of the upload routes: the largest
// document in base64, with room for the other members, and never below
// the limit of every other route.
func (s *Server) uploadLimit() int64 {
	n := s.cfg.MaxDocumentBytes
	return max((n+2)/3*4+64<<10, s.cfg.MaxBodyBytes)
}

// hashingReader hashes the body as the decoder streams it, for the
// idempotency check that needs the request's hash.
type hashingReader struct {
	r io.Reader
	h hash.Hash
}

func (h *hashingReader) Read(p []byte) (int, error) {
	n, err := h.r.Read(p)
	h.h.Write(p[:n])
	return n, err
}

// uploadBody wraps an upload's body in its limit and a hash.
func (s *Server) uploadBody(w http.ResponseWriter, r *http.Request) *hashingReader {
	return &hashingReader{r: http.MaxBytesReader(w, r.Body, s.uploadLimit()), h: sha256.New()}
}

// tooLarge turns the body limit's error into the envelope's 413.
func tooLarge(err error) error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return &kyc.Error{Code: kyc.ETooLarge, Message: fmt.Sprintf("body: larger than %d bytes", mbe.Limit),
			Info: map[string]any{"field": "body", "limit_bytes": mbe.Limit}}
	}
	return err
}

func renderImage(v any) any { return passfort.FromDocumentImage(v.(*kyc.DocumentImage)) }

// uploadImage streams a DocumentImageResource's data into encrypted
// storage as the body arrives, then records the image.
func (s *Server) uploadImage(w http.ResponseWriter, r *http.Request) error {
	ctx, pid := r.Context(), r.PathValue("profile_id")
	body := s.uploadBody(w, r)
	in, err := passfort.DecodeDocumentImage(body, func(data io.Reader) (kyc.Content, error) {
		return s.svc.PutContent(ctx, actorFrom(ctx), pid, data)
	})
	if err != nil {
		return tooLarge(err)
	}
	ctx, err = s.idempotentSum(r, body.h.Sum(nil), renderImage)
	if err != nil {
		return err
	}
	im, err := s.svc.AddDocumentImage(ctx, actorFrom(ctx), pid, in)
	return s.respond(ctx, w, im, err, renderImage)
}

func (s *Server) listImages(w http.ResponseWriter, r *http.Request) error {
	ims, err := s.svc.Images(r.Context(), actorFrom(r.Context()), r.PathValue("profile_id"))
	if err != nil {
		return err
	}
	s.writeJSON(w, http.StatusOK, passfort.FromDocumentImages(ims))
	return nil
}

func (s *Server) getImage(w http.ResponseWriter, r *http.Request) error {
	im, err := s.svc.Image(r.Context(), actorFrom(r.Context()), r.PathValue("profile_id"), r.PathValue("image_id"))
	if err != nil {
		return err
	}
	s.writeJSON(w, http.StatusOK, passfort.FromDocumentImage(im))
	return nil
}

func renderFile(v any) any { return passfort.FromFile(v.(*kyc.File)) }

func (s *Server) uploadFile(w http.ResponseWriter, r *http.Request) error {
	ctx, pid := r.Context(), r.PathValue("profile_id")
	body := s.uploadBody(w, r)
	in, err := passfort.DecodeFile(body, func(data io.Reader) (kyc.Content, error) {
		return s.svc.PutContent(ctx, actorFrom(ctx), pid, data)
	})
	if err != nil {
		return tooLarge(err)
	}
	ctx, err = s.idempotentSum(r, body.h.Sum(nil), renderFile)
	if err != nil {
		return err
	}
	f, err := s.svc.AddFile(ctx, actorFrom(ctx), pid, in)
	return s.respond(ctx, w, f, err, renderFile)
}

func (s *Server) getFile(w http.ResponseWriter, r *http.Request) error {
	f, err := s.svc.File(r.Context(), actorFrom(r.Context()), r.PathValue("profile_id"), r.PathValue("file_id"))
	if err != nil {
		return err
	}
	s.writeJSON(w, http.StatusOK, passfort.FromFile(f))
	return nil
}

func renderDocument(v any) any { return v.(json.RawMessage) }

func (s *Server) addDocument(w http.ResponseWriter, r *http.Request) error {
	body, err := s.readBody(w, r)
	if err != nil {
		return err
	}
	in, err := passfort.DecodeDocument(body)
	if err != nil {
		return err
	}
	ctx, err := s.idempotent(r, body, renderDocument)
	if err != nil {
		return err
	}
	doc, err := s.svc.AddDocument(ctx, actorFrom(ctx), r.PathValue("profile_id"), in)
	return s.respond(ctx, w, doc, err, renderDocument)
}

// imageContent serves an image's bytes: Gatehouse's own, audited read
// path (GET /gatehouse/v1/profiles/{profile_id}/document_images/{image_id}/content).
func (s *Server) imageContent(w http.ResponseWriter, r *http.Request) error {
	im, rc, err := s.svc.ImageContent(r.Context(), actorFrom(r.Context()), r.PathValue("profile_id"), r.PathValue("image_id"))
	if err != nil {
		return err
	}
	return serveContent(w, im.Name, im.Content, rc)
}

// fileContent serves a file's bytes, as imageContent.
func (s *Server) fileContent(w http.ResponseWriter, r *http.Request) error {
	f, rc, err := s.svc.FileContent(r.Context(), actorFrom(r.Context()), r.PathValue("profile_id"), r.PathValue("file_id"))
	if err != nil {
		return err
	}
	return serveContent(w, f.Name, f.Content, rc)
}

// serveContent streams decrypted bytes as a download. The bytes are
// authenticated as they are decrypted; if they fail part-way, the response
// is cut off (its Content-Length then tells the client it is incomplete).
func serveContent(w http.ResponseWriter, name string, c kyc.Content, rc io.ReadCloser) error {
	defer rc.Close()
	h := w.Header()
	h.Set("Content-Type", c.MediaType)
	h.Set("Content-Length", strconv.FormatInt(c.Size, 10))
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	if sum, err := hexToBase64(c.SHA256); err == nil {
		h.Set("Repr-Digest", "sha-256=:"+sum+":")
	}
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(http.StatusOK)
	if _, err := io.Copy(w, rc); err != nil {
		panic(http.ErrAbortHandler)
	}
	return nil
}

func hexToBase64(h string) (string, error) {
	b := make([]byte, len(h)/2)
	for i := range b {
		v, err := strconv.ParseUint(h[2*i:2*i+2], 16, 8)
		if err != nil {
			return "", err
		}
		b[i] = byte(v)
	}
	return base64.StdEncoding.EncodeToString(b), nil
}
