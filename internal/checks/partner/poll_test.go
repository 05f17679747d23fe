package partner_test

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/gatehouse/gatehouse/internal/integration"
	"github.com/gatehouse/gatehouse/internal/integration/integrationtest"
	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/store/storetest"
)

var pollVariants = []variant{
	{alias: "screen", target: kyc.CheckPEPsAndSanctions, kind: integration.PEPsAndSanctionsScreen,
		opts: integrationtest.Options{PollsBeforeResult: 2, MaxPolls: 5}},
	{alias: "screen_never", target: kyc.CheckPEPsAndSanctions, kind: integration.PEPsAndSanctionsScreen,
		opts: integrationtest.Options{PollsBeforeResult: -1, MaxPolls: 3}},
	{alias: "company_screen", target: kyc.CheckCompanyPEPsSanctions, kind: integration.CompanyPEPsAndSanctionsScreen},
}

// event is a 4.0 event as the API shows it.
type event struct {
	Data struct {
		EventType    string `json:"event_type"`
		ProviderName string `json:"provider_name"`
	} `json:"data"`
}

func (e *env) events(profileID string) []event {
	e.t.Helper()
	status, out := e.c.Do("GET", "/4.0/profiles/"+profileID+"/events", nil)
	if status != 200 {
		e.t.Fatalf("events: %d %s", status, out)
	}
	var evs []event
	if err := json.Unmarshal(out, &evs); err != nil {
		e.t.Fatal(err)
	}
	return evs
}

// TestPolledScreening runs polled screenings through the 4.0 API: the
// check is started, polled until its result on the template's schedule,
// and its hits become events as the built-in screening's do; one that
// never answers ends as Error after max_polls.
func TestPolledScreening(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		e := newEnv(t, db, pollVariants, options{})
		for _, tc := range []struct {
			alias  string
			target kyc.CheckType
			data   string
			demo   string
			result string
			codes  []int
			events []string
			polls  int
		}{
			{"screen", kyc.CheckPEPsAndSanctions, individual, "SCREEN_SINGLE_SANCTION", "Sanction", nil, []string{"SANCTION_FLAG"}, 3},
			{"screen", kyc.CheckPEPsAndSanctions, individual, "SCREEN_ALL_FLAGS_SEPARATE_HITS", "Sanction", nil,
				[]string{"ADVERSE_MEDIA_FLAG", "PEP_FLAG", "REFER_FLAG", "SANCTION_FLAG"}, 3},
			{"screen", kyc.CheckPEPsAndSanctions, individual, "", "PEP", nil, []string{"PEP_FLAG"}, 3},
			{"screen", kyc.CheckPEPsAndSanctions, individual, "SCREEN_NO_HITS", "Pass", nil, nil, 3},
			{"screen", kyc.CheckPEPsAndSanctions, individual, "ERROR_INVALID_CREDENTIALS", "Error", []int{502}, nil, 0},
			{"screen_never", kyc.CheckPEPsAndSanctions, individual, "", "Error", []int{302}, nil, 3},
			{"company_screen", kyc.CheckCompanyPEPsSanctions, company, "SCREEN_SINGLE_PEP", "PEP", nil, []string{"PEP_FLAG"}, 1},
		} {
			t.Run(tc.alias+"/"+tc.demo, func(t *testing.T) {
				id := e.profile(tc.data)
				before := e.ints[tc.alias].Count("/checks/*/poll")
				c := e.wait(id, e.instruct(id, tc.alias, tc.target, tc.demo, "").ID)
				if c.Result != tc.result || !slices.Equal(c.codes(), nonNil(tc.codes)) {
					t.Errorf("got %s %v, want %s %v (%+v)", c.Result, c.codes(), tc.result, tc.codes, c.Errors)
				}
				if n := e.ints[tc.alias].Count("/checks/*/poll") - before; n != tc.polls {
					t.Errorf("got %d polls, want %d", n, tc.polls)
				}
				var got []string
				for _, ev := range e.events(id) {
					if ev.Data.ProviderName != "Gatehouse Test Provider" {
						t.Errorf("event %s from %q, want the integration's provider_name", ev.Data.EventType, ev.Data.ProviderName)
					}
					got = append(got, ev.Data.EventType)
				}
				slices.Sort(got)
				if !slices.Equal(got, tc.events) {
					t.Errorf("got events %v, want %v", got, tc.events)
				}
			})
		}
		e.signedBothWays("screen")
		e.signedBothWays("screen_never")
		e.signedBothWays("company_screen")
	})
}

// TestAutomaticScreening: a product's automatic screening runs on its
// integration from the automation job, and a hit keeps the task open.
func TestAutomaticScreening(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		e := newEnv(t, db, pollVariants[:1], options{})
		id := e.profile(individual, "onboarding")
		waitFor(t, "the screening raises its event", func() bool { return len(e.events(id)) == 1 })
		if ev := e.events(id)[0]; ev.Data.EventType != "PEP_FLAG" {
			t.Errorf("got %s, want PEP_FLAG", ev.Data.EventType)
		}
	})
}
