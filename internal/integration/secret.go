package integration

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/gatehouse/gatehouse/internal/integration/httpsig"
)

// Secret is a secret value: a provider credential. It prints, formats and
// encodes as "[redacted]", so a secret in a struct that is logged stays
// secret; Reveal is the one way to read it.
type Secret struct{ v string }

// NewSecret wraps a value.
func NewSecret(v string) Secret { return Secret{v: v} }

// Reveal returns the value.
func (s Secret) Reveal() string { return s.v }

// String is "[redacted]".
func (s Secret) String() string { return "[redacted]" }

// GoString is "[redacted]".
func (s Secret) GoString() string { return "[redacted]" }

// MarshalJSON encodes "[redacted]".
func (s Secret) MarshalJSON() ([]byte, error) { return []byte(`"[redacted]"`), nil }

// Credentials are provider_credentials: the values of the credential
// fields an integration declares. Only its JSON encoding, the request body
// sent to the integration, reveals the values.
type Credentials map[string]Secret

// MarshalJSON encodes the credentials with their values, as the protocol
// sends them.
func (c Credentials) MarshalJSON() ([]byte, error) {
	m := make(map[string]string, len(c))
	for k, v := range c {
		m[k] = v.v
	}
	return json.Marshal(m)
}

// String lists the credential names only.
func (c Credentials) String() string {
	names := make([]string, 0, len(c))
	for k := range c {
		names = append(names, k)
	}
	sort.Strings(names)
	return "Credentials(" + strings.Join(names, ", ") + ")"
}

// Resolver reads secrets given by reference: "env:NAME" reads the
// environment variable NAME, "file:/path" reads a file (an absolute path;
// a final newline is dropped). Secrets are never written in configuration
// files, and an error never contains a secret or a reference that might be
// one pasted by mistake.
type Resolver struct {
	// Getenv reads the environment; nil means os.Getenv.
	Getenv func(string) string
	// ReadFile reads a file; nil means os.ReadFile.
	ReadFile func(string) ([]byte, error)
}

// maxSecretFile bounds a secret file.
const maxSecretFile = 64 << 10

// Resolve reads one secret.
func (r Resolver) Resolve(ref string) (Secret, error) {
	kind, arg, _ := strings.Cut(ref, ":")
	switch kind {
	case "env":
		if !validEnvName(arg) {
			return Secret{}, errors.New("integration: env: must be followed by an environment variable name")
		}
		getenv := r.Getenv
		if getenv == nil {
			getenv = os.Getenv
		}
		v := getenv(arg)
		if v == "" {
			return Secret{}, fmt.Errorf("integration: the environment variable %s is not set", arg)
		}
		return Secret{v: v}, nil
	case "file":
		if !filepath.IsAbs(arg) {
			return Secret{}, errors.New("integration: file: must be followed by an absolute path")
		}
		read := r.ReadFile
		if read == nil {
			read = os.ReadFile
		}
		b, err := read(arg)
		if err != nil {
			var pe *os.PathError
			if errors.As(err, &pe) {
				err = pe.Err // the path is in our message already
			}
			return Secret{}, fmt.Errorf("integration: reading the secret file %s: %v", arg, err)
		}
		if len(b) > maxSecretFile {
			return Secret{}, fmt.Errorf("integration: the secret file %s is larger than 64 KiB", arg)
		}
		v := strings.TrimSuffix(strings.TrimSuffix(string(b), "\n"), "\r")
		if v == "" {
			return Secret{}, fmt.Errorf("integration: the secret file %s is empty", arg)
		}
		return Secret{v: v}, nil
	}
	return Secret{}, errors.New("integration: a secret must be given as env:NAME or file:/absolute/path")
}

// Key reads the key an integration shares with Gatehouse (see
// httpsig.ParseKey for the forms it may take).
func (r Resolver) Key(ref string) (httpsig.Key, error) {
	s, err := r.Resolve(ref)
	if err != nil {
		return httpsig.Key{}, err
	}
	k, err := httpsig.ParseKey(s.v)
	if err != nil {
		return httpsig.Key{}, fmt.Errorf("integration: the key at %s: %w", refName(ref), err)
	}
	return k, nil
}

// Credentials reads every credential of a map from credential name to
// reference. The error names the credential whose reference failed.
func (r Resolver) Credentials(refs map[string]string) (Credentials, error) {
	out := make(Credentials, len(refs))
	names := make([]string, 0, len(refs))
	for n := range refs {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		s, err := r.Resolve(refs[n])
		if err != nil {
			return nil, fmt.Errorf("credential %s: %w", n, err)
		}
		out[n] = s
	}
	return out, nil
}

// refName is a reference fit for an error: kind and name, never a value.
func refName(ref string) string {
	kind, arg, _ := strings.Cut(ref, ":")
	if kind == "env" || kind == "file" {
		return kind + ":" + arg
	}
	return "the reference"
}

func validEnvName(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c == '_' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || i > 0 && c >= '0' && c <= '9') {
			return false
		}
	}
	return s != ""
}
