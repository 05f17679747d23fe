package policy

import (
	"fmt"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

// retention reads the retention rules: each names a role or a product
// (not both) and how long to keep its profiles after the relationship
// ends; a role or product has at most one rule.
func (b *builder) retention(p *Policy, in []retentionFile) {
	seen := map[string]string{}
	for i, r := range in {
		at := fmt.Sprintf("retention[%d]", i)
		var rule kyc.RetentionRule
		switch {
		case r.Role != "" && r.Product != "":
			b.bad("%s: names both a role and a product; give one rule for each", at)
			continue
		case r.Role != "":
			role := kyc.Role(r.Role)
			if _, ok := role.EntityType(); !ok {
				b.bad("%s.role: %q is not a role (INDIVIDUAL_CUSTOMER, INDIVIDUAL_ASSOCIATED, COMPANY_CUSTOMER, COMPANY_ASSOCIATED)", at, r.Role)
				continue
			}
			rule.Role = role
		case r.Product != "":
			prod, ok := p.Product(kyc.ProductRef{ID: r.Product})
			if !ok {
				prod, ok = p.Product(kyc.ProductRef{Alias: r.Product})
			}
			if !ok {
				b.bad("%s.product: no product has the id or alias %q", at, r.Product)
				continue
			}
			rule.ProductID = prod.ID
		default:
			b.bad("%s: names neither a role nor a product", at)
			continue
		}
		key := string(rule.Role) + rule.ProductID
		if prev, dup := seen[key]; dup {
			b.bad("%s: %s already has a rule (%s)", at, key, prev)
			continue
		}
		seen[key] = at
		keep, err := kyc.ParsePeriod(r.Keep)
		if err != nil {
			b.bad("%s.keep: %v", at, err)
			continue
		}
		rule.Keep = keep
		p.retention = append(p.retention, rule)
	}
}
