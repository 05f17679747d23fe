package api

import (
	"net/http"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

// routes is the whole HTTP surface on one screen. Every /4.0 and /gatehouse
// route needs an API key; the integration routes a signature by a key an
// integration shares; the operational routes expose no data.
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
		{"POST", "/4.0/profiles/{profile_id}/applications/{application_id}", s.decideApplication},
		{"POST", "/4.0/profiles/{profile_id}/applications/{application_id}/revert_decision", s.revertDecision},
		{"GET", "/4.0/profiles/{profile_id}/tasks", s.listTasks},
		{"POST", "/4.0/profiles/{profile_id}/tasks", s.addTask},
		{"GET", "/4.0/profiles/{profile_id}/tasks/{task_id}", s.getTask},
		{"POST", "/4.0/profiles/{profile_id}/tasks/{task_id}", s.updateTask},
		{"GET", "/4.0/profiles/{profile_id}/tasks/{task_id}/notes", s.listNotes},
		{"POST", "/4.0/profiles/{profile_id}/tasks/{task_id}/notes", s.addNote},
		{"DELETE", "/4.0/profiles/{profile_id}/tasks/{task_id}/notes/{note_id}", s.deleteNote},
		{"GET", "/4.0/profiles/{profile_id}/events", s.listEvents},
		{"POST", "/4.0/profiles/{profile_id}/events", s.createEvent},
		{"POST", "/4.0/profiles/{profile_id}/events/bulk_update", s.bulkUpdateEvents},
		{"GET", "/4.0/profiles/{profile_id}/events/{event_id}", s.getEvent},
		{"POST", "/4.0/profiles/{profile_id}/events/{event_id}", s.updateEvent},
		{"GET", "/4.0/profiles/{profile_id}/checks", s.listChecks},
		{"POST", "/4.0/profiles/{profile_id}/checks", s.createCheck},
		{"GET", "/4.0/profiles/{profile_id}/checks/{check_id}", s.getCheck},
		{"POST", "/4.0/profiles/{profile_id}/checks/{check_id}", s.updateCheck},
		{"POST", "/4.0/profiles/{profile_id}/checks/{check_id}/approve", s.approveCheck},
		{"POST", "/4.0/profiles/{profile_id}/checks/{check_id}/reject", s.rejectCheck},
		{"GET", "/4.0/profiles/{profile_id}/collection_steps", s.listCollectionSteps},
		{"POST", "/4.0/profiles/{profile_id}/collection_steps", s.setCollectionSteps},
		{"POST", "/4.0/profiles/{profile_id}/collected_data/documents", s.addDocument},
		{"GET", "/4.0/profiles/{profile_id}/document_images", s.listImages},
		{"POST", "/4.0/profiles/{profile_id}/document_images", s.uploadImage},
		{"GET", "/4.0/profiles/{profile_id}/document_images/{image_id}", s.getImage},
		{"POST", "/4.0/profiles/{profile_id}/files", s.uploadFile},
		{"GET", "/4.0/profiles/{profile_id}/files/{file_id}", s.getFile},
		{"GET", "/4.0/tags/search/{term}", s.searchTags},
		{"GET", "/4.0/search/companies", s.searchCompanies},
		{"GET", "/4.0/address/search", s.searchAddresses},
		{"GET", "/4.0/address/format", s.formatAddress},
		{"POST", "/4.0/api_keys/collect", s.createCollectKey},
		{"POST", "/4.0/api_keys/collect/{profile_id}", s.createProfileCollectKey},
		{"GET", "/4.0/whoami", s.whoami},

		{"GET", "/gatehouse/v1/webhooks", s.listWebhooks},
		{"POST", "/gatehouse/v1/webhooks", s.createWebhook},
		{"GET", "/gatehouse/v1/webhooks/{id}", s.getWebhook},
		{"POST", "/gatehouse/v1/webhooks/{id}", s.updateWebhook},
		{"DELETE", "/gatehouse/v1/webhooks/{id}", s.deleteWebhook},
		{"GET", "/gatehouse/v1/webhooks/{id}/deliveries", s.listDeliveries},
		{"GET", "/gatehouse/v1/webhooks/{id}/deliveries/{delivery_id}", s.getDelivery},
		{"POST", "/gatehouse/v1/webhooks/{id}/deliveries/{delivery_id}/redeliver", s.redeliver},
		{"GET", "/gatehouse/v1/screen", s.screenName},
		{"GET", "/gatehouse/v1/profiles/{profile_id}/document_images/{image_id}/content", s.imageContent},
		{"GET", "/gatehouse/v1/profiles/{profile_id}/files/{file_id}/content", s.fileContent},
		{"POST", "/gatehouse/v1/address/format", s.layoutAddress},
		{"GET", "/gatehouse/v1/profiles/{profile_id}/ownership", s.getOwnership},
		{"DELETE", "/gatehouse/v1/profiles/{profile_id}", s.eraseProfile},
		{"GET", "/gatehouse/v1/profiles/{profile_id}/data_protection", s.getDataProtection},
		{"PUT", "/gatehouse/v1/profiles/{profile_id}/legal_hold", s.setLegalHold},
		{"DELETE", "/gatehouse/v1/profiles/{profile_id}/legal_hold", s.clearLegalHold},
		{"GET", "/gatehouse/v1/profiles/{profile_id}/export", s.exportProfile},
	}
	for _, rt := range api {
		if s.cfg.OperationsOnly {
			break
		}
		mux.Handle(rt.method+" "+rt.path, s.authenticated(rt.h))
	}
	if s.cfg.Collect != nil && !s.cfg.OperationsOnly {
		mux.Handle("/collect/", s.cfg.Collect)
	}
	if !s.cfg.OperationsOnly && s.cfg.IntegrationCallbacks != nil {
		mux.Handle("POST /integrations/v1/callbacks", s.cfg.IntegrationCallbacks)
	}
	if !s.cfg.OperationsOnly && s.cfg.IntegrationImages != nil {
		mux.Handle("GET /integrations/v1/images/{image_id}", s.cfg.IntegrationImages)
	}
	mux.HandleFunc("GET /healthz", s.healthz)
	mux.HandleFunc("GET /readyz", s.readyz)
	mux.HandleFunc("GET /metrics", s.serveMetrics)
	mux.Handle("/", s.authenticated(func(w http.ResponseWriter, r *http.Request) error {
		return unrouted(mux, r)
	}))
	return mux
}

// unrouted answers a request no route took: 405 when the path exists for
// another method, 404 otherwise, both in the error envelope.
func unrouted(mux *http.ServeMux, r *http.Request) error {
	for _, m := range []string{"GET", "POST", "DELETE"} {
		if m == r.Method {
			continue
		}
		probe := r.Clone(r.Context())
		probe.Method = m
		if _, pattern := mux.Handler(probe); pattern != "/" && pattern != "" {
			return kyc.Errorf(kyc.EUnsupported, "method %s is not allowed on %s", r.Method, r.URL.Path)
		}
	}
	return &kyc.Error{Code: kyc.ENotFound, Message: "no such endpoint", Info: map[string]any{"path": r.URL.Path}}
}
