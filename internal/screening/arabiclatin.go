package screening

import "strings"

// Romanised Arabic names write the same compounds joined, hyphenated or
// apart: ABDULRAHMAN, ABDUL RAHMAN, ABD AL-RAHMAN, ABDURRAHMAN;
// NASRALLAH, NASRULLAH, NASR ALLAH; SALAHUDDIN, SALAH AL-DIN,
// SALAHEDDINE. splitArabicLatin cuts them into the words Arabic script
// writes (عبد ال رحمن, نصر الله, صلاح ال دين), on the listed side and the
// query side alike, so every spelling meets every other word for word and
// meets the Arabic script letter for letter. The assimilated article (AR-
// in AR-RAHMAN, AS- in AS-SAYYID, UD- in NASIR UD-DIN) is read as AL.

// abdForms are ABD joined to the article, written alone ("ABDUL RAHMAN").
var abdForms = map[string]bool{
	"ABDUL": true, "ABDEL": true, "ABDOUL": true, "ABDAL": true, "ABDOL": true, "ABDIL": true,
	"ABDUR": true, "ABDER": true, "ABDUS": true, "ABDES": true, "ABDUSH": true, "ABDUD": true,
	"ABDUZ": true, "ABDUN": true, "ABDUT": true, "ABDULL": true,
}

// sunArticles are the assimilated article before a word starting with
// the same letters (AR-RAHMAN, ASH-SHAMI, UD-DIN).
var sunArticles = map[string]string{
	"AR": "R", "ER": "R", "UR": "R", "AS": "S", "ES": "S", "US": "S", "ASH": "SH", "ESH": "SH", "USH": "SH",
	"AD": "D", "ED": "D", "UD": "D", "AZ": "Z", "EZ": "Z", "UZ": "Z", "AN": "N", "EN": "N", "UN": "N",
	"AT": "T", "ET": "T", "UT": "T", "ATH": "TH", "ADH": "DH",
}

// sunLetters are the consonants the article assimilates to, as written
// doubled after ABDU- (ABDURRAHMAN, ABDUSSALAM).
var sunLetters = []string{"SH", "TH", "DH", "R", "S", "D", "Z", "N", "T"}

// allahForms are the spellings of ALLAH at the end of a compound.
// (Not -ELLA or -ALLA: ISABELLA, GABRIELLA.)
var allahForms = []string{"ALLAHI", "ULLAHI", "ALLAH", "ULLAH", "ELLAH", "OLLAH", "ILLAH", "ULLA"}

// splitArabicLatin applies the cuts to romanised words. ABU is only cut
// from a person's name (ABUBAKAR, not ABUNDANCE).
func splitArabicLatin(ws []word, hint nameHint) []word {
	var out []word
	for i, w := range ws {
		parts := cutAll(w.text, hint != hintOrg)
		// AR-RAHMAN: an assimilated article before its word.
		if len(parts) == 1 && i+1 < len(ws) && ws[i+1].segment == w.segment {
			if c, ok := sunArticles[w.text]; ok && strings.HasPrefix(ws[i+1].text, c) {
				parts[0] = "AL"
			}
		}
		if out == nil && (len(parts) > 1 || parts[0] != w.text) {
			out = append(make([]word, 0, len(ws)+2), ws[:i]...)
		}
		if out == nil {
			continue
		}
		for k, p := range parts {
			nw := word{text: p, segment: w.segment}
			if k == 0 {
				nw.hyphen = w.hyphen
			}
			out = append(out, nw)
		}
	}
	if out == nil {
		return ws
	}
	return out
}

// frenchArticles are the article as French romanisations join it,
// assimilated, to a person's name: ESSAADI, ETTAYEB, ERRAHMANE.
var frenchArticles = []string{"ESS", "ETT", "EDD", "EZZ", "ERR", "ENN", "ECHCH"}

// dinForms are AL-DIN written as one word after a separate name
// ("NOR ELDIN").
var dinForms = map[string]bool{"ELDIN": true, "ALDIN": true, "EDDIN": true, "EDDINE": true, "UDDIN": true,
	"UDDINE": true, "ADDIN": true, "ELDINE": true, "ALDINE": true, "EDINE": true}

// cutAll cuts a word and the parts it gives until nothing changes, so
// that cutting is idempotent (ABUNASRULLAH → ABU NASR ALLAH at once).
func cutAll(t string, person bool) []string {
	parts := cutArabicLatin(t, person)
	if parts == nil {
		return []string{t}
	}
	var out []string
	for _, p := range parts {
		if p == t {
			out = append(out, p)
			continue
		}
		out = append(out, cutAll(p, person)...)
	}
	return out
}

// cutArabicLatin returns the words of one romanised compound, or nil.
func cutArabicLatin(t string, person bool) []string {
	for i := 0; i < len(t); i++ {
		if t[i] < 'A' || t[i] > 'Z' {
			return nil // digits or another script: not a romanised name
		}
	}
	if len(t) < 5 {
		if abdForms[t] {
			return []string{"ABD", "AL"}
		}
		return nil
	}
	if abdForms[t] {
		return []string{"ABD", "AL"}
	}
	if dinForms[t] {
		return []string{"AL", "DIN"}
	}
	if person && len(t) >= 7 {
		for _, a := range frenchArticles {
			if rest, ok := strings.CutPrefix(t, a); ok && len(rest) >= 3 {
				return []string{"AL", a[1:len(a)/2+1] + rest}
			}
		}
	}
	if strings.HasPrefix(t, "ABD") {
		if rest := cutAbd(t[3:]); rest != nil {
			return append([]string{"ABD"}, rest...)
		}
	}
	if person && strings.HasPrefix(t, "ABUL") && len(t) >= 8 && !slavic(t) {
		return append([]string{"ABU", "AL"}, t[4:])
	}
	if person && strings.HasPrefix(t, "ABU") && len(t) >= 7 && !isVowel(t[3]) && !slavic(t) {
		return []string{"ABU", t[3:]}
	}
	for _, a := range allahForms {
		if x, ok := strings.CutSuffix(t, a); ok && len(x) >= 3 {
			return []string{x, "ALLAH"}
		}
	}
	if x, ok := cutDin(t); ok {
		return []string{x, "AL", "DIN"}
	}
	return nil
}

// cutAbd reads what follows ABD in a compound: a vowel, then the article
// (L) or a doubled sun letter, then the name (ABDULRAHMAN, ABDURRAHMAN,
// ABDELKADER), or ALLAH (ABDULLAH, ABDALLAH).
func cutAbd(s string) []string {
	i := 0
	for i < len(s) && i < 2 && isVowel(s[i]) {
		i++
	}
	if i == 0 || i == len(s) || slavic(s) {
		return nil
	}
	rest := s[i:]
	switch rest {
	case "LLAH", "LLAHI", "LLA", "LAH", "LLOH":
		return []string{"ALLAH"}
	}
	if name, ok := strings.CutPrefix(rest, "L"); ok && len(name) >= 3 {
		return []string{"AL", name}
	}
	for _, c := range sunLetters {
		switch {
		case strings.HasPrefix(rest, c+c) && len(rest) >= len(c)+3:
			return []string{"AL", rest[len(c):]} // ABDURRAHMAN
		case strings.HasPrefix(rest, c) && len(rest) >= len(c)+4:
			return []string{"AL", rest} // ABDURAHMAN
		}
	}
	return nil
}

// cutDin reads NOUREDDINE, SALAHUDDIN, SALAHALDIN as name + AL DIN.
func cutDin(t string) (string, bool) {
	base := strings.TrimSuffix(t, "E")
	for _, suf := range []string{"UDDIN", "EDDIN", "ADDIN", "IDDIN", "ODDIN", "ALDIN", "ELDIN", "ULDIN"} {
		if x, ok := strings.CutSuffix(base, suf); ok && len(x) >= 3 {
			return x, true
		}
	}
	return "", false
}

// slavic reports a Russian or Central Asian surname ending (ABDULLAEV,
// ABDURAKHMANOV): those are single names, not Arabic compounds.
func slavic(t string) bool {
	for _, s := range []string{"OV", "EV", "OVA", "EVA", "OVICH", "EVICH", "OVNA", "EVNA", "ZODA", "ZADE", "ZADEH"} {
		if strings.HasSuffix(t, s) {
			return true
		}
	}
	return false
}
