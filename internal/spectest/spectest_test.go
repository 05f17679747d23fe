package spectest

import (
	"fmt"
	"net/http"
	"testing"
)

// recorder is a testing.TB that records failures instead of failing.
type recorder struct {
	testing.TB
	failed []string
}

func (r *recorder) Errorf(format string, args ...any) {
	r.failed = append(r.failed, fmt.Sprintf(format, args...))
}
func (r *recorder) Helper() {}

// TestValidatorCatchesViolations makes sure the checks are not vacuous:
// each body below breaks the contract and must be reported.
func TestValidatorCatchesViolations(t *testing.T) {
	v := Load(t)
	good := `{"id":"3d7a333c-418d-72a1-007b-06854dbb28eb","role":"INDIVIDUAL_CUSTOMER","creation_date":"2026-11-25 10:00:00","category":"APPLICANT","status":"NORMAL"}`
	for name, tc := range map[string]struct {
		path, body string
		status     int
		bad        bool
	}{
		"valid profile":         {"/4.0/profiles/3d7a333c-418d-72a1-007b-06854dbb28eb", good, 200, false},
		"RFC 3339 date":         {"/4.0/profiles/3d7a333c-418d-72a1-007b-06854dbb28eb", `{"creation_date":"2026-11-25T10:00:00Z"}`, 200, true},
		"unknown enum":          {"/4.0/profiles/3d7a333c-418d-72a1-007b-06854dbb28eb", `{"category":"VIP"}`, 200, true},
		"risk {} lacks fields":  {"/4.0/profiles/3d7a333c-418d-72a1-007b-06854dbb28eb", `{"risk":{}}`, 200, true},
		"search without fields": {"/4.0/profiles", `{"results":[]}`, 200, true},
		"error envelope":        {"/4.0/profiles", `{"errors":[{"code":201,"message":"x","source":"API","info":{}}]}`, 400, false},
		"error without info":    {"/4.0/profiles", `{"errors":[{"code":201,"message":"x","source":"API"}]}`, 400, true},
		"error bad source":      {"/4.0/profiles", `{"errors":[{"code":201,"message":"x","source":"ME","info":{}}]}`, 400, true},
	} {
		t.Run(name, func(t *testing.T) {
			r := &recorder{TB: t}
			req, _ := http.NewRequest("GET", "http://gatehouse"+tc.path, nil)
			h := http.Header{"Content-Type": {"application/json"}}
			v.Check(r, req, tc.status, h, []byte(tc.body))
			if got := len(r.failed) > 0; got != tc.bad {
				t.Errorf("reported %v (%q), want reported=%v", got, r.failed, tc.bad)
			}
		})
	}
}
