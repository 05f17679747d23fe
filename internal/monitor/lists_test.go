package monitor

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeFile(t *testing.T, path, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestListsWatchedDirMayBeEmpty(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "lists")
	l := NewLists(nil, dir)
	if ds, err := l.Reload(ctx); err != nil || len(ds) != 0 || len(l.Lists()) != 0 {
		t.Fatalf("absent watched dir: got %d deltas, %v", len(ds), err)
	}
	writeFile(t, filepath.Join(dir, ".import-123", "x.json"), unrelated)
	if _, err := l.Reload(ctx); err != nil {
		t.Fatalf("watched dir with only an import in progress: %v", err)
	}
	writeFile(t, filepath.Join(dir, "watch", "list.json"), unrelated)
	ds, err := l.Reload(ctx)
	if err != nil || len(ds) != 1 || ds[0].List != "watch" || len(ds[0].Added) != 1 {
		t.Fatalf("got deltas %+v, %v; want watch with one entity added", ds, err)
	}
	if ds, err := l.Reload(ctx); err != nil || len(ds) != 0 {
		t.Errorf("unchanged: got %d deltas, %v", len(ds), err)
	}
}

func TestListsFailuresKeepTheRest(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	good, bad, missing := filepath.Join(root, "good"), filepath.Join(root, "bad"), filepath.Join(root, "missing")
	writeFile(t, filepath.Join(good, "a", "list.json"), unrelated)
	writeFile(t, filepath.Join(bad, "b", "list.json"), other)
	l := NewLists([]string{good, bad, missing}, "")
	ds, err := l.Reload(ctx)
	if err == nil || !strings.Contains(err.Error(), missing) || len(ds) != 2 || len(l.Lists()) != 2 {
		t.Fatalf("got %d deltas, %d lists, error %v; want a and b loaded and the missing path reported", len(ds), len(l.Lists()), err)
	}
	// b breaks: its last good version stays, reported as stale.
	writeFile(t, filepath.Join(bad, "b", "list.json"), `{"id":"x","schema":"Person","properties":{"name":[`)
	ds, err = l.Reload(ctx)
	if err == nil || !strings.Contains(err.Error(), "keeping version") || len(ds) != 0 || len(l.Lists()) != 2 {
		t.Fatalf("got %d deltas, %d lists, error %v; want b kept at its last good version", len(ds), len(l.Lists()), err)
	}
	var stale bool
	for _, p := range l.Status() {
		for _, s := range p.Lists {
			if s.Name == "b" {
				stale = s.Stale && s.Err != "" && s.Version != ""
			}
		}
	}
	if !stale {
		t.Errorf("status %+v: want b stale with its error and version", l.Status())
	}
}

func TestListsSameNameTwice(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	one, two := filepath.Join(root, "one"), filepath.Join(root, "two")
	writeFile(t, filepath.Join(one, "watch", "list.json"), unrelated)
	writeFile(t, filepath.Join(two, "watch", "list.json"), other)
	l := NewLists([]string{one, two}, "")
	ds, err := l.Reload(ctx)
	if err == nil || !strings.Contains(err.Error(), "found under both") {
		t.Fatalf("got %v, want the duplicate name reported", err)
	}
	ls := l.Lists()
	if len(ls) != 1 || ls[0].Entities[0].ListID != "W-1" {
		t.Errorf("got %d lists, want the first path's", len(ls))
	}
	// Only the owning path's change comes back: a delta for the second
	// path's copy would record a run for a version the index never serves.
	if len(ls) == 1 && (len(ds) != 1 || ds[0].To != ls[0].Version) {
		t.Errorf("got deltas %+v, want only the first path's (version %s)", ds, ls[0].Version)
	}
	// A change under the second path alone changes nothing served.
	writeFile(t, filepath.Join(two, "watch", "list.json"), other+unrelated)
	ds, err = l.Reload(ctx)
	if err == nil || !strings.Contains(err.Error(), "found under both") {
		t.Fatalf("got %v, want the duplicate name reported", err)
	}
	if len(ds) != 0 {
		t.Errorf("got deltas %+v from the path that does not own the list, want none", ds)
	}
}
