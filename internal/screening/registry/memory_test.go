package registry

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/gatehouse/gatehouse/internal/screening"
	"github.com/gatehouse/gatehouse/internal/screening/screeningtest"
)

// bundledLists returns every bundled list directory except the superseded
// SDN 2021-07: the set `gatehouse screen` and the benchmarks load.
func bundledLists(tb testing.TB) []string {
	tb.Helper()
	dir := screeningtest.DataDir(tb)
	ents, err := os.ReadDir(dir)
	if err != nil {
		tb.Fatal(err)
	}
	var out []string
	for _, e := range ents {
		if e.IsDir() && e.Name() != "ofac-sdn-2021-07" {
			out = append(out, filepath.Join(dir, e.Name()))
		}
	}
	return out
}

// liveIndex keeps the last benchmark's index reachable, so a heap profile
// taken at the end of the run (-memprofile) shows it.
var liveIndex *screening.Index

// BenchmarkIndexMemory loads every bundled list and indexes it, as
// gatehouse serve does, and reports the heap the lists and the index keep
// alive after a collection (index-heap-bytes) and the heap allocated
// while building (build-alloc-bytes, garbage included).
//
//	go test -run '^$' -bench IndexMemory -benchtime 3x ./internal/screening/registry/
func BenchmarkIndexMemory(b *testing.B) {
	paths := bundledLists(b)
	var live, alloc, names float64
	for b.Loop() {
		liveIndex = nil
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		reg, err := Load(context.Background(), paths...)
		if err != nil {
			b.Fatal(err)
		}
		liveIndex = reg.Index()
		runtime.ReadMemStats(&after)
		alloc = float64(after.TotalAlloc - before.TotalAlloc)
		runtime.GC()
		runtime.ReadMemStats(&after)
		live = float64(after.HeapAlloc) - float64(before.HeapAlloc)
		_, n := liveIndex.Len()
		names = float64(n)
		runtime.KeepAlive(reg)
	}
	b.ReportMetric(live, "index-heap-bytes")
	b.ReportMetric(alloc, "build-alloc-bytes")
	b.ReportMetric(names, "names")
}
