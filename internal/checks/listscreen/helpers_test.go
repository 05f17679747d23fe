package listscreen_test

import (
	"context"
	"encoding/json"
	"path/filepath"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/gatehouse/gatehouse/internal/checks"
	"github.com/gatehouse/gatehouse/internal/checks/listscreen"
	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/passfort"
	"github.com/gatehouse/gatehouse/internal/screening"
	"github.com/gatehouse/gatehouse/internal/screening/registry"
	"github.com/gatehouse/gatehouse/internal/screening/screeningtest"
	"github.com/gatehouse/gatehouse/internal/screening/sources/ftm"
	"github.com/gatehouse/gatehouse/internal/spectest"
)

const checkID = "3f1c2a6e-8b7d-4e2f-9a10-5c6d7e8f9a0b"

// synthetic is a small FollowTheMoney list: a sanctioned person, a PEP, a
// person who is both, a debarred company and a person listed for a crime.
const synthetic = `{"id":"S-1","schema":"Person","properties":{"name":["Ivan Petrovich Sidorov"],"alias":["Ivan Sidorov"],"birthDate":["1970-03-04"],"nationality":["ru"],"passportNumber":["7101234567"],"topics":["sanction"],"program":["UKRAINE-EO13661"]}}
{"id":"S-2","schema":"Person","properties":{"name":["Maria Delacroix-Moreau"],"birthDate":["1962"],"nationality":["fr"],"topics":["role.pep"]}}
{"id":"S-3","schema":"Person","properties":{"name":["Omar Haddad Qasim"],"topics":["sanction","role.pep"],"country":["sy","xx"]}}
{"id":"S-4","schema":"Company","properties":{"name":["Zentrix Logistics LLC"],"country":["ae"],"topics":["debarment"]}}
{"id":"S-5","schema":"Person","properties":{"name":["Kasimir Wolfhart"],"topics":["crime"]}}
`

// syntheticIndex indexes the synthetic list (list name "synthetic").
func syntheticIndex(t testing.TB, data string) *screening.Index {
	t.Helper()
	l, err := ftm.Parse("synthetic", []byte(data))
	if err != nil {
		t.Fatal(err)
	}
	l.Version = screening.Version(screening.ZeroTime, []byte(data))
	return screening.NewIndex(l)
}

var sdn struct {
	once sync.Once
	idx  *screening.Index
	err  error
}

// sdnIndex indexes the bundled OFAC SDN list (2024-05), skipping when absent.
func sdnIndex(t testing.TB) *screening.Index {
	t.Helper()
	dir := filepath.Join(screeningtest.DataDir(t), "ofac-sdn-2024-05")
	sdn.once.Do(func() {
		var reg *registry.Registry
		if reg, sdn.err = registry.Load(context.Background(), dir); sdn.err == nil {
			sdn.idx = reg.Index()
		}
	})
	if sdn.err != nil {
		t.Fatal(sdn.err)
	}
	return sdn.idx
}

func holder(idx *screening.Index) *screening.Holder {
	h := &screening.Holder{}
	h.Swap(idx)
	return h
}

func variant(cfg map[string]any, t kyc.CheckType) kyc.CheckVariant {
	return kyc.CheckVariant{ID: "5b2f0c8e-7d0a-4c57-9a0e-2f6c1d9b4e31", Alias: "pep_screen_lists", Name: "Screening",
		CheckType: string(t), Provider: "screening", Config: cfg}
}

func person(given []string, family, dob, nationality string) string {
	pd := map[string]any{"name": map[string]any{"given_names": given, "family_name": family}}
	if dob != "" {
		pd["dob"] = dob
	}
	if nationality != "" {
		pd["nationality"] = nationality
	}
	return mustJSON(map[string]any{"entity_type": "INDIVIDUAL", "personal_details": pd,
		"address_history": []any{map[string]any{"address": map[string]any{
			"type": "STRUCTURED", "country": "GBR", "locality": "London", "postal_code": "NW1 6XE", "route": "Baker Street",
		}}}})
}

func company(name, country string) string {
	md := map[string]any{"name": name}
	if country != "" {
		md["country_of_incorporation"] = country
	}
	return mustJSON(map[string]any{"entity_type": "COMPANY", "metadata": md})
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// request builds a request the way the service does.
func request(tb testing.TB, t kyc.CheckType, input string, cfg map[string]any) checks.Request {
	tb.Helper()
	data, facts, err := passfort.DecodeEntityData([]byte(input), "input_data")
	if err != nil {
		tb.Fatalf("test input is not valid EntityData: %v\n%s", err, input)
	}
	return checks.Request{CheckID: checkID, CheckType: t, Variant: variant(cfg, t), Input: data, Facts: facts}
}

func run(tb testing.TB, h *screening.Holder, req checks.Request) checks.Outcome {
	tb.Helper()
	o, err := listscreen.New(h).Run(context.Background(), req)
	if err != nil {
		tb.Fatalf("run: %v", err)
	}
	return o
}

// loadSpec returns the contract ($GATEHOUSE_SPEC or ../shared/spec),
// skipping the test when it is absent (see spectest.Doc).
func loadSpec(tb testing.TB) *openapi3.T {
	tb.Helper()
	return spectest.Doc(tb)
}

// validate checks an outcome, as the API shows the check, against the
// contract's CheckResource, and each hit against EventData and the event
// decoder.
func validate(t *testing.T, req checks.Request, o checks.Outcome) {
	t.Helper()
	doc := loadSpec(t)
	errs := []any{}
	for _, e := range o.Errors {
		errs = append(errs, map[string]any{"code": e.Code, "message": e.Message, "source": e.Source, "info": e.Info})
	}
	provs := []any{}
	for _, p := range o.Providers {
		provs = append(provs, map[string]any{"provider_name": p.Name, "is_monitored": p.IsMonitored})
	}
	res := map[string]any{
		"id": req.CheckID, "check_type": string(req.CheckType), "state": "COMPLETE", "result": o.Result,
		"variant":      map[string]any{"id": req.Variant.ID, "name": req.Variant.Name},
		"performed_on": "2026-01-02 03:04:05", "errors": errs, "task_ids": []any{}, "providers": provs,
		"instructed_externally": false, "input_data": json.RawMessage(req.Input), "output_data": o.Output,
	}
	if err := doc.Components.Schemas["CheckResource"].Value.VisitJSON(generic(t, res)); err != nil {
		t.Errorf("the check does not validate as a CheckResource: %v\noutput: %s", err, o.Output)
	}
	for _, h := range o.Hits {
		if err := doc.Components.Schemas["EventData"].Value.VisitJSON(generic(t, h.Event)); err != nil {
			t.Errorf("hit does not validate as EventData: %v\n%s", err, h.Event)
		}
		if _, et, err := passfort.DecodeEventData(h.Event, "data"); err != nil || et != h.Type {
			t.Errorf("hit refused by the event decoder (%v) or typed %s, want %s:\n%s", err, et, h.Type, h.Event)
		}
	}
}

func generic(tb testing.TB, v any) any {
	tb.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		tb.Fatal(err)
	}
	var out any
	if err := json.Unmarshal(b, &out); err != nil {
		tb.Fatal(err)
	}
	return out
}

// decoded is an output's sanctions results, decoded.
type decoded struct {
	EntityType string `json:"entity_type"`
	Results    []struct {
		MatchID        string   `json:"match_id"`
		MatchName      string   `json:"match_name"`
		MatchedName    string   `json:"matched_name"`
		List           string   `json:"list"`
		ListID         string   `json:"list_id"`
		ListVersion    string   `json:"list_version"`
		Score          float64  `json:"score"`
		MatchCountries []string `json:"match_countries"`
		MatchDates     []string `json:"match_dates"`
		Sanctions      []any    `json:"sanctions"`
		PEP            any      `json:"pep"`
		Details        []struct {
			Title, Text string
		} `json:"details"`
	} `json:"sanctions_results"`
	Screening struct {
		Name      string  `json:"name"`
		Threshold float64 `json:"threshold"`
		Lists     []struct {
			List, Version string
		} `json:"lists"`
	} `json:"screening"`
}

func decode(t *testing.T, o checks.Outcome) decoded {
	t.Helper()
	var d decoded
	if err := json.Unmarshal(o.Output, &d); err != nil {
		t.Fatalf("output: %v\n%s", err, o.Output)
	}
	return d
}
