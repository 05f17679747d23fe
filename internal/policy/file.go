package policy

// The YAML document of a policy. Field names are the YAML keys; see
// docs/policy.md for the format and internal/policy/demo.yaml for an example.

type file struct {
	Name         string            `yaml:"name"`
	TaskVariants []taskVariantFile `yaml:"task_variants"`
	Products     []productFile     `yaml:"products"`
}

type taskVariantFile struct {
	ID          string `yaml:"id"`
	Alias       string `yaml:"alias"`
	Name        string `yaml:"name"`
	Description string `yaml:"description"`
	TaskType    string `yaml:"task_type"`
}

type productFile struct {
	ID                   string                `yaml:"id"`
	Alias                string                `yaml:"alias"`
	Name                 string                `yaml:"name"`
	AutomaticallyApply   bool                  `yaml:"automatically_apply"`
	AutomaticallyApprove bool                  `yaml:"automatically_approve"`
	SmartPolicies        map[string][]stepFile `yaml:"smart_policies"`
}

// stepFile is one step of a smart policy: the task variants it adds.
type stepFile struct {
	Tasks []string `yaml:"tasks"`
}
