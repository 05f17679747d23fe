package api_test

import (
	"regexp"
	"testing"

	"github.com/gatehouse/gatehouse/internal/api"
	"github.com/gatehouse/gatehouse/internal/store/storetest"
)

// falsePositive is a SanctionsResult's false_positive member.
type falsePositive struct {
	MatchID           string   `json:"match_id"`
	MatchModifiedDate string   `json:"match_modified_date"`
	Reasons           []string `json:"reasons"`
	Issuer            string   `json:"issuer"`
}

// TestMismatchMarksFalsePositive: resolving a screening hit as MISMATCH
// marks the check's SanctionsResult false_positive (the contract's
// FalsePositive: match id, the match's date, the reasons, who said so);
// reopening it, or a match with another flag still open, leaves no mark.
func TestMismatchMarksFalsePositive(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		e := newEnv(t, db, api.Config{})
		base := "/4.0/profiles/" + newQuietProfile(t, e, "Ada", "Lovelace")
		results := func(checkID string) []struct {
			MatchID       string         `json:"match_id"`
			FalsePositive *falsePositive `json:"false_positive"`
		} {
			t.Helper()
			c := decode[struct {
				OutputData struct {
					SanctionsResults []struct {
						MatchID       string         `json:"match_id"`
						FalsePositive *falsePositive `json:"false_positive"`
					} `json:"sanctions_results"`
				} `json:"output_data"`
			}](t, must(e.c.Do("GET", base+"/checks/"+checkID, nil)))
			return c.OutputData.SanctionsResults
		}
		events := func() []struct{ ID, Resolution string } {
			return decode[[]struct{ ID, Resolution string }](t, must(e.c.Do("GET", base+"/events", nil)))
		}

		pep := decode[checkView](t, must(e.c.Do("POST", base+"/checks?mode=sync", `{"check_type":"PEPS_AND_SANCTIONS_SCREEN","demo_result":"SCREEN_SINGLE_PEP"}`)))
		evs := events()
		if len(evs) != 1 {
			t.Fatalf("got %d events, want 1", len(evs))
		}
		if rs := results(pep.ID); len(rs) != 1 || rs[0].FalsePositive != nil {
			t.Fatalf("got results %+v before any resolution, want one without false_positive", rs)
		}
		status, body := e.c.Do("POST", base+"/events/"+evs[0].ID, `{"resolution":"MISMATCH","resolution_reason":"different date of birth"}`)
		if status != 200 {
			t.Fatalf("resolve: %d %s", status, body)
		}
		rs := results(pep.ID)
		fp := rs[0].FalsePositive
		if fp == nil || fp.MatchID != rs[0].MatchID || len(fp.Reasons) != 1 || fp.Reasons[0] != "different date of birth" ||
			fp.Issuer != "test key" || !regexp.MustCompile(`^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$`).MatchString(fp.MatchModifiedDate) {
			t.Fatalf("got false_positive %+v after MISMATCH, want match %s, the reason, the key's name and a DateTime", fp, rs[0].MatchID)
		}
		// The list of checks validates against the contract with the mark.
		must(e.c.Do("GET", base+"/checks", nil))

		e.c.Do("POST", base+"/events/"+evs[0].ID, `{"resolution":"UNRESOLVED"}`)
		if rs := results(pep.ID); rs[0].FalsePositive != nil {
			t.Errorf("got false_positive %+v after reopening, want none", rs[0].FalsePositive)
		}
		e.c.Do("POST", base+"/events/bulk_update", `[{"id":"`+evs[0].ID+`","resolution":"MISMATCH"}]`)
		if rs := results(pep.ID); rs[0].FalsePositive == nil || len(rs[0].FalsePositive.Reasons) != 1 {
			t.Errorf("got false_positive %+v after a bulk MISMATCH, want one with the earlier reason", rs[0].FalsePositive)
		}
		e.c.Do("POST", base+"/events/"+evs[0].ID, `{"resolution":"MATCH"}`)
		if rs := results(pep.ID); rs[0].FalsePositive != nil {
			t.Errorf("got false_positive %+v after MATCH, want none", rs[0].FalsePositive)
		}

		// One match with four flags raises four events: it is a false
		// positive only once every one of them is a mismatch.
		base = "/4.0/profiles/" + newQuietProfile(t, e, "Bea", "Lovelace")
		all := decode[checkView](t, must(e.c.Do("POST", base+"/checks?mode=sync", `{"check_type":"PEPS_AND_SANCTIONS_SCREEN","demo_result":"SCREEN_ALL_FLAGS_SAME_HIT"}`)))
		evs = events()
		if len(evs) != 4 {
			t.Fatalf("got %d events, want 4", len(evs))
		}
		for i, ev := range evs {
			e.c.Do("POST", base+"/events/"+ev.ID, `{"resolution":"MISMATCH"}`)
			if got, want := results(all.ID)[0].FalsePositive != nil, i == len(evs)-1; got != want {
				t.Errorf("after %d of 4 mismatches: false_positive set %v, want %v", i+1, got, want)
			}
		}
		if fp := results(all.ID)[0].FalsePositive; fp == nil || fp.Reasons == nil || len(fp.Reasons) != 0 {
			t.Errorf("got false_positive %+v without a reason, want reasons []", fp)
		}
	})
}
