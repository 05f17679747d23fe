package integration

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Image is a document image an integration downloads.
type Image struct {
	ContentType string
	Data        []byte
}

// ImageHandler serves the signed, temporary image downloads of document
// verification checks (PassFort's GET /integrations/v1/images/{image_id}).
// It verifies the signature and asks Image for the image on behalf of the
// peer that signed. Mount it on a pattern with an {image_id} wildcard;
// without one the id is the path's last segment.
//
// Image must return ErrUnknownCheck unless the image belongs to a check of
// that peer still in progress: access is granted while a check using the
// image runs, and to that check's integration only. Other errors answer
// 503.
type ImageHandler struct {
	Peers *Peers
	Image func(ctx context.Context, from Peer, imageID string) (Image, error)
	// Now is the clock signatures are checked against; nil means time.Now.
	Now func() time.Time
}

func (h *ImageHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet {
		w.Header().Set("Allow", http.MethodGet)
		writeError(w, http.StatusMethodNotAllowed, codeInvalidInput, "images are fetched with GET", nil)
		return
	}
	peer, err := h.Peers.verify(r, nil, h.Now)
	if err != nil {
		writeSignatureError(w, err)
		return
	}
	id := r.PathValue("image_id")
	if id == "" {
		id = r.URL.Path[strings.LastIndexByte(r.URL.Path, '/')+1:]
	}
	if !isUUID(id) {
		writeError(w, http.StatusNotFound, codeInvalidInput, "no such image", map[string]any{"field": "image_id", "reason": "must be a UUID"})
		return
	}
	img, err := h.Image(r.Context(), peer, strings.ToLower(id))
	switch {
	case errors.Is(err, ErrUnknownCheck):
		writeError(w, http.StatusNotFound, codeInvalidInput, "no such image for a check in progress", map[string]any{"image_id": id})
		return
	case err != nil:
		writeError(w, http.StatusServiceUnavailable, 401, "the image could not be read; retry later", nil)
		return
	}
	ct := img.ContentType
	if ct == "" {
		ct = http.DetectContentType(img.Data)
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Content-Length", strconv.Itoa(len(img.Data)))
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	_, _ = w.Write(img.Data)
}
