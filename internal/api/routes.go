package api

import (
	"net/http"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

// routes is the whole HTTP surface on one screen. Every /4.0 and /gatehouse
// route needs an API key; the operational routes expose no data.
func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	api := []struct {
		method, path string
		h            func(http.ResponseWriter, *http.Request) error
	}{
		{"POST", "/4.0/profiles", s.createProfile},
		{"GET", "/4.0/profiles", s.searchProfiles},
		{"GET", "/4.0/profiles/{profile_id}", s.getProfile},
		{"GET", "/4.0/profiles/{profile_id}/collected_data", s.getCollectedData},
		{"POST", "/4.0/profiles/{profile_id}/collected_data", s.replaceCollectedData},
		{"GET", "/4.0/profiles/{profile_id}/status", s.getStatus},
		{"POST", "/4.0/profiles/{profile_id}/status", s.setStatus},
		{"POST", "/4.0/profiles/{profile_id}/tags", s.addTag},
		{"DELETE", "/4.0/profiles/{profile_id}/tags/{tag_id}", s.removeTag},
		{"GET", "/4.0/profiles/{profile_id}/audit-items", s.auditItems},
		{"GET", "/4.0/profiles/{profile_id}/applications", s.listApplications},
		{"POST", "/4.0/profiles/{profile_id}/applications", s.addApplication},
		{"GET", "/4.0/profiles/{profile_id}/applications/{application_id}", s.getApplication},
		{"GET", "/4.0/tags/search/{term}", s.searchTags},
		{"GET", "/4.0/whoami", s.whoami},
	}
	paths := map[string]bool{}
	for _, rt := range api {
		mux.Handle(rt.method+" "+rt.path, s.authenticated(rt.h))
		if !paths[rt.path] {
			paths[rt.path] = true
			// Any other method on a known path: 405 in the error envelope.
			mux.Handle(rt.path, s.authenticated(methodNotAllowed))
		}
	}
	mux.HandleFunc("GET /healthz", s.healthz)
	mux.HandleFunc("GET /readyz", s.readyz)
	mux.HandleFunc("GET /metrics", s.serveMetrics)
	mux.Handle("/", s.authenticated(notFound))
	return mux
}

func methodNotAllowed(w http.ResponseWriter, r *http.Request) error {
	return kyc.Errorf(kyc.EUnsupported, "method %s is not allowed on %s", r.Method, r.URL.Path)
}

func notFound(w http.ResponseWriter, r *http.Request) error {
	return &kyc.Error{Code: kyc.ENotFound, Message: "no such endpoint", Info: map[string]any{"path": r.URL.Path}}
}
