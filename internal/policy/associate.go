package policy

import (
	"fmt"
	"math"
	"sort"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

// associateProducts resolves each task variant's associate_product: the
// product an associate linked for the task applies for. Only the tasks
// done by onboarding associates name one, and the product must have a
// smart policy for the associates it is named for.
func (b *builder) associateProducts(p *Policy, in []taskVariantFile) {
	for i, vf := range in {
		if i >= len(p.variants) || len(vf.AssociateProduct.ByEntity) == 0 {
			continue
		}
		tv := p.variants[i]
		at := fmt.Sprintf("task_variants[%d].associate_product", i)
		if !tv.Type.IsAssociateTask() {
			b.bad("%s: only identify officers, beneficial owners, trustees or authorised persons and assess ownership tasks onboard associates, not %s", at, tv.Type)
			continue
		}
		tv.associate = map[kyc.EntityType]*product{}
		keys := make([]string, 0, len(vf.AssociateProduct.ByEntity))
		for k := range vf.AssociateProduct.ByEntity {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			ref := vf.AssociateProduct.ByEntity[k]
			kat := at
			if k != "" {
				kat = at + "." + k
			}
			pr := p.product(kyc.ProductRef{ID: ref})
			if pr == nil {
				pr = p.product(kyc.ProductRef{Alias: ref})
			}
			if pr == nil {
				b.bad("%s: no product %q", kat, ref)
				continue
			}
			if k == "" {
				for _, et := range []kyc.EntityType{kyc.Individual, kyc.Company} {
					if pr.smart[et] != nil {
						tv.associate[et] = pr
					}
				}
				continue
			}
			et := kyc.EntityType(k)
			switch {
			case et != kyc.Individual && et != kyc.Company:
				b.bad("%s: must be INDIVIDUAL or COMPANY", kat)
			case pr.smart[et] == nil:
				b.bad("%s: product %q has no smart policy for %s", kat, ref, et)
			default:
				tv.associate[et] = pr
			}
		}
	}
}

// associatePolicy checks the associates section.
func (b *builder) associatePolicy(p *Policy, in associatesFile) {
	p.associates = kyc.AssociatePolicy{UBOThreshold: kyc.DefaultUBOThreshold, Promote: in.Promote}
	if t := in.UBOThreshold; t != nil {
		if math.IsNaN(*t) || *t <= 0 || *t >= 100 {
			b.bad("associates.ubo_threshold: must be a percentage above 0 and below 100, got %g", *t)
		} else {
			p.associates.UBOThreshold = *t
		}
	}
}
