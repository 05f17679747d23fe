package vault

import (
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Masters is the set of configured master keys. The first is current: it
// wraps new institution keys and is the target of Rewrap. The others are
// kept only to unwrap what they wrapped until Rewrap has moved it.
type Masters struct {
	keys []*Key
	byID map[string]*Key
}

// NewMasters returns a set whose current key is the first.
func NewMasters(keys ...*Key) (*Masters, error) {
	if len(keys) == 0 {
		return nil, errors.New("vault: no master key")
	}
	m := &Masters{keys: keys, byID: make(map[string]*Key, len(keys))}
	for _, k := range keys {
		if _, dup := m.byID[k.id]; dup {
			return nil, fmt.Errorf("vault: master key id %s is configured twice", k.id)
		}
		m.byID[k.id] = k
	}
	return m, nil
}

// Current returns the key new wrappings use.
func (m *Masters) Current() *Key { return m.keys[0] }

// Key returns the master key with the given id.
func (m *Masters) Key(id string) (*Key, bool) {
	k, ok := m.byID[id]
	return k, ok
}

// IDs lists the configured key ids, current first.
func (m *Masters) IDs() []string {
	ids := make([]string, len(m.keys))
	for i, k := range m.keys {
		ids[i] = k.id
	}
	return ids
}

// Wrap wraps dek under the current master key for owner.
func (m *Masters) Wrap(dek *Key, owner string) Wrapped { return Wrap(m.Current(), dek, owner) }

// Unwrap unwraps w with whichever configured master key wrapped it.
func (m *Masters) Unwrap(w Wrapped, owner string) (*Key, error) {
	id := w.KeyID()
	if id == "" {
		return nil, ErrFormat
	}
	k, ok := m.byID[id]
	if !ok {
		return nil, fmt.Errorf("vault: %s is wrapped by master key %s, which is not configured (configured: %s)",
			owner, id, strings.Join(m.IDs(), ", "))
	}
	return Unwrap(k, w, owner)
}

// ParseMasters reads master keys from text: entries separated by commas or
// new lines, each base64 of 32 bytes (standard or URL alphabet, padded or
// not), optionally prefixed with an explicit id and a colon ("2025:AbC…").
// Blank lines and lines starting with # are ignored. The first entry is
// current. Errors name the entry by position, never by content.
func ParseMasters(text string) (*Masters, error) {
	var keys []*Key
	n := 0
	for line := range strings.SplitSeq(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		for entry := range strings.SplitSeq(line, ",") {
			entry = strings.TrimSpace(entry)
			if entry == "" {
				continue
			}
			n++
			id, b64, found := strings.Cut(entry, ":")
			if !found {
				id, b64 = "", entry
			}
			material, err := decodeBase64(b64)
			if err != nil || len(material) != KeySize {
				return nil, fmt.Errorf("vault: master key %d is not base64 of %d bytes", n, KeySize)
			}
			k, err := NewKey(id, material)
			if err != nil {
				return nil, fmt.Errorf("master key %d: %w", n, err)
			}
			keys = append(keys, k)
		}
	}
	return NewMasters(keys...)
}

func decodeBase64(s string) ([]byte, error) {
	var err error
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		var b []byte
		if b, err = enc.DecodeString(s); err == nil {
			return b, nil
		}
	}
	return nil, err
}

// MasterConfig says where the master keys come from. Key and File are the
// operator's settings (GATEHOUSE_MASTER_KEY, and a key file path); at most
// one may be set. DefaultFile is where a key is created on first start when
// neither is, normally next to the database.
type MasterConfig struct {
	Key         string
	File        string
	DefaultFile string
}

// LoadOrCreate loads the master keys. With neither Key nor File set it
// reads DefaultFile, creating it with one fresh key (mode 0600, written to
// a temporary file, synced and linked into place so a crash or a second
// process starting at the same moment never leaves a half-written or
// different key) if it does not exist; created reports that, so the caller
// can tell the operator to back the file up. An explicitly configured File
// that does not exist is an error, never created: a typo in the path must
// not silently start a new key hierarchy.
func LoadOrCreate(c MasterConfig) (m *Masters, created bool, err error) {
	switch {
	case c.Key != "" && c.File != "":
		return nil, false, errors.New("vault: set either the master key or the master key file, not both")
	case c.Key != "":
		m, err = ParseMasters(c.Key)
		return m, false, err
	case c.File != "":
		m, err = loadFile(c.File)
		return m, false, err
	case c.DefaultFile == "":
		return nil, false, errors.New("vault: no master key configured and no default key file location")
	}
	m, err = loadFile(c.DefaultFile)
	if !errors.Is(err, os.ErrNotExist) {
		return m, false, err
	}
	if err := createKeyFile(c.DefaultFile); err != nil {
		return nil, false, err
	}
	m, err = loadFile(c.DefaultFile)
	return m, err == nil, err
}

func loadFile(path string) (*Masters, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("vault: master key file: %w", err)
	}
	m, err := ParseMasters(string(b))
	if err != nil {
		return nil, fmt.Errorf("%w (in %s)", err, path)
	}
	return m, nil
}

// createKeyFile writes a new key file at path unless one already exists
// (in which case a concurrent starter won and its key is the one to use).
func createKeyFile(path string) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("vault: create master key directory: %w", err)
	}
	tmp, err := os.CreateTemp(dir, ".master-key-*") // CreateTemp makes it 0600
	if err != nil {
		return fmt.Errorf("vault: create master key file: %w", err)
	}
	defer os.Remove(tmp.Name())
	k := GenerateKey()
	content := "# Gatehouse master key. Keep it secret and back it up apart from the database:\n" +
		"# without it no personal data or document can be decrypted.\n" +
		base64.StdEncoding.EncodeToString(k.secret[:]) + "\n"
	_, err = tmp.WriteString(content)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("vault: write master key file: %w", err)
	}
	// Link, unlike rename, fails if path exists: never replace a key.
	if err := os.Link(tmp.Name(), path); err != nil && !errors.Is(err, os.ErrExist) {
		return fmt.Errorf("vault: install master key file: %w", err)
	}
	return syncDir(dir)
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}
