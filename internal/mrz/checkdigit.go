package mrz

// CheckDigit computes the Doc 9303 check digit of s: each character's value
// (digits as themselves, A-Z as 10-35, the filler '<' as 0) weighted 7, 3, 1
// in turn, summed, modulo 10. It returns false if s holds a character
// outside the MRZ alphabet.
func CheckDigit(s string) (byte, bool) {
	weights := [3]int{7, 3, 1}
	sum := 0
	for i := 0; i < len(s); i++ {
		v, ok := charValue(s[i])
		if !ok {
			return 0, false
		}
		sum += v * weights[i%3]
	}
	return byte('0' + sum%10), true
}

func charValue(c byte) (int, bool) {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0'), true
	case c >= 'A' && c <= 'Z':
		return int(c-'A') + 10, true
	case c == '<':
		return 0, true
	}
	return 0, false
}

// Check is one check digit of the zone and its verdict.
type Check struct {
	// Field names what the digit covers: document_number, date_of_birth,
	// expiry_date, personal_number or composite.
	Field string
	// Printed is the digit as it appears in the zone (possibly '<').
	Printed byte
	// Computed is the digit computed from the data.
	Computed byte
	// Valid reports whether Printed matches Computed. A '<' printed for an
	// optional field that is all fillers counts as valid, as Doc 9303
	// allows.
	Valid bool
}

// check computes the digit over data and compares it with printed.
// fillerOK allows '<' in place of the digit when data is all fillers.
func check(field, data string, printed byte, fillerOK bool) Check {
	computed, _ := CheckDigit(data) // data is already restricted to the alphabet
	c := Check{Field: field, Printed: printed, Computed: computed}
	switch {
	case printed == computed:
		c.Valid = true
	case printed == '<' && fillerOK && allFiller(data):
		c.Valid = true
	}
	return c
}

func allFiller(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] != '<' {
			return false
		}
	}
	return true
}
