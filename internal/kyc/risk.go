package kyc

// RiskCategory is a risk level.
type RiskCategory string

// Risk categories.
const (
	RiskLow          RiskCategory = "LOW"
	RiskMedium       RiskCategory = "MEDIUM"
	RiskHigh         RiskCategory = "HIGH"
	RiskUndetermined RiskCategory = "UNDETERMINED"
)

// rank orders categories by severity for combining several applications' risk.
func (c RiskCategory) rank() int {
	switch c {
	case RiskLow:
		return 1
	case RiskMedium:
		return 2
	case RiskHigh:
		return 3
	case RiskUndetermined:
		return 4
	}
	return 0
}

// Risk is the outcome of a risk model for one application: PassFort's
// RiskOverviewResource. A zero Risk (no Model) means the product has no risk model.
type Risk struct {
	Model      string // the risk model's alias; empty when there is none
	Components []RiskComponent
	// MissingRequired names required components whose data is missing.
	MissingRequired []string
	Score           float64
	Category        RiskCategory
	Pending         bool
	// Inherited names the profile the risk comes from when it is not the
	// profile's own: for an associate without a risk model of its own, its
	// top parent (the customer it was onboarded for); for a company whose
	// risk model scored it on its associates, the associate that raised it
	// most.
	Inherited *RiskSource
}

// RiskSource names a profile a risk comes from (PassFort's InheritedRisk).
type RiskSource struct {
	ProfileID string
	Name      string
}

// RiskComponent is one factor (or group) of a risk model.
type RiskComponent struct {
	Name       string
	InputValue string // the value from the profile, as text ("" when missing)
	RawValue   string
	Required   bool
	Score      float64
	Category   RiskCategory // the factor's own level, when its rules give one
	Errors     []string     // why the component could not be computed
	// Undetermined is set when the component's data is missing.
	Undetermined bool
}

// Undetermined reports whether the risk could not be calculated.
func (r *Risk) Undetermined() bool { return r.Model != "" && r.Category == RiskUndetermined }

// MoreSevere reports whether r is more severe than o.
func (r *Risk) MoreSevere(o *Risk) bool { return r.Category.rank() > o.Category.rank() }
