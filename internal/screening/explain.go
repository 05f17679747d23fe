package screening

import (
	"fmt"
	"math"
	"strings"
)

// Explanation is the machine-readable account of a match, so that the
// portal and integrators can show why a name was hit without parsing the
// readable Reasons (which are rendered from it).
type Explanation struct {
	// Tokens are the query words paired with listed words.
	Tokens []TokenMatch `json:"tokens"`
	// Missing are listed words the query lacks, Extra query words the
	// listed name lacks, each with the weight it carries.
	Missing []TokenWeight `json:"missing"`
	Extra   []TokenWeight `json:"extra"`
	// ListedCoverage is the weighted share of the listed name the query
	// explains, QueryCoverage the share of the query the listed name
	// explains; NameScore combines them (before the evidence below).
	ListedCoverage float64 `json:"listed_coverage"`
	QueryCoverage  float64 `json:"query_coverage"`
	NameScore      float64 `json:"name_score"`
	// WeakAlias is the delta for a name the list marks weak, or 0.
	WeakAlias float64 `json:"weak_alias,omitempty"`
	// Type, DOB and Country are the checks of the other evidence, when
	// both the query and the entity state it.
	Type    *FactCheck `json:"type,omitempty"`
	DOB     *FactCheck `json:"dob,omitempty"`
	Country *FactCheck `json:"country,omitempty"`
	// RankedBelow names an entity whose name explains more of the query
	// than this one's: this score was lowered under its score.
	RankedBelow *Key `json:"ranked_below,omitempty"`
}

// TokenMatch is one pairing of query words with listed words.
type TokenMatch struct {
	Query  string `json:"query"`  // the query word (two, space-separated, when Form is split)
	Listed string `json:"listed"` // the listed word (two when Form is joined)
	// How is exact, transliteration (same phonetic key, or another
	// script's spelling), phonetic (keys a vowel or two apart), typo,
	// initial or legal_form.
	How MatchHow `json:"how"`
	// Form is joined (one query word for two listed words), split (two
	// query words for one listed word), cut (half of a query word run
	// together with the next) or empty.
	Form       string  `json:"form,omitempty"`
	Similarity float64 `json:"similarity"`
	Weight     float64 `json:"weight"` // of the listed word(s) in the listed coverage
}

// MatchHow says how a query word matched a listed word.
type MatchHow string

// The ways words match.
const (
	HowExact           MatchHow = "exact"
	HowTransliteration MatchHow = "transliteration"
	HowPhonetic        MatchHow = "phonetic"
	HowTypo            MatchHow = "typo"
	HowInitial         MatchHow = "initial"
	HowLegalForm       MatchHow = "legal_form"
)

// TokenWeight is an unpaired word and its weight.
type TokenWeight struct {
	Token  string  `json:"token"`
	Weight float64 `json:"weight"`
}

// FactCheck is how one fact of the query compares with the entity's:
// the query's value, the listed value(s) compared, the agreement and the
// score delta it brought.
type FactCheck struct {
	Query     string  `json:"query"`
	Listed    string  `json:"listed"`
	Agreement string  `json:"agreement"`
	Delta     float64 `json:"delta"`
}

// Agreements of a FactCheck.
const (
	AgreeSame      = "same"        // type
	AgreeConflict  = "conflict"    // person against company
	AgreeDiffers   = "differs"     // company against vessel or aircraft
	AgreeListed    = "listed"      // country among the entity's
	AgreeNotListed = "not_listed"  // country not among them
	DOBSameDate    = "same_date"   // dates of birth
	DOBSameMonth   = "same_month"  // one side gives no day
	DOBSameYear    = "same_year"   // one side gives only the year
	DOBOneYear     = "one_year"    // a year apart: no effect
	DOBDiffers     = "differs"     // same year or month, another month or day
	DOBYearsApart  = "years_apart" // two years or more apart
)

// facts are the FactChecks adjust made.
type facts struct{ typ, dob, country *FactCheck }

// dobCode names how a query date compares with a listed one (see
// dobAgreement, which scores it).
func dobCode(q, l Date) string {
	dy := abs(q.Year - l.Year)
	switch {
	case dy > 1:
		return DOBYearsApart
	case dy == 1:
		return DOBOneYear
	case q.Month == 0 || l.Month == 0:
		return DOBSameYear
	case q.Month != l.Month:
		return DOBDiffers
	case q.Day == 0 || l.Day == 0:
		return DOBSameMonth
	case q.Day != l.Day:
		return DOBDiffers
	}
	return DOBSameDate
}

func (k matchKind) how() MatchHow {
	switch k {
	case kindExact:
		return HowExact
	case kindTranslit:
		return HowTransliteration
	case kindTypo:
		return HowTypo
	case kindPhonetic:
		return HowPhonetic
	case kindInitial:
		return HowInitial
	case kindLegal:
		return HowLegalForm
	}
	return ""
}

// explanation builds the Explanation of a name's alignment.
func (ix *Index) explanation(p *prepared, r *nameRec, al alignment, score float64) Explanation {
	lt := ix.toks[r.off : r.off+int32(r.n)]
	var usedQ, usedL uint32
	x := Explanation{Tokens: []TokenMatch{}, Missing: []TokenWeight{}, Extra: []TokenWeight{},
		ListedCoverage: round3(float64(al.listed)), QueryCoverage: round3(float64(al.query)), NameScore: round3(score)}
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
		tm := TokenMatch{Query: word(e.q, e.qn, false), Listed: word(e.l, e.ln, true), How: e.kind.how(),
			Similarity: round3(float64(e.sim)), Weight: round3(float64(e.weight))}
		switch {
		case e.ln == 2:
			tm.Form = "joined"
		case e.qn == 2:
			tm.Form = "split"
		case p.toks[e.q].split:
			tm.Form = "cut"
		}
		x.Tokens = append(x.Tokens, tm)
	}
	for j := range lt {
		if usedL&(1<<uint(j)) == 0 {
			x.Missing = append(x.Missing, TokenWeight{ix.voc.text(lt[j].term), round3(float64(lt[j].weight))})
		}
	}
	for i := range p.toks {
		if usedQ&(1<<uint(i)) == 0 {
			x.Extra = append(x.Extra, TokenWeight{p.toks[i].text, round3(float64(p.toks[i].w))})
		}
	}
	return x
}

// pieces renders an Explanation as the readable pieces of a score.
func (x *Explanation) pieces() []Piece {
	var out []Piece
	for _, t := range x.Tokens {
		how := string(t.How)
		if t.How == HowLegalForm {
			how = "legal form"
		}
		switch t.Form {
		case "joined", "split":
			how = t.Form + ", " + how
		case "cut":
			how = "cut from a run-together query word, " + how
		}
		out = append(out, Piece{Field: "token", Detail: fmt.Sprintf("%s ~ %s: %s, similarity %.2f, weight %.1f",
			t.Query, t.Listed, how, t.Similarity, t.Weight)})
	}
	for _, m := range x.Missing {
		out = append(out, Piece{Field: "missing", Detail: fmt.Sprintf("listed %s not in query, weight %.1f", m.Token, m.Weight)})
	}
	for _, e := range x.Extra {
		out = append(out, Piece{Field: "extra", Detail: fmt.Sprintf("query %s not in listed name, weight %.1f", e.Token, e.Weight)})
	}
	out = append(out, Piece{Field: "name", Detail: fmt.Sprintf("covers %.0f%% of the listed name and %.0f%% of the query: name score %.3f",
		100*x.ListedCoverage, 100*x.QueryCoverage, x.NameScore)})
	if x.WeakAlias != 0 {
		out = append(out, Piece{Field: "name", Detail: "the list marks this alias weak", Delta: x.WeakAlias})
	}
	if t := x.Type; t != nil {
		detail := fmt.Sprintf("query is %s, listed %s", t.Query, t.Listed)
		if t.Agreement == AgreeSame {
			detail = t.Listed + " agrees"
		}
		out = append(out, Piece{Field: "type", Detail: detail, Delta: t.Delta})
	}
	if d := x.DOB; d != nil {
		q, _ := ParseDate(d.Query)
		l, _ := ParseDate(d.Listed)
		_, how := dobAgreement(q, l, true)
		out = append(out, Piece{Field: "dob", Detail: fmt.Sprintf("%s vs listed %s: %s", d.Query, d.Listed, how), Delta: d.Delta})
	}
	if c := x.Country; c != nil {
		detail := c.Query + " listed"
		if c.Agreement == AgreeNotListed {
			detail = fmt.Sprintf("%s not among listed %s", c.Query, c.Listed)
		}
		out = append(out, Piece{Field: "country", Detail: detail, Delta: c.Delta})
	}
	if b := x.RankedBelow; b != nil {
		out = append(out, Piece{Field: "rank", Detail: fmt.Sprintf("explains part of what %s:%s explains; ranked below it", b.List, b.ListID)})
	}
	return out
}

// round3 keeps three decimals: explanations are read, not computed with.
func round3(f float64) float64 { return math.Round(f*1000) / 1000 }
