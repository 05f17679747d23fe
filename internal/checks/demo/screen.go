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

// flagInfo is what the provider reports for a flag.
type flagInfo struct {
	severity int           // orders flags, and results, from Pass (0) up
	result   string        // the check result when it is the most severe
	event    kyc.EventType // the event it raises
	tag      string        // in the match_id of a match with this flag only
	score    float64       // of a match with this flag only
	source   source        // the list that has it
}

// flags describes each flag; flags[0] is no flag (Pass).
var flags = [...]flagInfo{
	flagPEP: {severity: 3, result: "PEP", event: kyc.EventPEP, tag: "PEP", score: 0.96,
		source: source{Name: "Demo PEP Register", URL: "https://lists.example.org/demo/pep"}},
	flagSanction: {severity: 4, result: "Sanction", event: kyc.EventSanction, tag: "SANCTION", score: 0.93,
		source: source{Name: "Demo Consolidated Sanctions List", URL: "https://lists.example.org/demo/sanctions"}},
	flagMedia: {severity: 2, result: "Media", event: kyc.EventAdverseMedia, tag: "MEDIA", score: 0.88,
		source: source{Name: "Demo News Archive", URL: "https://news.example.org/demo"}},
	flagRefer: {severity: 1, result: "Refer", event: kyc.EventRefer, tag: "REFER", score: 0.62,
		source: source{Name: "Demo Watchlist", URL: "https://lists.example.org/demo/watchlist"}},
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
			if flags[f].severity > flags[worst].severity {
				worst = f
			}
			hits = append(hits, r.hit(m, f))
		}
	}
	result := "Pass"
	if worst != 0 {
		result = flags[worst].result
	}
	return r.done(result, out, hits)
}
