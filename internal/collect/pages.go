package collect

import (
	"errors"
	"mime"
	"net/http"
	"strconv"
	"time"

	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/passfort"
	"github.com/gatehouse/gatehouse/internal/policy"
)

// start opens the link: with ?key=, it checks the key, moves it into the
// cookie and redirects to a URL without it; without, it goes on with the
// cookie's key to the profile's form (or the list of the key's profiles).
func (h *Handler) start(w http.ResponseWriter, r *http.Request) {
	if r.URL.Query().Has("key") {
		s, err := h.authenticate(r, r.URL.Query().Get("key"))
		if err != nil {
			h.linkProblem(w, r, err)
			return
		}
		setKeyCookie(w, r, s)
		http.Redirect(w, r, h.home(s), http.StatusSeeOther)
		return
	}
	s, err := h.fromCookie(r)
	if err != nil {
		h.linkProblem(w, r, err)
		return
	}
	if len(s.actor.Collect.ProfileIDs) == 1 {
		http.Redirect(w, r, h.home(s), http.StatusSeeOther)
		return
	}
	theme := h.cfg.ThemeFunc(s.actor.InstitutionName)
	p := &page{Theme: newThemeView(theme, s.actor.InstitutionName), Title: theme.Wording.Title, Heading: theme.Wording.Title, CSRF: s.csrf()}
	for _, id := range s.actor.Collect.ProfileIDs {
		prof, err := h.cfg.Service.Profile(r.Context(), s.actor, id)
		if kyc.IsCode(err, kyc.ENotFound) {
			continue
		}
		if err != nil {
			h.failed(w, r, err)
			return
		}
		p.Profiles = append(p.Profiles, profileLink{URL: "/collect/p/" + prof.ID, Name: prof.DisplayName, Done: len(prof.CollectionSteps) == 0})
	}
	h.render(w, http.StatusOK, "list.html", p)
}

// home is where a session starts: its one profile's form, or the list.
func (h *Handler) home(s session) string {
	if ids := s.actor.Collect.ProfileIDs; len(ids) == 1 {
		return "/collect/p/" + ids[0]
	}
	return "/collect/"
}

// form shows a profile's outstanding steps.
func (h *Handler) form(w http.ResponseWriter, r *http.Request) {
	s, prof, ok := h.open(w, r)
	if !ok {
		return
	}
	h.showForm(w, http.StatusOK, s, prof, prefill(prof.CollectedData), nil, "")
}

// open authenticates the request and loads the profile of its path.
func (h *Handler) open(w http.ResponseWriter, r *http.Request) (session, *kyc.Profile, bool) {
	s, err := h.fromCookie(r)
	if err != nil {
		h.linkProblem(w, r, err)
		return s, nil, false
	}
	prof, err := h.cfg.Service.Profile(r.Context(), s.actor, r.PathValue("profile_id"))
	if kyc.IsCode(err, kyc.EForbidden) || kyc.IsCode(err, kyc.ENotFound) {
		h.message(w, r, http.StatusNotFound, h.cfg.ThemeFunc(s.actor.InstitutionName), s.actor.InstitutionName,
			"This page is not part of your link", "Open the link you were sent again.")
		return s, nil, false
	}
	if err != nil {
		h.failed(w, r, err)
		return s, nil, false
	}
	return s, prof, true
}

// showForm renders the form of a profile, or the done page when nothing
// is outstanding.
func (h *Handler) showForm(w http.ResponseWriter, status int, s session, prof *kyc.Profile, a answers, ps problems, notice string) {
	h.showFormWith(w, status, s, prof, a, ps, notice, nil)
}

// showFormWith is showForm with the page changed by more before rendering.
func (h *Handler) showFormWith(w http.ResponseWriter, status int, s session, prof *kyc.Profile, a answers, ps problems, notice string, more func(*page)) {
	theme := h.cfg.ThemeFunc(s.actor.InstitutionName)
	tv := newThemeView(theme, s.actor.InstitutionName)
	if len(prof.CollectionSteps) == 0 {
		h.render(w, http.StatusOK, "done.html", &page{Theme: tv, Title: theme.Wording.Title, Heading: theme.Wording.Title,
			Message: theme.Wording.Done, CSRF: s.csrf()})
		return
	}
	p := &page{Theme: tv, Title: theme.Wording.Title, Heading: theme.Wording.Title, CSRF: s.csrf(),
		Action: "/collect/p/" + prof.ID, A: a, Errors: ps, Countries: countries, Notice: notice}
	if len(ps) > 0 {
		p.Title = "Error: " + p.Title
	}
	for _, st := range prof.CollectionSteps {
		switch st.Type {
		case kyc.CollectFullName:
			p.Steps.FullName = true
		case kyc.CollectDOB:
			p.Steps.DOB = true
		case kyc.CollectNationality:
			p.Steps.Nationality = true
		case kyc.CollectAddressHistory:
			p.Steps.Address = true
		case kyc.CollectEmail:
			p.Steps.Email = true
		case kyc.CollectPhoneNumber:
			p.Steps.Phone = true
		case kyc.CollectDocument:
			if p.Steps.Document == nil {
				p.Steps.Document = &documentStep{Enabled: h.cfg.Documents != nil, Types: documentTypes(st)}
			}
		}
	}
	if more != nil {
		more(p)
	}
	h.render(w, status, "form.html", p)
}

// stepsOf indexes a profile's steps by type (the first of each).
func stepsOf(prof *kyc.Profile) stepSet {
	out := stepSet{}
	for _, st := range prof.CollectionSteps {
		if _, ok := out[st.Type]; !ok {
			out[st.Type] = st
		}
	}
	return out
}

// maxFormBytes bounds a form without files.
const maxFormBytes = 64 << 10

// submit takes the form: finding an address, choosing one, or sending the
// answers. Only sending writes, and only when everything is right.
func (h *Handler) submit(w http.ResponseWriter, r *http.Request) {
	s, err := h.fromCookie(r)
	if err != nil {
		h.linkProblem(w, r, err)
		return
	}
	if err := h.parse(w, r); err != nil {
		h.message(w, r, http.StatusBadRequest, h.cfg.ThemeFunc(s.actor.InstitutionName), s.actor.InstitutionName,
			"We could not read the form", err.Error())
		return
	}
	if !sameOrigin(r) || !s.validCSRF(r.PostFormValue("csrf")) {
		h.forbidden(w, r, s)
		return
	}
	_, prof, ok := h.open(w, r)
	if !ok {
		return
	}
	a := readAnswers(r.PostForm)
	switch r.PostFormValue("action") {
	case "find-address":
		h.findAddress(w, r, s, prof, a)
	case "choose-address":
		h.chooseAddress(w, r, s, prof, a)
	default:
		h.send(w, r, s, prof, a)
	}
}

// parse reads the body: a multipart form (with files) up to the images'
// limit, any other form up to maxFormBytes.
func (h *Handler) parse(w http.ResponseWriter, r *http.Request) error {
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt == "multipart/form-data" {
		r.Body = http.MaxBytesReader(w, r.Body, 2*h.cfg.MaxImageBytes+maxFormBytes)
		if err := r.ParseMultipartForm(maxFormBytes); err != nil {
			var mbe *http.MaxBytesError
			if errors.As(err, &mbe) {
				return errors.New("The files are too large: each photo must be smaller than " + megabytes(h.cfg.MaxImageBytes) + ".")
			}
			return errors.New("The form was not sent completely. Please try again.")
		}
		return nil
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if err := r.ParseForm(); err != nil {
		return errors.New("The form was not sent completely. Please try again.")
	}
	return nil
}

// send checks the answers and the document's files (storing their bytes),
// adds the answers to the collected data (checked by the API's rules in
// the same transaction), records the document, and shows the form again:
// with what is still outstanding, or done.
func (h *Handler) send(w http.ResponseWriter, r *http.Request, s session, prof *kyc.Profile, a answers) {
	now := time.Now().UTC()
	steps := stepsOf(prof)
	ps := a.check(steps, now)
	doc, docProblems := h.readDocument(r, steps, a)
	ps = append(ps, docProblems...)
	if len(ps) > 0 {
		h.showForm(w, http.StatusUnprocessableEntity, s, prof, a, ps, "")
		return
	}
	// The files first: one that cannot be used is refused before anything
	// is written.
	var images []kyc.NewDocumentImage
	if doc != nil {
		var err error
		if images, err = h.cfg.Documents.StoreImages(r.Context(), s.actor, prof.ID, *doc); err != nil {
			if ps, ok := h.fromDocumentError(err); ok {
				h.showForm(w, http.StatusUnprocessableEntity, s, prof, a, ps, "")
				return
			}
			h.failed(w, r, err)
			return
		}
	}
	if dataSteps(steps) {
		_, err := h.cfg.Service.EditCollectedData(r.Context(), s.actor, prof.ID, func(current []byte) ([]byte, kyc.Facts, error) {
			merged, err := a.merge(current, steps, now)
			if err != nil {
				return nil, kyc.Facts{}, err
			}
			return passfort.DecodeEntityData(merged, "collected_data")
		})
		if ps, ok := fromAPIError(err); ok {
			h.showForm(w, http.StatusUnprocessableEntity, s, prof, a, ps, "")
			return
		}
		if err != nil {
			h.failed(w, r, err)
			return
		}
	}
	if doc != nil {
		if err := h.cfg.Documents.SubmitDocument(r.Context(), s.actor, prof.ID, *doc, images); err != nil {
			h.failed(w, r, err)
			return
		}
	}
	http.Redirect(w, r, "/collect/p/"+prof.ID, http.StatusSeeOther)
}

// dataSteps reports whether any step asks for collected data the form
// writes (every step but DOCUMENT).
func dataSteps(steps stepSet) bool {
	for t := range steps {
		if t != kyc.CollectDocument {
			return true
		}
	}
	return false
}

// leave forgets the key in this browser.
func (h *Handler) leave(w http.ResponseWriter, r *http.Request) {
	s, err := h.fromCookie(r)
	if err != nil {
		h.linkProblem(w, r, err)
		return
	}
	if err := h.parse(w, r); err != nil || !sameOrigin(r) || !s.validCSRF(r.PostFormValue("csrf")) {
		h.forbidden(w, r, s)
		return
	}
	clearKeyCookie(w, r)
	h.message(w, r, http.StatusOK, h.cfg.ThemeFunc(s.actor.InstitutionName), s.actor.InstitutionName,
		"You have left the form", "This browser no longer holds your link. To come back, open the link you were sent again.")
}

// forbidden answers a form without this session's token: 403, nothing changed.
func (h *Handler) forbidden(w http.ResponseWriter, r *http.Request, s session) {
	h.message(w, r, http.StatusForbidden, h.cfg.ThemeFunc(s.actor.InstitutionName), s.actor.InstitutionName,
		"This form could not be sent", "Nothing was changed. Go back, reload the page and try again.")
}

// linkProblem answers a request without a usable key.
func (h *Handler) linkProblem(w http.ResponseWriter, r *http.Request, err error) {
	var ke *kyc.Error
	expired := errors.As(err, &ke) && ke.Info["reason"] == "expired"
	t := policy.DefaultTheme()
	switch {
	case kyc.IsCode(err, kyc.EMissingAPIKey):
		h.message(w, r, http.StatusUnauthorized, t, "", "Open the link you were sent",
			"This form opens from the link in the message you received. If you left the form, open that link again.")
	case expired:
		clearKeyCookie(w, r)
		h.message(w, r, http.StatusUnauthorized, t, "", "This link has expired",
			"For your security, links to this form only work for a short time. Ask the company that sent it for a new one.")
	case kyc.IsCode(err, kyc.EInvalidAPIKey):
		clearKeyCookie(w, r)
		h.message(w, r, http.StatusUnauthorized, t, "", "This link does not work",
			"Check that you opened the whole link from the message you received, or ask the company that sent it for a new one.")
	default:
		h.failed(w, r, err)
	}
}

// failed answers an internal error, logged without the request's data.
func (h *Handler) failed(w http.ResponseWriter, r *http.Request, err error) {
	h.cfg.Log.ErrorContext(r.Context(), "collect: request failed", "code", string(kyc.ErrorCode(err)), "error", err.Error())
	h.message(w, r, http.StatusInternalServerError, policy.DefaultTheme(), "", "Something went wrong",
		"Your details were not saved. Please try again in a few minutes.")
}

// megabytes writes a size for people.
func megabytes(n int64) string { return strconv.FormatInt(n>>20, 10) + " MB" }
