package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"runtime/debug"
	"strings"

	"github.com/gatehouse/gatehouse/internal/config"
	"github.com/gatehouse/gatehouse/internal/jobs"
	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/monitor"
	"github.com/gatehouse/gatehouse/internal/screening"
)

// startLists loads the sanctions and PEP lists (--lists and the lists
// directory) into the holder and returns the watcher that checks them for new versions, with a summary
// for the start banner. A list that fails to load is reported loudly
// (stdout, an error log line, gatehouse_screening_path_failed) and the
// server starts with the others; with no list at all, screening checks end
// as Error and the screen endpoint answers an error.
func startLists(ctx context.Context, cfg *config.Config, h *screening.Holder, s kyc.Transactor,
	runner *jobs.Runner, m *monitor.Metrics, log *slog.Logger, stdout io.Writer) (*monitor.Watcher, string) {
	w := &monitor.Watcher{Lists: monitor.NewLists(cfg.ListPaths(), cfg.ListsDir), Holder: h, Store: s,
		Every: cfg.ListsPoll, Log: log, Metrics: m, WakeFunc: runner.Wake}
	if err := w.Check(ctx); err != nil {
		fmt.Fprintf(stdout, "SCREENING LISTS FAILED TO LOAD (the others, and last good versions, are served):\n  %s\n",
			strings.ReplaceAll(err.Error(), "\n", "\n  "))
	}
	// Loading and indexing the lists leaves more than a hundred MB of
	// garbage behind; with GOGC=400 the heap would only be collected, and
	// the memory returned, once several times that had been allocated.
	// Return it now, once.
	debug.FreeOSMemory()
	idx := h.Index()
	if idx == nil {
		return w, "no lists loaded"
	}
	var names []string
	for _, l := range idx.Lists() {
		names = append(names, l.Name)
	}
	plural := "s"
	if len(names) == 1 {
		plural = ""
	}
	return w, fmt.Sprintf("%d list%s (%s)", len(names), plural, strings.Join(names, ", "))
}
