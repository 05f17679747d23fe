package passfort

import "github.com/gatehouse/gatehouse/internal/kyc"

// Application is a ProductApplication.
type Application struct {
	ID               string             `json:"id"`
	Product          Product            `json:"product"`
	AssociatedRole   kyc.AssociatedRole `json:"associated_role,omitempty"`
	Status           kyc.AppStatus      `json:"status"`
	Flag             kyc.Flag           `json:"flag"`
	RequiredTasks    []TaskVariant      `json:"required_tasks"`
	History          []StatusChange     `json:"history"`
	FlagHistory      []FlagChange       `json:"flag_history"`
	ApprovalBlockers []Blocker          `json:"approval_blockers"`
	Assignments      []any              `json:"assignments"`
	Hidden           bool               `json:"hidden"`
}

// Product is a ProductResource, with the alias PassFort also sends.
type Product struct {
	ID                   string `json:"id"`
	Alias                string `json:"alias,omitempty"`
	Name                 string `json:"name"`
	AutomaticallyApply   bool   `json:"automatically_apply"`
	AutomaticallyApprove bool   `json:"automatically_approve"`
	IsDeleted            bool   `json:"is_deleted"`
}

// StatusChange is a ProductApplicationStatusChange.
type StatusChange struct {
	Status        kyc.AppStatus `json:"status"`
	Date          DateTime      `json:"date"`
	Decisioner    *User         `json:"decisioner"`
	Comment       string        `json:"comment,omitempty"`
	PolicyVersion string        `json:"policy_version,omitempty"`
}

// FlagChange is an entry of flag_history.
type FlagChange struct {
	Status kyc.AppStatus `json:"status"`
	Flag   kyc.Flag      `json:"flag"`
	Date   DateTime      `json:"date"`
}

// Blocker is an ApprovalBlocker.
type Blocker struct {
	BlockerType kyc.BlockerType `json:"blocker_type"`
	TaskType    kyc.TaskType    `json:"task_type,omitempty"`
	TaskVariant *TaskVariant    `json:"task_variant,omitempty"`
	EventID     string          `json:"event_id,omitempty"`
	// Associate names the associate whose unresolved event blocks a company
	// (a Gatehouse addition; the event is on the associate's profile).
	Associate *BlockerAssociate `json:"associate,omitempty"`
}

// BlockerAssociate is the associate an UNRESOLVED_EVENT blocker of a
// company is about.
type BlockerAssociate struct {
	ProfileID   string               `json:"profile_id"`
	DisplayName string               `json:"display_name"`
	Roles       []kyc.AssociatedRole `json:"roles"`
}

// User is a portal user.
type User struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Email string `json:"email"`
}

// FromUser converts an optional user.
func FromUser(u *kyc.User) *User {
	if u == nil {
		return nil
	}
	return &User{ID: u.ID, Name: u.Name, Email: u.Email}
}

// FromApplication converts an application of profile p, deriving its flag
// and blockers from the profile's current state.
func FromApplication(p *kyc.Profile, a *kyc.Application) Application {
	out := Application{
		ID: a.ID,
		Product: Product{ID: a.Product.ID, Alias: a.Product.Alias, Name: a.Product.Name,
			AutomaticallyApply: a.Product.AutomaticallyApply, AutomaticallyApprove: a.Product.AutomaticallyApprove,
			IsDeleted: a.Product.IsDeleted},
		AssociatedRole:   a.AssociatedRole,
		Status:           a.Status,
		Flag:             p.FlagOf(a),
		RequiredTasks:    make([]TaskVariant, len(a.RequiredTasks)),
		History:          make([]StatusChange, len(a.History)),
		FlagHistory:      make([]FlagChange, len(a.FlagHistory)),
		ApprovalBlockers: []Blocker{},
		Assignments:      []any{},
		Hidden:           a.Hidden,
	}
	for i, v := range a.RequiredTasks {
		out.RequiredTasks[i] = FromVariant(v)
	}
	for i, h := range a.History {
		out.History[i] = StatusChange{Status: h.Status, Date: DateTime(h.Date), Decisioner: FromUser(h.Decisioner),
			Comment: h.Comment, PolicyVersion: h.PolicyVersion}
	}
	for i, f := range a.FlagHistory {
		out.FlagHistory[i] = FlagChange{Status: f.Status, Flag: f.Flag, Date: DateTime(f.Date)}
	}
	if !a.Hidden && !a.Decided() {
		for _, b := range p.Blockers(a) {
			wb := Blocker{BlockerType: b.Type, TaskType: b.TaskType, EventID: b.EventID}
			if a := b.Associate; a != nil {
				wb.Associate = &BlockerAssociate{ProfileID: a.ProfileID, DisplayName: a.DisplayName, Roles: a.Roles}
			}
			if b.TaskVariant != nil {
				v := FromVariant(*b.TaskVariant)
				wb.TaskVariant = &v
			}
			out.ApprovalBlockers = append(out.ApprovalBlockers, wb)
		}
	}
	return out
}
