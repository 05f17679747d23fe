package api

import (
	"net/http"

	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/passfort"
)

func renderTask(v any) any { return passfort.FromTask(v.(*kyc.Task)) }

// listTasks returns every task version of a profile, expired ones included.
func (s *Server) listTasks(w http.ResponseWriter, r *http.Request) error {
	p, err := s.svc.Profile(r.Context(), actorFrom(r.Context()), r.PathValue("profile_id"))
	if err != nil {
		return err
	}
	s.writeJSON(w, http.StatusOK, passfort.FromTasks(p.Tasks))
	return nil
}

func (s *Server) getTask(w http.ResponseWriter, r *http.Request) error {
	t, err := s.svc.Task(r.Context(), actorFrom(r.Context()), r.PathValue("profile_id"), r.PathValue("task_id"))
	if err != nil {
		return err
	}
	s.writeJSON(w, http.StatusOK, passfort.FromTask(t))
	return nil
}

func (s *Server) addTask(w http.ResponseWriter, r *http.Request) error {
	body, err := s.readBody(w, r)
	if err != nil {
		return err
	}
	in, err := passfort.DecodeNewTask(body)
	if err != nil {
		return err
	}
	ctx, err := s.idempotent(r, body, renderTask)
	if err != nil {
		return err
	}
	t, err := s.svc.AddTask(ctx, actorFrom(ctx), r.PathValue("profile_id"), in)
	return s.respond(ctx, w, t, err, renderTask)
}

func (s *Server) updateTask(w http.ResponseWriter, r *http.Request) error {
	body, err := s.readBody(w, r)
	if err != nil {
		return err
	}
	u, err := passfort.DecodeTaskUpdate(body)
	if err != nil {
		return err
	}
	ctx, err := s.idempotent(r, body, renderTask)
	if err != nil {
		return err
	}
	t, err := s.svc.UpdateTask(ctx, actorFrom(ctx), r.PathValue("profile_id"), r.PathValue("task_id"), u)
	return s.respond(ctx, w, t, err, renderTask)
}

func renderNote(v any) any { return passfort.FromNote(v.(*kyc.Note)) }

func (s *Server) listNotes(w http.ResponseWriter, r *http.Request) error {
	ns, err := s.svc.Notes(r.Context(), actorFrom(r.Context()), r.PathValue("profile_id"), r.PathValue("task_id"))
	if err != nil {
		return err
	}
	out := make([]passfort.Note, len(ns))
	for i := range ns {
		out[i] = passfort.FromNote(&ns[i])
	}
	s.writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) addNote(w http.ResponseWriter, r *http.Request) error {
	body, err := s.readBody(w, r)
	if err != nil {
		return err
	}
	text, files, err := passfort.DecodeNoteBody(body)
	if err != nil {
		return err
	}
	ctx, err := s.idempotent(r, body, renderNote)
	if err != nil {
		return err
	}
	n, err := s.svc.AddNoteWithAttachments(ctx, actorFrom(ctx), r.PathValue("profile_id"), r.PathValue("task_id"), text, files)
	return s.respond(ctx, w, n, err, renderNote)
}

func (s *Server) deleteNote(w http.ResponseWriter, r *http.Request) error {
	if err := s.svc.DeleteNote(r.Context(), actorFrom(r.Context()), r.PathValue("profile_id"), r.PathValue("task_id"), r.PathValue("note_id")); err != nil {
		return err
	}
	s.writeJSON(w, http.StatusOK, struct{}{})
	return nil
}
