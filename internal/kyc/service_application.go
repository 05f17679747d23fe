package kyc

import (
	"context"
	"reflect"
	"strings"
	"time"
)

// apply adds an application for a product to p, with the tasks its smart
// policy requires. field names the request field for errors.
func (s *Service) apply(p *Profile, actor Actor, na NewApplication, field string) (*Application, error) {
	prod, ok := s.Policy.Product(na.Product)
	if !ok {
		ref := na.Product.Alias
		sub := ".product.alias"
		if ref == "" {
			ref, sub = na.Product.ID, ".product.id"
		}
		return nil, &Error{Code: EInvalid, Message: field + sub + ": no product " + ref + " in the policy",
			Info: map[string]any{"field": field + sub, "reason": "unknown product"}}
	}
	if na.AssociatedRole != "" && !na.AssociatedRole.Valid() {
		return nil, FieldError(field+".associated_role", "is not an associated role")
	}
	for _, a := range p.Applications {
		if !a.Hidden && !a.Status.Final() && a.Product.ID == prod.ID {
			return nil, &Error{Code: EDataPresent, Message: "the profile already has an application for product " + prod.Alias,
				Info: map[string]any{"field": field + ".product", "application_id": a.ID}}
		}
	}
	now := s.now()
	plan, err := s.Policy.Evaluate(p, prod, now)
	if err != nil {
		if e, ok := err.(*Error); ok && e.Info == nil {
			e.Info = map[string]any{"field": field + ".product"}
		}
		return nil, err
	}
	app := &Application{
		ID:             NewID(),
		ProfileID:      p.ID,
		Product:        prod,
		AssociatedRole: na.AssociatedRole,
		Status:         AppApplied,
		RequiredTasks:  []TaskVariant{},
		History:        []StatusChange{{Status: AppApplied, Date: now, Decisioner: actor.User, PolicyVersion: s.Policy.Version()}},
		FlagHistory:    []FlagChange{},
		PolicyVersion:  s.Policy.Version(),
		Risk:           plan.Risk,
		CreatedAt:      now,
	}
	p.Applications = append(p.Applications, app)
	p.Record(NewAudit(actor, AuditAddedProduct, now, prod.Name, map[string]any{
		"application_id": app.ID, "product_id": prod.ID, "product_alias": prod.Alias, "policy_version": app.PolicyVersion,
	}))
	p.emit(Change{Kind: ChangeProductStatus, ApplicationID: app.ID, New: string(AppApplied), Actor: actor, At: now})
	s.applyPlan(p, app, plan, now)
	return app, nil
}

// applyPlan makes an application follow its smart policy's latest plan: its
// risk, the tasks it requires (tasks are added, never removed: a lower risk
// does not undo due diligence already asked for), and automatic rejection,
// which applies to APPLIED applications only.
func (s *Service) applyPlan(p *Profile, a *Application, plan Plan, now time.Time) {
	if a.Risk.Category != plan.Risk.Category {
		p.emit(Change{Kind: ChangeRiskLevel, ApplicationID: a.ID, Old: string(a.Risk.Category), New: string(plan.Risk.Category), At: now})
	}
	if !reflect.DeepEqual(a.Risk, plan.Risk) {
		a.Risk = plan.Risk
		a.Touch()
	}
	if a.PolicyVersion != s.Policy.Version() {
		a.PolicyVersion = s.Policy.Version()
		a.Touch()
	}
	for _, v := range plan.Tasks {
		p.Require(v, []*Application{a}, now)
	}
	if plan.Reject && a.Status == AppApplied {
		sys := System(p.InstitutionID)
		p.setStatus(a, AppRejected, sys, plan.RejectReason, a.PolicyVersion, now)
		p.Record(NewAudit(sys, AuditRiskAutoReject, now, plan.RejectReason, map[string]any{
			"application_id": a.ID, "risk": string(plan.Risk.Category), "policy_version": a.PolicyVersion,
		}))
	}
}

// reassess re-evaluates the risk and smart policy of every active
// application after the profile's data, events or status changed.
func (s *Service) reassess(p *Profile, now time.Time) error {
	for _, a := range p.ActiveApplications() {
		plan, err := s.Policy.Evaluate(p, a.Product, now)
		if IsCode(err, EInvalid) {
			continue // the product or its smart policy left the policy: keep the application as it is
		}
		if err != nil {
			return err
		}
		s.applyPlan(p, a, plan, now)
	}
	return nil
}

// AddApplication applies a profile for a product and returns the application.
func (s *Service) AddApplication(ctx context.Context, actor Actor, profileID string, na NewApplication) (*Application, *Profile, error) {
	var app *Application
	r, err := s.updateProfile(ctx, actor, profileID, func(tx Tx, p *Profile) (any, error) {
		var err error
		if app, err = s.apply(p, actor, na, "body"); err != nil {
			return nil, err
		}
		return &AppView{Profile: p, Application: app}, nil
	})
	if err != nil {
		return nil, nil, err
	}
	s.notify()
	v := r.(*AppView)
	return v.Application, v.Profile, nil
}

// AppView is an application with the profile it belongs to, from which its
// derived fields are computed.
type AppView struct {
	Profile     *Profile
	Application *Application
}

// Applications returns a profile's applications (hidden ones included, as
// PassFort does) with the profile.
func (s *Service) Applications(ctx context.Context, actor Actor, profileID string) (*Profile, error) {
	return s.Profile(ctx, actor, profileID)
}

// Application returns one application of a profile.
func (s *Service) Application(ctx context.Context, actor Actor, profileID, appID string) (*Application, *Profile, error) {
	p, err := s.Profile(ctx, actor, profileID)
	if err != nil {
		return nil, nil, err
	}
	a := p.Application(strings.ToLower(appID))
	if a == nil {
		return nil, nil, NotFound("application", appID)
	}
	return a, p, nil
}
