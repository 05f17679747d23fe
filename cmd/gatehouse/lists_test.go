package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gatehouse/gatehouse/internal/store/storetest"
)

const (
	listV1 = `{"id":"W-1","schema":"Person","properties":{"name":["Boris Quellenberg"],"topics":["sanction"]}}` + "\n"
	listV2 = listV1 + `{"id":"W-2","schema":"Person","properties":{"name":["Zora Halvorsen-Nkemelu"],"topics":["sanction"]}}` + "\n"
)

var (
	importedRE = regexp.MustCompile(`^imported watch: version (sha256:[0-9a-f]{16}), (\d+) entities → (.+)$`)
	bannerRE   = regexp.MustCompile(`listening on (http://\S+)`)
	firstKeyRE = regexp.MustCompile(`^    (gh_[0-9a-f]{64})$`)
)

// gatehouse runs the program in process and returns its output.
func gatehouse(args ...string) (string, error) {
	var out bytes.Buffer
	err := run(context.Background(), append([]string{"gatehouse"}, args...), func(string) string { return "" }, &out)
	return out.String(), err
}

// importWatch runs `gatehouse lists import --dir DIR --name watch FILE`
// with data in FILE, and returns the version printed.
func importWatch(t *testing.T, dir, data string) (string, error) {
	t.Helper()
	src := filepath.Join(t.TempDir(), "download.json")
	if err := os.WriteFile(src, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := gatehouse("lists", "import", src, "--dir", dir, "--name", "watch")
	if err != nil {
		return "", err
	}
	m := importedRE.FindStringSubmatch(strings.TrimSpace(out))
	if m == nil || m[3] != filepath.Join(dir, "watch") {
		t.Fatalf("got output %q", out)
	}
	return m[1], nil
}

func TestListsImport(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "lists")
	v1, err := importWatch(t, dir, listV1)
	if err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(filepath.Join(dir, "watch"))
	if err != nil || st.Mode().Perm() != 0o755 {
		t.Fatalf("got %v, %v; want dir/watch readable by all", st, err)
	}
	if _, err := importWatch(t, dir, `{"id":"x","schema":"Person","properties":{"name":[`); err == nil || !strings.Contains(err.Error(), "not imported") {
		t.Fatalf("broken file: got %v, want not imported", err)
	}
	got, _ := os.ReadFile(filepath.Join(dir, "watch", "download.json"))
	if string(got) != listV1 {
		t.Fatalf("a refused import changed the list: %q", got)
	}
	v2, err := importWatch(t, dir, listV2)
	if err != nil || v2 == v1 {
		t.Fatalf("got version %s (was %s), %v", v2, v1, err)
	}
	ents, _ := os.ReadDir(dir)
	if len(ents) != 1 || ents[0].Name() != "watch" {
		t.Errorf("left behind in the lists directory: %v", ents)
	}
	if _, err := gatehouse("lists", "import", "--name", "x", "a", "b"); err == nil {
		t.Error("--name with two paths was accepted")
	}
}

// TestServeWatchesLists starts serve with an imported list, screens a name
// through the endpoint, imports a new version and finds its new entry.
func TestServeWatchesLists(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		dir := filepath.Join(t.TempDir(), "lists")
		if _, err := importWatch(t, dir, listV1); err != nil {
			t.Fatal(err)
		}
		env := map[string]string{"GATEHOUSE_DATABASE": db.URL(t), "GATEHOUSE_LOG_LEVEL": "error",
			"GATEHOUSE_LISTS_DIR": dir, "GATEHOUSE_LISTS_POLL": "1s"}
		ctx, cancel := context.WithCancel(context.Background())
		var out bytes.Buffer
		outw := &screenLines{lines: make(chan string, 100)}
		done := make(chan error, 1)
		go func() {
			done <- run(ctx, []string{"gatehouse", "serve", "--addr", "127.0.0.1:0"}, func(k string) string { return env[k] }, outw)
		}()
		defer func() {
			cancel()
			if err := <-done; err != nil {
				t.Errorf("serve: %v", err)
			}
		}()
		var base, key string
		for base == "" || key == "" {
			select {
			case line := <-outw.lines:
				out.WriteString(line + "\n")
				if m := bannerRE.FindStringSubmatch(line); m != nil {
					base = m[1]
					if !strings.Contains(line, "screening: 1 list (watch)") {
						t.Errorf("banner %q does not name the list", line)
					}
				}
				if m := firstKeyRE.FindStringSubmatch(line); m != nil {
					key = m[1]
				}
			case <-time.After(30 * time.Second):
				t.Fatalf("no banner and key within 30s:\n%s", out.String())
			}
		}
		screen := func(name string) (listID string) {
			req, _ := http.NewRequest("GET", base+"/gatehouse/v1/screen?"+url.Values{"name": {name}}.Encode(), nil)
			req.Header.Set("apikey", key)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			var a struct {
				Matches []struct {
					ListID string `json:"list_id"`
					Match  bool   `json:"match"`
				} `json:"matches"`
			}
			if err := json.NewDecoder(resp.Body).Decode(&a); err != nil || resp.StatusCode != 200 {
				t.Fatalf("status %d, %v", resp.StatusCode, err)
			}
			if len(a.Matches) > 0 && a.Matches[0].Match {
				return a.Matches[0].ListID
			}
			return ""
		}
		if got := screen("Boris Quellenberg"); got != "W-1" {
			t.Fatalf("got %q, want W-1", got)
		}
		if got := screen("Zora Halvorsen-Nkemelu"); got != "" {
			t.Fatalf("got %q before the import, want no match", got)
		}
		if _, err := importWatch(t, dir, listV2); err != nil {
			t.Fatal(err)
		}
		deadline := time.Now().Add(20 * time.Second)
		for screen("Zora Halvorsen-Nkemelu") != "W-2" {
			if time.Now().After(deadline) {
				t.Fatal("the new list version was not served within 20s")
			}
			time.Sleep(100 * time.Millisecond)
		}
	})
}

// screenLines collects a writer's lines on a channel.
type screenLines struct {
	lines chan string
	buf   bytes.Buffer
}

func (w *screenLines) Write(p []byte) (int, error) {
	w.buf.Write(p)
	for {
		line, err := w.buf.ReadString('\n')
		if err != nil {
			w.buf.WriteString(line)
			return len(p), nil
		}
		w.lines <- strings.TrimRight(line, "\n")
	}
}

// TestScreenCommand screens a name with `gatehouse screen`, against --lists
// and, without it, against the lists directory.
func TestScreenCommand(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "lists")
	if _, err := importWatch(t, dir, listV2); err != nil {
		t.Fatal(err)
	}
	for _, env := range []map[string]string{nil, {"GATEHOUSE_LISTS_DIR": dir}} {
		args := []string{"gatehouse", "screen", "Zora Halvorsen Nkemelu", "--type", "person"}
		if env == nil {
			args = append(args, "--lists", filepath.Join(dir, "watch"))
		}
		var out bytes.Buffer
		if err := run(context.Background(), args, func(k string) string { return env[k] }, &out); err != nil {
			t.Fatal(err)
		}
		var m struct {
			List   string `json:"list"`
			ListID string `json:"list_id"`
			Match  bool   `json:"match"`
		}
		if err := json.Unmarshal(bytes.SplitN(out.Bytes(), []byte("\n"), 2)[0], &m); err != nil || m.List != "watch" || m.ListID != "W-2" || !m.Match {
			t.Errorf("env %v: got %+v (%v) from %q", env, m, err, out.String())
		}
	}
}
