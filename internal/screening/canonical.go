package screening

import "strings"

// Normalise returns the canonical spelling of a name as the matcher sees
// it: upper-case ASCII, romanised, punctuation and honorifics removed,
// legal forms replaced by their family, and OFAC's "SURNAME, Given" turned
// into "GIVEN SURNAME". Two names with equal Normalise forms always match
// exactly (up to token order).
func Normalise(name string) string {
	toks := normalTokens(name)
	parts := make([]string, len(toks))
	for i, t := range toks {
		parts[i] = t.text
	}
	return strings.Join(parts, " ")
}

// normalTokens returns the tokens Normalise spells out, in its order.
func normalTokens(name string) []token {
	name = joinBrokenApostrophes(name)
	ws := splitArabic(split(fold(name)))
	var toks []token
	if n := len(ws); n > 1 && ws[n-1].segment == 1 && ws[0].segment == 0 {
		cut := 0
		for ws[cut].segment == 0 {
			cut++
		}
		if _, l := legalAt(ws, wordTexts(ws), cut, false); cut+l < n {
			toks = append(analyse(joinWords(ws[cut:]), hintAny, correctLegalWord), analyse(joinWords(ws[:cut]), hintAny, correctLegalWord)...)
		}
	}
	if toks == nil {
		toks = analyse(name, hintAny, correctLegalWord)
	}
	return toks
}

func wordTexts(ws []word) []string {
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = w.text
	}
	return out
}

func joinWords(ws []word) string {
	parts := make([]string, len(ws))
	for i, w := range ws {
		parts[i] = w.text
	}
	return strings.Join(parts, " ")
}

// LooksLikeCompany reports whether a name carries a company legal form
// ("LLC", "S.A.", "JOINT STOCK COMPANY"); loaders of lists that do not
// say what an entry is use it to guess.
func LooksLikeCompany(name string) bool {
	ws := split(fold(name))
	texts := wordTexts(ws)
	for i := range texts {
		texts[i] = correctLegalWord(texts[i], phoneticKey(texts[i]))
	}
	for i := range ws {
		if _, n := legalAt(ws, texts, i, false); n > 0 {
			return true
		}
	}
	return false
}
