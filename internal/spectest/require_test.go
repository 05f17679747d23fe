package spectest

import (
	"errors"
	"fmt"
	"io/fs"
	"testing"
)

// ender is a testing.TB that records how a test would have ended.
type ender struct {
	testing.TB
	fatal, skip []string
}

func (e *ender) Helper() {}
func (e *ender) Fatalf(format string, args ...any) {
	e.fatal = append(e.fatal, fmt.Sprintf(format, args...))
}
func (e *ender) Skipf(format string, args ...any) {
	e.skip = append(e.skip, fmt.Sprintf(format, args...))
}

// TestUnavailable: a missing spec skips, unless GATEHOUSE_TEST_REQUIRE_SPEC=1
// makes it a failure; a broken spec always fails.
func TestUnavailable(t *testing.T) {
	missing := &fs.PathError{Op: "stat", Path: "x.json", Err: fs.ErrNotExist}
	for _, tc := range []struct {
		name, require string
		err           error
		fatal         bool
	}{
		{"missing", "", missing, false},
		{"missing, required", "1", missing, true},
		{"broken", "", errors.New("bad JSON"), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv(RequireEnv, tc.require)
			e := &ender{TB: t}
			unavailable(e, tc.err)
			failed := len(e.fatal) == 1 && len(e.skip) == 0
			skipped := len(e.skip) == 1 && len(e.fatal) == 0
			if failed != tc.fatal || skipped == tc.fatal {
				t.Errorf("fatal %q, skip %q; want fatal=%v", e.fatal, e.skip, tc.fatal)
			}
		})
	}
}
