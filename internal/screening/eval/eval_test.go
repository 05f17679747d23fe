package eval

import (
	"context"
	"strings"
	"testing"

	"github.com/gatehouse/gatehouse/internal/screening"
	"github.com/gatehouse/gatehouse/internal/screening/screeningtest"
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
