package address

import (
	"context"
	"testing"
)

// BenchmarkFormat lays out one address (the United States: a state code
// looked up, a template with sections).
func BenchmarkFormat(b *testing.B) {
	a := StructuredAddress{Country: "USA", StreetNumber: "1", Route: "Infinite Loop", Locality: "Cupertino", StateProvince: "California", PostalCode: "95014"}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Format(a, ""); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDemoSearch answers one address search of 7 results.
func BenchmarkDemoSearch(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := SearchAddresses(context.Background(), Demo{}, "10 downing street", "GBR", 0); err != nil {
			b.Fatal(err)
		}
	}
}
