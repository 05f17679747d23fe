package passfort

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

// TestFromProfileMinimal: a search result leaves out collected data, checks
// and events (no member at all, never an empty list); the full profile has
// them, as empty lists when there are none.
func TestFromProfileMinimal(t *testing.T) {
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	p := &kyc.Profile{
		ID: "3d7a333c-418d-72a1-007b-06854dbb28eb", Role: kyc.RoleIndividualCustomer, Status: kyc.StatusNormal,
		CreatedAt: now, CollectedData: []byte(`{"entity_type":"INDIVIDUAL"}`),
		Checks: []*kyc.Check{{ID: "5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d", Type: kyc.CheckIdentity}},
		Events: []*kyc.Event{{ID: "6a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d"}},
	}
	full := FromProfile(p, false)
	if len(full.Checks) != 1 || len(full.Events) != 1 || full.CollectedData == nil {
		t.Errorf("full profile: %d checks, %d events, collected data %s", len(full.Checks), len(full.Events), full.CollectedData)
	}
	short, _ := json.Marshal(FromProfile(p, true))
	for _, member := range []string{`"checks"`, `"events"`, `"collected_data"`} {
		if strings.Contains(string(short), member) {
			t.Errorf("minimal profile has %s: %s", member, short)
		}
	}
	p.Checks, p.Events = []*kyc.Check{}, []*kyc.Event{}
	empty, _ := json.Marshal(FromProfile(p, false))
	if !strings.Contains(string(empty), `"checks":[]`) || !strings.Contains(string(empty), `"events":[]`) {
		t.Errorf("full profile without checks and events: %s, want empty lists", empty)
	}
}
