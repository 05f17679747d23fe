package screening

import "strings"

// phoneticKey reduces a normalised token to a spelling skeleton on which
// common romanisation variants agree: ALEXANDER/ALEKSANDR, YURIY/IURII,
// MOHAMMAD/MOHAMAD, HUSAYN/HUSSEIN (close), -OVITCH/-OVICH, YELENA/ELENA,
// W/V, KH/H, PH/F, Q/K, X/KS, doubled letters. Lower-case letters in the
// key stand for digraphs: c = CH, s = SH, j = J/ZH/DJ.
func phoneticKey(t string) string {
	if k, ok := particles[t]; ok {
		return k
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
	at := func(i int, s string) bool { return strings.HasPrefix(t[i:], s) }
	for i := 0; i < len(t); {
		c := t[i]
		switch {
		case at(i, "SHCH"):
			b, i = append(b, 's'), i+4
		case at(i, "TSCH"):
			b, i = append(b, 'c'), i+4
		case at(i, "DZH"):
			b, i = append(b, 'j'), i+3
		case at(i, "SCH"):
			b, i = append(b, 's'), i+3
		case at(i, "TCH"):
			b, i = append(b, 'c'), i+3
		case at(i, "CH"):
			b, i = append(b, 'c'), i+2
		case at(i, "SH"):
			b, i = append(b, 's'), i+2
		case at(i, "ZH"), at(i, "DJ"):
			b, i = append(b, 'j'), i+2
		case at(i, "KH"):
			b, i = append(b, 'H'), i+2
		case at(i, "GH"):
			b, i = append(b, 'G'), i+2
		case at(i, "PH"):
			b, i = append(b, 'F'), i+2
		case at(i, "TH"):
			b, i = append(b, 'T'), i+2
		case at(i, "DH"):
			b, i = append(b, 'D'), i+2
		case at(i, "CK"):
			b, i = append(b, 'K'), i+2
		case at(i, "OU"), at(i, "OO"), at(i, "UE"):
			b, i = append(b, 'U'), i+2
		case at(i, "EE"):
			b, i = append(b, 'I'), i+2
		case at(i, "IE") && i > 0 && !isVowel(t[i-1]) && i+2 < len(t):
			b, i = append(b, 'E'), i+2
		default:
			switch c {
			case 'C', 'Q':
				c = 'K'
			case 'X':
				b = append(b, 'K')
				c = 'S'
			case 'W':
				c = 'V'
			case 'J':
				c = 'j'
			}
			b, i = append(b, c), i+1
		}
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
	"MOHD": "MUHAMAD", "MHD": "MUHAMAD", "MOHAMMAD": "MUHAMAD", "MUHAMMAD": "MUHAMAD", "MOHAMMED": "MUHAMAD",
	"MUHAMMED": "MUHAMAD", "MOHAMED": "MUHAMAD", "MUHAMAD": "MUHAMAD", "MOHAMAD": "MUHAMAD", "MOHAMMAED": "MUHAMAD",
}
