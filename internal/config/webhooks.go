package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

// webhooksFile is the operator's webhooks file (--webhooks): endpoints
// declared per institution, kept in git beside the policy. Secrets come
// from the environment (secret_env) so that the file holds none.
type webhooksFile struct {
	Webhooks []struct {
		Institution string   `yaml:"institution"`
		URL         string   `yaml:"url"`
		Secret      string   `yaml:"secret"`
		SecretEnv   string   `yaml:"secret_env"`
		Events      []string `yaml:"events"`
		Batching    bool     `yaml:"batching"`
	} `yaml:"webhooks"`
}

// LoadWebhooks reads and checks a webhooks file. Every problem is reported,
// each with the entry it belongs to; the endpoints' URLs, secrets' lengths
// and event names are checked again when they are applied.
func LoadWebhooks(path string, getenv func(string) string) ([]kyc.ConfigWebhook, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var f webhooksFile
	dec := yaml.NewDecoder(bytes.NewReader(raw))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	var errs []error
	out := make([]kyc.ConfigWebhook, 0, len(f.Webhooks))
	for i, w := range f.Webhooks {
		bad := func(format string, a ...any) {
			errs = append(errs, fmt.Errorf("%s: webhooks[%d]: %s", path, i, fmt.Sprintf(format, a...)))
		}
		if strings.TrimSpace(w.Institution) == "" {
			bad("institution: is required")
		}
		if strings.TrimSpace(w.URL) == "" {
			bad("url: is required")
		}
		secret := w.Secret
		switch {
		case w.Secret != "" && w.SecretEnv != "":
			bad("give secret or secret_env, not both")
		case w.SecretEnv != "":
			if secret = getenv(w.SecretEnv); secret == "" {
				bad("secret_env: environment variable %s is not set", w.SecretEnv)
			}
		case w.Secret == "":
			bad("secret_env (or secret): is required")
		}
		out = append(out, kyc.ConfigWebhook{Institution: w.Institution, URL: w.URL, Secret: secret, Events: w.Events, Batching: w.Batching})
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return out, nil
}
