package demo

import (
	"strings"
	"unicode"
)

// keywords is a set of name keywords.
type keywords uint16

// The name keywords. Each is matched as a whole word of the name, without
// regard to case; words are separated by anything but a letter or a digit,
// so "Wheeler-pep" and "O'Pending" both carry a keyword, "Pepper" none.
const (
	kwFail keywords = 1 << iota
	kwRefer
	kwPEP
	kwSanction
	kwMedia
	kwError
	kwPending
	kwPartial
	kwDeceased
	kwInactive
)

var keywordWords = map[string]keywords{
	"fail":      kwFail,
	"refer":     kwRefer,
	"pep":       kwPEP,
	"sanction":  kwSanction,
	"sanctions": kwSanction,
	"media":     kwMedia,
	"error":     kwError,
	"pending":   kwPending,
	"partial":   kwPartial,
	"deceased":  kwDeceased,
	"inactive":  kwInactive,
}

// readKeywords returns the keywords in a name.
func readKeywords(name string) keywords {
	var k keywords
	for _, w := range strings.FieldsFunc(name, notWordRune) {
		if len(w) > len("sanctions") {
			continue
		}
		k |= keywordWords[strings.ToLower(w)]
	}
	return k
}

func notWordRune(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }

func (k keywords) has(w keywords) bool { return k&w != 0 }

// Internal scenario values chosen by keywords that no demo_result value
// expresses. They never validate as demo_result values.
const (
	internalPending = "demo:pending"
	internalError   = "demo:error"
	internalFail    = "demo:fail"
	internalPartial = "demo:partial"
)

// keywordScenario maps a name's keywords to the scenario of a check
// family: a demo_result value, or an internal one. "error" wins over
// everything, then "pending"; keywords that mean nothing for a family are
// ignored. Screening hits are read separately (keywordHits).
func keywordScenario(f family, registry, ownership bool, k keywords) string {
	switch {
	case f == famManual:
		return internalPending
	case k.has(kwError):
		return internalError
	case k.has(kwPending):
		return internalPending
	}
	switch f {
	case famIdentity:
		switch {
		case k.has(kwDeceased):
			return "MORTALITY_MATCH"
		case k.has(kwFail):
			return "NO_MATCHES"
		case k.has(kwRefer):
			return "ONE_NAME_ADDRESS_ONE_NAME_DOB_MATCH"
		}
	case famDocument:
		if k.has(kwFail) {
			return docForgeryFailure
		}
	case famBank:
		if k.has(kwFail) {
			return internalFail
		}
	case famCompany:
		switch {
		case k.has(kwFail):
			return "NO_DATA"
		case ownership && k.has(kwPartial):
			return internalPartial
		case k.has(kwInactive):
			return "COMPANY_INACTIVE"
		case registry && k.has(kwRefer):
			return "COMPANY_NAME_MISMATCH"
		}
	}
	return resultAny
}

// withoutKeywords is a name with its keywords taken out, for the names of
// made-up matches and companies: "Alex Wheeler-pep" is matched as "Alex
// Wheeler". A name made of keywords only is kept whole.
func withoutKeywords(name string) string {
	var words []string
	for _, w := range strings.Fields(name) {
		parts := strings.FieldsFunc(w, func(r rune) bool { return r == '-' })
		kept := parts[:0]
		for _, p := range parts {
			if readKeywords(p) == 0 {
				kept = append(kept, p)
			}
		}
		if len(kept) > 0 {
			words = append(words, strings.Join(kept, "-"))
		}
	}
	if len(words) == 0 {
		return strings.TrimSpace(name)
	}
	return strings.Join(words, " ")
}
