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
// returns the total and, when explain is set, the pieces. Details are
// only formatted when explaining: ranking calls this for every candidate.
func adjust(p *prepared, e *Entity, explain bool) (float64, []Piece) {
	var total float64
	var pieces []Piece
	add := func(field string, d float64, detail string) {
		pieces = append(pieces, Piece{Field: field, Detail: detail, Delta: d})
	}
	if qt := p.q.Type; qt != Unknown && e.Type != Unknown {
		switch {
		case qt == e.Type:
			total += adjTypeAgree
			if explain {
				add("type", adjTypeAgree, fmt.Sprintf("%s agrees", e.Type))
			}
		case qt == Person || e.Type == Person:
			total += adjTypeConflict
			if explain {
				add("type", adjTypeConflict, fmt.Sprintf("query is %s, listed %s", qt, e.Type))
			}
		default:
			total += adjTypeSoft
			if explain {
				add("type", adjTypeSoft, fmt.Sprintf("query is %s, listed %s", qt, e.Type))
			}
		}
	}
	if len(p.dobs) > 0 && len(e.DatesOfBirth) > 0 {
		d, q, l := compareDOB(p.dobs, e.DatesOfBirth)
		total += d
		if explain {
			_, how := dobAgreement(q, l, true)
			add("dob", d, fmt.Sprintf("%s vs listed %s: %s", p.dobs[0], l, how))
		}
	}
	if p.country != "" && len(e.Countries) > 0 {
		agree := false
		for _, c := range e.Countries {
			if strings.EqualFold(c, p.country) {
				agree = true
			}
		}
		if agree {
			total += adjCountryAgree
			if explain {
				add("country", adjCountryAgree, fmt.Sprintf("%s listed", p.country))
			}
		} else {
			total += adjCountryDiffers
			if explain {
				add("country", adjCountryDiffers, fmt.Sprintf("%s not among listed %s", p.country, strings.Join(e.Countries, ",")))
			}
		}
	}
	return total, pieces
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

// explainName renders the token pairing of an alignment as pieces.
func (ix *Index) explainName(p *prepared, r *nameRec, al alignment, score float64) []Piece {
	lt := ix.toks[r.off : r.off+int32(r.n)]
	var usedQ, usedL uint32
	var out []Piece
	word := func(i, n uint8, listed bool) string {
		parts := make([]string, 0, n)
		for k := i; k < i+n; k++ {
			if listed {
				parts = append(parts, ix.voc.text(lt[k].term))
			} else {
				parts = append(parts, p.toks[k].text)
			}
		}
		return strings.Join(parts, " ")
	}
	for _, e := range al.chosen {
		usedQ |= span(e.q, e.qn)
		usedL |= span(e.l, e.ln)
		how := e.kind.String()
		switch {
		case e.ln == 2:
			how = "joined, " + how
		case e.qn == 2:
			how = "split, " + how
		case p.toks[e.q].split:
			how = "cut from a run-together query word, " + how
		}
		out = append(out, Piece{Field: "token", Detail: fmt.Sprintf("%s ~ %s: %s, similarity %.2f, weight %.1f",
			word(e.q, e.qn, false), word(e.l, e.ln, true), how, e.sim, e.weight)})
	}
	for j := range lt {
		if usedL&(1<<uint(j)) == 0 {
			out = append(out, Piece{Field: "missing", Detail: fmt.Sprintf("listed %s not in query, weight %.1f",
				ix.voc.text(lt[j].term), lt[j].weight)})
		}
	}
	for i := range p.toks {
		if usedQ&(1<<uint(i)) == 0 {
			out = append(out, Piece{Field: "extra", Detail: fmt.Sprintf("query %s not in listed name, weight %.1f", p.toks[i].text, p.toks[i].w)})
		}
	}
	out = append(out, Piece{Field: "name", Detail: fmt.Sprintf("covers %.0f%% of the listed name and %.0f%% of the query: name score %.3f",
		100*al.listed, 100*al.query, score)})
	return out
}
