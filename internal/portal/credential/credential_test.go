package credential

import (
	"strings"
	"testing"
	"time"
)

// cheap is argon2id at a low cost, for tests that hash often.
var cheap = &Credentials{Time: 1, MemoryKiB: 64, Threads: 1}

func TestPasswordHash(t *testing.T) {
	h, err := cheap.HashPassword("correct horse battery staple")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=64,t=1,p=1$") {
		t.Fatalf("got %q, want a PHC argon2id string", h)
	}
	h2, _ := cheap.HashPassword("correct horse battery staple")
	if h == h2 {
		t.Error("two hashes of one password must differ (salt)")
	}
	tests := []struct {
		hash, pw string
		want     bool
	}{
		{h, "correct horse battery staple", true},
		{h, "correct horse battery stapl", false},
		{h, "", false},
		{strings.Replace(h, "m=64", "m=65", 1), "correct horse battery staple", false},
		{"", "x", false},
		{"$argon2i$v=19$m=64,t=1,p=1$c2FsdHNhbHQ$a2V5a2V5a2V5a2V5a2V5", "x", false},
		{"$argon2id$v=19$m=99999999,t=1,p=1$c2FsdHNhbHQ$a2V5a2V5a2V5a2V5a2V5", "x", false},
	}
	for i, tt := range tests {
		if got := cheap.CheckPassword(tt.hash, tt.pw); got != tt.want {
			t.Errorf("case %d: got %t, want %t", i, got, tt.want)
		}
	}
	// A hash made at another cost is checked with the cost it records.
	if !New().CheckPassword(h, "correct horse battery staple") {
		t.Error("a hash must be checked with its own parameters")
	}
}

// TestTOTP: RFC 6238's SHA-1 test vector (the secret "12345678901234567890"),
// six digits, and the step before and after accepted for clock drift.
func TestTOTP(t *testing.T) {
	const secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
	c := New()
	tests := []struct {
		at   int64
		code string
		step int64
		ok   bool
	}{
		{59, "287082", 1, true},
		{1111111109, "081804", 37037036, true},
		{1111111109 + 30, "081804", 37037036, true}, // a step late
		{1111111109 - 30, "081804", 37037036, true}, // a step early
		{1111111109 + 90, "081804", 0, false},
		{59, "28708", 0, false},
		{59, "28708a", 0, false},
	}
	for _, tt := range tests {
		step, ok := c.CheckTOTP(secret, tt.code, time.Unix(tt.at, 0))
		if ok != tt.ok || step != tt.step {
			t.Errorf("at %d code %s: got %d %t, want %d %t", tt.at, tt.code, step, ok, tt.step, tt.ok)
		}
	}
	s, err := c.NewTOTPSecret()
	if err != nil || len(s) != 32 {
		t.Fatalf("got %q, %v; want 32 base32 characters", s, err)
	}
	code, _ := Code(s, time.Unix(1e9, 0))
	if _, ok := c.CheckTOTP(s, code, time.Unix(1e9, 0)); !ok {
		t.Error("a fresh secret's code must check")
	}
	u := KeyURL("Gatehouse", "ana@example.org", s)
	if !strings.HasPrefix(u, "otpauth://totp/Gatehouse:ana@example.org?") || !strings.Contains(u, "secret="+s) {
		t.Errorf("got %q", u)
	}
	png, err := QRCode(u, 120)
	if err != nil || len(png) < 100 || string(png[1:4]) != "PNG" {
		t.Errorf("got %d bytes, %v; want a PNG", len(png), err)
	}
}

// FuzzCheckPassword: any stored hash and password are checked without
// panicking or allocating without bound, and only a hash of the password
// matches it.
func FuzzCheckPassword(f *testing.F) {
	h, _ := cheap.HashPassword("pw")
	f.Add(h, "pw")
	f.Add("$argon2id$v=19$m=8,t=1,p=1$AAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAA", "")
	f.Add("$argon2id$v=19$m=8,t=1,p=0$$", "x")
	f.Add("$$$$$", "x")
	f.Fuzz(func(t *testing.T, hash, pw string) {
		if p, err := parsePHC(hash); err == nil && (p.memory > 4096 || p.time > 2 || p.threads > 2) {
			return // valid but costly: not what a fuzzer should spend its time on
		}
		ok := cheap.CheckPassword(hash, pw)
		if ok && hash != h && !strings.HasPrefix(hash, "$argon2id$") {
			t.Fatalf("%q matched %q", hash, pw)
		}
	})
}
