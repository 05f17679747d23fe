package content_test

import "runtime"

// allocatedBy returns the bytes the process allocated while f ran (an
// upper bound on how much the heap grew).
func allocatedBy(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}
