package vault

import (
	"bytes"
	"errors"
	"testing"
)

func TestSealOpen(t *testing.T) {
	t.Parallel()
	k := GenerateKey()
	tests := []struct {
		name      string
		plaintext []byte
		aad       []byte
	}{
		{"empty", nil, FieldAAD("p1", "family_name")},
		{"name", []byte("Eriksson"), FieldAAD("p1", "family_name")},
		{"no aad", []byte("x"), nil},
		{"large", bytes.Repeat([]byte("a"), 100_000), AAD("document", "d1")},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			sealed := Seal(k, tc.plaintext, tc.aad)
			if want := len(tc.plaintext) + 2 + len(k.ID()) + nonceSize + tagSize; len(sealed) != want {
				t.Errorf("got %d bytes, want %d", len(sealed), want)
			}
			if bytes.Contains(sealed, tc.plaintext) && len(tc.plaintext) > 4 {
				t.Errorf("sealed bytes contain the plaintext")
			}
			got, err := Open(k, sealed, tc.aad)
			if err != nil || !bytes.Equal(got, tc.plaintext) {
				t.Fatalf("got %q, %v, want %q", got, err, tc.plaintext)
			}
			if id, _ := SealedKeyID(sealed); id != k.ID() {
				t.Errorf("got key id %q, want %q", id, k.ID())
			}
		})
	}
}

func TestSealNonceIsFresh(t *testing.T) {
	t.Parallel()
	k := GenerateKey()
	a, b := Seal(k, []byte("same"), nil), Seal(k, []byte("same"), nil)
	if bytes.Equal(a, b) {
		t.Fatal("got the same ciphertext twice, want a fresh nonce each time")
	}
}

func TestOpenRefuses(t *testing.T) {
	t.Parallel()
	k, other := GenerateKey(), GenerateKey()
	aad := FieldAAD("p1", "family_name")
	sealed := Seal(k, []byte("Eriksson"), aad)
	flip := func(i int) []byte {
		b := bytes.Clone(sealed)
		b[i] ^= 0x01
		return b
	}
	var mismatch *KeyMismatchError
	tests := []struct {
		name   string
		key    *Key
		sealed []byte
		aad    []byte
		want   func(error) bool
	}{
		{"other profile", k, sealed, FieldAAD("p2", "family_name"), isErr(ErrDecrypt)},
		{"other field", k, sealed, FieldAAD("p1", "given_names"), isErr(ErrDecrypt)},
		{"other key", other, sealed, aad, func(err error) bool { return errors.As(err, &mismatch) }},
		{"kind changed", k, flip(0), aad, isErr(ErrFormat)},
		{"key id changed", k, flip(2), aad, func(err error) bool { return errors.As(err, &mismatch) }},
		{"nonce changed", k, flip(2 + len(k.ID())), aad, isErr(ErrDecrypt)},
		{"ciphertext changed", k, flip(2 + len(k.ID()) + nonceSize), aad, isErr(ErrDecrypt)},
		{"tag changed", k, flip(len(sealed) - 1), aad, isErr(ErrDecrypt)},
		{"truncated", k, sealed[:len(sealed)-1], aad, isErr(ErrDecrypt)},
		{"too short", k, sealed[:2+len(k.ID())+nonceSize], aad, isErr(ErrFormat)},
		{"empty", k, nil, aad, isErr(ErrFormat)},
		{"a wrapped key is not a sealed field", k, Wrap(k, other, "profile:p1"), aad, isErr(ErrFormat)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := Open(tc.key, tc.sealed, tc.aad)
			if got != nil || !tc.want(err) {
				t.Fatalf("got %q, %v, want a refusal", got, err)
			}
		})
	}
}

func isErr(target error) func(error) bool {
	return func(err error) bool { return errors.Is(err, target) }
}

func TestAADIsUnambiguous(t *testing.T) {
	t.Parallel()
	pairs := [][2][]byte{
		{AAD("ab", "c"), AAD("a", "bc")},
		{FieldAAD("p1", "x"), FieldAAD("p", "1x")},
		{AAD("a"), AAD("a", "")},
	}
	for _, p := range pairs {
		if bytes.Equal(p[0], p[1]) {
			t.Errorf("got equal associated data %x for different parts", p[0])
		}
	}
}

func TestKeyNeverPrintsSecret(t *testing.T) {
	t.Parallel()
	k := GenerateKey()
	for _, s := range []string{k.String(), k.GoString()} {
		if bytes.Contains([]byte(s), k.secret[:4]) || s != "vault.Key("+k.ID()+")" {
			t.Errorf("got %q, want only the key id", s)
		}
	}
}
