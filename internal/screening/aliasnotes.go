package screening

import (
	"strings"
	"unicode"
)

// SplitAlias reads one alias as a list writes it and returns the names in
// it. Lists put several names, and notes about them, in one alias field:
//
//	Jin Tiesan (金铁三)                        → Jin Tiesan; 金铁三 (original)
//	Amir Khazmat (original script: Амир Хазмат) → Amir Khazmat; Амир Хазмат (original)
//	جبهة النصرة (the Victory Front; Jabhat al-Nusrah) → three names
//	X (هيئة تحرير الشام (original script); Y)    → X; the Arabic (original); Y
//	Agha Jan Alizai اغا جان عالیزی              → the Latin and the Arabic apart
//	Abu Muhammad (In Arabic: أبو محمد)          → both
//
// Names in a script other than Latin get kind NameOriginal, the others
// kind. A parenthesis of Latin text after a Latin name ("General
// Department of Atomic Energy (GDAE)") is part of the name and is kept, as
// are names without any of these forms.
func SplitAlias(raw string, kind NameKind, weak bool) []Name {
	raw = strings.TrimSpace(strings.Trim(strings.TrimSpace(raw), ",;"))
	if raw == "" {
		return nil
	}
	var out []Name
	add := func(s string) { out = append(out, splitNamed(s, kind, weak)...) }
	main, groups := parenGroups(raw)
	mainOther := !isLatinText(main)
	var kept strings.Builder
	kept.WriteString(main)
	for _, g := range groups {
		inner := strings.TrimSpace(g)
		if rest, ok := scriptNote(inner); ok {
			for _, p := range strings.Split(rest, ";") {
				add(p)
			}
			continue
		}
		if isLatinText(inner) && !mainOther {
			// A Latin parenthesis to a Latin name: an acronym or a
			// variant stays part of it, a note in lower case or with
			// numbers ("birth name", "passport no. 1234") goes.
			if !isNote(inner) {
				kept.WriteString(" (" + g + ")")
			}
			continue
		}
		for _, p := range strings.Split(inner, ";") {
			add(p)
		}
	}
	if m := strings.TrimSpace(kept.String()); m != "" {
		out = append(splitNamed(m, kind, weak), out...)
	}
	return out
}

// splitNamed cleans one name of notes and splits it by script; parts not
// in Latin letters are original-script names.
func splitNamed(s string, kind NameKind, weak bool) []Name {
	var out []Name
	for _, part := range splitScripts(cleanAliasPart(s)) {
		k := kind
		if !isLatinText(part) {
			k = NameOriginal
		}
		out = append(out, Name{Full: part, Kind: k, Weak: weak})
	}
	return out
}

// parenGroups returns the text outside top-level parentheses and the
// contents of each group (nested parentheses kept inside their group).
// An unclosed group runs to the end.
func parenGroups(s string) (string, []string) {
	var main strings.Builder
	var groups []string
	depth, start := 0, 0
	for i, r := range s {
		switch r {
		case '(':
			if depth == 0 {
				start = i + 1
			}
			depth++
		case ')':
			if depth == 0 {
				continue
			}
			depth--
			if depth == 0 {
				groups = append(groups, s[start:i])
			}
		default:
			if depth == 0 {
				main.WriteRune(r)
			}
		}
	}
	if depth > 0 {
		groups = append(groups, s[start:])
	}
	return main.String(), groups
}

// scriptNote recognises "original script: X", "In Arabic: X" and
// "Arabic: X" and returns X.
func scriptNote(s string) (string, bool) {
	label, rest, ok := strings.Cut(s, ":")
	if !ok {
		return "", false
	}
	l := strings.TrimPrefix(strings.ToLower(strings.TrimSpace(label)), "in ")
	if l == "original script" || l == "original" || strings.HasSuffix(l, " script") || scriptLanguages[l] {
		return rest, true
	}
	return "", false
}

// scriptLanguages are languages named in "In Arabic: …" notes.
var scriptLanguages = map[string]bool{
	"arabic": true, "persian": true, "farsi": true, "dari": true, "pashto": true, "urdu": true,
	"russian": true, "ukrainian": true, "belarusian": true, "chinese": true, "korean": true,
	"japanese": true, "hebrew": true, "greek": true, "cyrillic": true,
}

// isNote reports whether a parenthesis reads as a comment rather than a
// name: it holds a digit, or most of its words are in lower case.
func isNote(s string) bool {
	words := strings.Fields(s)
	lower := 0
	for _, w := range words {
		if strings.ContainsAny(w, "0123456789") {
			return true
		}
		if w == strings.ToLower(w) && w != strings.ToUpper(w) {
			lower++
		}
	}
	return len(words) > 0 && 2*lower > len(words)
}

// cleanAliasPart removes the notes left inside one name: a trailing
// "(original script)" marker and a " - sub-unit name" style comment.
func cleanAliasPart(s string) string {
	s = strings.TrimSpace(s)
	for _, marker := range []string{"(original script)", "original script"} {
		if strings.HasSuffix(strings.ToLower(s), marker) {
			s = strings.TrimSpace(s[:len(s)-len(marker)])
		}
	}
	if i := strings.LastIndex(s, " - "); i > 0 {
		if note := s[i+3:]; note != "" && note == strings.ToLower(note) && isLatinText(note) {
			s = s[:i]
		}
	}
	for _, note := range []string{", born ", " born in ", " born on "} {
		if i := strings.Index(s, note); i > 0 {
			s = s[:i]
		}
	}
	s = strings.TrimSpace(strings.Trim(s, ",; "))
	// A parenthesis left open or closed by the cut between groups.
	if strings.Count(s, "(") < strings.Count(s, ")") && strings.HasSuffix(s, ")") {
		s = strings.TrimSpace(s[:len(s)-1])
	}
	if strings.Count(s, "(") > strings.Count(s, ")") {
		s = strings.TrimSpace(strings.TrimPrefix(s, "("))
	}
	return s
}

// splitScripts cuts a name written partly in Latin letters and partly in
// another script ("Agha Jan Alizai اغا جان عالیزی") into one name per
// script, at word boundaries. Names in one script come back whole.
func splitScripts(s string) []string {
	words := strings.Fields(s)
	var out []string
	var cur []string
	curLatin := true
	for _, w := range words {
		if !hasLetter(w) {
			cur = append(cur, w) // a dash or a number goes with its neighbours
			continue
		}
		lat := isLatinText(w)
		if len(cur) > 0 && lat != curLatin {
			out = append(out, strings.Join(cur, " "))
			cur = cur[:0]
		}
		cur, curLatin = append(cur, w), lat
	}
	if len(cur) > 0 {
		out = append(out, strings.Join(cur, " "))
	}
	return out
}

func hasLetter(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) {
			return true
		}
	}
	return false
}

// isLatinText reports whether every letter of s is a Latin letter.
func isLatinText(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) && !unicode.Is(unicode.Latin, r) {
			return false
		}
	}
	return true
}
