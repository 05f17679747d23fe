package kyc

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Period is a retention period: years, months, weeks and days, added to a
// date by the calendar (five years after 29 February lands on 1 March).
type Period struct {
	Years, Months, Days int
	Text                string // as written: "5y", "18m", "1d"
}

// ParsePeriod reads a period: a whole number and a unit, y (years), m
// (months), w (weeks) or d (days), e.g. "5y", "6m", "30d"; several may
// follow each other ("1y6m"). The total must be at least a day.
func ParsePeriod(s string) (Period, error) {
	p := Period{Text: s}
	rest := strings.TrimSpace(s)
	if rest == "" {
		return p, fmt.Errorf("is empty; want a number and a unit, e.g. 5y, 6m, 30d")
	}
	for rest != "" {
		i := 0
		for i < len(rest) && rest[i] >= '0' && rest[i] <= '9' {
			i++
		}
		if i == 0 || i == len(rest) || i > 5 {
			return p, fmt.Errorf("%q: want a number and a unit (y, m, w or d), e.g. 5y, 6m, 30d", s)
		}
		n, _ := strconv.Atoi(rest[:i])
		switch rest[i] {
		case 'y':
			p.Years += n
		case 'm':
			p.Months += n
		case 'w':
			p.Days += 7 * n
		case 'd':
			p.Days += n
		default:
			return p, fmt.Errorf("%q: unknown unit %q; want y, m, w or d", s, rest[i:i+1])
		}
		rest = rest[i+1:]
	}
	if p.Years == 0 && p.Months == 0 && p.Days == 0 {
		return p, fmt.Errorf("%q: must be at least a day", s)
	}
	if p.Years > 100 {
		return p, fmt.Errorf("%q: more than a hundred years", s)
	}
	return p, nil
}

// After returns t plus the period.
func (p Period) After(t time.Time) time.Time { return t.AddDate(p.Years, p.Months, p.Days) }

// RetentionRule says how long a profile is kept after its relationship
// with the institution ended: for the profiles of a role, or those that
// applied for a product.
type RetentionRule struct {
	Role      Role   // "" for a product's rule
	ProductID string // "" for a role's rule
	Keep      Period
}

// RetentionPolicy is the policy's retention rules (kyc.Policy.Retention).
type RetentionPolicy []RetentionRule

// RelationshipEnded reports when the profile's relationship ended: every
// application rejected or cancelled (a customer offboarded by cancelling
// an approved application), at the last of those decisions; a profile
// that never applied, at its last change. false while one is open, but
// for an associate's applications made through companies that are all
// erased: those end with the companies.
func (p *Profile) RelationshipEnded() (time.Time, bool) {
	if len(p.Applications) == 0 {
		return p.UpdatedAt, true
	}
	var end time.Time
	for _, a := range p.Applications {
		if a.Status != AppRejected && a.Status != AppCancelled && !p.throughErasedCompany(a) {
			return time.Time{}, false
		}
		at := a.CreatedAt
		if n := len(a.History); n > 0 {
			at = a.History[n-1].Date
		}
		if at.After(end) {
			end = at
		}
	}
	return end, true
}

// throughErasedCompany says whether a is an associate's application made
// through a company (with an associated role) and every company the
// profile was linked to is erased.
func (p *Profile) throughErasedCompany(a *Application) bool {
	if a.AssociatedRole == "" {
		return false
	}
	for _, c := range p.Parents {
		if !c.Erased {
			return false
		}
	}
	return true
}

// Due returns when the profile falls due for erasure under the rules: the
// end of its relationship plus the longest period of the rules that apply
// to it (its role's, and those of the products it applied for), so that
// every obligation to keep it is met. ok is false when it is not due at
// any date yet: no rule applies, its relationship goes on, it is held or
// already erased.
func (rp RetentionPolicy) Due(p *Profile) (due time.Time, rule RetentionRule, ok bool) {
	if p.Erased() || p.LegalHold != nil {
		return time.Time{}, rule, false
	}
	for _, c := range p.Parents {
		if !c.Erased { // kept with the company (ErasureBlocked)
			return time.Time{}, rule, false
		}
	}
	end, ended := p.RelationshipEnded()
	if !ended {
		return time.Time{}, rule, false
	}
	for _, r := range rp {
		applies := r.Role != "" && r.Role == p.Role
		for _, a := range p.Applications {
			if r.ProductID != "" && (a.Product.ID == r.ProductID) {
				applies = true
			}
		}
		if !applies {
			continue
		}
		if at := r.Keep.After(end); !ok || at.After(due) {
			due, rule, ok = at, r, true
		}
	}
	return due, rule, ok
}

// Describe says what a rule covers, for plans and reports.
func (r RetentionRule) Describe() string {
	if r.Role != "" {
		return fmt.Sprintf("role %s: %s", r.Role, r.Keep.Text)
	}
	return fmt.Sprintf("product %s: %s", r.ProductID, r.Keep.Text)
}
