package partner

import (
	"context"
	"net/http"

	"github.com/gatehouse/gatehouse/internal/integration"
	"github.com/gatehouse/gatehouse/internal/kyc"
)

// ImageSource reads the images of a profile's documents, for the
// integrations that verify them. The documents store implements it; until
// it does, Provider.Images is nil and every image download answers 404.
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
