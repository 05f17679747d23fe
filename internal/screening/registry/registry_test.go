package registry

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gatehouse/gatehouse/internal/screening/screeningtest"
)

const (
	sdnCSV = "36,\"AEROCARIBBEAN AIRLINES\",-0- ,\"CUBA\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n"
	unXML  = `<CONSOLIDATED_LIST dateGenerated="2026-02-27T00:00:00Z"><ENTITIES><ENTITY><DATAID>1</DATAID><FIRST_NAME>ADF</FIRST_NAME><REFERENCE_NUMBER>CDe.001</REFERENCE_NUMBER></ENTITY></ENTITIES></CONSOLIDATED_LIST>`
	dplTSV = "\"Name\"\t\"Street_Address\"\n\"JOHN DOE\"\t\"1 MAIN ST\"\n"
)

func write(t *testing.T, path, body string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}

func tree(t *testing.T) string {
	root := t.TempDir()
	write(t, filepath.Join(root, "ofac-x", "sdn.csv"), sdnCSV)
	write(t, filepath.Join(root, "un", "list.xml"), unXML)
	write(t, filepath.Join(root, "dpl", "a.txt"), dplTSV)
	write(t, filepath.Join(root, "dpl", "b.txt"), dplTSV)
	write(t, filepath.Join(root, "dpl", "README.md"), "not a list")
	return root
}

func TestDiscover(t *testing.T) {
	t.Parallel()
	root := tree(t)
	srcs, err := Discover(root)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range srcs {
		got = append(got, s.Name+":"+s.Format)
	}
	if want := "dpl/a:dpl dpl/b:dpl ofac-x:ofac un:un"; strings.Join(got, " ") != want {
		t.Errorf("Discover = %v, want %s", got, want)
	}
	if srcs, err := Discover(filepath.Join(root, "un", "list.xml")); err != nil || srcs[0].Name != "list" {
		t.Errorf("Discover(file) = %v, %v", srcs, err)
	}
	if _, err := Discover(filepath.Join(root, "dpl", "README.md")); err == nil {
		t.Error("Discover(non-list file) succeeded")
	}
	if _, err := Discover(root, filepath.Join(root, "un")); err == nil {
		t.Error("Discover with a list twice succeeded, want a duplicate-name error")
	}
}

func TestReloadKeepsLastGood(t *testing.T) {
	t.Parallel()
	root := tree(t)
	ctx := context.Background()
	r, err := Load(ctx, root)
	if err != nil {
		t.Fatal(err)
	}
	first := r.Lists()
	if len(first) != 4 {
		t.Fatalf("%d lists, want 4", len(first))
	}
	version := func(name string) string {
		for _, l := range r.Lists() {
			if l.Name == name {
				return l.Version
			}
		}
		return ""
	}
	v1 := version("ofac-x")

	// A broken download: the list keeps its version and is reported.
	write(t, filepath.Join(root, "ofac-x", "sdn.csv"), "36,\"TRUNCATED\r\n")
	if _, err := r.Reload(ctx); err == nil || !strings.Contains(err.Error(), "ofac-x") || !strings.Contains(err.Error(), "keeping version "+v1) {
		t.Fatalf("Reload error = %v, want one naming ofac-x and the kept version", err)
	}
	if version("ofac-x") != v1 {
		t.Errorf("version after failed reload = %s, want %s", version("ofac-x"), v1)
	}
	stale := false
	for _, s := range r.Status() {
		if s.Name == "ofac-x" {
			stale = s.Stale && s.Err != ""
		}
	}
	if !stale {
		t.Errorf("Status does not mark ofac-x stale: %+v", r.Status())
	}

	// A good new version: a delta with the added entity.
	write(t, filepath.Join(root, "ofac-x", "sdn.csv"), sdnCSV+"37,\"NEW CO\",-0- ,\"CUBA\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n")
	deltas, err := r.Reload(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(deltas) != 1 || deltas[0].List != "ofac-x" || len(deltas[0].Added) != 1 || deltas[0].Added[0].ListID != "37" {
		t.Errorf("deltas = %+v, want one adding 37 to ofac-x", deltas)
	}

	// A list that disappears is kept and reported, never silently dropped.
	if err := os.RemoveAll(filepath.Join(root, "un")); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Reload(ctx); err == nil || !strings.Contains(err.Error(), "un") {
		t.Errorf("Reload after removal: %v, want an error naming un", err)
	}
	if len(r.Lists()) != 4 {
		t.Errorf("%d lists after removal, want 4 (un kept)", len(r.Lists()))
	}
	if idx := r.Index(); idx == nil || len(idx.Lists()) != 4 {
		t.Errorf("Index over %v", idx.Lists())
	}
}

func TestLoadFailsWithoutFallback(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	write(t, filepath.Join(root, "bad", "sdn.csv"), "x")
	if _, err := Load(context.Background(), root); err == nil {
		t.Error("Load of a broken list succeeded")
	}
}

func TestLoadBundled(t *testing.T) {
	t.Parallel()
	dir := screeningtest.DataDir(t)
	srcs, err := Discover(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"ofac-sdn-2024-05": "ofac", "ofac-sdn-2021-07": "ofac", "ofac-cons-nonsdn": "ofac", "un": "un",
		"us-bis-dpl/dpl": "dpl", "us-bis-dpl/dpl-bench": "dpl", "us-csl-sample": "csl", "opensanctions-peps": "senzing"}
	for _, s := range srcs {
		if want[s.Name] != s.Format {
			t.Errorf("%s detected as %q, want %q", s.Name, s.Format, want[s.Name])
		}
		delete(want, s.Name)
	}
	if len(want) != 0 {
		t.Errorf("not found: %v", want)
	}
}
