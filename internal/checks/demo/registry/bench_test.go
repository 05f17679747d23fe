package registry

import "testing"

// BenchmarkLookup builds one company's record (people, filings, address).
func BenchmarkLookup(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Lookup(Query{Country: "GBR", Number: "09565115", Name: "PassFort Limited"}); err != nil {
			b.Fatal(err)
		}
	}
}
