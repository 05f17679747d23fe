package api

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/passfort"
)

func renderProfile(v any) any { return passfort.FromProfile(v.(*kyc.Profile), false) }

func (s *Server) createProfile(w http.ResponseWriter, r *http.Request) error {
	body, err := s.readBody(w, r)
	if err != nil {
		return err
	}
	np, err := passfort.DecodeCreateProfile(body)
	if err != nil {
		return err
	}
	ctx, err := s.idempotent(r, body, renderProfile)
	if err != nil {
		return err
	}
	p, err := s.svc.CreateProfile(ctx, actorFrom(ctx), np)
	return s.respond(ctx, w, p, err, renderProfile)
}

func (s *Server) getProfile(w http.ResponseWriter, r *http.Request) error {
	p, err := s.svc.Profile(r.Context(), actorFrom(r.Context()), r.PathValue("profile_id"))
	if err != nil {
		return err
	}
	s.writeJSON(w, http.StatusOK, passfort.FromProfile(p, false))
	return nil
}

func (s *Server) searchProfiles(w http.ResponseWriter, r *http.Request) error {
	qs := r.URL.Query()
	q := kyc.ProfileQuery{Text: qs.Get("q")}
	var err error
	if q.Limit, err = intParam(qs.Get("limit"), "limit", kyc.DefaultSearchLimit); err != nil {
		return err
	}
	if q.Offset, err = intParam(qs.Get("offset"), "offset", 0); err != nil {
		return err
	}
	if c := qs.Get("categories"); c != "" {
		for _, part := range strings.Split(c, ",") {
			cat := kyc.Category(strings.TrimSpace(part))
			if !cat.Valid() {
				return kyc.FieldError("categories", "must list CUSTOMER, PREVIOUS_CUSTOMER, APPLICANT or INACTIVE_APPLICANT, comma-separated")
			}
			q.Categories = append(q.Categories, cat)
		}
	}
	page, err := s.svc.SearchProfiles(r.Context(), actorFrom(r.Context()), q)
	if err != nil {
		return err
	}
	s.writeJSON(w, http.StatusOK, passfort.FromSearch(page, q, actorFrom(r.Context()).Capabilities(true)))
	return nil
}

// intParam parses an optional non-negative integer query parameter.
func intParam(s, name string, def int) (int, error) {
	if s == "" {
		return def, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return 0, kyc.FieldError(name, "must be a non-negative integer")
	}
	return n, nil
}

func (s *Server) getCollectedData(w http.ResponseWriter, r *http.Request) error {
	p, err := s.svc.Profile(r.Context(), actorFrom(r.Context()), r.PathValue("profile_id"))
	if err != nil {
		return err
	}
	writeRaw(w, http.StatusOK, p.CollectedData)
	return nil
}

func renderCollectedData(v any) any { return rawJSON(v.(*kyc.Profile).CollectedData) }

// rawJSON is a JSON document sent as is.
type rawJSON []byte

func (r rawJSON) MarshalJSON() ([]byte, error) { return r, nil }

func (s *Server) replaceCollectedData(w http.ResponseWriter, r *http.Request) error {
	body, err := s.readBody(w, r)
	if err != nil {
		return err
	}
	data, facts, err := passfort.DecodeEntityData(body, "collected_data")
	if err != nil {
		return err
	}
	ctx, err := s.idempotent(r, body, renderCollectedData)
	if err != nil {
		return err
	}
	p, err := s.svc.ReplaceCollectedData(ctx, actorFrom(ctx), r.PathValue("profile_id"), data, facts)
	return s.respond(ctx, w, p, err, renderCollectedData)
}

func (s *Server) getStatus(w http.ResponseWriter, r *http.Request) error {
	p, err := s.svc.Profile(r.Context(), actorFrom(r.Context()), r.PathValue("profile_id"))
	if err != nil {
		return err
	}
	s.writeJSON(w, http.StatusOK, p.Status)
	return nil
}

func renderStatus(v any) any { return v }

func (s *Server) setStatus(w http.ResponseWriter, r *http.Request) error {
	body, err := s.readBody(w, r)
	if err != nil {
		return err
	}
	st, err := passfort.DecodeStatus(body)
	if err != nil {
		return err
	}
	ctx, err := s.idempotent(r, body, renderStatus)
	if err != nil {
		return err
	}
	got, err := s.svc.SetStatus(ctx, actorFrom(ctx), r.PathValue("profile_id"), st)
	return s.respond(ctx, w, got, err, renderStatus)
}

func (s *Server) auditItems(w http.ResponseWriter, r *http.Request) error {
	items, err := s.svc.AuditItems(r.Context(), actorFrom(r.Context()), r.PathValue("profile_id"))
	if err != nil {
		return err
	}
	s.writeJSON(w, http.StatusOK, passfort.FromAuditItems(items))
	return nil
}

func (s *Server) whoami(w http.ResponseWriter, r *http.Request) error {
	s.writeJSON(w, http.StatusOK, passfort.FromActor(actorFrom(r.Context())))
	return nil
}
