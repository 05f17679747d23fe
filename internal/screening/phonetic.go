package screening

import "strings"

// phoneticKey reduces a normalised token to a spelling skeleton on which
// common romanisation variants agree: ALEXANDER/ALEKSANDR, YURIY/IURII,
// MOHAMMAD/MOHAMAD, HUSAYN/HUSSEIN (close), -OVITCH/-OVICH, YELENA/ELENA,
// W/V, KH/H, PH/F, Q/K, X/KS, doubled letters. Lower-case letters in the
// key stand for digraphs: c = CH, s = SH, j = J/ZH/DJ.
//
// Words in other scripts (folded Arabic, CJK) are their own key.
func phoneticKey(t string) string {
	if k, ok := particles[t]; ok {
		return k
	}
	for i := 0; i < len(t); i++ {
		if t[i] >= 0x80 {
			return t
		}
	}
	if strings.HasPrefix(t, "YE") && len(t) > 3 {
		t = t[1:]
	}
	// Y and I are one letter to romanisers (YURIY, IURII, YURI).
	if strings.IndexByte(t, 'Y') >= 0 {
		y := []byte(t)
		n := 0
		for _, c := range y {
			if c == 'Y' {
				c = 'I'
			}
			if c == 'I' && n > 0 && y[n-1] == 'I' {
				continue
			}
			y[n] = c
			n++
		}
		t = string(y[:n])
	}
	b := make([]byte, 0, len(t)+2)
	for i := 0; i < len(t); {
		c, n := t[i], 1 // symbol to emit, letters consumed
		switch c {
		case 'S':
			switch {
			case strings.HasPrefix(t[i:], "SHCH"):
				c, n = 's', 4
			case strings.HasPrefix(t[i:], "SCH"):
				c, n = 's', 3
			case strings.HasPrefix(t[i:], "SH"):
				c, n = 's', 2
			}
		case 'T':
			switch {
			case strings.HasPrefix(t[i:], "TSCH"):
				c, n = 'c', 4
			case strings.HasPrefix(t[i:], "TCH"):
				c, n = 'c', 3
			case strings.HasPrefix(t[i:], "TH"):
				n = 2
			}
		case 'D':
			switch {
			case strings.HasPrefix(t[i:], "DZH"):
				c, n = 'j', 3
			case strings.HasPrefix(t[i:], "DJ"):
				c, n = 'j', 2
			case strings.HasPrefix(t[i:], "DH"):
				n = 2
			}
		case 'C':
			switch {
			case strings.HasPrefix(t[i:], "CH"):
				c, n = 'c', 2
			case strings.HasPrefix(t[i:], "CK"):
				c, n = 'K', 2
			default:
				c = 'K'
			}
		case 'Z':
			if strings.HasPrefix(t[i:], "ZH") {
				c, n = 'j', 2
			}
		case 'K':
			if strings.HasPrefix(t[i:], "KH") {
				c, n = 'H', 2
			}
		case 'G':
			if strings.HasPrefix(t[i:], "GH") {
				n = 2
			}
		case 'P':
			if strings.HasPrefix(t[i:], "PH") {
				c, n = 'F', 2
			}
		case 'O':
			if strings.HasPrefix(t[i:], "OU") || strings.HasPrefix(t[i:], "OO") {
				c, n = 'U', 2
			}
		case 'U':
			if strings.HasPrefix(t[i:], "UE") {
				n = 2
			}
		case 'E':
			if strings.HasPrefix(t[i:], "EE") {
				c, n = 'I', 2
			}
		case 'I':
			if strings.HasPrefix(t[i:], "IE") && i > 0 && !isVowel(t[i-1]) && i+2 < len(t) {
				c, n = 'E', 2
			}
		case 'Q':
			c = 'K'
		case 'X':
			b = append(b, 'K')
			c = 'S'
		case 'W':
			c = 'V'
		case 'J':
			c = 'j'
		}
		b = append(b, c)
		i += n
	}
	// Collapse doubled symbols and a final H after a vowel (FATIMAH/FATIMA).
	out := b[:0]
	for _, c := range b {
		if n := len(out); n > 0 && out[n-1] == c {
			continue
		}
		out = append(out, c)
	}
	if n := len(out); n > 2 && out[n-1] == 'H' && isVowel(out[n-2]) {
		out = out[:n-1]
	}
	return string(out)
}

func isVowel(c byte) bool {
	switch c {
	case 'A', 'E', 'I', 'O', 'U', 'Y':
		return true
	}
	return false
}

// particles are Arabic name words whose romanisations differ by more than
// spelling rules capture; each maps to one key.
var particles = map[string]string{
	"ABD": "ABD", "ABDUL": "ABD", "ABDEL": "ABD", "ABDOL": "ABD", "ABDAL": "ABD", "ABDOUL": "ABD",
	"AL": "AL", "EL": "AL", "UL": "AL",
	"BIN": "BIN", "BEN": "BIN", "IBN": "BIN", "BINT": "BINT",
	"ABU": "ABU", "ABOU": "ABU", "ABO": "ABU",
	"OULD": "WALAD", "WALD": "WALAD", "WALAD": "WALAD", "WULD": "WALAD", "OULED": "WALAD",
	"MOHD": "MUHAMAD", "MHD": "MUHAMAD", "MOHAMMAD": "MUHAMAD", "MUHAMMAD": "MUHAMAD", "MOHAMMED": "MUHAMAD",
	"MUHAMMED": "MUHAMAD", "MOHAMED": "MUHAMAD", "MUHAMAD": "MUHAMAD", "MOHAMAD": "MUHAMAD", "MOHAMMAED": "MUHAMAD",
}
