package kyc_test

import (
	"strings"
	"testing"
	"time"

	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/policy"
	"github.com/gatehouse/gatehouse/internal/store/storetest"
)

// TestCollectKeyScope: a collect key authenticates as its institution with
// the key's name and expiry, reaches only its profiles, cannot search,
// create profiles or issue keys, its submissions are audited as
// submitted-data, and it stops working at its expiry.
func TestCollectKeyScope(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		e := newEnv(t, db.Open(t), policy.Demo())
		clock := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
		e.svc.NowFunc = func() time.Time { return clock }
		mine, other := e.create(individual("Ada", "Lovelace")), e.create(individual("Alan", "Turing"))

		secret, k, err := e.svc.CreateCollectKey(ctx, e.actor, []string{strings.ToUpper(mine.ID)}, "")
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(secret, kyc.CollectKeyPrefix) || len(secret) != len(kyc.CollectKeyPrefix)+64 {
			t.Errorf("got key %q, want %s and 64 hex digits", secret, kyc.CollectKeyPrefix)
		}
		if want := clock.Add(kyc.DefaultCollectKeyTTL); !k.Expiry.Equal(want) {
			t.Errorf("got expiry %v, want %v", k.Expiry, want)
		}
		if strings.Contains(k.Name, secret) || !strings.HasPrefix(secret, k.Prefix) {
			t.Errorf("name %q or prefix %q reveal or do not match the key", k.Name, k.Prefix)
		}
		actor, err := e.svc.Authenticate(ctx, secret)
		if err != nil {
			t.Fatal(err)
		}
		if !actor.IsCollect() || actor.InstitutionID != e.actor.InstitutionID || actor.APIKey == nil || !actor.APIKey.Expiry.Equal(k.Expiry) {
			t.Fatalf("got actor %+v, want the collect key of the institution", actor)
		}
		if _, err := e.svc.Profile(ctx, actor, mine.ID); err != nil {
			t.Errorf("read own profile: %v", err)
		}
		for name, err := range map[string]error{
			"read another profile":      func() error { _, err := e.svc.Profile(ctx, actor, other.ID); return err }(),
			"read an absent profile":    func() error { _, err := e.svc.Profile(ctx, actor, kyc.NewID()); return err }(),
			"write another profile":     func() error { _, err := e.svc.SetStatus(ctx, actor, other.ID, kyc.StatusBanned); return err }(),
			"search":                    func() error { _, err := e.svc.SearchProfiles(ctx, actor, kyc.ProfileQuery{}); return err }(),
			"create a profile":          func() error { _, err := e.svc.CreateProfile(ctx, actor, kyc.NewProfile{}); return err }(),
			"issue a collect key":       func() error { _, _, err := e.svc.CreateCollectKey(ctx, actor, []string{mine.ID}, ""); return err }(),
			"issue for another profile": func() error { _, _, err := e.svc.CreateCollectKey(ctx, actor, []string{other.ID}, ""); return err }(),
		} {
			if !kyc.IsCode(err, kyc.EForbidden) {
				t.Errorf("%s: got %v, want %s", name, err, kyc.EForbidden)
			}
		}

		data := individual("Ada", "King")
		f, _ := kyc.ParseFacts(data)
		if _, err := e.svc.ReplaceCollectedData(ctx, actor, mine.ID, data, f); err != nil {
			t.Fatal(err)
		}
		items, err := e.svc.AuditItems(ctx, e.actor, mine.ID)
		if err != nil {
			t.Fatal(err)
		}
		var actions []string
		for _, it := range items {
			actions = append(actions, string(it.Action)+"/"+it.APIKeyName)
		}
		got := strings.Join(actions, " ")
		if !strings.Contains(got, "requested-data/svc") || !strings.Contains(got, "submitted-data/"+k.Name) {
			t.Errorf("got audit items %s, want requested-data by svc and submitted-data by %q", got, k.Name)
		}

		clock = k.Expiry
		if _, err := e.svc.Authenticate(ctx, secret); !kyc.IsCode(err, kyc.EInvalidAPIKey) {
			t.Errorf("at expiry: got %v, want %s", err, kyc.EInvalidAPIKey)
		}
		if _, err := e.svc.Authenticate(ctx, secret[:len(secret)-1]+"0"); !kyc.IsCode(err, kyc.EInvalidAPIKey) {
			t.Errorf("a made-up collect key: got %v, want %s", err, kyc.EInvalidAPIKey)
		}
		clock = k.Expiry.Add(time.Hour)
		if n, err := e.svc.DeleteExpiredCollectKeys(ctx, time.Hour); err != nil || n != 0 {
			t.Errorf("cleanup within the grace: deleted %d, %v; want 0", n, err)
		}
		clock = k.Expiry.Add(2 * time.Hour)
		if n, err := e.svc.DeleteExpiredCollectKeys(ctx, time.Hour); err != nil || n != 1 {
			t.Errorf("cleanup after the grace: deleted %d, %v; want 1", n, err)
		}
	})
}

// TestCreateCollectKeyInput: the profile ids are checked and named.
func TestCreateCollectKeyInput(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		e := newEnv(t, db.Open(t), policy.Demo())
		p := e.create(individual("Ada", "Lovelace"))
		many := make([]string, kyc.MaxCollectKeyProfiles+1)
		for i := range many {
			many[i] = p.ID
		}
		for _, tc := range []struct {
			name, field string
			ids         []string
			code        kyc.Code
			at          string
		}{
			{"none", "profile_ids", []string{}, kyc.EInvalid, "profile_ids"},
			{"too many", "profile_ids", many, kyc.EInvalid, "profile_ids"},
			{"not a uuid", "profile_ids", []string{p.ID, "nope"}, kyc.EInvalid, "profile_ids[1]"},
			{"absent", "profile_ids", []string{p.ID, kyc.NewID()}, kyc.ENotFound, "profile_ids[1]"},
			{"absent path", "", []string{kyc.NewID()}, kyc.ENotFound, ""},
			{"bad path", "", []string{"nope"}, kyc.ENotFound, ""},
		} {
			t.Run(tc.name, func(t *testing.T) {
				_, _, err := e.svc.CreateCollectKey(ctx, e.actor, tc.ids, tc.field)
				if !kyc.IsCode(err, tc.code) {
					t.Fatalf("got %v, want %s", err, tc.code)
				}
				ke := err.(*kyc.Error)
				if got, _ := ke.Info["field"].(string); got != tc.at {
					t.Errorf("got field %q, want %q", got, tc.at)
				}
			})
		}
		// Repeats are one profile; another institution's profile is absent.
		_, k, err := e.svc.CreateCollectKey(ctx, e.actor, []string{p.ID, strings.ToUpper(p.ID)}, "profile_ids")
		if err != nil || len(k.ProfileIDs) != 1 {
			t.Fatalf("got %v, %v; want one profile", k, err)
		}
		_, ok, inst, _ := e.svc.CreateAPIKey(ctx, "Other bank", "other")
		otherActor := kyc.Actor{InstitutionID: inst.ID, APIKey: ok}
		if _, _, err := e.svc.CreateCollectKey(ctx, otherActor, []string{p.ID}, ""); !kyc.IsCode(err, kyc.ENotFound) {
			t.Errorf("another institution's profile: got %v, want not found", err)
		}
	})
}

// BenchmarkAuthenticateCollect measures authenticating a request made with
// a collect key (one lookup by the key's hash, like an API key's).
func BenchmarkAuthenticateCollect(b *testing.B) {
	for _, db := range storetest.Databases() {
		b.Run(db.Name, func(b *testing.B) {
			svc := &kyc.Service{Store: db.Open(b), Policy: policy.Demo()}
			_, k, inst, err := svc.CreateAPIKey(ctx, "Acme", "bench")
			if err != nil {
				b.Fatal(err)
			}
			actor := kyc.Actor{InstitutionID: inst.ID, APIKey: k}
			data := individual("Ada", "Lovelace")
			f, _ := kyc.ParseFacts(data)
			p, err := svc.CreateProfile(ctx, actor, kyc.NewProfile{Role: kyc.RoleIndividualCustomer, CollectedData: data, Facts: f})
			if err != nil {
				b.Fatal(err)
			}
			secret, _, err := svc.CreateCollectKey(ctx, actor, []string{p.ID}, "")
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					if _, err := svc.Authenticate(ctx, secret); err != nil {
						b.Error(err)
						return
					}
				}
			})
		})
	}
}
