package policy

import (
	"bytes"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/gatehouse/gatehouse/internal/kyc"
	"go.yaml.in/yaml/v3"
)

//go:embed demo.yaml
var demoYAML []byte

// DemoYAML returns the built-in demo policy document.
func DemoYAML() []byte { return append([]byte(nil), demoYAML...) }

// builder holds what validation has found so far.
type builder struct {
	providers kyc.ProviderCatalog // nil: not checked (the built-in demo policy)
	probs     Problems
	ids       map[string]string // every id → where it was defined
	checks    map[string]*kyc.CheckVariant
	checkList []*kyc.CheckVariant
	models    map[string]*riskModel
	envs      *envs
}

func (b *builder) bad(format string, args ...any) {
	b.probs = append(b.probs, fmt.Sprintf(format, args...))
}

// Parse validates a policy document against the process's check providers
// and returns the policy, or Problems naming every error found (with its
// path in the document).
func Parse(doc []byte, providers kyc.ProviderCatalog) (*Policy, error) {
	if providers == nil {
		return nil, Problems{"no check providers to validate the policy against"}
	}
	return parse(doc, providers)
}

// parse is Parse; providers nil skips the provider checks (only for the
// built-in demo policy).
func parse(doc []byte, providers kyc.ProviderCatalog) (*Policy, error) {
	var f file
	dec := yaml.NewDecoder(bytes.NewReader(doc))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, Problems{"the document is empty"}
		}
		var te *yaml.TypeError
		if errors.As(err, &te) {
			return nil, Problems(te.Errors)
		}
		return nil, Problems{err.Error()}
	}
	b := &builder{providers: providers, ids: map[string]string{}, checks: map[string]*kyc.CheckVariant{}, models: map[string]*riskModel{}}
	sum := sha256.New()
	sum.Write(doc)
	p := &Policy{name: f.Name, variantByRef: map[string]*taskVariant{}}
	table := f.CountryRisk
	if table == nil {
		table, p.builtinTable = builtinCountryRisk(), true
		fmt.Fprintf(sum, "\x00builtin country_risk %v", table)
	}
	p.version = hex.EncodeToString(sum.Sum(nil)[:8])
	var err error
	if b.envs, err = newEnvs(buildCountryTable(table, b.bad)); err != nil {
		return nil, Problems{"CEL environment: " + err.Error()}
	}

	b.checkVariants(f.CheckVariants)
	b.taskVariants(p, f.TaskVariants)
	b.riskModels(f.RiskModels)
	b.products(p, f.Products)
	b.collect(p, f.Collect)
	b.associateProducts(p, f.TaskVariants)
	b.associatePolicy(p, f.Associates)
	b.retention(p, f.Retention)
	if len(b.probs) > 0 {
		return nil, b.probs
	}
	p.checks, p.checkByRef = b.checkList, b.checks
	return p, nil
}

// identity checks the id, alias and name every policy object has; aliases
// must be unique within their kind (taken), ids across the document.
func (b *builder) identity(at, id, alias, name string, taken map[string]bool) {
	switch prev, dup := b.ids[id]; {
	case !kyc.ValidID(id):
		b.bad("%s.id: must be a UUID, got %q", at, id)
	case dup:
		b.bad("%s.id: %s is used twice (also %s)", at, id, prev)
	default:
		b.ids[id] = at
	}
	switch {
	case alias == "":
		b.bad("%s.alias: is required", at)
	case taken[alias]:
		b.bad("%s.alias: %q is used twice", at, alias)
	}
	taken[alias] = true
	if strings.TrimSpace(name) == "" {
		b.bad("%s.name: is required", at)
	}
}

func (b *builder) checkVariants(in []checkVariantFile) {
	aliases := map[string]bool{}
	for i, c := range in {
		at := fmt.Sprintf("check_variants[%d]", i)
		cv := &kyc.CheckVariant{ID: strings.ToLower(c.ID), Alias: c.Alias, Name: c.Name, CheckType: c.CheckType,
			Provider: c.Provider, Config: c.Config, FallThroughOn: c.FallThroughOn}
		b.identity(at, cv.ID, cv.Alias, cv.Name, aliases)
		ct, ok := checkTypes[c.CheckType]
		if !ok {
			b.bad("%s.check_type: unknown check type %q", at, c.CheckType)
		}
		b.provider(at, cv, ok)
		for j, r := range c.FallThroughOn {
			if ok && !ct.hasResult(r) {
				b.bad("%s.fall_through_on[%d]: %s never ends with %q (its results: %s)", at, j, c.CheckType, r, strings.Join(ct.results, ", "))
			}
		}
		if cv.Config == nil {
			cv.Config = map[string]any{}
		}
		b.checks[cv.ID], b.checks[cv.Alias] = cv, cv
		b.checkList = append(b.checkList, cv)
	}
}

// provider checks that a variant's provider exists, runs its check type
// (when that is known), and accepts its config: what the provider would
// otherwise refuse when the check runs, ending it as Error.
func (b *builder) provider(at string, cv *kyc.CheckVariant, knownType bool) {
	if b.providers == nil {
		return // the built-in demo policy, whose providers TestDemoPolicyProviders checks
	}
	known, runs := b.providers.ProviderRuns(cv.Provider, kyc.CheckType(cv.CheckType))
	if !known {
		b.bad("%s.provider: must be one of %s, got %q", at, strings.Join(b.providers.ProviderNames(), ", "), cv.Provider)
		return
	}
	if knownType && !runs {
		b.bad("%s.provider: %s does not run %s checks (it runs %s)", at, cv.Provider, cv.CheckType, strings.Join(b.runs(cv.Provider), ", "))
	}
	for _, e := range b.providers.VariantProblems(*cv) {
		if e.Value == nil { // nothing to show (or a secret that must not be shown)
			b.bad("%s.config.%s: %s", at, e.Key, e.Reason)
			continue
		}
		b.bad("%s.config.%s: %s, got %v", at, e.Key, e.Reason, e.Value)
	}
}

// runs lists the check types a provider runs.
func (b *builder) runs(provider string) []string {
	var out []string
	for t := range checkTypes {
		if _, runs := b.providers.ProviderRuns(provider, kyc.CheckType(t)); runs {
			out = append(out, t)
		}
	}
	slices.Sort(out)
	return out
}

var expiryKeys = []string{"LOW", "MEDIUM", "HIGH", "UNDETERMINED", "default"}

func (b *builder) taskVariants(p *Policy, in []taskVariantFile) {
	aliases := map[string]bool{}
	for i, v := range in {
		at := fmt.Sprintf("task_variants[%d]", i)
		tv := &taskVariant{TaskVariant: kyc.TaskVariant{ID: strings.ToLower(v.ID), Alias: v.Alias, Name: v.Name,
			Description: v.Description, Type: kyc.TaskType(v.TaskType)}, expiry: map[kyc.RiskCategory]int{}}
		b.identity(at, tv.ID, tv.Alias, tv.Name, aliases)
		_, known := tv.Type.EntityType()
		if !known {
			b.bad("%s.task_type: unknown task type %q", at, v.TaskType)
		}
		checks := func(key string, refs []string) []*kyc.CheckVariant {
			var out []*kyc.CheckVariant
			for j, ref := range refs {
				cat := fmt.Sprintf("%s.%s[%d]", at, key, j)
				cv := byRef(b.checks, ref)
				switch {
				case cv == nil:
					b.bad("%s: no check variant %q", cat, ref)
					continue
				case known && checkTypes[cv.CheckType].tasks != nil && !checkTypes[cv.CheckType].fits(tv.Type):
					b.bad("%s: check variant %q is a %s check, which cannot serve a %s task", cat, ref, cv.CheckType, tv.Type)
				}
				for _, o := range out {
					if o == cv {
						b.bad("%s: check variant %q is listed twice", cat, ref)
					}
				}
				out = append(out, cv)
			}
			return out
		}
		for _, cv := range checks("acceptance_checks", v.AcceptanceChecks) {
			tv.acceptance = append(tv.acceptance, cv.ID)
		}
		for _, cv := range checks("automatic_checks", v.AutomaticChecks) {
			tv.automatic = append(tv.automatic, *cv)
		}
		for k, d := range v.ExpiryDays.Days {
			switch {
			case !slices.Contains(expiryKeys, k):
				b.bad("%s.expiry_days.%s: must be one of %s", at, k, strings.Join(expiryKeys, ", "))
			case d < 0:
				b.bad("%s.expiry_days: must not be negative, got %d", at, d)
			case k == "default":
				tv.expiryDef = d
			default:
				tv.expiry[kyc.RiskCategory(k)] = d
			}
		}
		p.variants = append(p.variants, tv)
		p.variantByRef[tv.ID], p.variantByRef[tv.Alias] = tv, tv
	}
	for _, tv := range p.variants {
		if _, taken := p.variantByRef[string(tv.Type)]; !taken {
			p.variantByRef[string(tv.Type)] = tv
		}
	}
}

// builtinCountryRisk is the demo policy's country table, used by documents
// that define none.
func builtinCountryRisk() map[string][]string {
	var f struct {
		CountryRisk map[string][]string `yaml:"country_risk"`
	}
	_ = yaml.Unmarshal(demoYAML, &f)
	return f.CountryRisk
}
