package demo

import (
	"context"
	"testing"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

func BenchmarkRun(b *testing.B) {
	p := New()
	ctx := context.Background()
	for _, c := range []struct {
		name string
		ct   kyc.CheckType
		demo string
	}{
		{"identity", kyc.CheckIdentity, ""},
		{"screen_all_hits", kyc.CheckPEPsAndSanctions, "SCREEN_ALL_FLAGS_SEPARATE_HITS"},
		{"document", kyc.CheckDocumentVerification, ""},
		{"registry", kyc.CheckCompanyRegistry, "COMPANY_SHAREHOLDER_WITH_SIGNIFICANT_CONTROL"},
	} {
		req := request(b, c.ct, inputFor(c.ct, "Wheeler"), c.demo)
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			bytes := 0
			for b.Loop() {
				o, err := p.Run(ctx, req)
				if err != nil {
					b.Fatal(err)
				}
				bytes = len(o.Output)
			}
			b.ReportMetric(float64(bytes), "output-bytes")
		})
	}
}
