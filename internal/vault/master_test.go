package vault

import (
	"encoding/base64"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
)

func TestParseMasters(t *testing.T) {
	t.Parallel()
	a, b := make([]byte, KeySize), make([]byte, KeySize)
	for i := range a {
		a[i], b[i] = byte(i), byte(255-i)
	}
	std, url := base64.StdEncoding.EncodeToString(a), base64.RawURLEncoding.EncodeToString(b)
	idA, idB := DefaultKeyID(a), DefaultKeyID(b)
	tests := []struct {
		name    string
		text    string
		wantIDs []string
		wantErr string
	}{
		{"one key", std, []string{idA}, ""},
		{"comma list, current first", url + "," + std, []string{idB, idA}, ""},
		{"file with comments and an explicit id", "# keys\n\n2025-q1:" + std + "\n  " + url + "  \n", []string{"2025-q1", idB}, ""},
		{"nothing", "# only a comment\n", nil, "no master key"},
		{"not base64", "not*base64", nil, "master key 1 is not base64 of 32 bytes"},
		{"16 bytes", std + "," + base64.StdEncoding.EncodeToString(a[:16]), nil, "master key 2 is not base64 of 32 bytes"},
		{"bad id", "a b:" + std, nil, `may hold only`},
		{"same key twice", std + "\n" + std, nil, "configured twice"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			m, err := ParseMasters(tc.text)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("got %v, want an error containing %q", err, tc.wantErr)
				}
				if strings.Contains(err.Error(), std[:10]) {
					t.Errorf("error %q quotes key material", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("got %v, want none", err)
			}
			if !slices.Equal(m.IDs(), tc.wantIDs) {
				t.Errorf("got ids %v, want %v", m.IDs(), tc.wantIDs)
			}
		})
	}
}

func TestLoadOrCreate(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	def := filepath.Join(dir, "data", "master.key")

	m1, created, err := LoadOrCreate(MasterConfig{DefaultFile: def})
	if err != nil || !created {
		t.Fatalf("first start: got created %v, err %v, want a new key file", created, err)
	}
	fi, err := os.Stat(def)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("got key file %v, %v, want mode 0600", fi, err)
	}
	m2, created, err := LoadOrCreate(MasterConfig{DefaultFile: def})
	if err != nil || created || m2.Current().ID() != m1.Current().ID() {
		t.Fatalf("second start: got %v, created %v, %v, want the same key %s", m2.IDs(), created, err, m1.Current().ID())
	}
	if leftovers, _ := filepath.Glob(filepath.Join(dir, "data", ".master-key-*")); len(leftovers) != 0 {
		t.Errorf("got temporary files %v left behind", leftovers)
	}

	env := base64.StdEncoding.EncodeToString(make([]byte, KeySize))
	m3, created, err := LoadOrCreate(MasterConfig{Key: env, DefaultFile: def})
	if err != nil || created || m3.Current().ID() != DefaultKeyID(make([]byte, KeySize)) {
		t.Errorf("environment key: got %v, %v, %v, want the configured key", m3, created, err)
	}
	m4, _, err := LoadOrCreate(MasterConfig{File: def})
	if err != nil || m4.Current().ID() != m1.Current().ID() {
		t.Errorf("explicit file: got %v, %v, want the key in it", m4, err)
	}

	for name, c := range map[string]MasterConfig{
		"both set":              {Key: env, File: def},
		"explicit file missing": {File: filepath.Join(dir, "typo.key"), DefaultFile: filepath.Join(dir, "other.key")},
		"nowhere to create":     {},
	} {
		if _, created, err := LoadOrCreate(c); err == nil || created {
			t.Errorf("%s: got created %v, err %v, want an error", name, created, err)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "typo.key")); !os.IsNotExist(err) {
		t.Errorf("a missing explicit key file was created (%v)", err)
	}
}

// TestLoadOrCreateRace starts several "processes" on an empty directory at
// once: all must end up with the one key that was installed.
func TestLoadOrCreateRace(t *testing.T) {
	t.Parallel()
	def := filepath.Join(t.TempDir(), "master.key")
	const n = 8
	ids := make([]string, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			m, _, err := LoadOrCreate(MasterConfig{DefaultFile: def})
			if err != nil {
				t.Error(err)
				return
			}
			ids[i] = m.Current().ID()
		})
	}
	wg.Wait()
	final, _, _ := LoadOrCreate(MasterConfig{DefaultFile: def})
	for i, id := range ids {
		if id != final.Current().ID() {
			t.Errorf("starter %d got key %s, want the installed %s", i, id, final.Current().ID())
		}
	}
}
