package screening

import (
	"math/bits"
	"sort"
	"strings"
)

// legalPhrases lists company legal forms by family, each form written as
// normalised words. Forms of one family are treated as the same form:
// "OOO", "LLC" and "LIMITED LIABILITY COMPANY" all become LLC. Variants
// with CO/LTD/CORP/INC for COMPANY/LIMITED/CORPORATION/INCORPORATED are
// generated, and forms are matched with their spaces removed, so
// "JOINT-STOCK", "JOINTSTOCK" and "S. DER.L." are recognised too.
var legalPhrases = map[string][]string{
	"LLC": {"LLC", "LIMITED LIABILITY COMPANY", "LIMITED LIABILITY CORPORATION", "LIMITED LIABILITY",
		"LIMITED LIABILITY PARTNERSHIP", "OOO", "TOO", "TOV", "FZ LLC", "FZCO LLC",
		"OBSHCHESTVO S OGRANICHENNOI OTVETSTVENNOSTYU", "OBSHCHESTVO S OGRANICHENNOY OTVETSTVENNOSTYU",
		"OBSHCHESTVO S OGRANICHENNOI OTVETSTVENNOSTIU", "TOVARYSTVO Z OBMEZHENOIU VIDPOVIDALNISTIU",
		"TOVARYSTVO Z OBMEZHENOYU VIDPOVIDALNISTYU", "SRL", "SARL", "S DE RL", "S DE RL DE CV", "SPR DE RL",
		"SPR DE RL DE CV", "SOCIEDAD DE RESPONSABILIDAD LIMITADA", "SOCIETE A RESPONSABILITE LIMITEE",
		"DOO", "SRO", "SP Z OO", "SPOLKA Z OO", "LTDA"},
	"JSC": {"JSC", "AO", "OAO", "ZAO", "PAO", "PJSC", "OJSC", "CJSC", "AKTSIONERNOE OBSHCHESTVO",
		"AKTSIONERNOYE OBSHCHESTVO", "OTKRYTOE AKTSIONERNOE OBSHCHESTVO", "ZAKRYTOE AKTSIONERNOE OBSHCHESTVO",
		"PUBLICHNOE AKTSIONERNOE OBSHCHESTVO", "NEPUBLICHNOE AKTSIONERNOE OBSHCHESTVO", "JOINT STOCK COMPANY",
		"JOINT STOCK", "OPEN JOINT STOCK COMPANY", "CLOSED JOINT STOCK COMPANY", "PUBLIC JOINT STOCK COMPANY",
		"PRIVATE JOINT STOCK COMPANY", "OPEN JOINT STOCK", "CLOSED JOINT STOCK", "PUBLIC JOINT STOCK",
		"AKTSIONERNE TOVARYSTVO", "PRYVATNE AKTSIONERNE TOVARYSTVO", "PUBLICHNE AKTSIONERNE TOVARYSTVO"},
	"LTD": {"LTD", "LIMITED", "PTY LTD", "PTE LTD", "PVT LTD", "PRIVATE LIMITED", "CO LTD", "COMPANY LIMITED"},
	"SA": {"SA", "SA DE CV", "SAPI DE CV", "SAB DE CV", "SAS", "SAC", "SAA", "SOCIEDAD ANONIMA",
		"SOCIEDAD ANONIMA DE CAPITAL VARIABLE", "SOCIETE ANONYME", "SPA", "SOCIETA PER AZIONI"},
	"CO":   {"CO", "COMPANY"},
	"CORP": {"CORP", "CORPORATION"},
	"INC":  {"INC", "INCORPORATED"},
	"PLC":  {"PLC", "PUBLIC LIMITED COMPANY"},
	"GMBH": {"GMBH", "GESELLSCHAFT MBH", "GESELLSCHAFT MIT BESCHRANKTER HAFTUNG", "GESELLSCHAFT MIT BESCHRAENKTER HAFTUNG"},
	"AG":   {"AG", "AKTIENGESELLSCHAFT"},
	"BHD":  {"BHD", "SDN BHD", "SND BHD", "BERHAD", "SENDIRIAN BERHAD"},
	"FZE":  {"FZE", "FZCO", "FZC"},
	"EST":  {"EST", "ESTABLISHMENT"},
	"KG":   {"KG"}, "BV": {"BV"}, "NV": {"NV"}, "EOOD": {"EOOD"}, "OOD": {"OOD"}, "LLP": {"LLP"}, "LP": {"LP"},
	"PT": {"PT"}, "OY": {"OY"}, "AB": {"AB"}, "AS": {"AS", "ANONIM SIRKETI"}, "AD": {"AD"}, "KFT": {"KFT"},
	"ZRT": {"ZRT"}, "SE": {"SE"}, "GIE": {"GIE"},
}

var (
	// legalForms maps a legal form with its spaces removed to its family.
	legalForms = map[string]string{}
	// legalMaxWords is the most words a legal form can span.
	legalMaxWords = 7
	// legalWords are the words of legal forms of four letters or more, by
	// phonetic key, for correcting typos in queries.
	legalWords = map[string]string{}
)

func init() {
	for fam, forms := range legalPhrases {
		for _, f := range forms {
			for _, v := range abbreviations(f) {
				legalForms[strings.ReplaceAll(v, " ", "")] = fam
				for _, w := range strings.Fields(v) {
					if len(w) >= 4 {
						legalWords[phoneticKey(w)] = w
					}
				}
			}
		}
	}
	for _, w := range legalWords {
		if len(w) >= 5 && len(w) < len(legalByLen) {
			legalByLen[len(w)] = append(legalByLen[len(w)], legalWord{w, letterMask(w)})
		}
	}
	for i := range legalByLen {
		// Deterministic choice between equally close words.
		sort.Slice(legalByLen[i], func(a, b int) bool { return legalByLen[i][a].word < legalByLen[i][b].word })
	}
}

// strayLegal are legal-form words that, found outside a whole legal form
// (a typo broke the form, or the list abbreviates oddly), still weigh as a
// legal form rather than as a distinctive name word.
var strayLegal = map[string]bool{
	"OBSHCHESTVO": true, "AKTSIONERNOE": true, "AKTSIONERNOYE": true, "OGRANICHENNOI": true,
	"OGRANICHENNOY": true, "OTVETSTVENNOSTYU": true, "OTVETSTVENNOSTIU": true, "LIABILITY": true,
	"LIMITED": true, "COMPANY": true, "CORPORATION": true, "INCORPORATED": true, "JOINT": true,
	"STOCK": true, "GESELLSCHAFT": true, "BESCHRANKTER": true, "BESCHRAENKTER": true, "HAFTUNG": true,
	"AKTIENGESELLSCHAFT": true, "TOVARYSTVO": true, "OBMEZHENOIU": true, "OBMEZHENOYU": true,
	"VIDPOVIDALNISTIU": true, "VIDPOVIDALNISTYU": true, "ZAKRYTOE": true, "OTKRYTOE": true,
	"PUBLICHNOE": true, "RESPONSABILIDAD": true, "ANONIMA": true, "ANONYME": true,
	"RESPONSABILITE": true, "LIMITEE": true, "BERHAD": true, "SENDIRIAN": true, "AKTSIONERNE": true,
}

// abbreviations returns a legal form with every combination of its
// long words written short (COMPANY/CO, LIMITED/LTD, ...).
func abbreviations(form string) []string {
	out := []string{""}
	for i, w := range strings.Fields(form) {
		sep := " "
		if i == 0 {
			sep = ""
		}
		short, ok := map[string]string{"COMPANY": "CO", "LIMITED": "LTD", "CORPORATION": "CORP", "INCORPORATED": "INC"}[w]
		n := len(out)
		for j := 0; j < n; j++ {
			if ok {
				out = append(out, out[j]+sep+short)
			}
			out[j] += sep + w
		}
	}
	return out
}

// correctLegalWord returns the legal-form word a query word is a
// misspelling or romanisation variant of ("DJOINT", "LIMITE", "COPMANY",
// "LLCC"), or the word itself.
func correctLegalWord(w, key string) string {
	if len(w) < 4 || legalForms[w] != "" {
		return w
	}
	if lw, ok := legalWords[key]; ok {
		return lw
	}
	if len(w) == 4 {
		for i := 1; i < 4; i++ {
			if w[i] == w[i-1] {
				if c := w[:i] + w[i+1:]; legalForms[c] != "" {
					return c
				}
			}
		}
	}
	if len(w) < 5 {
		return w
	}
	lim := 1
	if len(w) >= 10 {
		lim = 2
	}
	if len(w)-lim >= len(legalByLen) {
		return w
	}
	m := letterMask(w)
	for _, lw := range legalByLen[len(w)-lim : min(len(legalByLen), len(w)+lim+1)] {
		for _, c := range lw {
			// Each edit changes at most two letters of the letter set.
			if bits.OnesCount32(m^c.mask) <= 2*lim && osa(w, c.word, lim) <= lim {
				return c.word
			}
		}
	}
	return w
}

// legalWord is a legal-form word with the set of letters it uses.
type legalWord struct {
	word string
	mask uint32
}

// legalByLen holds the legal words of five letters or more by length.
var legalByLen [48][]legalWord

// letterMask has bit i set when letter 'A'+i occurs in w.
func letterMask(w string) uint32 {
	var m uint32
	for i := 0; i < len(w); i++ {
		if c := w[i]; c >= 'A' && c <= 'Z' {
			m |= 1 << (c - 'A')
		}
	}
	return m
}

// edgeOnly reports whether a legal form is short enough to be a plausible
// name word too ("AO", "SA", "CO"); such forms only count at the start or
// end of a name or of a comma-separated part.
func edgeOnly(concat string) bool { return len(concat) <= 3 }
