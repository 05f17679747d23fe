package policy

import (
	"fmt"
	"slices"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

// riskModel scores a profile: factors (each a CEL value and scored rules),
// groups combining factors, and the thresholds of the levels.
type riskModel struct {
	alias, name  string
	entity       kyc.EntityType
	factors      []factor
	groups       []group
	medium, high float64
}

type factor struct {
	name     string
	required bool
	value    *expr
	rules    []rule
	grouped  bool // a group's member: counted through the group only
	// emptyNone: an empty value is "none", scored 0, not missing data.
	emptyNone bool
}

type rule struct {
	when  *expr
	score float64
	level kyc.RiskCategory // optional: the factor's level when this rule wins
}

type group struct {
	name    string
	combine string
	members []int // indexes into factors
}

var combines = []string{"highest", "lowest", "mean", "sum"}

func (b *builder) riskModels(in []riskModelFile) {
	for i, m := range in {
		at := fmt.Sprintf("risk_models[%d]", i)
		rm := &riskModel{alias: m.Alias, name: m.Name, entity: kyc.EntityType(m.EntityType)}
		switch {
		case m.Alias == "":
			b.bad("%s.alias: is required", at)
		case b.models[m.Alias] != nil:
			b.bad("%s.alias: %q is used twice", at, m.Alias)
		}
		if rm.entity != kyc.Individual && rm.entity != kyc.Company {
			b.bad("%s.entity_type: must be INDIVIDUAL or COMPANY, got %q", at, m.EntityType)
		}
		switch l := m.Levels; {
		case l.Medium == nil || l.High == nil:
			b.bad("%s.levels: needs the medium and high thresholds", at)
		case *l.Medium >= *l.High:
			b.bad("%s.levels: thresholds out of order: medium (%g) must be below high (%g)", at, *l.Medium, *l.High)
		default:
			rm.medium, rm.high = *l.Medium, *l.High
		}
		if len(m.Factors) == 0 {
			b.bad("%s.factors: a risk model needs at least one factor", at)
		}
		names := map[string]int{}
		for j, fd := range m.Factors {
			fat := fmt.Sprintf("%s.factors[%d]", at, j)
			rm.factors = append(rm.factors, b.factor(fat, fd))
			if fd.Name == "" {
				b.bad("%s.name: is required", fat)
			} else if _, dup := names[fd.Name]; dup {
				b.bad("%s.name: %q is used twice", fat, fd.Name)
			}
			names[fd.Name] = j
		}
		for j, g := range m.Groups {
			gat := fmt.Sprintf("%s.groups[%d]", at, j)
			gr := group{name: g.Name, combine: g.Combine}
			if g.Name == "" {
				b.bad("%s.name: is required", gat)
			} else if _, dup := names[g.Name]; dup {
				b.bad("%s.name: %q is already the name of a factor or group", gat, g.Name)
			}
			names[g.Name] = -1
			if !slices.Contains(combines, g.Combine) {
				b.bad("%s.combine: must be one of highest, lowest, mean, sum, got %q", gat, g.Combine)
			}
			if len(g.Members) == 0 {
				b.bad("%s.members: a group needs members", gat)
			}
			for k, member := range g.Members {
				idx, ok := names[member]
				switch {
				case !ok || idx < 0:
					b.bad("%s.members[%d]: no factor %q in this risk model", gat, k, member)
				case rm.factors[idx].grouped:
					b.bad("%s.members[%d]: factor %q is already in a group", gat, k, member)
				default:
					rm.factors[idx].grouped = true
					gr.members = append(gr.members, idx)
				}
			}
			rm.groups = append(rm.groups, gr)
		}
		b.models[m.Alias] = rm
	}
}

func (b *builder) factor(at string, fd factorFile) factor {
	f := factor{name: fd.Name, required: fd.Required, emptyNone: fd.Empty == "none"}
	if fd.Empty != "" && fd.Empty != "none" && fd.Empty != "missing" {
		b.bad("%s.empty: must be missing or none, got %q", at, fd.Empty)
	}
	f.value = compile(b.envs.value, at+".value", fd.Value, anyValue, b.bad)
	if len(fd.Rules) == 0 {
		b.bad("%s.rules: a factor needs at least one rule", at)
	}
	for k, r := range fd.Rules {
		rat := fmt.Sprintf("%s.rules[%d]", at, k)
		ru := rule{when: compile(b.envs.rule, rat+".when", r.When, condition, b.bad), level: kyc.RiskCategory(r.Level)}
		if r.Score == nil {
			b.bad("%s.score: is required", rat)
		} else {
			ru.score = *r.Score
		}
		switch ru.level {
		case "", kyc.RiskLow, kyc.RiskMedium, kyc.RiskHigh:
		default:
			b.bad("%s.level: must be LOW, MEDIUM or HIGH, got %q", rat, r.Level)
		}
		f.rules = append(f.rules, ru)
	}
	return f
}

// level maps a score to a level by the model's thresholds.
func (m *riskModel) level(score float64) kyc.RiskCategory {
	switch {
	case score >= m.high:
		return kyc.RiskHigh
	case score >= m.medium:
		return kyc.RiskMedium
	}
	return kyc.RiskLow
}
