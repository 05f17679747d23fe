package policy

import (
	"slices"
	"sort"
	"testing"
	"time"

	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/google/cel-go/common/types"
	"github.com/google/cel-go/common/types/traits"
)

func TestAgeAt(t *testing.T) {
	at := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		dob  string
		age  int
		ok   bool
		note string
	}{
		{"1990-03-01", 36, true, "birthday today"},
		{"1990-03-02", 35, true, "birthday tomorrow"},
		{"1990-02", 36, true, "year and month: the first of the month"},
		{"1990-04", 35, true, ""},
		{"1990", 36, true, "year only: 1 January"},
		{"2026", 0, true, ""},
		{"2027", 0, false, "in the future"},
		{"", 0, false, "missing"},
		{"1990-13-01", 0, false, "not a date"},
		{"01/02/1990", 0, false, "another format"},
	} {
		age, ok := ageAt(tc.dob, at)
		if age != tc.age || ok != tc.ok {
			t.Errorf("ageAt(%q) = %d, %v; want %d, %v (%s)", tc.dob, age, ok, tc.age, tc.ok, tc.note)
		}
	}
}

func keys(t *testing.T, p *kyc.Profile, withRaw bool) []string {
	t.Helper()
	threshold := 0.0
	if withRaw {
		threshold = 25
	}
	m := profileVar(p, now, withRaw, threshold).(traits.Mapper)
	var out []string
	for it := m.Iterator(); it.HasNext() == types.True; {
		out = append(out, string(it.Next().(types.String)))
	}
	sort.Strings(out)
	return out
}

// TestProfileVarMissingFieldsAbsent: a field without data is absent, so
// has() tells and reading it is "data missing"; the screening fields are
// data once a screen has completed.
func TestProfileVarMissingFieldsAbsent(t *testing.T) {
	got := keys(t, individual(""), true)
	want := []string{"collected_data", "entity_type", "is_associate", "role", "status", "tags", "unresolved_event_types"}
	if !slices.Equal(got, want) {
		t.Errorf("keys of an empty profile = %v, want %v", got, want)
	}
	got = keys(t, withScreen(individual("")), true)
	want = []string{"adverse_media", "collected_data", "entity_type", "is_associate", "pep", "potential_pep", "potential_sanction",
		"role", "sanctioned", "status", "tags", "unresolved_event_types"}
	if !slices.Equal(got, want) {
		t.Errorf("keys of an empty screened profile = %v, want %v", got, want)
	}
}

// TestProfileVarFields: every field is documented in profileFields (which
// the checker uses), and a full profile has all of them.
func TestProfileVarFields(t *testing.T) {
	ind := withScreen(individual(`,"personal_details":{"name":{"given_names":["A"],"family_name":"B"},"dob":"1980","nationality":"GBR","gender":"F"},` +
		`"address_history":[{"address":{"country":"FRA"}}]`))
	co := withScreen(company(`,"metadata":{"name":"X","number":"1","country_of_incorporation":"GBR","sic_codes":[{"code":"1"}]}`))
	all := map[string]bool{}
	for _, k := range append(keys(t, ind, true), keys(t, co, true)...) {
		all[k] = true
	}
	for _, f := range profileFields {
		if !all[f] {
			t.Errorf("profile.%s is never set", f)
		}
		delete(all, f)
	}
	for k := range all {
		t.Errorf("profile.%s is not in profileFields", k)
	}
}

func TestProfileVarEvents(t *testing.T) {
	p := individual("", event(kyc.EventPEP, kyc.ResolvedMatch), event(kyc.EventSanction, kyc.Unresolved),
		event(kyc.EventAdverseMedia, kyc.ResolvedMismatch), event(kyc.EventSanction, kyc.Unresolved))
	p.Role = kyc.RoleIndividualAssociated
	m := profileVar(p, now, false, 0).(traits.Mapper)
	for k, want := range map[string]any{"pep": true, "potential_pep": false, "sanctioned": false, "potential_sanction": true,
		"adverse_media": false, "is_associate": true, "role": "INDIVIDUAL_ASSOCIATED", "entity_type": "INDIVIDUAL", "status": "NORMAL"} {
		if got := m.Get(types.String(k)).Value(); got != want {
			t.Errorf("profile.%s = %v, want %v", k, got, want)
		}
	}
	if got := text(m.Get(types.String("unresolved_event_types"))); got != "SANCTION_FLAG" {
		t.Errorf("unresolved_event_types = %s", got)
	}
	if _, found := m.Find(types.String("collected_data")); found {
		t.Error("collected_data decoded without a policy reading it")
	}
}
