package portal

import (
	"errors"
	"net/url"
	"testing"

	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/policy"
)

// FuzzQueueFilter: any query string either is refused with an error naming
// its parameter, or reads as a filter whose URL reads back the same.
func FuzzQueueFilter(f *testing.F) {
	for _, q := range []string{"", "bucket=IN_REVIEW&risk=HIGH&assignee=me&waiting=7d&page=3", "assignee=none",
		"bucket=DECIDED&product=b0ce7c17-2cab-86e7-9a83-ebee0d4d5dc8", "page=0", "risk=%00", "bucket=READY_FOR_DECISION&page=99999999999"} {
		f.Add(q)
	}
	s := &Server{svc: &kyc.Service{Policy: policy.Demo()}}
	f.Fuzz(func(t *testing.T, raw string) {
		q, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		fl, err := s.parseQueueFilter(q)
		if err != nil {
			var ke *kyc.Error
			if !errors.As(err, &ke) || ke.Info["field"] == nil {
				t.Fatalf("%q: got %v, want an error naming the field", raw, err)
			}
			return
		}
		u, _ := url.Parse(fl.url(fl.Page))
		again, err := s.parseQueueFilter(u.Query())
		if err != nil || again != fl {
			t.Fatalf("%q: %+v reads back as %+v, %v", raw, fl, again, err)
		}
	})
}

// FuzzCaseViews: the case page's views read any collected data, event
// data and check output without failing (an odd shape shows less).
func FuzzCaseViews(f *testing.F) {
	for _, s := range []string{
		`{"entity_type":"INDIVIDUAL","personal_details":{"name":{"given_names":["A"],"family_name":"B"},"dob":"1990"},"address_history":[{"address":{"type":"FREEFORM","text":"x","country":"GBR"}}]}`,
		`{"entity_type":"COMPANY","metadata":{"name":"Acme","is_active":true,"sic_codes":[{"code":"1"}]},"officers":{"directors":[{"immediate_data":{"personal_details":{"name":{"given_names":["C"]}}}}]},"ownership_structure":{"shareholders":[{"linked_profile":{"id":"x"},"total_percentage":12.5}]}}`,
		`{"event_type":"SANCTION_FLAG","match_name":"X","score":0.9,"match_dates":["1990-01"],"sanctions":[{"issuer":"I","time_periods":[{"from_date":"2020"}]}],"pep":{"match":true,"tier":1},"details":[{"title":"Reason","text":"r"}]}`,
		`{"electronic_id_check":{"matches":[{"database_name":"D","matched_fields":["DOB"]}]}}`,
		`{"sanctions_results":[{"match_name":"X","score":2}]}`,
		`[1,{"a":[null,true,"x"]}]`, `null`, `{"score":"high"}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		personOf(data)
		companyOf(data)
		facts := &kyc.Facts{DOB: "1990-01-12", Nationality: "GBR"}
		hitOf(&kyc.Event{ID: "e", Type: kyc.EventSanction, Data: data, Resolution: kyc.Unresolved}, facts)
		p := &kyc.Profile{}
		for _, ct := range []kyc.CheckType{kyc.CheckIdentity, kyc.CheckPEPsAndSanctions, kyc.CheckCompanyRegistry} {
			v := checkViewOf(&kyc.Check{ID: "c", Type: ct, Output: data}, p)
			if len(v.Fields) > maxFieldRows {
				t.Fatalf("got %d fields, want at most %d", len(v.Fields), maxFieldRows)
			}
		}
	})
}

// FuzzCompareDOB: the verdict agrees with the dates: "exact" only for the
// same full date, a "same..." verdict only for a shared prefix.
func FuzzCompareDOB(f *testing.F) {
	f.Add("1990-01-12", "1990-01-12")
	f.Add("1990-01", "1990-02-03")
	f.Add("1990", "1991")
	f.Add("", "1990")
	f.Fuzz(func(t *testing.T, dob, listed string) {
		m := compareDOB(dob, []string{listed})
		switch {
		case m.Verdict == "exact" && (len(dob) < 10 || len(listed) < 10 || dob[:10] != listed[:10]):
			t.Fatalf("%q vs %q: exact", dob, listed)
		case m.Match && (len(dob) < 4 || len(listed) < 4 || dob[:4] != listed[:4]):
			t.Fatalf("%q vs %q: a match with different years", dob, listed)
		}
	})
}
