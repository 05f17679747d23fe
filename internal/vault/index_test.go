package vault

import (
	"slices"
	"testing"
)

func TestNormaliseToken(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"José":    "jose",
		"MÜLLER":  "muller",
		"Straße":  "strasse",
		"Øland":   "oland",
		"O'Brien": "obrien",
		"Łukasz":  "lukasz",
		"ﬁnn":     "finn", // a ligature decomposes under NFKD
		"":        "",
		"-":       "",
		"Иван":    "иван",
		"2nd":     "2nd",
	} {
		if got := NormaliseToken(in); got != want {
			t.Errorf("NormaliseToken(%q): got %q, want %q", in, got, want)
		}
	}
	if got, want := NameTokens("José MARÍA-López  jose O’Brien"), []string{"jose", "maria", "lopez", "obrien"}; !slices.Equal(got, want) {
		t.Errorf("NameTokens: got %q, want %q", got, want)
	}
}

func TestBlindIndex(t *testing.T) {
	t.Parallel()
	k, other := GenerateKey(), GenerateKey()
	a, b := BlindIndex(k, "José"), BlindIndex(k, "JOSE")
	if a != b {
		t.Errorf("got %q and %q for the same normalised token, want equal", a, b)
	}
	if len(a) != 22 {
		t.Errorf("got %d characters, want 22", len(a))
	}
	if BlindIndex(k, "Jose") == BlindIndex(k, "Josef") {
		t.Error("different tokens share an index")
	}
	if BlindIndex(other, "Jose") == a {
		t.Error("two institutions' keys give the same index")
	}
	if got := BlindIndexes(k, "Anna Maria ERIKSSON"); len(got) != 3 || got[2] != BlindIndex(k, "eriksson") {
		t.Errorf("BlindIndexes: got %v", got)
	}
}
