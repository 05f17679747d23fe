package monitor

import (
	"encoding/json"

	"github.com/gatehouse/gatehouse/internal/checks/listscreen"
	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/screening"
)

// Subject is the kyc.Service's MonitorSubjectFunc: what monitoring screens
// of a profile being saved. A monitored profile keeps the query its
// monitored check's variant screens (name, type, date of birth, country
// and threshold); a profile screened on the screening provider that is no
// longer monitored drops it; any other profile is left alone.
func Subject(p *kyc.Profile) ([]byte, kyc.SubjectAction) {
	if c := MonitoredCheck(p); c != nil {
		if q, ok := queryOf(c, p); ok {
			b, err := json.Marshal(q)
			if err == nil {
				return b, kyc.SubjectKeep
			}
		}
		return nil, kyc.SubjectDrop
	}
	for _, c := range p.Checks {
		if c.Variant.Provider == listscreen.ProviderID {
			return nil, kyc.SubjectDrop
		}
	}
	return nil, kyc.SubjectNone
}

// queryOf is the query a monitored check's variant screens a profile's
// current data with; false when the variant's config is unreadable or
// the profile has no name to screen.
func queryOf(c *kyc.Check, p *kyc.Profile) (screening.Query, bool) {
	cfg, err := listscreen.ParseConfig(c.Variant)
	if err != nil {
		return screening.Query{}, false
	}
	q := listscreen.QueryFor(c.Type, p.Facts())
	q.Threshold = cfg.Threshold
	return q, q.Name != ""
}

// decodeSubject reads a subject written by Subject.
func decodeSubject(b []byte) (screening.Query, error) {
	var q screening.Query
	err := json.Unmarshal(b, &q)
	return q, err
}
