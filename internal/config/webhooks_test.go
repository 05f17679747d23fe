package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLoadWebhooks(t *testing.T) {
	dir := t.TempDir()
	write := func(s string) string {
		p := filepath.Join(dir, "webhooks.yaml")
		if err := os.WriteFile(p, []byte(s), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	env := map[string]string{"HOOK_SECRET": "0123456789abcdef0123"}
	getenv := func(k string) string { return env[k] }

	hooks, err := LoadWebhooks(write(`
webhooks:
  - institution: Acme
    url: https://hooks.example.com/a
    secret_env: HOOK_SECRET
    events: [PRODUCT_STATUS_CHANGED]
    batching: true
`), getenv)
	if err != nil {
		t.Fatal(err)
	}
	if len(hooks) != 1 || hooks[0].Secret != env["HOOK_SECRET"] || !hooks[0].Batching || hooks[0].Institution != "Acme" ||
		len(hooks[0].Events) != 1 {
		t.Errorf("loaded %+v", hooks)
	}

	_, err = LoadWebhooks(write(`
webhooks:
  - institution: Acme
    url: https://hooks.example.com/a
    secret_env: UNSET
  - url: https://hooks.example.com/b
    secret: s
    secret_env: HOOK_SECRET
  - institution: Acme
    url: https://hooks.example.com/c
`), getenv)
	for _, want := range []string{"webhooks[0]: secret_env: environment variable UNSET is not set", "webhooks[1]: institution: is required",
		"webhooks[1]: give secret or secret_env", "webhooks[2]: secret_env (or secret): is required"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v does not say %q", err, want)
		}
	}
	if _, err = LoadWebhooks(write("webhooks:\n  - institution: A\n    urll: x\n"), getenv); err == nil || !strings.Contains(err.Error(), "urll") {
		t.Errorf("an unknown field: %v", err)
	}
	if hooks, err = LoadWebhooks(write(""), getenv); err != nil || len(hooks) != 0 {
		t.Errorf("an empty file: %v %v", hooks, err)
	}
}
