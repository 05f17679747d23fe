package kyc

import "testing"

func TestNewIDSortsInCreationOrder(t *testing.T) {
	prev := NewID()
	for i := 0; i < 10000; i++ {
		id := NewID()
		if !ValidID(id) || id[14] != '7' {
			t.Fatalf("NewID() = %q, want a version 7 UUID", id)
		}
		if id <= prev {
			t.Fatalf("NewID() = %q after %q, want increasing", id, prev)
		}
		prev = id
	}
}

func TestValidID(t *testing.T) {
	for s, want := range map[string]bool{
		"3d7a333c-418d-72a1-007b-06854dbb28eb": true,
		"3D7A333C-418D-72A1-007B-06854DBB28EB": true,
		"3d7a333c418d72a1007b06854dbb28eb":     false,
		"3d7a333c-418d-72a1-007b-06854dbb28e":  false,
		"3d7a333c-418d-72a1-007b-06854dbb28eg": false,
		"":                                     false,
	} {
		if got := ValidID(s); got != want {
			t.Errorf("ValidID(%q) = %v, want %v", s, got, want)
		}
	}
}
