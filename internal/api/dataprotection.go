package api

import (
	"mime"
	"net/http"
	"time"

	"github.com/gatehouse/gatehouse/internal/export"
	"github.com/gatehouse/gatehouse/internal/passfort"
)

// Gatehouse's own data protection endpoints (docs/data-protection.md).

// eraseProfile erases a profile: DELETE /gatehouse/v1/profiles/{profile_id}.
// It answers the tombstone's data protection state; a legal hold or an
// open application refuses it (105 CONSTRAINTS_NOT_SATISFIED, info.reason).
func (s *Server) eraseProfile(w http.ResponseWriter, r *http.Request) error {
	p, err := s.svc.EraseProfile(r.Context(), actorFrom(r.Context()), r.PathValue("profile_id"))
	if err != nil {
		return err
	}
	s.writeJSON(w, http.StatusOK, passfort.FromDataProtection(p))
	return nil
}

// getDataProtection answers a profile's erasure and legal hold state.
func (s *Server) getDataProtection(w http.ResponseWriter, r *http.Request) error {
	p, err := s.svc.Profile(r.Context(), actorFrom(r.Context()), r.PathValue("profile_id"))
	if err != nil {
		return err
	}
	s.writeJSON(w, http.StatusOK, passfort.FromDataProtection(p))
	return nil
}

// setLegalHold sets or replaces a profile's legal hold: PUT
// /gatehouse/v1/profiles/{profile_id}/legal_hold {"reason": "..."}.
func (s *Server) setLegalHold(w http.ResponseWriter, r *http.Request) error {
	body, err := s.readBody(w, r)
	if err != nil {
		return err
	}
	reason, err := passfort.DecodeLegalHold(body)
	if err != nil {
		return err
	}
	p, err := s.svc.SetLegalHold(r.Context(), actorFrom(r.Context()), r.PathValue("profile_id"), reason)
	if err != nil {
		return err
	}
	s.writeJSON(w, http.StatusOK, passfort.FromDataProtection(p))
	return nil
}

// clearLegalHold clears a profile's legal hold.
func (s *Server) clearLegalHold(w http.ResponseWriter, r *http.Request) error {
	p, err := s.svc.ClearLegalHold(r.Context(), actorFrom(r.Context()), r.PathValue("profile_id"))
	if err != nil {
		return err
	}
	s.writeJSON(w, http.StatusOK, passfort.FromDataProtection(p))
	return nil
}

// exportProfile streams a subject access export: GET
// /gatehouse/v1/profiles/{profile_id}/export, a zip archive (package
// export). Should a document fail to read part-way, the response is cut
// off, so a client never takes a truncated archive for a whole one.
func (s *Server) exportProfile(w http.ResponseWriter, r *http.Request) error {
	e, err := s.svc.Export(r.Context(), actorFrom(r.Context()), r.PathValue("profile_id"))
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", "application/zip")
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": "profile-" + e.Profile.ID + ".zip"}))
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(http.StatusOK)
	if err := export.Write(r.Context(), e, w, time.Now().UTC()); err != nil {
		panic(http.ErrAbortHandler)
	}
	return nil
}
