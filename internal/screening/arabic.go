package screening

import (
	"strings"
	"unicode/utf8"
)

// Arabic-script names (Arabic, Persian, Urdu) are kept in Arabic script
// after orthographic folding, so an original-script query meets the
// original-script names the lists carry letter for letter; they meet
// romanised names through consonant skeletons (xscript.go).
//
// Folding removes what writers vary without changing the name: short
// vowels and other marks, tatweel, the seat of hamza (أ إ آ ٱ → ا, ؤ → و,
// ئ → ي, a hamza on the line goes), ة → ه, ى → ي, and the Persian and
// Urdu and Pashto forms of shared letters (ک → ك, ی ے → ي, ہ ھ ۀ → ه,
// ٹ ټ → ت, ڈ ډ → د, ڑ ړ → ر, ں ڼ → ن). The letters Arabic lacks (پ چ ژ گ,
// Pashto ځ څ ښ ږ) are kept: they are P, CH, ZH, G, DZ, TS, SH/KH, ZH/G.

// arabicFold maps an Arabic-block rune to its folded spelling; runes not
// in it are kept (letters) or dropped (marks, by the general fold).
var arabicFold = map[rune]string{
	'أ': "ا", 'إ': "ا", 'آ': "ا", 'ٱ': "ا", 'ٲ': "ا", 'ٳ': "ا", 'ٵ': "ا",
	'ؤ': "و", 'ٶ': "و", 'ۆ': "و", 'ۇ': "و", 'ۈ': "و", 'ۋ': "و", 'ۅ': "و", 'ۉ': "و",
	'ئ': "ي", 'ى': "ي", 'ی': "ي", 'ې': "ي", 'ۍ': "ي", 'ێ': "ي", 'ے': "ي", 'ۓ': "ي", 'ٸ': "ي",
	'ء': "", 'ـ': "",
	'ة': "ه", 'ہ': "ه", 'ۀ': "ه", 'ھ': "ه", 'ە': "ه", 'ۂ': "ه", 'ۃ': "ه",
	'ک': "ك", 'ڪ': "ك", 'ڭ': "ك", 'ګ': "گ",
	'ډ': "د", 'ټ': "ت", 'ړ': "ر", 'ڼ': "ن",
	'ٹ': "ت", 'ڈ': "د", 'ڑ': "ر", 'ں': "ن", 'ڻ': "ن", 'ڤ': "ف", 'ڥ': "ف", 'ڨ': "ق", 'ڠ': "غ",
	'٠': "0", '١': "1", '٢': "2", '٣': "3", '٤': "4", '٥': "5", '٦': "6", '٧': "7", '٨': "8", '٩': "9",
	'۰': "0", '۱': "1", '۲': "2", '۳': "3", '۴': "4", '۵': "5", '۶': "6", '۷': "7", '۸': "8", '۹': "9",
	'،': ",", '؛': ";", '؟': " ", '٪': " ", '٫': ".", '٬': ",", '۔': ".",
}

// arabicLetters are the letters folded Arabic-script words are made of.
const arabicLetters = "ابتثجحخدذرزسشصضطظعغفقكلمنهويپچژگځڅښږ"

// isArabic reports whether r is a letter of the Arabic block.
func isArabic(r rune) bool { return r >= 0x0600 && r <= 0x06FF }

// isArabicWord reports whether a folded word is written in Arabic
// letters (its first rune decides: folded words are never mixed).
func isArabicWord(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return isArabic(r)
}

// Arabic name particles, as folded.
const (
	arArticle = "ال"
	arAbd     = "عبد"
	arAllah   = "الله"
	arAbu     = "ابو"
	arDin     = "دين"
)

// notArticle are names that start with ال without it being the article
// (Elias, Elham, Olfat).
var notArticle = map[string]bool{"الياس": true, "الهام": true, "الفت": true, "اليسا": true, "الماس": true}

// arabicTitles are honorifics dropped from the start of an Arabic-script
// name like their romanised forms in titles, kept with their article.
var arabicTitles = map[string]bool{
	"شيخ": true, "الشيخ": true, "حاج": true, "الحاج": true, "حاجي": true, "ملا": true, "مولوي": true,
	"مولانا": true, "قاري": true, "دكتور": true, "الدكتور": true, "مهندس": true, "المهندس": true,
}

// splitArabic cuts the compounds of Arabic-script names into the words
// their romanisations are compared with: the article (الحسن → ال حسن),
// عبد (عبدالله → عبد الله), -الله (نصرالله → نصر الله), -الدين
// (نورالدين → نور ال دين) and a joined ابو (ابوبكر → ابو بكر). Words of
// other scripts pass through.
func splitArabic(ws []word) []word {
	need := false
	for _, w := range ws {
		if isArabicWord(w.text) {
			need = true
			break
		}
	}
	if !need {
		return ws
	}
	out := make([]word, 0, len(ws)+2)
	for _, w := range ws {
		if !isArabicWord(w.text) {
			out = append(out, w)
			continue
		}
		out = appendArabic(out, w, w.text)
	}
	return out
}

// appendArabic appends the parts of one Arabic-script word.
func appendArabic(out []word, w word, t string) []word {
	part := func(s string, first bool) word {
		p := word{text: s, segment: w.segment}
		if first {
			p.hyphen = w.hyphen
		}
		return p
	}
	n := utf8.RuneCountInString(t)
	switch {
	case strings.HasPrefix(t, arAbd) && n >= 5:
		out = append(out, part(arAbd, true))
		return appendArabic(out, word{segment: w.segment}, t[len(arAbd):])
	case strings.HasPrefix(t, arAbu) && n >= 5 && t != arAbu+"ه":
		out = append(out, part(arAbu, true))
		return appendArabic(out, word{segment: w.segment}, t[len(arAbu):])
	case strings.HasSuffix(t, arAllah) && n >= 6:
		out = appendArabic(out, w, t[:len(t)-len(arAllah)])
		return append(out, part(arAllah, false))
	case strings.HasSuffix(t, arArticle+arDin) && n >= 7:
		out = appendArabic(out, w, t[:len(t)-len(arArticle+arDin)])
		return append(out, part(arArticle, false), part(arDin, false))
	case strings.HasPrefix(t, arArticle) && n >= 4 && t != arAllah && !notArticle[t] && !arabicTitles[t]:
		return append(out, part(arArticle, true), part(t[len(arArticle):], false))
	}
	return append(out, part(t, true))
}
