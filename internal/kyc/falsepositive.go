package kyc

import (
	"bytes"
	"encoding/json"
	"slices"
	"time"
)

// The contract records an analyst's MISMATCH on the screening result
// itself: SanctionsResult.false_positive {match_id, match_modified_date,
// reasons, issuer}. A screening check's output is otherwise immutable; this
// mark follows the events its result raised.

// dateTimeLayout is the contract's DateTime, "YYYY-MM-DD hh:mm:ss" in UTC.
const dateTimeLayout = "2006-01-02 15:04:05"

// falsePositive is the contract's FalsePositive.
type falsePositive struct {
	MatchID           string   `json:"match_id"`
	MatchModifiedDate string   `json:"match_modified_date"`
	Reasons           []string `json:"reasons"`
	Issuer            string   `json:"issuer"`
}

// eventMatch is what an event's data says of the match that raised it.
type eventMatch struct {
	MatchID      string `json:"match_id"`
	ModifiedDate string `json:"modified_date"`
}

func matchOf(e *Event) eventMatch {
	var m eventMatch
	_ = json.Unmarshal(e.Data, &m) // validated EventData; no match_id, no mark
	return m
}

// markFalsePositive brings the false_positive mark of the screening result
// behind event e up to date after e's resolution changed: the result of
// the check that raised e (a monitoring hit has no check: the latest
// screening check that reported the match) is a false positive when every
// event its match raised from that source is resolved MISMATCH, with their
// reasons, actor as issuer, and as match_modified_date the match's
// modified_date, or when it was raised. Otherwise the mark is removed.
func (p *Profile) markFalsePositive(e *Event, actor Actor) {
	m := matchOf(e)
	if m.MatchID == "" {
		return
	}
	c := p.screenWithMatch(e.CheckID, m.MatchID)
	if c == nil {
		return
	}
	var fp *falsePositive
	for _, o := range p.Events {
		if o.CheckID != e.CheckID || matchOf(o).MatchID != m.MatchID {
			continue
		}
		if o.Resolution != ResolvedMismatch {
			fp = nil
			break
		}
		if fp == nil {
			fp = &falsePositive{MatchID: m.MatchID, Reasons: []string{}, Issuer: actor.Name(),
				MatchModifiedDate: o.CreatedAt.UTC().Format(dateTimeLayout)}
			if d, err := time.Parse(dateTimeLayout, matchOf(o).ModifiedDate); err == nil {
				fp.MatchModifiedDate = d.Format(dateTimeLayout)
			}
		}
		if o.ResolutionReason != "" && !slices.Contains(fp.Reasons, o.ResolutionReason) {
			fp.Reasons = append(fp.Reasons, o.ResolutionReason)
		}
	}
	if out, ok := withFalsePositive(c.Output, m.MatchID, fp); ok {
		c.Output = out
		c.Touch()
	}
}

// screenWithMatch returns the completed screening check whose results
// hold matchID: checkID's, or, when that is empty, the latest one.
func (p *Profile) screenWithMatch(checkID, matchID string) *Check {
	var found *Check
	for _, c := range p.Checks {
		if c.State != CheckComplete || c.Type != CheckPEPsAndSanctions && c.Type != CheckCompanyPEPsSanctions ||
			checkID != "" && c.ID != checkID || !hasMatch(c.Output, matchID) {
			continue
		}
		if found == nil || !c.CreatedAt.Before(found.CreatedAt) {
			found = c
		}
	}
	return found
}

// hasMatch reports whether a screening output has a result with matchID.
func hasMatch(output []byte, matchID string) bool {
	top, _ := members(output)
	for _, m := range top {
		if m.key != "sanctions_results" {
			continue
		}
		var results []json.RawMessage
		_ = json.Unmarshal(m.value, &results)
		for _, raw := range results {
			if r, ok := members(raw); ok && matchIDOf(r) == matchID {
				return true
			}
		}
	}
	return false
}

// withFalsePositive returns a screening output whose sanctions_results with
// match_id matchID carry fp as false_positive (none when fp is nil), and
// whether that changed anything. Members keep their order.
func withFalsePositive(output []byte, matchID string, fp *falsePositive) ([]byte, bool) {
	top, ok := members(output)
	if !ok {
		return output, false
	}
	i := slices.IndexFunc(top, func(m member) bool { return m.key == "sanctions_results" })
	if i < 0 {
		return output, false
	}
	var results []json.RawMessage
	if json.Unmarshal(top[i].value, &results) != nil {
		return output, false
	}
	var mark json.RawMessage
	if fp != nil {
		mark, _ = json.Marshal(fp)
	}
	changed := false
	for j, raw := range results {
		r, ok := members(raw)
		if !ok || matchIDOf(r) != matchID {
			continue
		}
		k := slices.IndexFunc(r, func(m member) bool { return m.key == "false_positive" })
		switch {
		case mark == nil && k >= 0:
			r = slices.Delete(r, k, k+1)
		case mark != nil && k >= 0 && !bytes.Equal(r[k].value, mark):
			r[k].value = mark
		case mark != nil && k < 0:
			r = append(r, member{key: "false_positive", value: mark})
		default:
			continue
		}
		results[j], changed = encodeMembers(r), true
	}
	if !changed {
		return output, false
	}
	arr := []byte{'['}
	for j, r := range results {
		if j > 0 {
			arr = append(arr, ',')
		}
		arr = append(arr, r...)
	}
	top[i].value = append(arr, ']')
	return encodeMembers(top), true
}

func matchIDOf(r []member) string {
	for _, m := range r {
		if m.key == "match_id" {
			var id string
			_ = json.Unmarshal(m.value, &id)
			return id
		}
	}
	return ""
}

// member is one member of a JSON object, in document order.
type member struct {
	key   string
	value json.RawMessage
}

// members splits a JSON object into its members, false when raw is not an
// object.
func members(raw []byte) ([]member, bool) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, false
	}
	var out []member
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, false
		}
		key, _ := tok.(string)
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, false
		}
		out = append(out, member{key: key, value: v})
	}
	return out, true
}

func encodeMembers(ms []member) []byte {
	b := []byte{'{'}
	for i, m := range ms {
		if i > 0 {
			b = append(b, ',')
		}
		k, _ := json.Marshal(m.key)
		b = append(append(append(b, k...), ':'), m.value...)
	}
	return append(b, '}')
}
