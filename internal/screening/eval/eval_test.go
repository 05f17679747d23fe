package eval

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/gatehouse/gatehouse/internal/screening"
	"github.com/gatehouse/gatehouse/internal/screening/screeningtest"
	"github.com/gatehouse/gatehouse/internal/screening/sources/ofac"
	"github.com/gatehouse/gatehouse/internal/screening/sources/un"
)

func TestMetricsAt(t *testing.T) {
	t.Parallel()
	pos := func(top float64, ok bool) outcome {
		return outcome{c: &Case{ExpectedIDs: []string{"1"}}, top: top, topOK: ok}
	}
	neg := func(max float64) outcome { return outcome{c: &Case{}, negMax: max} }
	outs := []outcome{pos(0.9, true), pos(0.85, false), pos(0.5, true), neg(0.95), neg(0.2)}
	c := at(outs, 0.8)
	if c.tp != 1 || c.fpWrong != 1 || c.fn != 2 || c.fpNeg != 1 || c.pos != 3 || c.neg != 2 {
		t.Fatalf("at(0.8) = %+v", c)
	}
	if p, r := c.precision(), c.recall(); p != 1.0/3 || r != 1.0/3 {
		t.Errorf("precision %v recall %v, want 1/3 and 1/3", p, r)
	}
	rep := summarise(outs, Options{Threshold: 0.8})
	if rep.Recall1 != 2.0/3 || rep.FalsePositiveRate != 0.5 || rep.FPWrongTop != 1 {
		t.Errorf("report = %+v", rep)
	}
	if percentile([]float64{5, 1, 3, 2, 4}, 50) != 3 || percentile([]float64{5, 1, 3, 2, 4}, 100) != 5 {
		t.Error("percentile wrong")
	}
}

func TestBySubset(t *testing.T) {
	t.Parallel()
	pos := func(sub string, top float64, ok bool, rank int) outcome {
		return outcome{c: &Case{ExpectedIDs: []string{"1"}, Subset: sub}, top: top, topOK: ok, rank: rank}
	}
	neg := func(sub string, max float64) outcome { return outcome{c: &Case{Subset: sub}, negMax: max} }
	outs := []outcome{pos("a", 0.9, true, 1), pos("a", 0.7, true, 1), pos("a", 0.9, false, 3),
		neg("a", 0.85), neg("a", 0.1), pos("b", 0.95, true, 1), neg("b", 0.2)}
	got := bySubset(outs, 0.8)
	want := []SubsetFigures{
		{Subset: "a", Positives: 3, Negatives: 2, Recall1: 2.0 / 3, Recall5: 1, RecallAt: 1.0 / 3, FPR: 0.5, FPNegative: 1, FPWrongTop: 1},
		{Subset: "b", Positives: 1, Negatives: 1, Recall1: 1, Recall5: 1, RecallAt: 1},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d subsets, want %d: %+v", len(got), len(want), got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("subset %d: got %+v, want %+v", i, got[i], want[i])
		}
	}
	if bySubset([]outcome{pos("", 1, true, 1)}, 0.8) != nil {
		t.Error("cases without subsets gave subset figures")
	}
}

func TestSplitPartitions(t *testing.T) {
	t.Parallel()
	var cases []Case
	for i := range 200 {
		cases = append(cases, Case{Query: strings.Repeat("x", i%7) + string(rune('a'+i%26)) + strings.Repeat("y", i/26)})
	}
	seen := 0
	for k := 1; k <= 3; k++ {
		sp, err := ParseSplit(fmt.Sprintf("%d/3", k))
		if err != nil {
			t.Fatal(err)
		}
		part := sp.Select(cases)
		if len(part) == 0 || len(part) == len(cases) {
			t.Errorf("part %d/3 holds %d of %d cases", k, len(part), len(cases))
		}
		seen += len(part)
	}
	if seen != len(cases) {
		t.Errorf("parts hold %d cases in all, want %d", seen, len(cases))
	}
	if sp, err := ParseSplit(""); err != nil || len(sp.Select(cases)) != len(cases) {
		t.Errorf("no split: %v, %v", sp, err)
	}
}

func TestReadCases(t *testing.T) {
	t.Parallel()
	cs, err := ReadCases(strings.NewReader(`{"query":"A","entity_type":"INDIVIDUAL","expected_ids":["1"],"kind":"exact","source_name":"A"}` + "\n\n" +
		`{"query":"B","entity_type":"COMPANY","expected_ids":[],"kind":"negative_company","source_name":null}`))
	if err != nil || len(cs) != 2 || !cs[0].Positive() || cs[1].Positive() {
		t.Fatalf("ReadCases = %+v, %v", cs, err)
	}
	if _, err := ReadCases(strings.NewReader("{")); err == nil {
		t.Error("ReadCases accepted a broken line")
	}
}

func TestEvaluate(t *testing.T) {
	t.Parallel()
	mk := func(id, name string, typ screening.EntityType) screening.Entity {
		e := screening.Entity{ListID: id, Type: typ}
		e.AddName(screening.Name{Full: name, Kind: screening.NamePrimary})
		return e
	}
	idx := screening.NewIndex(&screening.List{Name: "l", Entities: []screening.Entity{
		mk("1", "AL-ZAWAHIRI, Ayman", screening.Person), mk("2", "BANCO NACIONAL DE CUBA", screening.Organisation)}})
	cases := []Case{
		{Query: "Ayman al Zawahiri", EntityType: "INDIVIDUAL", ExpectedIDs: []string{"1"}, Kind: "exact"},
		{Query: "Banco Nacional de Cuba SA", EntityType: "COMPANY", ExpectedIDs: []string{"2"}, Kind: "company_suffix"},
		{Query: "Jane Doe", EntityType: "INDIVIDUAL", Kind: "negative_person"},
	}
	rep, err := Evaluate(context.Background(), idx, cases, Options{LabelLists: []string{"l"}})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Recall1 != 1 || rep.Recall != 1 || rep.FalsePositiveRate != 0 || rep.BestF1 != 1 || len(rep.ByKind) != 3 {
		t.Errorf("report = %+v", rep)
	}
	var b strings.Builder
	rep.Write(&b)
	for _, want := range []string{"recall@1", "best F1", "latency p50", "negative_person"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("report text lacks %q", want)
		}
	}
}

// TestDevSet runs the bundled labelled queries against the SDN list and
// guards the quality the engine is documented to reach.
func TestDevSet(t *testing.T) {
	if testing.Short() {
		t.Skip("dev-set evaluation skipped in -short mode")
	}
	dir := screeningtest.DataDir(t)
	rep, err := Run(context.Background(), screeningtest.DevSet(t), []string{dir + "/ofac-sdn-2024-05"}, Options{LabelLists: []string{"ofac-sdn-2024-05"}})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Recall1 < 0.98 || rep.FalsePositiveRate > 0.01 || rep.BestF1 < 0.985 {
		var b strings.Builder
		rep.Write(&b)
		t.Errorf("quality below target:\n%s", b.String())
	}
}

// TestUNPairs checks cross-script matching on the UN list's own pairs of
// Arabic-script and romanised names, with the Arabic-script names taken
// out of the index: a check built from the lists, not from a labelled
// set. Run with -v for the report.
func TestUNPairs(t *testing.T) {
	if testing.Short() {
		t.Skip("UN pairs evaluation skipped in -short mode")
	}
	dir := screeningtest.DataDir(t)
	sdn, err := ofac.LoadDir("ofac-sdn-2024-05", dir+"/ofac-sdn-2024-05")
	if err != nil {
		t.Fatal(err)
	}
	unList, err := un.LoadFile("un", dir+"/un/UN_consolidated.xml")
	if err != nil {
		t.Fatal(err)
	}
	cases, idx := UNPairCases(unList, sdn)
	rep, err := Evaluate(context.Background(), idx, cases, Options{LabelLists: []string{"un"}})
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	rep.Write(&b)
	t.Log("\n" + b.String())
	// Measured: recall@1 0.92, recall at the threshold 0.80, 4 of 183
	// negatives flagged, most of them recombinations that name someone
	// listed ("Noor Ahmad"). The floors leave room for noise, not for a
	// regression.
	if rep.Recall1 < 0.9 || rep.Recall < 0.75 || rep.FalsePositiveRate > 0.04 {
		t.Errorf("UN pairs: recall@1 %.3f, recall at threshold %.3f, false-positive rate %.3f; want at least 0.9, 0.75 and at most 0.04\n%s",
			rep.Recall1, rep.Recall, rep.FalsePositiveRate, strings.Join(rep.Misses, "\n"))
	}
}
