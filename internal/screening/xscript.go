package screening

import (
	"strings"
	"unicode/utf8"
)

// Cross-script matching: an Arabic-script word against romanised listed
// words. Arabic writes consonants and long vowels (ا و ي) and leaves
// short vowels out; romanisations write every vowel, spell one letter in
// several ways (ق Q/K/G, ج J/G/DJ, ث TH/S/T, ش SH/CH) and mark long
// vowels loosely (ي I/EE/EI/Y, و U/OU/O/W). Both sides are therefore
// reduced to a consonant skeleton over a shared set of classes, and the
// vowels left between consonants are compared slot by slot.
//
// Skeleton classes (one byte each):
//
//	b  ب پ       B P            k  ك ق        K Q C(hard) CK
//	t  ت ط       T              g  غ گ ق ج    G GH
//	T  ث ذ ظ     TH             x  خ          KH X
//	d  د ض ذ ظ   D              h  ح ه        H
//	D  د ذ ض ظ   DH             f  ف          F PH V(final)
//	s  س ص ث     S C(soft)      j  ج ژ زه     J DJ ZH
//	z  ز ذ ظ ض ژ Z              S  ش چ سه     SH SCH CH TCH
//	l m n r      L M N R        w  و (first)  W V (first)
//	y  ي (first) Y (first)
//
// Vowels, W, V and Y inside a word, ع and hamza are not consonants: they
// fill the slots. A final ه is dropped on the Arabic side (ة is folded
// to it) as a final H after a vowel is on the Latin side; a final ح may
// be dropped (SALEH/صالح). Doubled consonants count once (shadda is not
// written).

// xcons is one Arabic consonant with the classes it may be romanised as:
// the first costs nothing, the others xAltCost.
type xcons struct {
	classes string
	merge   byte  // class when followed by ح or ه written as one digraph (ت+ح = TH), or 0
	drop    uint8 // a final ح or ه romanisations may leave out: the slot mark left, else 0
}

// Costs of the cross-script comparison.
const (
	xAltCost       = 0.15 // a secondary romanisation of a letter (ق as G)
	xMergeCost     = 0.1  // two letters read as one digraph (تح as TH)
	xLongMissing   = 0.8  // a long vowel at an edge with no vowel in the romanisation (BRAHIM)
	xLongMismatch  = 1.0  // a long vowel romanised as an unrelated vowel: another name
	xShortWritten  = 0.3  // a romanised long vowel the Arabic does not write (MAHMOUD is not محمد)
	xEdgeVowel     = 1.0  // a romanisation starting or ending on a vowel the Arabic does not write
	xMaxCost       = 0.9  // costlier pairs are not a match
	maxXVariants   = 24   // skeleton variants looked up per Arabic word
	minXSkeleton   = 1    // consonants an Arabic word needs to be matched
	xSimPerCost    = 0.2  // similarity lost per unit of cost
	xTranslitSim   = simTranslit
	xMinSim        = 0.75
	xLearnedSim    = simTranslit // a pair the lists themselves give
	xLearnedKinSim = 0.9         // a spelling sharing its key with a learned one
)

// arabicCons maps Arabic consonant letters to their classes.
var arabicCons = map[rune]xcons{
	'ب': {classes: "b"}, 'پ': {classes: "b"}, 'ت': {classes: "t", merge: 'T'}, 'ط': {classes: "t"},
	'ث': {classes: "Tst"}, 'ج': {classes: "jg"}, 'ح': {classes: "h"}, 'خ': {classes: "xhk"},
	'د': {classes: "dD", merge: 'D'}, 'ذ': {classes: "DzdT"}, 'ر': {classes: "r"}, 'ز': {classes: "z", merge: 'j'},
	'س': {classes: "s", merge: 'S'}, 'ش': {classes: "S"}, 'ص': {classes: "s"}, 'ض': {classes: "dDz"},
	'ظ': {classes: "zDdT", merge: 'j'}, 'غ': {classes: "g"}, 'ف': {classes: "f"},
	'ق': {classes: "kg"}, 'ك': {classes: "kg", merge: 'x'}, 'ل': {classes: "l"}, 'م': {classes: "m"},
	'ن': {classes: "n"}, 'ه': {classes: "h"}, 'چ': {classes: "S"}, 'ژ': {classes: "jz"}, 'گ': {classes: "g"},
	// Pashto.
	'ځ': {classes: "zj"}, 'څ': {classes: "s"}, 'ښ': {classes: "Sx"}, 'ږ': {classes: "jgz"},
}

// Slot marks of the Arabic side: which long vowels (or ع/hamza) sit
// between two consonants.
const (
	slotA   uint8 = 1 << iota // ا
	slotW                     // و
	slotY                     // ي (also ى, folded to it)
	slotAyn                   // ع or hamza: any vowel or none
	slotH                     // a final ه or ة, left out: -A, -AH, -EH or nothing
	slotDbl                   // the consonant after this slot is written twice (الله)
)

// xparse is an Arabic word as consonants (with their options) and the
// long-vowel marks before, between and after them.
type xparse struct {
	cons  []xcons
	slots []uint8 // len(cons)+1
}

// parseArabic reads a folded Arabic-script word.
func parseArabic(s string) (xparse, bool) {
	var p xparse
	p.slots = append(p.slots, 0)
	n := utf8.RuneCountInString(s)
	i := 0
	for _, r := range s {
		first, last := i == 0, i == n-1
		i++
		cur := &p.slots[len(p.slots)-1]
		switch r {
		case 'ا':
			*cur |= slotA
			continue
		case 'ع', 'ء':
			*cur |= slotAyn
			continue
		case 'و':
			if !first {
				*cur |= slotW
				continue
			}
			p.cons = append(p.cons, xcons{classes: "w"})
		case 'ي':
			if !first {
				*cur |= slotY
				continue
			}
			p.cons = append(p.cons, xcons{classes: "y"})
		default:
			c, ok := arabicCons[r]
			if !ok {
				return p, false // a digit or a letter of another script
			}
			if last && !first {
				switch r {
				case 'ه':
					// A final ه (or ة, folded to it) is mostly not
					// written (FATIMA, MALLAH), sometimes H (TAHA) or,
					// for ة, T (JABHAT).
					c.classes, c.drop = "ht", slotH
				case 'ح':
					c.drop = slotAyn // SALEH for صالح: any ending
				}
			}
			p.cons = append(p.cons, c)
		}
		p.slots = append(p.slots, 0)
	}
	return p, len(p.cons) >= minXSkeleton
}

// xvariant is one reading of an Arabic word: its skeleton, the slot marks
// aligned with it, and what the reading cost.
type xvariant struct {
	skel  []byte
	slots []uint8
	cost  float32
}

// variants enumerates the readings of p, cheapest choices first, at most
// maxXVariants of them.
func (p *xparse) variants(f func(v *xvariant)) {
	count := 0
	var walk func(i int, skel []byte, slots []uint8, cost float32, carried uint8)
	walk = func(i int, skel []byte, slots []uint8, cost float32, carried uint8) {
		if count >= maxXVariants {
			return
		}
		m := carried | p.slots[i]
		if i == len(p.cons) {
			count++
			f(&xvariant{skel: skel, slots: append(slots[:len(slots):len(slots)], m), cost: cost})
			return
		}
		c := p.cons[i]
		for k := 0; k < len(c.classes); k++ {
			cl, cc := c.classes[k], cost
			if k > 0 {
				cc += xAltCost
			}
			if n := len(skel); n > 0 && skel[n-1] == cl && m&(slotA|slotW|slotY) == 0 {
				// Written twice: one consonant, which the romanisation
				// must double (ALLAH for الله, not AL).
				slots[n-1] |= slotDbl
				walk(i+1, skel, slots, cc, m)
				slots[n-1] &^= slotDbl
				continue
			}
			var after uint8
			if c.drop != 0 {
				after = slotAyn // a final ح or ه read as H carries its own vowel (TAHA)
			}
			walk(i+1, append(skel[:len(skel):len(skel)], cl), append(slots[:len(slots):len(slots)], m), cc, after)
		}
		// A letter and a following ح/ه written as one digraph (تح as TH).
		if c.merge != 0 && i+1 < len(p.cons) && p.slots[i+1] == 0 && p.cons[i+1].classes == "h" {
			walk(i+2, append(skel[:len(skel):len(skel)], c.merge), append(slots[:len(slots):len(slots)], m), cost+xMergeCost, 0)
		}
		// A final ح or ه left out.
		if c.drop != 0 {
			walk(i+1, skel, slots, cost, m|c.drop)
		}
	}
	walk(0, nil, nil, 0, 0)
}

// latinSkeleton reads a romanised (upper-case ASCII) word into its
// skeleton and the vowels of each slot, or reports false when the word
// holds no consonant or a character other than a letter.
func latinSkeleton(t string, skel []byte, vowels []string) ([]byte, []string, bool) {
	skel, vowels = skel[:0], vowels[:0]
	start := 0 // where the current slot's vowels start
	cons := func(c byte, i, next int) {
		if n := len(skel); n > 0 && skel[n-1] == c && start == i {
			// Doubled: one consonant; its slot is marked with a "+"
			// (vowels are substrings of t, so a marked copy is made).
			vowels[n-1] = "+" + vowels[n-1]
			start = next
			return
		}
		vowels = append(vowels, t[start:i])
		skel = append(skel, c)
		start = next
	}
	for i := 0; i < len(t); {
		c := t[i]
		at := func(s string) bool { return strings.HasPrefix(t[i:], s) }
		switch {
		case c < 'A' || c > 'Z':
			return skel, vowels, false
		case at("SCH"), at("TCH"):
			cons('S', i, i+3)
			i += 3
			continue
		case at("SH"), at("CH"):
			cons('S', i, i+2)
		case at("KH"):
			cons('x', i, i+2)
		case at("GH"):
			cons('g', i, i+2)
		case at("TH"):
			cons('T', i, i+2)
		case at("DH"):
			cons('D', i, i+2)
		case at("ZH"), at("DJ"):
			cons('j', i, i+2)
		case at("PH"):
			cons('f', i, i+2)
		case at("CK"):
			cons('k', i, i+2)
		default:
			switch c {
			case 'A', 'E', 'I', 'O', 'U':
			case 'W':
				if i == 0 {
					cons('w', i, i+1)
				}
			case 'V':
				switch {
				case i == 0:
					cons('w', i, i+1)
				case i == len(t)-1 || !isVowel(t[i+1]):
					cons('f', i, i+1) // a Russian -OV, -EV: Arabic writes ف
				}
			case 'Y':
				if i == 0 {
					cons('y', i, i+1)
				}
			case 'H':
				if i == len(t)-1 && i > 0 && isVowel(t[i-1]) {
					break // a final H after a vowel (FATIMAH) is not written
				}
				cons('h', i, i+1)
			case 'B', 'P':
				cons('b', i, i+1)
			case 'K', 'Q':
				cons('k', i, i+1)
			case 'C':
				if i+1 < len(t) && (t[i+1] == 'E' || t[i+1] == 'I' || t[i+1] == 'Y') {
					cons('s', i, i+1)
				} else {
					cons('k', i, i+1)
				}
			case 'X':
				cons('x', i, i+1)
			default:
				cons(c|0x20, i, i+1) // D F G J L M N R S T Z: their own class
			}
			i++
			continue
		}
		i += 2
	}
	vowels = append(vowels, t[start:])
	return skel, vowels, len(skel) > 0
}

// slotCost compares the long vowels Arabic writes in one slot with the
// letters a romanisation puts there; initial and final say the slot
// starts or ends the word.
func slotCost(mark uint8, lat string, initial, final bool) float32 {
	var cost float32
	doubled := strings.HasPrefix(lat, "+")
	lat = strings.TrimPrefix(lat, "+")
	if mark&slotDbl != 0 && !doubled {
		return xMaxCost + 1 // الله is not AL
	}
	long := false
	for _, m := range [...]struct {
		bit uint8
		ok  string
	}{{slotA, "AE"}, {slotW, "UOWV"}, {slotY, "IEY"}} {
		if mark&m.bit == 0 {
			continue
		}
		long = true
		if m.bit == slotY && final && lat == "A" {
			continue // a final ى, folded to ي, reads A (MUSA; but ALLAH is not علي)
		}
		switch {
		case strings.ContainsAny(lat, m.ok):
		case initial && m.bit == slotA && lat != "":
			// An initial alef carries any vowel (أسامة USAMA, إبراهيم
			// IBRAHIM): folding took its hamza away.
		case (lat == "" || lat == "H") && (initial || final):
			cost += xLongMissing // BRAHIM for ابراهيم
		case lat == "" || lat == "H":
			cost += xLongMismatch // ABD is not عبيد
		default:
			cost += xLongMismatch
		}
	}
	// A W or Y the romanisation writes inside a word is a و or ي Arabic
	// writes too (SHTIWI is شتيوي, not شتي).
	if strings.ContainsAny(lat, "WV") && mark&slotW == 0 {
		cost += xLongMismatch
	}
	if strings.Contains(lat, "Y") && mark&slotY == 0 {
		cost += xLongMismatch
	}
	switch {
	case long || mark&(slotAyn|slotH) != 0:
	case final && lat != "" && lat != "E":
		// Arabic ends on a consonant, the romanisation on a vowel
		// (ALI is علي, not ال).
		cost += xEdgeVowel
	case initial && lat != "":
		// Arabic starts on a consonant, the romanisation on a vowel
		// (AHMAD is احمد, not حمدي).
		cost += xEdgeVowel
	case looksLong(lat):
		cost += xShortWritten
	}
	return cost
}

// looksLong reports whether romanised vowels spell a long vowel or a
// diphthong (AA, OU, EE, EI, AY ...), which Arabic would write.
func looksLong(lat string) bool {
	if len(lat) < 2 {
		return false
	}
	n := 0
	for i := 0; i < len(lat); i++ {
		if isVowel(lat[i]) || lat[i] == 'W' {
			n++
		}
	}
	return n >= 2
}

// crossCost compares one reading of an Arabic word with a romanised word
// of the same skeleton, slot by slot.
func crossCost(v *xvariant, vowels []string) float32 {
	cost := v.cost
	for i, m := range v.slots {
		if i < len(vowels) {
			cost += slotCost(m, vowels[i], i == 0, i == len(v.slots)-1)
		}
	}
	return cost
}

// crossSim turns a cost into a token similarity.
func crossSim(cost float32) float32 {
	return max(xMinSim, xTranslitSim-xSimPerCost*cost)
}
