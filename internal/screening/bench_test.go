package screening_test

import (
	"path/filepath"
	"runtime"
	"sync"
	"testing"

	"github.com/gatehouse/gatehouse/internal/screening"
	"github.com/gatehouse/gatehouse/internal/screening/screeningtest"
	"github.com/gatehouse/gatehouse/internal/screening/sources/ofac"
)

var benchNames = []string{
	"Ayman Muhammad Rabi al-Zawahiri", "AKTSIONERNOE OBSHCHESTVO DUBNENSKII KABELNYI ZAVOD", "Yulia Sergeeva",
	"Mohammed Ali Hassan", "BANCO NACIONAL DE CUBA, S.A.", "Сергей Николаевич Муратов", "Vasiliy uryevich Glubev",
	"John Smith Trading Ltd", "KyuChang Chu", "A. Yevgenyevich Udodov",
}

var sdn = sync.OnceValues(func() (*screening.List, error) {
	dir := screeningtest.Find()
	if dir == "" {
		return nil, nil
	}
	return ofac.LoadDir("ofac-sdn-2024-05", filepath.Join(dir, "ofac-sdn-2024-05"))
})

func sdnList(b *testing.B) *screening.List {
	l, err := sdn()
	if err != nil {
		b.Fatal(err)
	}
	if l == nil {
		b.Skip("bundled lists not found; skipping benchmark")
	}
	return l
}

func BenchmarkNormalise(b *testing.B) {
	var n int
	for i := 0; b.Loop(); i++ {
		n += len(screening.Normalise(benchNames[i%len(benchNames)]))
	}
	runtime.KeepAlive(n)
}

func BenchmarkSearch(b *testing.B) {
	idx := screening.NewIndex(sdnList(b))
	qs := make([]screening.Query, len(benchNames))
	for i, n := range benchNames {
		qs[i] = screening.Query{Name: n, Limit: 10}
	}
	for i := 0; b.Loop(); i++ {
		idx.Search(qs[i%len(qs)])
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "queries/s")
}

// arabicNames are Arabic-script queries (invented, and one UN original
// name) against the romanised SDN list.
var arabicNames = []string{
	"يوسف كريم حمدان", "عزت ابراهيم الدوري", "محمد عبد الرحمن الشامي", "سمير فضل الله", "عبدالله بن علي العمري",
	"خالد ابوبكر", "فاطمة الزهراء", "حسن غلام رضا", "نورالدين بن محمد", "چوہدری عامر",
}

// BenchmarkSearchArabic screens Arabic-script names against the SDN list,
// which holds romanised names only: every word goes through the
// cross-script lookup.
func BenchmarkSearchArabic(b *testing.B) {
	idx := screening.NewIndex(sdnList(b))
	for i := 0; b.Loop(); i++ {
		idx.Search(screening.Query{Name: arabicNames[i%len(arabicNames)], Limit: 10})
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "queries/s")
}

func BenchmarkSearchParallel(b *testing.B) {
	idx := screening.NewIndex(sdnList(b))
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for i := 0; pb.Next(); i++ {
			idx.Search(screening.Query{Name: benchNames[i%len(benchNames)]})
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "queries/s")
}

func BenchmarkNewIndex(b *testing.B) {
	l := sdnList(b)
	var names int
	for b.Loop() {
		_, names = screening.NewIndex(l).Len()
	}
	b.ReportMetric(float64(names), "names")
	b.ReportMetric(float64(names)*float64(b.N)/b.Elapsed().Seconds(), "names/s")
}
