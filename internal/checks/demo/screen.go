package demo

import (
	"github.com/gatehouse/gatehouse/internal/checks"
	"github.com/gatehouse/gatehouse/internal/kyc"
)

// flag is what a screening hit flags the entity as.
type flag uint8

const (
	flagPEP flag = iota + 1
	flagSanction
	flagMedia
	flagRefer
)

// severity orders flags, and results, from Pass (0) up.
var severity = map[flag]int{flagRefer: 1, flagMedia: 2, flagPEP: 3, flagSanction: 4}

var flagResult = map[flag]string{flagRefer: "Refer", flagMedia: "Media", flagPEP: "PEP", flagSanction: "Sanction"}

var flagEvent = map[flag]kyc.EventType{
	flagPEP: kyc.EventPEP, flagSanction: kyc.EventSanction, flagMedia: kyc.EventAdverseMedia, flagRefer: kyc.EventRefer,
}

// hitSpec is one potential match to report: the flags it carries, and
// which namesake it is (0 for the entity itself; MANY_HITS adds others).
type hitSpec struct {
	flags    []flag
	namesake int
}

var (
	allFlags = []flag{flagPEP, flagSanction, flagMedia, flagRefer}
	onePEP   = []hitSpec{{flags: []flag{flagPEP}}}
)

// screenScenarios are the hits each demo_result value reports; values
// absent here (ANY, NO_DATA...) report none.
var screenScenarios = map[string][]hitSpec{
	"SCREEN_SINGLE_PEP":           onePEP,
	"SCREEN_SINGLE_SANCTION":      {{flags: []flag{flagSanction}}},
	"SCREEN_SINGLE_ADVERSE_MEDIA": {{flags: []flag{flagMedia}}},
	"SCREEN_SINGLE_REFER":         {{flags: []flag{flagRefer}}},
	"SCREEN_ALL_FLAGS_SAME_HIT":   {{flags: allFlags}},
	"SCREEN_ALL_FLAGS_SEPARATE_HITS": {
		{flags: []flag{flagPEP}}, {flags: []flag{flagSanction}}, {flags: []flag{flagMedia}}, {flags: []flag{flagRefer}},
	},
	"ONE_HIT":   onePEP,
	"MANY_HITS": {{flags: []flag{flagPEP}}, {flags: []flag{flagPEP}, namesake: 1}, {flags: []flag{flagPEP}, namesake: 2}},
}

// keywordHits are the hits a name's keywords ask for: one separate hit per
// keyword, in a fixed order.
func keywordHits(k keywords) []hitSpec {
	var hs []hitSpec
	for _, p := range []struct {
		kw keywords
		f  flag
	}{{kwPEP, flagPEP}, {kwSanction, flagSanction}, {kwMedia, flagMedia}, {kwRefer, flagRefer}} {
		if k.has(p.kw) {
			hs = append(hs, hitSpec{flags: []flag{p.f}})
		}
	}
	return hs
}

type screenOutput struct {
	EntityType       string        `json:"entity_type"`
	SanctionsResults []screenMatch `json:"sanctions_results"`
}

// screen reports one sanctions result per hit, and one event per flag of
// each hit. The result is the most severe flag: Sanction > PEP > Media >
// Refer > Pass.
func (r *run) screen(specs []hitSpec) checks.Outcome {
	out := screenOutput{EntityType: r.entityType(), SanctionsResults: make([]screenMatch, 0, len(specs))}
	var hits []kyc.Hit
	worst := flag(0)
	for _, s := range specs {
		m := r.match(s)
		out.SanctionsResults = append(out.SanctionsResults, m)
		for _, f := range s.flags {
			if severity[f] > severity[worst] {
				worst = f
			}
			hits = append(hits, r.hit(m, f))
		}
	}
	result := "Pass"
	if worst != 0 {
		result = flagResult[worst]
	}
	return r.done(result, out, hits)
}
