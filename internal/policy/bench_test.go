package policy

import (
	"testing"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

// BenchmarkEvaluate is one application of the demo policy for an individual
// with full data: risk model (four factors, a group) then smart policy.
func BenchmarkEvaluate(b *testing.B) {
	demo := Demo()
	prod, _ := demo.Product(kyc.ProductRef{Alias: "forexo_basic"})
	data := `,"personal_details":{"name":{"given_names":["Jane","Q"],"family_name":"Doe"},"dob":"1984-07-12","nationality":"VNM","gender":"F"},` +
		`"address_history":[{"address":{"country":"GBR"}},{"address":{"country":"FRA"},"end_date":"2020-01-01"}],` +
		`"contact_details":{"email":"jane@example.com"}`
	b.Run("facts parsed", func(b *testing.B) {
		pr := individual(data, event(kyc.EventPEP, kyc.ResolvedMismatch))
		pr.Facts()
		b.ReportAllocs()
		for b.Loop() {
			if _, err := demo.Evaluate(pr, prod, now); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("fresh profile", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			pr := individual(data, event(kyc.EventPEP, kyc.ResolvedMismatch))
			if _, err := demo.Evaluate(pr, prod, now); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkParse is loading the demo policy (CEL compilation included).
func BenchmarkParse(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(demoYAML, testProviders); err != nil {
			b.Fatal(err)
		}
	}
}
