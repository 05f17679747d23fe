package kyc_test

import (
	"testing"

	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/store/storetest"
)

// TestRevocationByAnotherProcess: `gatehouse keys revoke` runs in a process
// of its own; the serving process, which has just accepted the key, must
// refuse it on the very next request.
func TestRevocationByAnotherProcess(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		url := db.URL(t)
		serving := &kyc.Service{Store: storetest.OpenURL(t, url)}
		cli := &kyc.Service{Store: storetest.OpenURL(t, url)}
		secret, k, _, err := cli.CreateAPIKey(ctx, "Acme", "ci")
		if err != nil {
			t.Fatal(err)
		}
		for i := range 3 {
			if _, err := serving.Authenticate(ctx, secret); err != nil {
				t.Fatalf("request %d before revocation: got %v, want accepted", i, err)
			}
		}
		if _, err := cli.RevokeAPIKey(ctx, k.Prefix); err != nil {
			t.Fatal(err)
		}
		if _, err := serving.Authenticate(ctx, secret); !kyc.IsCode(err, kyc.EInvalidAPIKey) {
			t.Errorf("first request after revocation: got %v, want %s", err, kyc.EInvalidAPIKey)
		}
	})
}

// BenchmarkAuthenticate measures what authenticating one request costs the
// serving process, on each database.
func BenchmarkAuthenticate(b *testing.B) {
	for _, db := range storetest.Databases() {
		b.Run(db.Name, func(b *testing.B) {
			svc := &kyc.Service{Store: db.Open(b)}
			secret, _, _, err := svc.CreateAPIKey(ctx, "Acme", "bench")
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
