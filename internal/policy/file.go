package policy

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// The YAML document of a policy. Field names are the YAML keys; see
// docs/policy.md for the format and internal/policy/demo.yaml for an example.

type file struct {
	Name          string              `yaml:"name"`
	CountryRisk   map[string][]string `yaml:"country_risk"`
	Associates    associatesFile      `yaml:"associates"`
	CheckVariants []checkVariantFile  `yaml:"check_variants"`
	TaskVariants  []taskVariantFile   `yaml:"task_variants"`
	RiskModels    []riskModelFile     `yaml:"risk_models"`
	Products      []productFile       `yaml:"products"`
	Collect       *collectFile        `yaml:"collect"`
	Retention     []retentionFile     `yaml:"retention"`
}

// retentionFile is one rule of retention: for a role or a product (by id
// or alias), how long after the relationship ends a profile is kept.
type retentionFile struct {
	Role    string `yaml:"role"`
	Product string `yaml:"product"`
	Keep    string `yaml:"keep"`
}

type checkVariantFile struct {
	ID            string         `yaml:"id"`
	Alias         string         `yaml:"alias"`
	Name          string         `yaml:"name"`
	CheckType     string         `yaml:"check_type"`
	Provider      string         `yaml:"provider"`
	Config        map[string]any `yaml:"config"`
	FallThroughOn []string       `yaml:"fall_through_on"`
}

type taskVariantFile struct {
	ID               string     `yaml:"id"`
	Alias            string     `yaml:"alias"`
	Name             string     `yaml:"name"`
	Description      string     `yaml:"description"`
	TaskType         string     `yaml:"task_type"`
	AcceptanceChecks []string   `yaml:"acceptance_checks"`
	AutomaticChecks  []string   `yaml:"automatic_checks"`
	ExpiryDays       expiryFile `yaml:"expiry_days"`
	// AssociateProduct is the product an associate linked for the task
	// applies for: one product, or a map from INDIVIDUAL and COMPANY to one.
	AssociateProduct associateProductFile `yaml:"associate_product"`
}

// associateProductFile is `associate_product`: a product reference for
// every associate, or a map from entity type to product reference.
type associateProductFile struct {
	ByEntity map[string]string // "" for the one product of the short form
}

// UnmarshalYAML accepts a product reference or a mapping.
func (a *associateProductFile) UnmarshalYAML(n *yaml.Node) error {
	switch n.Kind {
	case yaml.ScalarNode:
		a.ByEntity = map[string]string{"": n.Value}
		return nil
	case yaml.MappingNode:
		return n.Decode(&a.ByEntity)
	}
	return typeError(n, "associate_product must be a product alias or id, or a map from INDIVIDUAL and COMPANY to one")
}

// associatesFile is the `associates` section: how the policy treats a
// company's associates.
type associatesFile struct {
	UBOThreshold *float64 `yaml:"ubo_threshold"`
	Promote      bool     `yaml:"promote"`
}

// expiryFile is `expiry_days`: a number of days for every risk level, or a
// map from risk level (LOW, MEDIUM, HIGH, UNDETERMINED, default) to days.
type expiryFile struct {
	Days map[string]int
	Line int
}

// UnmarshalYAML accepts a number or a mapping.
func (e *expiryFile) UnmarshalYAML(n *yaml.Node) error {
	e.Line = n.Line
	switch n.Kind {
	case yaml.ScalarNode:
		d, err := strconv.Atoi(n.Value)
		if err != nil {
			return typeError(n, "expiry_days must be a whole number of days or a map of risk level to days, got %q", n.Value)
		}
		e.Days = map[string]int{"default": d}
		return nil
	case yaml.MappingNode:
		return n.Decode(&e.Days)
	}
	return typeError(n, "expiry_days must be a whole number of days or a map of risk level to days")
}

type riskModelFile struct {
	Alias      string       `yaml:"alias"`
	Name       string       `yaml:"name"`
	EntityType string       `yaml:"entity_type"`
	Levels     levelsFile   `yaml:"levels"`
	Factors    []factorFile `yaml:"factors"`
	Groups     []groupFile  `yaml:"groups"`
}

type levelsFile struct {
	Medium *float64 `yaml:"medium"`
	High   *float64 `yaml:"high"`
}

type factorFile struct {
	Name     string     `yaml:"name"`
	Required bool       `yaml:"required"`
	Value    string     `yaml:"value"`
	Rules    []ruleFile `yaml:"rules"`
	// Empty says what an empty value means: "missing" (the default: the
	// factor is undetermined) or "none" (nothing to score: 0, determined).
	Empty string `yaml:"empty"`
}

type ruleFile struct {
	When  string   `yaml:"when"`
	Score *float64 `yaml:"score"`
	Level string   `yaml:"level"`
}

type groupFile struct {
	Name    string   `yaml:"name"`
	Combine string   `yaml:"combine"`
	Members []string `yaml:"members"`
}

type productFile struct {
	ID                   string                     `yaml:"id"`
	Alias                string                     `yaml:"alias"`
	Name                 string                     `yaml:"name"`
	AutomaticallyApply   bool                       `yaml:"automatically_apply"`
	AutomaticallyApprove bool                       `yaml:"automatically_approve"`
	FourEyes             bool                       `yaml:"four_eyes"`
	SmartPolicies        map[string]smartPolicyFile `yaml:"smart_policies"`
}

// smartPolicyFile is a product's smart policy for one entity type. The short
// form, a list of steps, means a policy without a risk model.
type smartPolicyFile smartPolicyDoc

// smartPolicyDoc is the mapping form of a smart policy.
type smartPolicyDoc struct {
	RiskModel string     `yaml:"risk_model"`
	Steps     []stepFile `yaml:"steps"`
}

// UnmarshalYAML accepts the mapping form and the short (list of steps) form,
// rejecting unknown keys like the rest of the document.
func (s *smartPolicyFile) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.SequenceNode {
		if err := strict(n, &s.Steps); err != nil {
			return err
		}
		return n.Decode(&s.Steps)
	}
	if err := strict(n, (*smartPolicyDoc)(s)); err != nil {
		return err
	}
	return n.Decode((*smartPolicyDoc)(s))
}

// stepFile is one step of a smart policy: a condition, the task variants it
// adds and an outcome.
type stepFile struct {
	When    string   `yaml:"when"`
	Tasks   []string `yaml:"tasks"`
	Outcome string   `yaml:"outcome"`
	Reason  string   `yaml:"reason"`
}

func typeError(n *yaml.Node, format string, args ...any) error {
	return &yaml.TypeError{Errors: []string{fmt.Sprintf("line %d: ", n.Line) + fmt.Sprintf(format, args...)}}
}

// strict reports the mapping keys under n that the Go type of v has no field
// for: yaml's KnownFields does not reach inside custom unmarshalers.
func strict(n *yaml.Node, v any) error {
	var errs []string
	unknownKeys(n, reflect.TypeOf(v), &errs)
	if len(errs) > 0 {
		return &yaml.TypeError{Errors: errs}
	}
	return nil
}

var unmarshalerType = reflect.TypeFor[yaml.Unmarshaler]()

func unknownKeys(n *yaml.Node, t reflect.Type, errs *[]string) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if reflect.PointerTo(t).Implements(unmarshalerType) {
		return // it checks itself
	}
	switch {
	case n.Kind == yaml.SequenceNode && (t.Kind() == reflect.Slice || t.Kind() == reflect.Array):
		for _, c := range n.Content {
			unknownKeys(c, t.Elem(), errs)
		}
	case n.Kind == yaml.MappingNode && t.Kind() == reflect.Map:
		for i := 1; i < len(n.Content); i += 2 {
			unknownKeys(n.Content[i], t.Elem(), errs)
		}
	case n.Kind == yaml.MappingNode && t.Kind() == reflect.Struct:
		fields := map[string]reflect.Type{}
		for i := range t.NumField() {
			name, _, _ := strings.Cut(t.Field(i).Tag.Get("yaml"), ",")
			fields[name] = t.Field(i).Type
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i]
			ft, ok := fields[k.Value]
			if !ok {
				*errs = append(*errs, fmt.Sprintf("line %d: field %s not found in type policy.%s", k.Line, k.Value, t.Name()))
				continue
			}
			unknownKeys(n.Content[i+1], ft, errs)
		}
	}
}
