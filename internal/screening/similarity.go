package screening

// matchKind says how a query token matched a listed token; it is shown in
// match reasons.
type matchKind uint8

const (
	kindNone     matchKind = iota
	kindExact              // same normalised spelling
	kindTranslit           // same phonetic key: a romanisation variant
	kindTypo               // within a few edits
	kindPhonetic           // phonetic keys within a few edits
	kindInitial            // a single letter standing for the name
	kindLegal              // equivalent company legal forms
)

func (k matchKind) String() string {
	return [...]string{"none", "exact", "transliteration", "typo", "phonetic", "initial", "legal form"}[k]
}

// Similarities credited per kind of token match.
const (
	simTranslit  = 0.95 // same phonetic key, different spelling
	simVowelStep = 0.05 // taken off simTranslit per vowel that differs (more in short words)
	simInitial   = 0.8  // an initial against a full given name
	minTokenSim  = 0.6  // weaker token matches are ignored
)

// allowedEdits is how many typos a token may carry and still match,
// given the length of the shorter of the two tokens: none for one or two
// letters, one up to five, two up to nine, three beyond.
func allowedEdits(n int) int {
	switch {
	case n <= 2:
		return 0
	case n <= 5:
		return 1
	case n <= 9:
		return 2
	}
	return 3
}

// maxVowelEdits is how many vowels a romanisation variant may change.
// Three-letter keys get none: TAM, TOM and TIM are different names.
func maxVowelEdits(n int) int {
	switch {
	case n <= 3:
		return 0
	case n == 4:
		return 1
	}
	return 2
}

// tokenSim compares two single tokens by spelling and phonetic key and
// returns a similarity in [0,1] and how they matched: exact 1; same key
// 0.95; keys differing only in one or two vowels 0.90 or 0.85; otherwise
// 1 − edits/length within the typo allowance; below 0.6 no match.
func tokenSim(qt, qk, lt, lk string) (float32, matchKind) {
	if qt == lt {
		return 1, kindExact
	}
	if qk == lk {
		return simTranslit, kindTranslit
	}
	if !isASCII(qt) || !isASCII(lt) {
		return otherScriptSim(qt, lt)
	}
	best, kind := float32(0), kindNone
	short := min(len(qt), len(lt))
	if lim := allowedEdits(short); lim > 0 {
		if d := osa(qt, lt, lim); d <= lim {
			// Each typo beyond the first counts a quarter more: two in
			// six letters is a different name more often than not.
			best, kind = 1-(float32(d)+0.25*float32(d-1))/float32(max(len(qt), len(lt))), kindTypo
			if short <= 3 {
				best = minTokenSim // one letter off in three is weak evidence
			}
		}
	}
	if lim := maxVowelEdits(min(len(qk), len(lk))); lim > 0 && len(qk) > 2 && len(lk) > 2 {
		if v := vowelEdits(qk, lk, lim); v <= lim {
			if s := simTranslit - simVowelStep*float32(v)*5/float32(min(5, len(qk), len(lk))); s > best {
				best, kind = s, kindPhonetic
			}
		}
	}
	if best < minTokenSim {
		return 0, kindNone
	}
	return best, kind
}

// otherScriptSim compares two words of which one is not in Latin letters:
// two Arabic-script words by their letters, within the typo allowance of
// their length in letters; anything else only matches exactly (done by
// tokenSim).
func otherScriptSim(a, b string) (float32, matchKind) {
	ca, okA := arabicCompact(a)
	cb, okB := arabicCompact(b)
	if !okA || !okB {
		return 0, kindNone
	}
	// Arabic writes no short vowels, so a letter is worth about a
	// syllable of a romanisation: one typo is allowed from five letters,
	// two from eight (احمد and محمد are different names).
	short := min(len(ca), len(cb))
	lim := 0
	switch {
	case short >= 8:
		lim = 2
	case short >= 5:
		lim = 1
	}
	if lim == 0 {
		return 0, kindNone
	}
	d := osa(ca, cb, lim)
	if d > lim {
		return 0, kindNone
	}
	sim := 1 - (float32(d)+0.25*float32(d-1))/float32(max(len(ca), len(cb)))
	if sim < minTokenSim {
		return 0, kindNone
	}
	return sim, kindTypo
}

// arabicCompact spells a folded Arabic-script word one byte per letter
// (the low byte of its code point, distinct within the Arabic block), so
// edit distances count letters; false when another script is in it.
func arabicCompact(s string) (string, bool) {
	var buf [maxTokenBytes]byte
	n := 0
	for _, r := range s {
		if !isArabic(r) || n == len(buf) {
			return "", false
		}
		buf[n] = byte(r)
		n++
	}
	return string(buf[:n]), n > 0
}
