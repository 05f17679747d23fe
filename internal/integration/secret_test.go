package integration_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gatehouse/gatehouse/internal/integration"
)

func TestResolver(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	keyFile := filepath.Join(dir, "key")
	if err := os.WriteFile(keyFile, []byte("AAcOFRwjKjE4P0ZNVFtiaXB3foWMk5qhqK+2vcTL0tk=\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	pwFile := filepath.Join(dir, "pw")
	if err := os.WriteFile(pwFile, []byte("hunter2\r\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	empty := filepath.Join(dir, "empty")
	if err := os.WriteFile(empty, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"PROVIDER_USER": "tester", "PROVIDER_KEY": "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"}
	r := integration.Resolver{Getenv: func(k string) string { return env[k] }}
	for _, tc := range []struct {
		ref, want string
		ok        bool
	}{
		{"env:PROVIDER_USER", "tester", true},
		{"file:" + pwFile, "hunter2", true},
		{"env:MISSING", "", false},
		{"env:", "", false},
		{"env:BAD-NAME", "", false},
		{"file:relative/path", "", false},
		{"file:" + filepath.Join(dir, "nope"), "", false},
		{"file:" + empty, "", false},
		{"hunter2", "", false},
		{"vault:secret/x", "", false},
	} {
		s, err := r.Resolve(tc.ref)
		if (err == nil) != tc.ok || s.Reveal() != tc.want {
			t.Errorf("Resolve(%q) = %q, %v; want %q, ok %v", tc.ref, s.Reveal(), err, tc.want, tc.ok)
		}
		if err != nil && (strings.Contains(err.Error(), "hunter2") || strings.Contains(err.Error(), "tester")) {
			t.Errorf("Resolve(%q): the error %q shows a secret", tc.ref, err)
		}
	}
	k, err := r.Key("file:" + keyFile)
	if err != nil || k.ID() != "AAcOFRwj" {
		t.Errorf("Key(file): %v, %v", k, err)
	}
	if k, err := r.Key("env:PROVIDER_KEY"); err != nil || k.ID() != "AAECAwQF" {
		t.Errorf("Key(env hex): %v, %v", k, err)
	}
	if _, err := r.Key("env:PROVIDER_USER"); err == nil || strings.Contains(err.Error(), "tester") {
		t.Errorf("Key of a non-key: %v", err)
	}
	creds, err := r.Credentials(map[string]string{"username": "env:PROVIDER_USER", "password": "file:" + pwFile})
	if err != nil || creds["password"].Reveal() != "hunter2" {
		t.Fatalf("Credentials: %v, %v", creds, err)
	}
	if _, err := r.Credentials(map[string]string{"username": "env:MISSING"}); err == nil || !strings.Contains(err.Error(), "credential username") {
		t.Errorf("Credentials with a missing variable: %v", err)
	}
	// Secrets stay secret when printed or encoded, except in the request body.
	printed := fmt.Sprintf("%v %+v %#v %s", creds, creds, creds, creds["password"])
	type holder struct{ C integration.Credentials }
	printed += fmt.Sprintf("%+v", holder{creds})
	b, _ := json.Marshal(creds["password"])
	printed += string(b)
	if strings.Contains(printed, "hunter2") || strings.Contains(printed, "tester") {
		t.Errorf("a secret was printed: %s", printed)
	}
	body, _ := json.Marshal(integration.CheckRequest{ProviderCredentials: creds})
	if !strings.Contains(string(body), `"password":"hunter2"`) {
		t.Errorf("the request body lacks the credential: %s", body)
	}
}
