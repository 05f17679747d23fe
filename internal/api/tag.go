package api

import (
	"net/http"

	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/passfort"
)

func renderTag(v any) any { return passfort.FromTag(v.(kyc.Tag)) }

func (s *Server) addTag(w http.ResponseWriter, r *http.Request) error {
	body, err := s.readBody(w, r)
	if err != nil {
		return err
	}
	ref, err := passfort.DecodeTag(body)
	if err != nil {
		return err
	}
	ctx, err := s.idempotent(r, body, renderTag)
	if err != nil {
		return err
	}
	t, err := s.svc.AddTag(ctx, actorFrom(ctx), r.PathValue("profile_id"), ref)
	return s.respond(ctx, w, t, err, renderTag)
}

func (s *Server) removeTag(w http.ResponseWriter, r *http.Request) error {
	t, err := s.svc.RemoveTag(r.Context(), actorFrom(r.Context()), r.PathValue("profile_id"), r.PathValue("tag_id"))
	if err != nil {
		return err
	}
	s.writeJSON(w, http.StatusOK, passfort.FromTag(t))
	return nil
}

func (s *Server) searchTags(w http.ResponseWriter, r *http.Request) error {
	limit, err := intParam(r.URL.Query().Get("limit"), "limit", 0)
	if err != nil {
		return err
	}
	tags, err := s.svc.SearchTags(r.Context(), actorFrom(r.Context()), r.PathValue("term"), limit)
	if err != nil {
		return err
	}
	s.writeJSON(w, http.StatusOK, passfort.FromTags(tags))
	return nil
}
