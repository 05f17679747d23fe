package passfort

import (
	"testing"
	"time"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

// TestFromProfileMinimal: a search result leaves out collected data, checks
// and events (as empty arrays); the full profile has them.
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
	short := FromProfile(p, true)
	if short.Checks == nil || short.Events == nil || len(short.Checks) != 0 || len(short.Events) != 0 || short.CollectedData != nil {
		t.Errorf("minimal profile: checks %v, events %v, collected data %s", short.Checks, short.Events, short.CollectedData)
	}
}
