package store

import (
	"context"
	"encoding/json"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

// The JSON forms of an application's nested parts, as stored. They are
// decoupled from the kyc types so that renaming a Go field never silently
// changes stored data.

type productJSON struct {
	ID                   string `json:"id"`
	Alias                string `json:"alias"`
	Name                 string `json:"name"`
	AutomaticallyApply   bool   `json:"automatically_apply"`
	AutomaticallyApprove bool   `json:"automatically_approve"`
	FourEyes             bool   `json:"four_eyes,omitempty"`
}

type variantJSON struct {
	ID          string `json:"id"`
	Alias       string `json:"alias,omitempty"`
	Name        string `json:"name,omitempty"`
	Description string `json:"description,omitempty"`
	Type        string `json:"task_type"`
}

type userJSON struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Email string `json:"email"`
}

type statusChangeJSON struct {
	Status        string    `json:"status"`
	Date          int64     `json:"date"`
	Decisioner    *userJSON `json:"decisioner,omitempty"`
	Comment       string    `json:"comment,omitempty"`
	PolicyVersion string    `json:"policy_version,omitempty"`
}

type riskJSON struct {
	Model      string          `json:"model,omitempty"`
	Components []componentJSON `json:"components,omitempty"`
	Missing    []string        `json:"missing,omitempty"`
	Score      float64         `json:"score,omitempty"`
	Category   string          `json:"category,omitempty"`
	Pending    bool            `json:"pending,omitempty"`
	// InheritedID and InheritedName name the profile the risk comes from.
	InheritedID   string `json:"inherited_id,omitempty"`
	InheritedName string `json:"inherited_name,omitempty"`
}

type componentJSON struct {
	Name         string   `json:"name"`
	Input        string   `json:"input,omitempty"`
	Raw          string   `json:"raw,omitempty"`
	Required     bool     `json:"required,omitempty"`
	Score        float64  `json:"score,omitempty"`
	Category     string   `json:"category,omitempty"`
	Errors       []string `json:"errors,omitempty"`
	Undetermined bool     `json:"undetermined,omitempty"`
}

// toRiskJSON returns the stored form of a risk evaluation, with the values
// that came from collected data (factor inputs, the inherited-from name)
// sealed by sealText.
func toRiskJSON(r kyc.Risk, sealText func(field, s string) string) riskJSON {
	out := riskJSON{Model: r.Model, Missing: r.MissingRequired, Score: r.Score, Category: string(r.Category), Pending: r.Pending}
	if r.Inherited != nil {
		out.InheritedID, out.InheritedName = r.Inherited.ProfileID, sealText("risk.inherited_name", r.Inherited.Name)
	}
	for _, c := range r.Components {
		out.Components = append(out.Components, componentJSON{Name: c.Name, Input: sealText("risk.input", c.InputValue), Raw: sealText("risk.raw", c.RawValue),
			Required: c.Required, Score: c.Score, Category: string(c.Category), Errors: c.Errors, Undetermined: c.Undetermined})
	}
	return out
}

func (j riskJSON) kyc(openText func(field, s string) string) kyc.Risk {
	out := kyc.Risk{Model: j.Model, MissingRequired: j.Missing, Score: j.Score, Category: kyc.RiskCategory(j.Category), Pending: j.Pending}
	if j.InheritedID != "" {
		out.Inherited = &kyc.RiskSource{ProfileID: j.InheritedID, Name: openText("risk.inherited_name", j.InheritedName)}
	}
	for _, c := range j.Components {
		out.Components = append(out.Components, kyc.RiskComponent{Name: c.Name, InputValue: openText("risk.input", c.Input), RawValue: openText("risk.raw", c.Raw),
			Required: c.Required, Score: c.Score, Category: kyc.RiskCategory(c.Category), Errors: c.Errors, Undetermined: c.Undetermined})
	}
	return out
}

type flagChangeJSON struct {
	Status string `json:"status"`
	Flag   string `json:"flag"`
	Date   int64  `json:"date"`
}

func toVariantJSON(v kyc.TaskVariant) variantJSON {
	return variantJSON{ID: v.ID, Alias: v.Alias, Name: v.Name, Description: v.Description, Type: string(v.Type)}
}

func (v variantJSON) kyc() kyc.TaskVariant {
	return kyc.TaskVariant{ID: v.ID, Alias: v.Alias, Name: v.Name, Description: v.Description, Type: kyc.TaskType(v.Type)}
}

func toUserJSON(u *kyc.User) *userJSON {
	if u == nil {
		return nil
	}
	return &userJSON{ID: u.ID, Name: u.Name, Email: u.Email}
}

func (u *userJSON) kyc() *kyc.User {
	if u == nil {
		return nil
	}
	return &kyc.User{ID: u.ID, Name: u.Name, Email: u.Email}
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic("store: cannot encode " + err.Error()) // only plain structs are encoded
	}
	return string(b)
}

// applicationJSON returns the JSON columns of an application, with its
// free text (history comments, which hold decision reasons) sealed by
// sealText.
func applicationJSON(a *kyc.Application, sealText func(field, s string) string) (req, hist, flags string) {
	rv := make([]variantJSON, len(a.RequiredTasks))
	for i, v := range a.RequiredTasks {
		rv[i] = toVariantJSON(v)
	}
	hs := make([]statusChangeJSON, len(a.History))
	for i, h := range a.History {
		hs[i] = statusChangeJSON{Status: string(h.Status), Date: micros(h.Date), Decisioner: toUserJSON(h.Decisioner),
			Comment: sealText("comment", h.Comment), PolicyVersion: h.PolicyVersion}
	}
	fs := make([]flagChangeJSON, len(a.FlagHistory))
	for i, f := range a.FlagHistory {
		fs[i] = flagChangeJSON{Status: string(f.Status), Flag: string(f.Flag), Date: micros(f.Date)}
	}
	return mustJSON(rv), mustJSON(hs), mustJSON(fs)
}

func (t *tx) saveApplication(ctx context.Context, p *kyc.Profile, a *kyc.Application) error {
	if a.Stored() && !a.Dirty() {
		return nil
	}
	k, err := t.writeKey(ctx, p.InstitutionID, p.ID)
	if err != nil {
		return err
	}
	sealText := func(field, s string) string {
		if s == "" {
			return ""
		}
		return sealString(k, a.ProfileID, "applications."+field, a.ID, s)
	}
	req, hist, flags := applicationJSON(a, sealText)
	bucket, waiting, risk, assigneeID, assignee, pending := queueColumns(a, sealText)
	if !a.Stored() {
		prod := productJSON{ID: a.Product.ID, Alias: a.Product.Alias, Name: a.Product.Name,
			AutomaticallyApply: a.Product.AutomaticallyApply, AutomaticallyApprove: a.Product.AutomaticallyApprove,
			FourEyes: a.Product.FourEyes}
		_, err := t.c.Exec(ctx, t.db.q(qInsertApplication), a.ID, a.ProfileID, p.InstitutionID, a.Product.ID,
			mustJSON(prod), string(a.AssociatedRole), string(a.Status), a.Hidden, req, hist, flags, string(a.Flag),
			a.Automating, a.PolicyVersion, mustJSON(toRiskJSON(a.Risk, sealText)), micros(a.CreatedAt),
			bucket, waiting, risk, assigneeID, assignee, pending)
		return wrap("insert application", err)
	}
	_, err = t.c.Exec(ctx, t.db.q(qUpdateApplication), string(a.Status), a.Hidden, req, hist, flags,
		string(a.Flag), a.Automating, a.PolicyVersion, mustJSON(toRiskJSON(a.Risk, sealText)),
		bucket, waiting, risk, assigneeID, assignee, pending, a.ID)
	return wrap("update application", err)
}

func (r *reader) loadApplications(ctx context.Context, ids []any, byID map[string]*kyc.Profile) error {
	if err := r.loadKeysOf(ctx, byID); err != nil {
		return err
	}
	rows, err := r.c.Query(ctx, r.db.expandIDs(qApplications, len(ids)), ids...)
	if err != nil {
		return internal("applications", err)
	}
	defer rows.Close()
	for rows.Next() {
		var a kyc.Application
		var prod, req, hist, flags, risk, assignee, pending string
		var created int64
		if err := rows.Scan(&a.ID, &a.ProfileID, &prod, &a.AssociatedRole, &a.Status, &a.Hidden, &req, &hist,
			&flags, &a.Flag, &a.Automating, &a.PolicyVersion, &risk, &created, &assignee, &pending); err != nil {
			return internal("scan application", err)
		}
		a.CreatedAt = fromMicros(created)
		var openErr error
		k := r.cachedKey(a.ProfileID)
		openText := func(field, s string) string {
			v, err := r.open(k, a.ProfileID, "applications."+field, a.ID, s, "")
			if err != nil && openErr == nil {
				openErr = err
			}
			return v
		}
		if err := decodeApplication(&a, prod, req, hist, flags, risk, openText); err != nil {
			return internal("decode application "+a.ID, err)
		}
		if err := decodeAssignment(&a, assignee, pending, openText); err != nil {
			return internal("decode application "+a.ID, err)
		}
		if openErr != nil {
			return openErr
		}
		if p := byID[a.ProfileID]; p != nil {
			p.Applications = append(p.Applications, &a)
		}
	}
	return wrap("applications", rows.Err())
}

func decodeApplication(a *kyc.Application, prod, req, hist, flags, risk string, openText func(field, s string) string) error {
	var pj productJSON
	var rv []variantJSON
	var hs []statusChangeJSON
	var fs []flagChangeJSON
	var rj riskJSON
	if err := decodeAll([]string{prod, req, hist, flags, risk}, &pj, &rv, &hs, &fs, &rj); err != nil {
		return err
	}
	a.Risk = rj.kyc(openText)
	a.Product = kyc.Product{ID: pj.ID, Alias: pj.Alias, Name: pj.Name,
		AutomaticallyApply: pj.AutomaticallyApply, AutomaticallyApprove: pj.AutomaticallyApprove, FourEyes: pj.FourEyes}
	a.RequiredTasks = make([]kyc.TaskVariant, len(rv))
	for i, v := range rv {
		a.RequiredTasks[i] = v.kyc()
	}
	a.History = make([]kyc.StatusChange, len(hs))
	for i, h := range hs {
		a.History[i] = kyc.StatusChange{Status: kyc.AppStatus(h.Status), Date: fromMicros(h.Date), Decisioner: h.Decisioner.kyc(),
			Comment: openText("comment", h.Comment), PolicyVersion: h.PolicyVersion}
	}
	a.FlagHistory = make([]kyc.FlagChange, len(fs))
	for i, f := range fs {
		a.FlagHistory[i] = kyc.FlagChange{Status: kyc.AppStatus(f.Status), Flag: kyc.Flag(f.Flag), Date: fromMicros(f.Date)}
	}
	return nil
}
