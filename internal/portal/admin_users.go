package portal

import (
	"net/http"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

// usersData is the users page's data. Password is a new user's or a reset
// password, shown once.
type usersData struct {
	Users       []kyc.UserAccount
	Roles       []kyc.UserRole
	Created     *kyc.UserAccount
	Password    string
	RequireTOTP bool
}

var roles = []kyc.UserRole{kyc.UserViewer, kyc.UserAnalyst, kyc.UserAdmin}

func (s *Server) usersPage(w http.ResponseWriter, r *http.Request, rq *request, p *page, d usersData) error {
	users, err := s.acc.Users(r.Context(), rq.user.InstitutionID)
	if err != nil {
		return err
	}
	d.Users, d.Roles, d.RequireTOTP = users, roles, rq.inst.RequireTOTP
	p.Title, p.Nav, p.Data = "Users", "admin", d
	return s.render(w, "users", p)
}

func (s *Server) users(w http.ResponseWriter, r *http.Request, rq *request) error {
	p := newPage(rq, "", "", nil)
	p.Flash = flashOf(r)
	return s.usersPage(w, r, rq, p, usersData{})
}

// adminError shows an admin page again with a refusal and its status.
func (s *Server) adminError(w http.ResponseWriter, r *http.Request, rq *request, err error, again func(*page) error) error {
	if _, ok := err.(*kyc.Error); !ok || statusOf(err) == http.StatusInternalServerError {
		return err
	}
	p := newPage(rq, "", "", nil)
	p.Status, p.Error = statusOf(err), err.(*kyc.Error).Message
	return again(p)
}

// createUser adds a user to the admin's institution and shows its
// generated password once.
func (s *Server) createUser(w http.ResponseWriter, r *http.Request, rq *request) error {
	f := r.PostForm
	role, err := kyc.ParseUserRole(f.Get("role"))
	var u *kyc.UserAccount
	var pw string
	if err == nil {
		u, pw, err = s.acc.AddUser(r.Context(), rq.user.InstitutionID, kyc.NewUser{Email: f.Get("email"), Name: f.Get("name"), Role: role})
	}
	if err != nil {
		return s.adminError(w, r, rq, err, func(p *page) error { return s.usersPage(w, r, rq, p, usersData{}) })
	}
	s.log.Info("portal user created", "request_id", rq.id, "by_user_id", rq.user.ID, "user_id", u.ID, "role", string(u.Role))
	return s.usersPage(w, r, rq, newPage(rq, "", "", nil), usersData{Created: u, Password: pw})
}

// updateUser changes a user's role, disables or enables them, or resets
// their password (shown once) or second factor. An admin cannot lock
// themselves out.
func (s *Server) updateUser(w http.ResponseWriter, r *http.Request, rq *request) error {
	f := r.PostForm
	var c kyc.UserChange
	id := r.PathValue("user")
	self := id == rq.user.ID
	var err error
	switch f.Get("action") {
	case "role":
		var role kyc.UserRole
		if role, err = kyc.ParseUserRole(f.Get("role")); err == nil && self && role != kyc.UserAdmin {
			err = kyc.FieldError("role", "you cannot remove your own admin role; ask another admin")
		}
		c.Role = &role
	case "disable", "enable":
		off := f.Get("action") == "disable"
		if off && self {
			err = kyc.FieldError("action", "you cannot disable yourself")
		}
		c.Disabled = &off
	case "reset-password":
		c.ResetPassword = true
	case "reset-totp":
		c.ResetTOTP = true
	default:
		err = kyc.FieldError("action", "must be role, disable, enable, reset-password or reset-totp")
	}
	var u *kyc.UserAccount
	var pw string
	if err == nil {
		u, pw, err = s.acc.UpdateUser(r.Context(), rq.user.InstitutionID, id, c)
	}
	if err != nil {
		return s.adminError(w, r, rq, err, func(p *page) error { return s.usersPage(w, r, rq, p, usersData{}) })
	}
	s.log.Info("portal user changed", "request_id", rq.id, "by_user_id", rq.user.ID, "user_id", u.ID, "action", f.Get("action"))
	if pw != "" {
		return s.usersPage(w, r, rq, newPage(rq, "", "", nil), usersData{Created: u, Password: pw})
	}
	return seeOther(w, r, "/portal/admin/users", "user", "")
}

// security turns the institution's second-factor requirement on or off.
func (s *Server) security(w http.ResponseWriter, r *http.Request, rq *request) error {
	on := r.PostForm.Get("require_totp") == "on"
	if err := s.acc.SetRequireTOTP(r.Context(), rq.user.InstitutionID, on); err != nil {
		return err
	}
	s.log.Info("portal security changed", "request_id", rq.id, "by_user_id", rq.user.ID, "require_totp", on)
	return seeOther(w, r, "/portal/admin/users", "security", "")
}
