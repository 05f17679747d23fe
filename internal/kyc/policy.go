package kyc

// Policy is the institution's configuration of products and smart policies,
// loaded from YAML by package policy. It is immutable once loaded.
type Policy interface {
	// Version identifies the policy content (a hash), recorded on decisions.
	Version() string
	// Product finds a product by id or alias.
	Product(ref ProductRef) (Product, bool)
	// AutoApply returns the products that profiles of an entity type apply
	// for when a create request names none.
	AutoApply(et EntityType) []Product
	// Plan decides what an application for a product requires of a profile.
	// EInvalid when the product has no smart policy for the entity type.
	Plan(p *Profile, product Product) (Plan, error)
}

// Plan is the smart policy's outcome for one application.
type Plan struct {
	Tasks []TaskVariant
}
