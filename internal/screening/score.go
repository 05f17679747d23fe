package screening

import (
	"fmt"
	"math"
	"strings"
)

// DefaultThreshold is the score at which a candidate counts as a match
// when a query does not set its own. It was chosen on the development set
// (see docs/screening.md) as the point where recall stays high while fewer
// than one clean name in a hundred is flagged.
const DefaultThreshold = 0.80

// Score adjustments for the non-name evidence. Agreement nudges a score
// up; conflict pulls it down hard enough to drop a name-only match below
// the threshold.
const (
	adjTypeConflict   = -0.20 // person vs company
	adjTypeSoft       = -0.05 // company vs vessel or aircraft
	adjTypeAgree      = 0.02
	adjDOBExact       = 0.05
	adjDOBMonth       = 0.04
	adjDOBYear        = 0.03
	adjDOBNear        = 0.0 // one year apart: lists often carry approximate years
	adjDOBConflict    = -0.20
	adjCountryAgree   = 0.03
	adjCountryDiffers = -0.05
	adjWeakName       = -0.05
)

// nameScore combines the two coverages: how much of the listed name the
// query explains and how much of the query the listed name explains. A
// geometric mean punishes a one-sided match (a listed single word inside a
// long query, or one common word of a long listed name).
//
// When the listed name is a single word (a mononym alias such as "LARRY",
// or a one-word company) and the query has more words, the query coverage
// alone decides: matching one word of "Abdullah Larry" is not enough.
func nameScore(al alignment) float64 {
	if al.core == 0 {
		return 0
	}
	if al.listedCore == 1 && al.queryCore > 1 {
		return float64(min(al.listed, al.query))
	}
	return math.Sqrt(float64(al.listed)) * math.Sqrt(float64(al.query))
}

// Piece is one explainable part of a score: what was compared, what came
// out, and by how much it moved the score.
type Piece struct {
	Field  string  `json:"field"`
	Detail string  `json:"detail"`
	Delta  float64 `json:"delta"`
}

// String renders the piece as a reason line.
func (p Piece) String() string {
	if p.Delta == 0 {
		return p.Field + ": " + p.Detail
	}
	return fmt.Sprintf("%s: %s (%+.2f)", p.Field, p.Detail, p.Delta)
}

// adjust scores the non-name evidence of entity e against the query and
// returns the total and, when explain is set, the checks made. Nothing
// is formatted unless explaining: ranking calls this for every candidate.
func adjust(p *prepared, e *Entity, explain bool) (float64, facts) {
	var total float64
	var f facts
	if qt := p.q.Type; qt != Unknown && e.Type != Unknown {
		d, how := adjTypeAgree, AgreeSame
		switch {
		case qt == e.Type:
		case qt == Person || e.Type == Person:
			d, how = adjTypeConflict, AgreeConflict
		default:
			d, how = adjTypeSoft, AgreeDiffers
		}
		total += d
		if explain {
			f.typ = &FactCheck{Query: string(qt), Listed: string(e.Type), Agreement: how, Delta: d}
		}
	}
	if len(p.dobs) > 0 && len(e.DatesOfBirth) > 0 {
		d, q, l := compareDOB(p.dobs, e.DatesOfBirth)
		total += d
		if explain {
			f.dob = &FactCheck{Query: q.String(), Listed: l.String(), Agreement: dobCode(q, l), Delta: d}
		}
	}
	if p.country != "" && len(e.Countries) > 0 {
		d, how := adjCountryDiffers, AgreeNotListed
		for _, c := range e.Countries {
			if strings.EqualFold(c, p.country) {
				d, how = adjCountryAgree, AgreeListed
			}
		}
		total += d
		if explain {
			f.country = &FactCheck{Query: p.country, Listed: strings.Join(e.Countries, ","), Agreement: how, Delta: d}
		}
	}
	return total, f
}

// compareDOB finds the best agreement between any query date and any
// listed date, and the pair of dates that gave it.
func compareDOB(qs, ls []Date) (float64, Date, Date) {
	best, atQ, atL := math.Inf(-1), Date{}, Date{}
	for _, q := range qs {
		for _, l := range ls {
			if d, _ := dobAgreement(q, l, false); d > best {
				best, atQ, atL = d, q, l
			}
		}
	}
	return best, atQ, atL
}

// dobAgreement scores a query date against a listed date and, when
// explain is set, says how they compare.
func dobAgreement(q, l Date, explain bool) (float64, string) {
	dy := abs(q.Year - l.Year)
	switch {
	case dy > 1:
		if !explain {
			return adjDOBConflict, ""
		}
		return adjDOBConflict, fmt.Sprintf("%d years apart", dy)
	case dy == 1:
		return adjDOBNear, "one year apart"
	case q.Month == 0 || l.Month == 0:
		return adjDOBYear, "same year"
	case q.Month != l.Month:
		return adjDOBConflict, "same year, different month"
	case q.Day == 0 || l.Day == 0:
		return adjDOBMonth, "same month"
	case q.Day != l.Day:
		return adjDOBConflict, "same month, different day"
	}
	return adjDOBExact, "same date"
}
