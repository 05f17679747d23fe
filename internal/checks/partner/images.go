package partner

import (
	"context"
	"fmt"
	"io"
	"net/http"

	"github.com/gatehouse/gatehouse/internal/integration"
	"github.com/gatehouse/gatehouse/internal/kyc"
)

// ImageSource reads the images of a profile's documents, for the
// integrations that verify them. DocumentImages implements it over the
// documents service; with Provider.Images nil every image download
// answers 404.
type ImageSource interface {
	// DocumentImage returns one image of a profile's documents: its
	// content type and bytes. ENotFound when the profile has no image
	// with that id.
	DocumentImage(ctx context.Context, institutionID, profileID, imageID string) (integration.Image, error)
}

// image serves an integration's image download: an image of a document
// check of that integration (the peer) still in progress, whose check
// granted it when it started; integration.ErrUnknownCheck (404) for any
// other.
func (p *Provider) image(ctx context.Context, from integration.Peer, imageID string) (integration.Image, error) {
	st, err := p.Store.ProviderCheckForImage(ctx, from.Name, imageID)
	switch {
	case kyc.IsCode(err, kyc.ENotFound):
		return integration.Image{}, integration.ErrUnknownCheck
	case err != nil:
		return integration.Image{}, err
	case p.Images == nil:
		return integration.Image{}, integration.ErrUnknownCheck
	}
	img, err := p.Images.DocumentImage(ctx, st.InstitutionID, st.ProfileID, imageID)
	if kyc.IsCode(err, kyc.ENotFound) {
		return integration.Image{}, integration.ErrUnknownCheck
	}
	return img, err
}

// CallbackHandler serves POST /integrations/v1/callbacks, the endpoint
// integrations call back when a check they started is done (PassFort's own
// path): signed with a key a variant shares, else 401.
func (p *Provider) CallbackHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := &integration.CallbackHandler{Peers: p.peers.Load(), Accept: p.Accept, Now: p.Now}
		h.ServeHTTP(w, r)
	})
}

// ImageHandler serves GET /integrations/v1/images/{image_id}, the signed,
// temporary download of a document check's images (PassFort's own path).
func (p *Provider) ImageHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := &integration.ImageHandler{Peers: p.peers.Load(), Image: p.image, Now: p.Now}
		h.ServeHTTP(w, r)
	})
}

// DocumentImages is the ImageSource of a server: the images uploaded to
// the documents service, decrypted, each read audited as a view by the
// system (kyc.Service.DocumentImage). An image is read whole into memory
// to be served with its length, so the read is bounded by MaxBytes, the
// largest upload the server accepts.
type DocumentImages struct {
	Service *kyc.Service
	// MaxBytes bounds an image read (the server's --max-document-bytes);
	// 0 means 20 MiB.
	MaxBytes int64
}

// DocumentImage implements ImageSource.
func (d DocumentImages) DocumentImage(ctx context.Context, institutionID, profileID, imageID string) (integration.Image, error) {
	limit := d.MaxBytes
	if limit <= 0 {
		limit = 20 << 20
	}
	im, rc, err := d.Service.DocumentImage(ctx, institutionID, profileID, imageID)
	if err != nil {
		return integration.Image{}, err
	}
	defer rc.Close()
	if im.Content.Size > limit {
		return integration.Image{}, fmt.Errorf("partner: image %s is %d bytes, over the %d bytes an image may have", im.ID, im.Content.Size, limit)
	}
	// Reading to the end authenticates the bytes against their record.
	data, err := io.ReadAll(io.LimitReader(rc, limit+1))
	if err != nil {
		return integration.Image{}, fmt.Errorf("partner: read image %s: %w", im.ID, err)
	}
	if int64(len(data)) > limit {
		return integration.Image{}, fmt.Errorf("partner: image %s is over the %d bytes an image may have", im.ID, limit)
	}
	return integration.Image{ContentType: im.Content.MediaType, Data: data}, nil
}
