package screening

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// foldLo and foldHi bound the precomputed fold table: Latin, Greek,
// Cyrillic, Arabic and the Latin/Greek extended blocks.
const foldLo, foldHi = 0x80, 0x2000

// foldTable maps a rune to its upper-case ASCII spelling; "" entries with
// foldKnown false mean "keep as is".
var (
	foldTable [foldHi - foldLo]string
	foldKnown [foldHi - foldLo]bool
)

func init() {
	for r := rune(foldLo); r < foldHi; r++ {
		if isArabic(r) {
			// Arabic script stays Arabic, folded (arabic.go).
			switch s, ok := arabicFold[r]; {
			case ok:
				foldTable[r-foldLo], foldKnown[r-foldLo] = s, true
			case strings.ContainsRune(arabicLetters, r):
				foldTable[r-foldLo], foldKnown[r-foldLo] = string(r), true
			case unicode.Is(unicode.Mn, r):
				foldTable[r-foldLo], foldKnown[r-foldLo] = "", true
			}
			continue
		}
		if s, ok := romanise(unicode.ToUpper(r)); ok {
			foldTable[r-foldLo], foldKnown[r-foldLo] = s, true
			continue
		}
		// Decompose (é → e + ◌́), drop the marks, romanise the base.
		var b strings.Builder
		ok := true
		for _, d := range norm.NFKD.String(string(r)) {
			switch {
			case unicode.Is(unicode.Mn, d):
			case d < utf8.RuneSelf:
				b.WriteRune(unicode.ToUpper(d))
			default:
				s, known := romanise(unicode.ToUpper(d))
				if !known {
					ok = false
				}
				b.WriteString(s)
			}
		}
		if ok && b.Len() > 0 || unicode.Is(unicode.Mn, r) {
			foldTable[r-foldLo], foldKnown[r-foldLo] = b.String(), true
		}
	}
}

func romanise(r rune) (string, bool) {
	for _, t := range [...]map[rune]string{latinSpecial, cyrillic, greek} {
		if s, ok := t[r]; ok {
			return s, true
		}
	}
	return "", false
}

// fold upper-cases s, removes diacritics, romanises Cyrillic and Greek
// letters and folds Arabic-script ones (arabic.go), leaving punctuation
// for the tokenizer. Runes it knows no spelling for (CJK, for instance)
// are kept.
func fold(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return strings.ToUpper(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	prev := ' '
	for _, r := range s {
		p := prev
		prev = r
		switch {
		case isUpsilon(r) && (isUpsilon(p) || greekVowelBefore(p) != 0):
			if greekVowelBefore(p) == 'O' {
				b.WriteByte('U') // ΟΥ is U
			} else {
				b.WriteByte('V') // ΑΥ, ΕΥ are AV, EV
			}
		case r < utf8.RuneSelf:
			b.WriteRune(unicode.ToUpper(r))
		case r >= foldLo && r < foldHi && foldKnown[r-foldLo]:
			b.WriteString(foldTable[r-foldLo])
		case r == utf8.RuneError:
			b.WriteByte(' ')
		case r >= 0xFB50 && r <= 0xFDFF || r >= 0xFE70 && r <= 0xFEFF:
			// Arabic presentation forms (ﻋ, ﷲ): their compatibility
			// decomposition is the letters, folded in turn.
			if d := norm.NFKC.String(string(r)); d != string(r) {
				b.WriteString(fold(d))
			}
		case unicode.Is(unicode.Cf, r):
			// Joiners and direction marks (ZWNJ, RLM) are not letters.
		default:
			switch r {
			case '‘', '’', '‛', '′':
				b.WriteByte('\'')
			case '‐', '‑', '‒', '–', '—', '―', '−':
				b.WriteByte('-')
			default:
				if unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsSymbol(r) {
					b.WriteByte(' ')
				} else {
					b.WriteRune(unicode.ToUpper(r))
				}
			}
		}
	}
	return b.String()
}

func isUpsilon(r rune) bool {
	switch r {
	case 'Υ', 'υ', 'ύ', 'Ύ', 'ϋ', 'ΰ':
		return true
	}
	return false
}

// greekVowelBefore returns 'O' or 'A' when r is omicron or alpha/epsilon
// (any accent), else 0.
func greekVowelBefore(r rune) byte {
	switch r {
	case 'Ο', 'ο', 'ό', 'Ό':
		return 'O'
	case 'Α', 'α', 'ά', 'Ά', 'Ε', 'ε', 'έ', 'Έ':
		return 'A'
	}
	return 0
}
