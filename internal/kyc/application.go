package kyc

import "time"

// Product is a product definition from the policy, as snapshot on an application.
type Product struct {
	ID                   string
	Alias                string
	Name                 string
	AutomaticallyApply   bool
	AutomaticallyApprove bool
	IsDeleted            bool
}

// ProductRef names a product by id or alias, as requests do.
type ProductRef struct {
	ID    string
	Alias string
}

// StatusChange is an entry of an application's history.
type StatusChange struct {
	Status     AppStatus
	Date       time.Time
	Decisioner *User // nil for API keys and the smart policy
	Comment    string
	// PolicyVersion is the version of the policy in force at the change.
	PolicyVersion string
}

// FlagChange is an entry of an application's flag history.
type FlagChange struct {
	Status AppStatus
	Flag   Flag
	Date   time.Time
}

// Application is a profile's application for a product.
type Application struct {
	Rev
	ID             string
	ProfileID      string
	Product        Product
	AssociatedRole AssociatedRole
	Status         AppStatus
	Hidden         bool
	RequiredTasks  []TaskVariant
	History        []StatusChange
	FlagHistory    []FlagChange
	// Flag is the flag last recorded in FlagHistory. The flag shown to callers
	// is always derived afresh (see Profile.FlagOf); this copy only detects changes.
	Flag          Flag
	PolicyVersion string
	// Automating is set while the smart policy's automatic checks for the
	// application's new tasks have not been instructed yet (they are, in
	// the background, right after the change that created the tasks).
	Automating bool
	// Risk is the latest evaluation of the product's risk model.
	Risk      Risk
	CreatedAt time.Time
}

// Decided reports whether the application's status is a decision.
func (a *Application) Decided() bool {
	return a.Status == AppApproved || a.Status == AppRejected || a.Status == AppCancelled
}

// transitions is the allowed status graph of PassFort 4.0.
var transitions = map[AppStatus][]AppStatus{
	AppApplied:  {AppApproved, AppRejected},
	AppApproved: {AppInReview, AppCancelled},
	AppInReview: {AppApproved, AppCancelled},
}

// CheckTransition returns nil when an application may move from one status to
// another, or the error PassFort gives when it may not.
func CheckTransition(from, to AppStatus) error {
	if !to.Valid() {
		return FieldError("status", "must be one of APPLIED, APPROVED, IN_REVIEW, REJECTED, CANCELLED")
	}
	for _, s := range transitions[from] {
		if s == to {
			return nil
		}
	}
	e := &Error{
		Code:    ETransition,
		Message: "an application cannot change from " + string(from) + " to " + string(to),
		Info:    map[string]any{"from": string(from), "to": string(to)},
	}
	switch {
	case from == AppRejected:
		e.Code, e.Message = EAlreadyRejected, "the application is already rejected; revert the decision first"
	case from == to && from == AppApproved:
		e.Code, e.Message = EAlreadyApproved, "the application is already approved"
	}
	return e
}

// FlagInput is the state from which an application's flag is derived.
type FlagInput struct {
	Status           AppStatus
	Automating       bool
	RiskPending      bool
	RiskUndetermined bool
	CollectionSteps  bool
	ChecksRunning    bool
	TasksIncomplete  bool
}

// DeriveFlag returns the one flag PassFort shows for the input: the first that
// applies in the order DECIDED, AUTOMATING, RECALCULATING_RISK,
// REQUIRES_RISK_SCORE, WAITING_ON_COLLECTION_STEPS, WAITING_ON_CHECKS,
// REQUIRES_MANUAL_TASK_COMPLETION, READY_FOR_DECISION.
func DeriveFlag(in FlagInput) Flag {
	switch {
	case in.Status == AppApproved || in.Status == AppRejected || in.Status == AppCancelled:
		return FlagDecided
	case in.Automating:
		return FlagAutomating
	case in.RiskPending:
		return FlagRecalculatingRisk
	case in.RiskUndetermined:
		return FlagRequiresRiskScore
	case in.CollectionSteps:
		return FlagWaitingOnCollection
	case in.ChecksRunning:
		return FlagWaitingOnChecks
	case in.TasksIncomplete:
		return FlagRequiresManualTask
	}
	return FlagReadyForDecision
}

// Blocker is a reason an application cannot be approved.
type Blocker struct {
	Type        BlockerType
	TaskType    TaskType     // INCOMPLETE_TASK
	TaskVariant *TaskVariant // INCOMPLETE_TASK
	EventID     string       // UNRESOLVED_EVENT
	// Associate is set for an UNRESOLVED_EVENT of an associate the company
	// links: the event is on the associate's profile.
	Associate *BlockerAssociate
}
