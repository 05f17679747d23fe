package kyc

import "time"

// Policy is the institution's configuration of products, task and check
// variants, risk models and smart policies, loaded from YAML by package
// policy. It is immutable once loaded and safe for concurrent use.
type Policy interface {
	// Version identifies the policy content (a hash), recorded on decisions.
	Version() string
	// Product finds a product by id or alias.
	Product(ref ProductRef) (Product, bool)
	// AutoApply returns the products that profiles of an entity type apply
	// for when a create request names none.
	AutoApply(et EntityType) []Product
	// TaskVariant finds a task variant by id or alias.
	TaskVariant(idOrAlias string) (TaskVariant, bool)
	// CheckVariant finds a check variant by id or alias.
	CheckVariant(ref string) (CheckVariant, bool)
	// DefaultCheckVariant is the variant a check of a type uses when none is
	// named (a built-in demo variant when the policy configures none).
	DefaultCheckVariant(t CheckType) CheckVariant
	// TaskChecks returns a task variant's acceptance check variant ids and
	// automatic check variants (in waterfall order).
	TaskChecks(taskVariantID string) (acceptance []string, automatic []CheckVariant)
	// Evaluate runs a product's risk model and smart policy for a profile in
	// its current state. EInvalid when the product has no smart policy for
	// the profile's entity type.
	Evaluate(p *Profile, product Product, now time.Time) (Plan, error)
	// AssociateProduct returns the product an associate of an entity type
	// applies for when a company links it for a task variant, and false
	// when the variant names none for that entity type.
	AssociateProduct(taskVariantID string, et EntityType) (Product, bool)
	// Associates returns the policy's rules for associates.
	Associates() AssociatePolicy
	// Retention returns how long profiles are kept after their
	// relationship ended, by role and product (none: never erased by
	// retention).
	Retention() RetentionPolicy
}

// AssociatePolicy is how a policy treats a company's associates.
type AssociatePolicy struct {
	// UBOThreshold is the effective ownership, in percent, above which a
	// person is an ultimate beneficial owner (DefaultUBOThreshold when 0).
	UBOThreshold float64
	// Promote makes the officers, owners and authorised persons a registry
	// or ownership check returns (immediate entries with a resolver_id)
	// associate profiles linked to the company, as PassFort's monitored
	// company data check does.
	Promote bool
}

// Plan is the smart policy's outcome for one application.
type Plan struct {
	// Risk is the risk model's result (zero when the product has none).
	Risk Risk
	// Tasks are the task variants the application requires, in order.
	Tasks []TaskVariant
	// Reject is set when the smart policy rejects the application
	// automatically (only APPLIED applications are rejected).
	Reject bool
	// RejectReason says which rule rejected.
	RejectReason string
	// ExpiryDays maps a task variant id to the days a pass stays valid at
	// this risk level; absent or 0 means it never expires.
	ExpiryDays map[string]int
}

// CheckVariant is a configured way of running a check type: a provider and
// its configuration.
type CheckVariant struct {
	ID        string
	Alias     string
	Name      string
	CheckType string
	Provider  string         // "demo", "screening", "manual", or an integration
	Config    map[string]any // provider options
	// Waterfall: run the next automatic variant when this one ends with one
	// of these results (e.g. "Fail", "Error").
	FallThroughOn []string
}

// ProviderCatalog is what a policy needs to know of a process's check
// providers to validate the check variants that name them. The checks
// registry the process runs checks with implements it, so a policy is
// validated against exactly the providers that will run its checks.
type ProviderCatalog interface {
	// ProviderNames lists the providers' names, sorted.
	ProviderNames() []string
	// ProviderRuns reports whether a provider of that name exists, and
	// whether it runs checks of type t.
	ProviderRuns(provider string, t CheckType) (known, runs bool)
	// VariantProblems returns what a variant's provider would refuse in
	// the variant's config.
	VariantProblems(v CheckVariant) []ConfigProblem
}

// ConfigProblem is a bad value of one option of a check variant's config.
type ConfigProblem struct {
	Key    string // the option, e.g. threshold
	Reason string // "must be ..."
	Value  any
}
