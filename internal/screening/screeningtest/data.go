// Package screeningtest helps tests of the screening packages find the
// bundled list files (../shared/data next to the repository checkout).
// Without them tests skip, unless $GATEHOUSE_TEST_REQUIRE_DATA is 1.
package screeningtest

import (
	"os"
	"path/filepath"
	"testing"
)

// RequireEnv names the environment variable that, set to 1, turns missing
// bundled data into a test failure instead of a skip (./scripts/test sets
// it).
const RequireEnv = "GATEHOUSE_TEST_REQUIRE_DATA"

// missing skips the test, or fails it when $GATEHOUSE_TEST_REQUIRE_DATA is 1.
func missing(t testing.TB, msg string) {
	t.Helper()
	if os.Getenv(RequireEnv) == "1" {
		t.Fatalf("%s and %s=1", msg, RequireEnv)
		return
	}
	t.Skipf("%s; skipping", msg)
}

// DataDir returns the directory holding the bundled sanctions lists,
// walking up from the working directory to find shared/data/sanctions. It
// skips the test, saying why, when the data is not there (or fails it when
// $GATEHOUSE_TEST_REQUIRE_DATA is 1).
func DataDir(t testing.TB) string {
	t.Helper()
	if d := Find(); d != "" {
		return d
	}
	missing(t, "shared/data/sanctions not found above the working directory (the test needs the bundled lists)")
	return ""
}

// Find returns the bundled sanctions list directory or "" if absent.
func Find() string {
	dir, err := os.Getwd()
	if err != nil {
		return ""
	}
	for {
		p := filepath.Join(dir, "shared", "data", "sanctions")
		if st, err := os.Stat(p); err == nil && st.IsDir() {
			return p
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// DevSet returns the path of the labelled screening queries, skipping the
// test when absent (or failing it when $GATEHOUSE_TEST_REQUIRE_DATA is 1).
func DevSet(t testing.TB) string {
	t.Helper()
	p := filepath.Join(filepath.Dir(DataDir(t)), "screening-dev.jsonl")
	if _, err := os.Stat(p); err != nil {
		missing(t, "screening-dev.jsonl not found")
	}
	return p
}
