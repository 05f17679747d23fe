package passfort

import "testing"

// BenchmarkDecodeEntityData measures the create-profile hot path: the guide's
// individual, and the rich examples for scale.
func BenchmarkDecodeEntityData(b *testing.B) {
	docs := validDocs(b)
	for _, name := range []string{"individual_guide.json", "individual_rich.json", "company_rich.json"} {
		doc := docs[name]
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(doc)))
			for b.Loop() {
				if _, _, err := DecodeEntityData(doc, "collected_data"); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
