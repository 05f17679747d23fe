// Package screeningtest helps tests of the screening packages find the
// bundled list files (../shared/data next to the repository checkout).
package screeningtest

import (
	"os"
	"path/filepath"
	"testing"
)

// DataDir returns the directory holding the bundled sanctions lists,
// walking up from the working directory to find shared/data/sanctions. It
// skips the test, saying why, when the data is not there.
func DataDir(t testing.TB) string {
	t.Helper()
	if d := Find(); d != "" {
		return d
	}
	t.Skip("shared/data/sanctions not found above the working directory; skipping test that needs the bundled lists")
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
// test when absent.
func DevSet(t testing.TB) string {
	t.Helper()
	p := filepath.Join(filepath.Dir(DataDir(t)), "screening-dev.jsonl")
	if _, err := os.Stat(p); err != nil {
		t.Skip("screening-dev.jsonl not found; skipping")
	}
	return p
}
