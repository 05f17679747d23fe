package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gatehouse/gatehouse/internal/spectest"
	"github.com/gatehouse/gatehouse/internal/store/storetest"
)

// syncBuffer is an io.Writer safe for the server goroutine and the test.
type lineWriter struct {
	lines chan string
	buf   bytes.Buffer
}

func (w *lineWriter) Write(p []byte) (int, error) {
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

var (
	listenRE = regexp.MustCompile(`listening on (http://\S+)`)
	keyRE    = regexp.MustCompile(`^    (gh_[0-9a-f]{64})$`)
	curlRE   = regexp.MustCompile(`^curl -s (\S+) -H 'apikey: (\S+)' -H 'Content-Type: application/json' -d '(.*)'$`)
)

// TestServeFirstRun boots the real program as `gatehouse serve` on both
// databases, follows its first-run instructions (the printed curl command),
// and shuts it down gracefully.
func TestServeFirstRun(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		dbURL := db.URL(t)
		ctx, cancel := context.WithCancel(context.Background())
		out := &lineWriter{lines: make(chan string, 100)}
		env := map[string]string{"GATEHOUSE_DATABASE": dbURL, "GATEHOUSE_LOG_LEVEL": "error"}
		done := make(chan error, 1)
		go func() {
			done <- run(ctx, []string{"gatehouse", "serve", "--addr", "127.0.0.1:0"}, func(k string) string { return env[k] }, out)
		}()
		var base, key string
		var curl []string
		deadline := time.After(30 * time.Second)
		for curl == nil {
			select {
			case line := <-out.lines:
				if m := listenRE.FindStringSubmatch(line); m != nil {
					base = m[1]
				}
				if m := keyRE.FindStringSubmatch(line); m != nil {
					key = m[1]
				}
				if m := curlRE.FindStringSubmatch(line); m != nil {
					curl = m[1:]
				}
			case err := <-done:
				t.Fatalf("serve exited: %v", err)
			case <-deadline:
				t.Fatal("no first-run instructions within 30s")
			}
		}
		if base == "" || key == "" || curl[1] != key || !strings.HasPrefix(curl[0], base) {
			t.Fatalf("banner: base %q key %q curl %q", base, key, curl)
		}
		// Run the printed command's request.
		req, _ := http.NewRequest("POST", curl[0], strings.NewReader(curl[2]))
		req.Header.Set("apikey", curl[1])
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		vreq, _ := http.NewRequest("POST", "http://gatehouse/4.0/profiles", nil)
		spectest.Load(t).Check(t, vreq, resp.StatusCode, resp.Header, body)
		if resp.StatusCode != 200 || !bytes.Contains(body, []byte(`"display_name":"Alex D Wheeler"`)) {
			t.Fatalf("the printed curl command: %d %s", resp.StatusCode, body)
		}
		for _, path := range []string{"/healthz", "/readyz"} {
			resp, err := http.Get(base + path)
			if err != nil || resp.StatusCode != 200 {
				t.Errorf("%s: %v %v", path, resp, err)
			}
		}
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("graceful shutdown: %v", err)
			}
		case <-time.After(30 * time.Second):
			t.Fatal("no shutdown within 30s")
		}

		// A second start keeps the data and creates no new key.
		ctx2, cancel2 := context.WithCancel(context.Background())
		out2 := &lineWriter{lines: make(chan string, 100)}
		done2 := make(chan error, 1)
		go func() {
			done2 <- run(ctx2, []string{"gatehouse", "serve", "--addr", "127.0.0.1:0"}, func(k string) string { return env[k] }, out2)
		}()
		line := <-out2.lines
		if !listenRE.MatchString(line) {
			t.Fatalf("second start: %q", line)
		}
		cancel2()
		if err := <-done2; err != nil {
			t.Fatal(err)
		}
		select {
		case extra := <-out2.lines:
			t.Errorf("second start printed more than the banner: %q", extra)
		default:
		}
	})
}

func runCmd(t *testing.T, env map[string]string, args ...string) (string, error) {
	t.Helper()
	var out bytes.Buffer
	err := run(context.Background(), append([]string{"gatehouse"}, args...), func(k string) string { return env[k] }, &out)
	return out.String(), err
}

func TestKeysAndMigrate(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		env := map[string]string{"GATEHOUSE_DATABASE": db.URL(t)}
		if out, err := runCmd(t, env, "migrate"); err != nil || !strings.Contains(out, "migrated") {
			t.Fatalf("migrate: %v %s", err, out)
		}
		out, err := runCmd(t, env, "keys", "create", "--name", "ci", "--institution", "Acme Bank")
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.TrimSpace(out), "\n")
		key := lines[len(lines)-1]
		if !regexp.MustCompile(`^gh_[0-9a-f]{64}$`).MatchString(key) {
			t.Fatalf("last line of keys create is not the key alone: %q", out)
		}
		out, err = runCmd(t, env, "keys", "list")
		if err != nil || !strings.Contains(out, "Acme Bank") || strings.Contains(out, key) || !strings.Contains(out, key[:11]) {
			t.Fatalf("keys list must name the key by prefix, never show it: %v\n%s", err, out)
		}
		if out, err = runCmd(t, env, "keys", "revoke", key[:11]); err != nil || !strings.Contains(out, "revoked") {
			t.Fatalf("revoke: %v %s", err, out)
		}
		out, _ = runCmd(t, env, "keys", "list")
		sc := bufio.NewScanner(strings.NewReader(out))
		for sc.Scan() {
			if strings.Contains(sc.Text(), key[:11]) && strings.HasSuffix(strings.TrimSpace(sc.Text()), "-") {
				t.Errorf("revoked key listed as not revoked: %q", sc.Text())
			}
		}
		if _, err := runCmd(t, env, "keys", "revoke", "gh_nothere"); err == nil {
			t.Error("revoking an unknown key succeeded")
		}
		if _, err := runCmd(t, env, "keys", "create"); err == nil {
			t.Error("keys create without --name succeeded")
		}
	})
}

func TestPolicyCheck(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.yaml")
	bad := filepath.Join(dir, "bad.yaml")
	example, err := os.ReadFile(filepath.Join("..", "..", "docs", "policy.example.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(good, example, 0o644)
	os.WriteFile(bad, []byte("products:\n  - id: nope\n    alias: x\n    name: X\n    smart_policies:\n      ROBOT: []\n"), 0o644)
	if out, err := runCmd(t, nil, "policy", "check", good); err != nil || !strings.Contains(out, "valid policy") {
		t.Errorf("check the example policy: %v %s", err, out)
	}
	_, err = runCmd(t, nil, "policy", "check", bad)
	if err == nil || !strings.Contains(err.Error(), "products[0].id: must be a UUID") || !strings.Contains(err.Error(), "ROBOT: must be INDIVIDUAL or COMPANY") {
		t.Errorf("check a bad policy: %v", err)
	}
	// The server refuses to start on an invalid policy.
	env := map[string]string{"GATEHOUSE_DATABASE": filepath.Join(dir, "db"), "GATEHOUSE_POLICY": bad}
	if _, err := runCmd(t, env, "serve", "--addr", "127.0.0.1:0"); err == nil || !strings.Contains(err.Error(), "invalid policy") {
		t.Errorf("serve with a bad policy: %v", err)
	}
	// And on an invalid webhooks file, naming the entry.
	hooks := filepath.Join(dir, "webhooks.yaml")
	os.WriteFile(hooks, []byte("webhooks:\n  - institution: Acme\n    url: https://hooks.example.com/x\n    secret_env: GATEHOUSE_TEST_UNSET\n"), 0o644)
	env = map[string]string{"GATEHOUSE_DATABASE": filepath.Join(dir, "db"), "GATEHOUSE_WEBHOOKS": hooks}
	if _, err := runCmd(t, env, "serve", "--addr", "127.0.0.1:0"); err == nil || !strings.Contains(err.Error(), "webhooks[0]: secret_env") {
		t.Errorf("serve with a bad webhooks file: %v", err)
	}
}
