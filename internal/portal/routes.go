package portal

import (
	"net/http"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

// access is who may use a route: anyone (the sign-in pages and assets), a
// session at a sign-in stage (the second-factor pages), or a signed-in
// user holding a capability ("" for every signed-in user).
type access struct {
	public bool
	stages []kyc.SessionStage // nil: a full session
	cap    string
}

var (
	public   = access{public: true}
	signedIn = access{}
	// pendingCode is a sign-in waiting for its second-factor code.
	pendingCode = access{stages: []kyc.SessionStage{kyc.SessionTOTP}}
	// enrolling is a user setting up a second factor, at sign-in (the
	// institution requires one) or from their account page.
	enrolling = access{stages: []kyc.SessionStage{kyc.SessionEnrol, kyc.SessionFull}}
	// anySession may sign out whatever its stage.
	anySession = access{stages: []kyc.SessionStage{kyc.SessionFull, kyc.SessionTOTP, kyc.SessionEnrol}}
)

func can(capability string) access { return access{cap: capability} }

// handler is a portal page or action: it gets the request's session and
// returns an error for the middleware to render.
type handler func(w http.ResponseWriter, r *http.Request, rq *request) error

type route struct {
	method, path string
	access       access
	h            handler
}

// routeTable is the portal's whole surface, each route with the
// capability it needs: the only place authorisation is decided.
func (s *Server) routeTable() []route {
	return []route{
		{"GET", "/portal/{$}", signedIn, s.home},
		{"GET", "/portal/assets/{name}", public, s.asset},
		{"GET", "/portal/signin", public, s.signinPage},
		{"POST", "/portal/signin", public, s.signin},
		{"GET", "/portal/signin/code", pendingCode, s.codePage},
		{"POST", "/portal/signin/code", pendingCode, s.code},
		{"POST", "/portal/signout", anySession, s.signout},
		{"GET", "/portal/account", signedIn, s.account},
		{"POST", "/portal/account/password", signedIn, s.changePassword},
		{"GET", "/portal/account/totp", enrolling, s.totpSetup},
		{"POST", "/portal/account/totp", enrolling, s.totpEnable},

		{"GET", "/portal/queue", can(kyc.CapReadApplication), s.queue},
		{"POST", "/portal/search", can(kyc.CapSearch), s.search},
		{"GET", "/portal/profiles/{id}", can(kyc.CapReadProfile), s.casePage},
		{"POST", "/portal/profiles/{id}/tasks/{task}", can(kyc.CapEditTaskCompletion), s.taskAction},
		{"POST", "/portal/profiles/{id}/events", can(kyc.CapManageMatches), s.resolveEvents},
		{"POST", "/portal/profiles/{id}/tags", can(kyc.CapCreateProfileTag), s.addTag},
		{"POST", "/portal/profiles/{id}/tags/{tag}/remove", can(kyc.CapDeleteProfileTag), s.removeTag},
		{"POST", "/portal/profiles/{id}/applications/{app}/assign", can(kyc.CapAssignApplication), s.assign},
		{"POST", "/portal/profiles/{id}/applications/{app}/decision", can(kyc.CapEditApplicationStatus), s.decide},
		{"POST", "/portal/profiles/{id}/applications/{app}/revert", can(kyc.CapEditApplicationStatus), s.revert},
		{"POST", "/portal/profiles/{id}/legal-hold", can(kyc.CapEditProfile), s.setLegalHold},
		{"POST", "/portal/profiles/{id}/legal-hold/clear", can(kyc.CapDeleteProfile), s.clearLegalHold},
		{"POST", "/portal/profiles/{id}/erase", can(kyc.CapDeleteProfile), s.eraseProfile},

		{"GET", "/portal/screening", can(kyc.CapSearch), s.screeningPage},
		{"POST", "/portal/screening", can(kyc.CapSearch), s.screen},
		{"GET", "/portal/lists", can(kyc.CapSearch), s.lists},

		{"GET", "/portal/admin/users", can(kyc.CapViewUsers), s.users},
		{"POST", "/portal/admin/users", can(kyc.CapCreateUser), s.createUser},
		{"POST", "/portal/admin/users/{user}", can(kyc.CapEditUser), s.updateUser},
		{"POST", "/portal/admin/security", can(kyc.CapEditConfig), s.security},
		{"GET", "/portal/admin/keys", can(kyc.CapViewConfig), s.keys},
		{"POST", "/portal/admin/keys", can(kyc.CapEditConfig), s.createKey},
		{"POST", "/portal/admin/keys/{key}/revoke", can(kyc.CapEditConfig), s.revokeKey},
		{"GET", "/portal/admin/webhooks", can(kyc.CapViewConfig), s.webhooks},
		{"POST", "/portal/admin/webhooks", can(kyc.CapEditConfig), s.createWebhook},
		{"GET", "/portal/admin/webhooks/{hook}", can(kyc.CapViewConfig), s.webhook},
		{"POST", "/portal/admin/webhooks/{hook}", can(kyc.CapEditConfig), s.updateWebhook},
		{"POST", "/portal/admin/webhooks/{hook}/deliveries/{delivery}/redeliver", can(kyc.CapEditConfig), s.redeliver},
	}
}

// routes registers the table: each route behind its access check (and,
// for POST, the CSRF check).
func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	for _, rt := range s.routeTable() {
		mux.Handle(rt.method+" "+rt.path, s.guard(rt))
	}
	mux.HandleFunc("GET /portal", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/portal/", http.StatusSeeOther)
	})
	mux.Handle("/portal/", s.guard(route{access: public, h: func(w http.ResponseWriter, r *http.Request, rq *request) error {
		return &kyc.Error{Code: kyc.ENotFound, Message: "There is no such page."}
	}}))
	return mux
}
