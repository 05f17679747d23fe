package partner_test

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"io"
	"log/slog"
	"testing"

	"github.com/gatehouse/gatehouse/internal/checks/partner"
	"github.com/gatehouse/gatehouse/internal/integration"
	"github.com/gatehouse/gatehouse/internal/integration/integrationtest"
	"github.com/gatehouse/gatehouse/internal/kyc"
)

// BenchmarkSyncCheck runs synchronous identity checks through the
// provider against a test integration over loopback: the request signed,
// the integration verifying it and answering, the answer mapped onto a
// 4.0 outcome. It reports checks per second.
func BenchmarkSyncCheck(b *testing.B) {
	key := make([]byte, 32)
	_, _ = rand.Read(key)
	ip := integrationtest.Start(b, integrationtest.Options{CheckType: "IDENTITY_CHECK", Key: key})
	secrets := map[string]string{"K": base64.StdEncoding.EncodeToString(key), "U": "tester", "P": "s3cret"}
	prov := partner.New()
	prov.Resolver = integration.Resolver{Getenv: func(k string) string { return secrets[k] }}
	prov.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
	v := kyc.CheckVariant{ID: kyc.NewID(), Alias: "idv", CheckType: string(kyc.CheckIdentity), Provider: kyc.ProviderIntegration,
		Config: map[string]any{"url": ip.URL, "key": "env:K", "provider_credentials": map[string]any{"username": "env:U", "password": "env:P"}}}
	if st := prov.Connect(ctx, []kyc.CheckVariant{v}); st[0].Status != partner.StatusReady {
		b.Fatalf("%s %s", st[0].Status, st[0].Reason())
	}
	facts, err := kyc.ParseFacts([]byte(individual))
	if err != nil {
		b.Fatal(err)
	}
	req := kyc.CheckRequest{CheckType: kyc.CheckIdentity, Variant: v, Input: json.RawMessage(individual), Facts: facts}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		req.CheckID = kyc.NewID()
		o, err := prov.Run(ctx, req)
		if err != nil || o.Result != "2+2" {
			b.Fatalf("got %+v, %v", o, err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "checks/s")
}
