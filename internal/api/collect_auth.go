package api

import (
	"net/http"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

// collectRoutes are the routes a collect key may call, by route pattern:
// reading its profiles and their collection steps, and submitting their
// collected data and documents. Every other route answers a collect key
// 403, and a profile it was not issued for 403 too, before anything is
// read (the kyc service refuses the same again).
var collectRoutes = map[string]bool{
	"GET /4.0/profiles/{profile_id}":                  true,
	"GET /4.0/profiles/{profile_id}/collected_data":   true,
	"POST /4.0/profiles/{profile_id}/collected_data":  true,
	"GET /4.0/profiles/{profile_id}/collection_steps": true,
}

// collectDocumentRoutes are the document routes a collect key may call to
// submit documents: upload images, read their records (never their
// bytes), add the document. Patterns must be routes.go's verbatim (the
// wildcard names too), or the route stays refused
// (TestCollectKeyDocuments).
var collectDocumentRoutes = map[string]bool{
	"POST /4.0/profiles/{profile_id}/document_images":           true,
	"GET /4.0/profiles/{profile_id}/document_images":            true,
	"GET /4.0/profiles/{profile_id}/document_images/{image_id}": true,
	"POST /4.0/profiles/{profile_id}/collected_data/documents":  true,
}

// authorizeCollect refuses what a collect key may not do on this request.
func authorizeCollect(r *http.Request, actor kyc.Actor) error {
	if !actor.IsCollect() {
		return nil
	}
	if !collectRoutes[r.Pattern] && !collectDocumentRoutes[r.Pattern] {
		return &kyc.Error{Code: kyc.EForbidden, Message: "a collect key may not call this endpoint",
			Info: map[string]any{"reason": "collect keys only read their profiles and collection steps and submit collected data and documents"}}
	}
	if id := r.PathValue("profile_id"); !actor.Collect.Covers(id) {
		return &kyc.Error{Code: kyc.EForbidden, Message: "this collect key was not issued for that profile",
			Info: map[string]any{"profile_id": id}}
	}
	return nil
}
