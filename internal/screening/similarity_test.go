package screening

import "testing"

func TestTokenSim(t *testing.T) {
	t.Parallel()
	tests := []struct {
		q, l     string
		kind     matchKind
		min, max float32
	}{
		{"SMITH", "SMITH", kindExact, 1, 1},
		{"ALEXEI", "ALEXEY", kindTranslit, 0.95, 0.95},
		{"MUHAMMAD", "MOHAMED", kindTranslit, 0.95, 0.95},
		{"HUSAYN", "HUSSEIN", kindPhonetic, 0.85, 0.95},
		{"GLUBEV", "GOLUBEV", kindTypo, 0.8, 0.9},
		{"SAELH", "SALEH", kindTypo, 0.75, 0.85},
		{"ESTATE", "ESSTATEE", kindPhonetic, 0.85, 0.92},
		{"ESTATE", "ESXTATEX", kindTypo, 0.6, 0.72},
		{"HASSAN", "HUSSEIN", kindNone, 0, 0},
		{"ALI", "ALY", kindTranslit, 0.95, 0.95},
		{"TAM", "TOM", kindTypo, 0.6, 0.6},
		{"KHANANI", "HANNADI", kindNone, 0, 0},
		{"AB", "AC", kindNone, 0, 0},
	}
	for _, tt := range tests {
		got, kind := tokenSim(tt.q, phoneticKey(tt.q), tt.l, phoneticKey(tt.l))
		if kind != tt.kind || got < tt.min || got > tt.max {
			t.Errorf("tokenSim(%s, %s) = %.3f %v, want %v in [%.2f, %.2f]", tt.q, tt.l, got, kind, tt.kind, tt.min, tt.max)
		}
	}
}

func TestOSA(t *testing.T) {
	t.Parallel()
	tests := []struct {
		a, b   string
		max, d int
	}{
		{"", "", 2, 0}, {"ABC", "ABC", 2, 0}, {"ABC", "ACB", 2, 1}, {"ABC", "AB", 2, 1},
		{"KITTEN", "SITTING", 3, 3}, {"KITTEN", "SITTING", 2, 3}, {"A", "BCDEF", 2, 3},
	}
	for _, tt := range tests {
		if got := osa(tt.a, tt.b, tt.max); got != tt.d {
			t.Errorf("osa(%q, %q, %d) = %d, want %d", tt.a, tt.b, tt.max, got, tt.d)
		}
	}
}

func TestVowelEdits(t *testing.T) {
	t.Parallel()
	tests := []struct {
		a, b string
		want int
	}{
		{"MUHAMAD", "MOHAMED", 2}, {"HUSAIN", "HUSEIN", 1}, {"ALEKSANDER", "ALEKSANDR", 2},
		{"HANANI", "HANADI", 3}, {"ABC", "ABC", 0},
	}
	for _, tt := range tests {
		if got := vowelEdits(tt.a, tt.b, 2); got != tt.want {
			t.Errorf("vowelEdits(%s, %s) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}
