package listscreen

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strings"
	"testing"

	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/passfort"
	"github.com/gatehouse/gatehouse/internal/screening"
	"github.com/gatehouse/gatehouse/internal/screening/sources/ftm"
)

// listed is a small FollowTheMoney list: a sanctioned person (with an
// impossible date of birth next to a real one), a person who is both
// sanctioned and a PEP, a debarred company and a person listed for a crime.
const listed = `{"id":"S-1","schema":"Person","properties":{"name":["Ivan Petrovich Sidorov"],"alias":["Ivan Sidorov"],"birthDate":["1970-03-04","1970-02-30"],"nationality":["ru"],"passportNumber":["7101234567"],"topics":["sanction"],"program":["UKRAINE-EO13661"]}}
{"id":"S-3","schema":"Person","properties":{"name":["Omar Haddad Qasim"],"topics":["sanction","role.pep"],"country":["sy","xx"]}}
{"id":"S-4","schema":"Company","properties":{"name":["Zentrix Logistics LLC"],"country":["ae"],"topics":["debarment"]}}
{"id":"S-5","schema":"Person","properties":{"name":["Kasimir Wolfhart"],"topics":["crime"]}}
`

func listedIndex(t *testing.T) *screening.Index {
	t.Helper()
	l, err := ftm.Parse("listed", []byte(listed))
	if err != nil {
		t.Fatal(err)
	}
	l.Version = screening.Version(screening.ZeroTime, []byte(listed))
	return screening.NewIndex(l)
}

// referenceKey is the match key as first defined; keys are persisted and
// compared by monitoring, so they must never change.
func referenceKey(m *screening.Match, q screening.Query, t kyc.EventType) string {
	ent, _ := json.Marshal(m.Entity)
	eh := sha256.Sum256(ent)
	qh := sha256.Sum256([]byte(screening.Normalise(q.Name) + "|" + strings.TrimSpace(q.DOB)))
	return "screen:" + m.List + ":" + m.ListID + "@" + hex.EncodeToString(eh[:6]) + "#" + hex.EncodeToString(qh[:4]) + "/" + string(t)
}

// TestImpossibleDateLeftOut: a list's date of birth that is no calendar
// date is left out of match_dates (the event's PartialDate), and the event
// keeps the match's details.
func TestImpossibleDateLeftOut(t *testing.T) {
	t.Parallel()
	idx := listedIndex(t)
	q := screening.Query{Name: "Ivan Sidorov", Type: screening.Person, Threshold: screening.DefaultThreshold, MatchesOnly: true}
	rs, hits := results(idx, q, idx.Search(q), screening.DefaultThreshold)
	if len(rs) != 1 || strings.Join(rs[0].MatchDates, ",") != "1970-03-04" || len(hits) != 1 {
		t.Fatalf("got %+v, %d hits; want one result dated 1970-03-04 only", rs, len(hits))
	}
	var e struct {
		MatchDates []string `json:"match_dates"`
		Sanctions  []any    `json:"sanctions"`
	}
	if err := json.Unmarshal(hits[0].Event, &e); err != nil || len(e.MatchDates) != 1 || len(e.Sanctions) == 0 {
		t.Errorf("event %s (%v), want its dates and sanctions", hits[0].Event, err)
	}
}

// TestHitsAreStable pins the match keys (byte for byte: they are stored on
// events) and checks every event against the contract's event decoder,
// which the provider no longer runs on each event it builds.
func TestHitsAreStable(t *testing.T) {
	t.Parallel()
	idx := listedIndex(t)
	for _, c := range []struct {
		q    screening.Query
		keys []string
	}{
		{screening.Query{Name: "Ivan Sidorov", Type: screening.Person, DOB: "1970-03-04"}, []string{
			"screen:listed:S-1@5f1d5f2d1e6d#c130afe5/SANCTION_FLAG",
		}},
		{screening.Query{Name: "Omar Haddad Qasim", Type: screening.Person}, []string{
			"screen:listed:S-3@ac4223f84264#f791dcfe/SANCTION_FLAG", "screen:listed:S-3@ac4223f84264#f791dcfe/PEP_FLAG",
		}},
		{screening.Query{Name: "Zentrix Logistics L.L.C.", Type: screening.Organisation}, []string{
			"screen:listed:S-4@31466e4c39af#a7ab4732/SANCTION_FLAG",
		}},
		{screening.Query{Name: "Kasimir Wolfhart", Type: screening.Person}, []string{
			"screen:listed:S-5@4b6a3a563ed1#5695dc66/REFER_FLAG",
		}},
	} {
		c.q.Threshold, c.q.MatchesOnly, c.q.Limit = screening.DefaultThreshold, true, maxResults
		ms := idx.Search(c.q)
		hits := Hits(idx, c.q, ms, screening.DefaultThreshold)
		var keys, want []string
		for _, m := range ms {
			for _, f := range flags(m.Entity) {
				want = append(want, referenceKey(&m, c.q, f))
				if k := MatchKey(&m, c.q, f); k != want[len(want)-1] {
					t.Errorf("MatchKey = %q, want %q", k, want[len(want)-1])
				}
			}
		}
		for _, h := range hits {
			keys = append(keys, h.MatchKey)
			data, et, err := passfort.DecodeEventData(h.Event, "data")
			if err != nil || et != h.Type {
				t.Errorf("%s: event refused by the decoder (%v) or typed %s, want %s:\n%s", c.q.Name, err, et, h.Type, h.Event)
			}
			if !strings.Contains(string(data), `"sources"`) {
				t.Errorf("%s: event lost the match's details:\n%s", c.q.Name, h.Event)
			}
		}
		if strings.Join(keys, " ") != strings.Join(c.keys, " ") || strings.Join(keys, " ") != strings.Join(want, " ") {
			t.Errorf("%s: keys\n%q\nwant\n%q\n(reference %q)", c.q.Name, keys, c.keys, want)
		}
	}
}
