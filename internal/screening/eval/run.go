package eval

import (
	"context"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/gatehouse/gatehouse/internal/screening/registry"
)

// Run loads the lists under listPaths, builds the index (timing it and
// measuring its memory), reads the labelled cases from dataPath and
// evaluates them.
func Run(ctx context.Context, dataPath string, listPaths []string, opt Options) (*Report, error) {
	f, err := os.Open(dataPath)
	if err != nil {
		return nil, err
	}
	cases, err := ReadCases(f)
	f.Close()
	if err != nil {
		return nil, err
	}
	before := heapInuse()
	start := time.Now()
	reg, err := registry.Load(ctx, listPaths...)
	if err != nil {
		return nil, err
	}
	idx := reg.Index()
	build := time.Since(start)
	after := heapInuse()
	rep, err := Evaluate(ctx, idx, cases, opt)
	if err != nil {
		return nil, err
	}
	rep.BuildMillis = float64(build.Microseconds()) / 1000
	rep.HeapInuseMB = float64(after-before) / (1 << 20)
	debug.FreeOSMemory() // report the steady state, not the garbage of loading
	rep.RSSMB = rssMB()
	rep.Entities, rep.Names = idx.Len()
	for _, l := range idx.Lists() {
		rep.Lists = append(rep.Lists, l.Name+"@"+l.Version)
	}
	runtime.KeepAlive(idx)
	return rep, nil
}

func heapInuse() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapInuse
}

// rssMB reads VmRSS from /proc/self/status (Linux); 0 elsewhere.
func rssMB() float64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "VmRSS:") {
			f := strings.Fields(line)
			if len(f) >= 2 {
				kb, _ := strconv.ParseFloat(f[1], 64)
				return kb / 1024
			}
		}
	}
	return 0
}
