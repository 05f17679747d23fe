package integration_test

import (
	"context"
	"encoding/json"
	"slices"
	"testing"
	"time"

	"github.com/gatehouse/gatehouse/internal/integration"
	"github.com/gatehouse/gatehouse/internal/integration/integrationtest"
	"github.com/gatehouse/gatehouse/internal/kyc"
)

// TestScreening runs polled screening checks end to end for each demo
// result and a live check, and checks results, hits and the contract.
func TestScreening(t *testing.T) {
	t.Parallel()
	for _, kind := range []integration.CheckType{integration.PEPsAndSanctionsScreen, integration.CompanyPEPsAndSanctionsScreen} {
		t.Run(string(kind), func(t *testing.T) {
			t.Parallel()
			c, p, _, cfg := setup(t, kind, integrationtest.Options{PollsBeforeResult: 2})
			target, input := kyc.CheckPEPsAndSanctions, individual
			if kind == integration.CompanyPEPsAndSanctionsScreen {
				target, input = kyc.CheckCompanyPEPsSanctions, company
			}
			m := integration.Mapping{Kind: cfg.CheckType, Target: target, Provider: "Gatehouse Test Provider"}
			for _, tc := range []struct {
				demo    string
				result  string
				results int
				hits    []kyc.EventType
			}{
				{"", "PEP", 1, []kyc.EventType{kyc.EventPEP}}, // the MISMATCH hit is left out
				{"SCREEN_NO_HITS", "Pass", 0, nil},
				{"SCREEN_SINGLE_PEP", "PEP", 1, []kyc.EventType{kyc.EventPEP}},
				{"SCREEN_SINGLE_SANCTION", "Sanction", 1, []kyc.EventType{kyc.EventSanction}},
				{"SCREEN_SINGLE_ADVERSE_MEDIA", "Media", 1, []kyc.EventType{kyc.EventAdverseMedia}},
				{"SCREEN_SINGLE_REFER", "Refer", 1, []kyc.EventType{kyc.EventRefer}},
				{"SCREEN_ALL_FLAGS_SAME_HIT", "Sanction", 1, []kyc.EventType{kyc.EventPEP, kyc.EventSanction, kyc.EventAdverseMedia, kyc.EventRefer}},
				{"SCREEN_ALL_FLAGS_SEPARATE_HITS", "Sanction", 4, []kyc.EventType{kyc.EventPEP, kyc.EventSanction, kyc.EventAdverseMedia, kyc.EventRefer}},
				{"ERROR_CONNECTION_TO_PROVIDER", "Error", 0, nil},
			} {
				before := p.Count("/checks/*/poll")
				r, err := c.Screen(context.Background(), cfg.Schedule(), request(input, tc.demo))
				if err != nil {
					t.Fatalf("demo %q: %v", tc.demo, err)
				}
				o := m.Outcome(r)
				var out struct {
					Results []map[string]any `json:"sanctions_results"`
				}
				if err := json.Unmarshal(o.Output, &out); err != nil {
					t.Fatal(err)
				}
				var types []kyc.EventType
				for _, h := range o.Hits {
					types = append(types, h.Type)
				}
				if o.Result != tc.result || len(out.Results) != tc.results || !slices.Equal(types, tc.hits) {
					t.Errorf("demo %q: got %s, %d results, hits %v; want %s, %d, %v", tc.demo, o.Result, len(out.Results), types, tc.result, tc.results, tc.hits)
				}
				want := 3 // 2 still running, then the result
				if tc.result == "Error" {
					want = 0 // the start answered with the error
				}
				if polls := p.Count("/checks/*/poll") - before; polls != want {
					t.Errorf("demo %q: %d polls, want %d", tc.demo, polls, want)
				}
				validate(t, target, input, o)
			}
		})
	}
}

// TestScreeningHitDetails checks what a hit's event carries and that its
// match key is stable across runs and differs by flag.
func TestScreeningHitDetails(t *testing.T) {
	t.Parallel()
	c, _, _, cfg := setup(t, integration.PEPsAndSanctionsScreen, integrationtest.Options{})
	m := integration.Mapping{Kind: cfg.CheckType, Target: kyc.CheckPEPsAndSanctions, Provider: "Gatehouse Test Provider"}
	run := func() kyc.CheckOutcome {
		r, err := c.Screen(context.Background(), cfg.Schedule(), request(individual, "SCREEN_ALL_FLAGS_SAME_HIT"))
		if err != nil {
			t.Fatal(err)
		}
		return m.Outcome(r)
	}
	a, b := run(), run()
	keys := map[string]bool{}
	for i, h := range a.Hits {
		if h.MatchKey != b.Hits[i].MatchKey {
			t.Errorf("hit %d: key %s then %s: not stable", i, h.MatchKey, b.Hits[i].MatchKey)
		}
		if keys[h.MatchKey] {
			t.Errorf("hit %d: key %s repeated", i, h.MatchKey)
		}
		keys[h.MatchKey] = true
		var ev map[string]any
		if err := json.Unmarshal(h.Event, &ev); err != nil {
			t.Fatal(err)
		}
		_, hasPEP := ev["pep"]
		_, hasSanctions := ev["sanctions"]
		_, hasMedia := ev["media"]
		if ev["event_type"] != string(h.Type) || ev["match_name"] != "Robin Alex Fairweather" || ev["provider_name"] != "Gatehouse Test Provider" ||
			hasPEP != (h.Type == kyc.EventPEP) || hasSanctions != (h.Type == kyc.EventSanction) || hasMedia != (h.Type == kyc.EventAdverseMedia) {
			t.Errorf("event %s: %s", h.Type, h.Event)
		}
		if cs, _ := ev["match_countries"].([]any); len(cs) != 1 || cs[0] != "GBR" {
			t.Errorf("match_countries %v, want only the valid GBR", ev["match_countries"])
		}
	}
}

// TestPollStepAcrossRestarts polls with a new client for every step and
// the state stored as JSON between them, as a durable job does across
// process restarts.
func TestPollStepAcrossRestarts(t *testing.T) {
	t.Parallel()
	c, p, _, cfg := setup(t, integration.PEPsAndSanctionsScreen, integrationtest.Options{PollsBeforeResult: 3, MaxPolls: 10})
	req := request(individual, "SCREEN_SINGLE_SANCTION")
	start, err := c.StartCheck(context.Background(), req)
	if err != nil || len(start.Errors) > 0 {
		t.Fatalf("start: %+v, %v", start, err)
	}
	stored, _ := json.Marshal(integration.PollState{Ref: start.Ref})
	for step := 1; ; step++ {
		var st integration.PollState
		if err := json.Unmarshal(stored, &st); err != nil {
			t.Fatal(err)
		}
		fresh, err := integration.NewClient(p.URL, mustKey(t, keyBytes(3)))
		if err != nil {
			t.Fatal(err)
		}
		fresh.Configure(cfg)
		s := fresh.PollStep(context.Background(), cfg.Schedule(), req, st)
		if s.State.Polls != step {
			t.Fatalf("step %d: state counts %d polls", step, s.State.Polls)
		}
		var cd map[string]any
		_ = json.Unmarshal(s.State.CustomData, &cd)
		if cd["started"] != true || cd["polls"] != float64(step) {
			t.Errorf("step %d: custom_data %s, want the start's and this poll's merged", step, s.State.CustomData)
		}
		if !s.Done {
			if s.Err != nil || s.Next != cfg.Schedule().Interval {
				t.Fatalf("step %d: %v, next %v", step, s.Err, s.Next)
			}
			stored, _ = json.Marshal(s.State)
			continue
		}
		if step != 4 || s.Err != nil {
			t.Fatalf("done at step %d with %v, want step 4", step, s.Err)
		}
		if o := (integration.Mapping{Kind: cfg.CheckType, Target: kyc.CheckPEPsAndSanctions, Provider: "P"}).Outcome(s.Result); o.Result != "Sanction" {
			t.Errorf("result %s, want Sanction", o.Result)
		}
		break
	}
}

// TestPollingStopsAtMaxPolls: a check that never finishes ends after
// max_polls polls, as Error 302 (a check timeout), polling no more.
func TestPollingStopsAtMaxPolls(t *testing.T) {
	t.Parallel()
	c, p, _, cfg := setup(t, integration.PEPsAndSanctionsScreen, integrationtest.Options{PollsBeforeResult: -1, MaxPolls: 3})
	var slept []time.Duration
	c.Sleep = func(_ context.Context, d time.Duration) error { slept = append(slept, d); return nil }
	_, err := c.Screen(context.Background(), cfg.Schedule(), request(individual, "ANY"))
	ce := integration.AsCallError(err)
	if ce == nil || ce.Kind != integration.KindExhausted || ce.Temporary() {
		t.Fatalf("got %v, want an exhausted poll error", err)
	}
	if n := p.Count("/checks/*/poll"); n != 3 {
		t.Errorf("got %d polls, want 3", n)
	}
	if len(slept) != 3 || slept[0] != 0 || slept[1] != 10*time.Millisecond {
		t.Errorf("waits %v, want the initial interval then the polling interval", slept)
	}
	o, err := integration.Mapping{Kind: cfg.CheckType, Target: kyc.CheckPEPsAndSanctions, Provider: "P"}.Failure(ce)
	if err != nil || o.Result != "Error" || !slices.Equal(codes(o.Errors), []int{302}) {
		t.Errorf("failure outcome %+v, %v", o, err)
	}
	validate(t, kyc.CheckPEPsAndSanctions, individual, o)
}

// TestPollWithoutAnswer: a poll that gets no answer is counted and tried
// again after the interval; one on the last poll ends the check.
func TestPollWithoutAnswer(t *testing.T) {
	t.Parallel()
	c, p, _, cfg := setup(t, integration.PEPsAndSanctionsScreen, integrationtest.Options{PollsBeforeResult: 0, MaxPolls: 2})
	c.Retry.Attempts = 1
	req := request(individual, "SCREEN_SINGLE_PEP")
	start, err := c.StartCheck(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	p.Inject("/checks/*/poll", 1, integrationtest.Fault{Drop: true})
	s := c.PollStep(context.Background(), cfg.Schedule(), req, integration.PollState{Ref: start.Ref})
	if s.Done || s.Err == nil || !isCallError(s.Err, integration.KindConnection) || s.State.Polls != 1 {
		t.Fatalf("first poll: %+v", s)
	}
	s = c.PollStep(context.Background(), cfg.Schedule(), req, s.State)
	if !s.Done || s.Err != nil || s.Result == nil {
		t.Fatalf("second poll: %+v", s)
	}
	p.Inject("/checks/*/poll", 1, integrationtest.Fault{Drop: true})
	s = c.PollStep(context.Background(), cfg.Schedule(), req, integration.PollState{Ref: start.Ref, Polls: 1})
	if !s.Done || !isCallError(s.Err, integration.KindConnection) {
		t.Fatalf("last poll without an answer: %+v", s)
	}
	if _, err := (integration.Mapping{Kind: cfg.CheckType, Target: kyc.CheckPEPsAndSanctions}).Failure(s.Err); !kyc.IsCode(err, kyc.EProvider) {
		t.Errorf("Failure: got %v, want a provider error to retry later", err)
	}
}
