package screeningtest

import (
	"fmt"
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

// TestMissing: missing data skips, unless GATEHOUSE_TEST_REQUIRE_DATA=1 makes
// it a failure.
func TestMissing(t *testing.T) {
	for require, fatal := range map[string]bool{"": false, "0": false, "1": true} {
		t.Run("require="+require, func(t *testing.T) {
			t.Setenv(RequireEnv, require)
			e := &ender{TB: t}
			missing(e, "no data")
			failed := len(e.fatal) == 1 && len(e.skip) == 0
			skipped := len(e.skip) == 1 && len(e.fatal) == 0
			if failed != fatal || skipped == fatal {
				t.Errorf("fatal %q, skip %q; want fatal=%v", e.fatal, e.skip, fatal)
			}
		})
	}
}
