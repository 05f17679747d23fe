package portal

import (
	"net/http"
	"strings"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

// keysData is the API keys page's data; Secret is a new key, shown once.
type keysData struct {
	Keys    []kyc.APIKey
	Created *kyc.APIKey
	Secret  string
}

func (s *Server) keysPage(w http.ResponseWriter, r *http.Request, rq *request, p *page, d keysData) error {
	all, err := s.svc.Store.APIKeys(r.Context())
	if err != nil {
		return err
	}
	for _, k := range all {
		if k.InstitutionID == rq.user.InstitutionID {
			d.Keys = append(d.Keys, k)
		}
	}
	p.Title, p.Nav, p.Data = "API keys", "admin", d
	return s.render(w, "keys", p)
}

func (s *Server) keys(w http.ResponseWriter, r *http.Request, rq *request) error {
	p := newPage(rq, "", "", nil)
	p.Flash = flashOf(r)
	return s.keysPage(w, r, rq, p, keysData{})
}

// createKey makes an API key for the admin's institution and shows it
// once: only its hash is stored.
func (s *Server) createKey(w http.ResponseWriter, r *http.Request, rq *request) error {
	name := strings.TrimSpace(r.PostForm.Get("name"))
	var err error
	if len(name) > 100 {
		err = kyc.FieldError("name", "must be at most 100 characters")
	}
	var secret string
	var k *kyc.APIKey
	if err == nil {
		secret, k, _, err = s.svc.CreateAPIKey(r.Context(), rq.inst.Name, name)
	}
	if err != nil {
		return s.adminError(w, r, rq, err, func(p *page) error { return s.keysPage(w, r, rq, p, keysData{}) })
	}
	s.log.Info("portal api key created", "request_id", rq.id, "by_user_id", rq.user.ID, "key_id", k.ID)
	return s.keysPage(w, r, rq, newPage(rq, "", "", nil), keysData{Created: k, Secret: secret})
}

// revokeKey revokes one of the institution's keys; another institution's
// key is not found, exactly as an absent one.
func (s *Server) revokeKey(w http.ResponseWriter, r *http.Request, rq *request) error {
	id := strings.ToLower(r.PathValue("key"))
	all, err := s.svc.Store.APIKeys(r.Context())
	if err != nil {
		return err
	}
	var found bool
	for _, k := range all {
		found = found || k.ID == id && k.InstitutionID == rq.user.InstitutionID
	}
	if !found || !kyc.ValidID(id) {
		return kyc.NotFound("api key", id)
	}
	if _, err := s.svc.RevokeAPIKey(r.Context(), id); err != nil {
		return err
	}
	s.log.Info("portal api key revoked", "request_id", rq.id, "by_user_id", rq.user.ID, "key_id", id)
	return seeOther(w, r, "/portal/admin/keys", "key-revoked", "")
}
