package screening

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestNormalise(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in, want string
	}{
		{"AL ZAWAHIRI, Dr. Ayman", "AYMAN AL ZAWAHIRI"},
		{"Al-Aqša Foundation", "AL AQSA FOUNDATION"},
		{"AUDIO ALARMAS, S.A. DE C.V.", "AUDIO ALARMAS SA"},
		{"IS BANK, AO", "IS BANK JSC"},
		{"Npk Fotonika Limited Liability Co.", "NPK FOTONIKA LLC"},
		{"OOO ROBIN TREID", "LLC ROBIN TREID"},
		{"PRIVATE JOINT-STOCK COMPANY MAKO HOLDING", "JSC MAKO HOLDING"},
		{"DJOINT STOCK COMPANY KREDO", "JSC KREDO"},
		{"Сергей Николаевич Муратов", "SERGEY NIKOLAEVICH MURATOV"},
		{"Κώστας Παπαδόπουλος", "KOSTAS PAPADOPOULOS"},
		{"Müller Straße", "MULLER STRASSE"},
		{"O'Brien & Sons", "OBRIEN AND SONS"},
		{"CHANG, Myo' ng-ch'o' l", "MYONG CHOL CHANG"},
		{"  ", ""},
		// Single letters written apart are initials, not a legal form
		// (AB, AS, SA); written as one word or dotted they are a form.
		{"A. B. Smith", "A B SMITH"},
		{"SMITH, A. B.", "A B SMITH"},
		{"B(A", "A B"},
		{"JOHN A S", "JOHN A S"},
		{"EMMR Y COMPANIA S A S", "EMMR Y COMPANIA S A S"},
		{"EMMA S.A.", "EMMA SA"},
		{"VOLVO AB", "VOLVO AB"},
		{"NPK S. DE R.L.", "NPK LLC"},
		// Cuts at the byte bounds keep whole characters.
		{strings.Repeat("漢", 14) + " Li", strings.Repeat("漢", 13) + " LI"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			if got := Normalise(tt.in); got != tt.want {
				t.Errorf("Normalise(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestNormaliseIdempotent(t *testing.T) {
	t.Parallel()
	for _, in := range []string{"A. B. Smith", "SMITH, A. B.", "B(A", "A B", "S A", "JOHN A S", "EMMA, S A",
		"AL ZAWAHIRI, Dr. Ayman", "AUDIO ALARMAS, S.A. DE C.V.", "IS BANK, AO", "Npk Fotonika Limited Liability Co.",
		"CHANG, Myo' ng-ch'o' l", strings.Repeat("漢", 14) + " Li"} {
		n := Normalise(in)
		if n2 := Normalise(n); n2 != n {
			t.Errorf("Normalise(%q) = %q, Normalise(%q) = %q", in, n, n, n2)
		}
	}
}

func TestTruncateKeepsRunes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		n    int
		want string
	}{
		{"abc", 5, "abc"},
		{"abc", 2, "ab"},
		{"aé", 2, "a"}, // é is two bytes
		{"a漢", 3, "a"}, // 漢 is three
		{"a😀", 4, "a"}, // 😀 is four
		{"漢漢", 3, "漢"}, // a cut on a boundary stays
		{"\x80\x80\x80\x80\x80", 4, "\x80\x80\x80\x80"}, // not UTF-8: cut where asked
	}
	for _, tt := range tests {
		if got := truncate(tt.in, tt.n); got != tt.want {
			t.Errorf("truncate(%q, %d) = %q, want %q", tt.in, tt.n, got, tt.want)
		}
	}
	for _, tk := range analyse(strings.Repeat("Щ", 25)+" "+strings.Repeat("漢", 14), hintAny, nil) {
		if !utf8.ValidString(tk.text) || len(tk.text) > maxTokenBytes {
			t.Errorf("token %q: want valid UTF-8 of at most %d bytes", tk.text, maxTokenBytes)
		}
	}
}

func TestLooksLikeCompany(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]bool{"ROFI S.A.": true, "ROFI SA": true, "IS BANK, AO": true,
		"JOHN A B": false, "A. S. SMITH": false, "ROFI S A": false, "JOHN SMITH": false} {
		if got := LooksLikeCompany(in); got != want {
			t.Errorf("LooksLikeCompany(%q) = %v, want %v", in, got, want)
		}
	}
}

func TestSplit(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want string // words joined by space, segments by |
	}{
		{"S.A. DE C.V.", "SA DE CV"},
		{"U.S.A.", "USA"},
		{"J. SMITH", "J SMITH"},
		{"J.SMITH", "J SMITH"},
		{"GAMA'AT", "GAMAAT"},
		{"KYU-CHANG", "KYU CHANG"},
		{"SMITH, JOHN", "SMITH|JOHN"},
		{"A & B", "A AND B"},
	}
	for _, tt := range tests {
		var b strings.Builder
		for i, w := range split(tt.in) {
			if i > 0 {
				if w.segment != split(tt.in)[i-1].segment {
					b.WriteByte('|')
				} else {
					b.WriteByte(' ')
				}
			}
			b.WriteString(w.text)
		}
		if got := b.String(); got != tt.want {
			t.Errorf("split(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestAnalyseClasses(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		hint nameHint
		want string // text/class per token: c core, l legal, i initial
	}{
		{"EMMA LLC", hintOrg, "EMMA/c LLC/l"},
		{"LLC", hintOrg, "LLC/c"},
		{"J. SMITH", hintPerson, "J/i SMITH/c"},
		{"MR JOHN SMITH JR", hintPerson, "JOHN/c SMITH/c"},
		{"SAO PAULO TRADING SA", hintOrg, "SAO/c PAULO/c TRADING/c SA/l"},
		{"AKTSIONERNOE OBSHCHESTVO AST", hintOrg, "JSC/l AST/c"},
		{"AKTSIONERNOE OBSJCHEATVO AST", hintOrg, "JSC/l AST/c"},
		{"AKTSIONERNOE AST", hintOrg, "AKTSIONERNOE/l AST/c"},
		// Letters written apart are initials unless the name is known
		// to be a company's.
		{"A. B. SMITH", hintAny, "A/i B/i SMITH/c"},
		{"EMMA S A", hintAny, "EMMA/c S/i A/i"},
		{"EMMA S A", hintOrg, "EMMA/c SA/l"},
		{"ARAK COMPANY P J S C", hintOrg, "ARAK/c CO/l JSC/l"},
		{"EMMA S.A.", hintOrg, "EMMA/c SA/l"},
		{"NPK S. DE R.L.", hintOrg, "NPK/c LLC/l"},
	}
	for _, tt := range tests {
		var parts []string
		for _, tk := range analyse(tt.name, tt.hint, correctLegalWord) {
			parts = append(parts, tk.text+"/"+string("cli"[tk.class]))
		}
		if got := strings.Join(parts, " "); got != tt.want {
			t.Errorf("analyse(%q) = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestPhoneticKeyVariants(t *testing.T) {
	t.Parallel()
	same := [][2]string{
		{"YURIY", "IURII"}, {"MOHAMMAD", "MOHAMAD"}, {"MOHAMMED", "MUHAMMAD"}, {"ALEXEI", "ALEXEY"},
		{"YELENA", "ELENA"}, {"VORLD", "WORLD"}, {"MUBARAKSHEVITCH", "MUBARAKSHEVICH"},
		{"GENNADYEVICH", "GENNADEVICH"}, {"DJOINT", "JOINT"}, {"ABDUL", "ABD"}, {"BIN", "IBN"},
	}
	for _, p := range same {
		if a, b := phoneticKey(p[0]), phoneticKey(p[1]); a != b {
			t.Errorf("phoneticKey(%s) = %s, phoneticKey(%s) = %s, want equal", p[0], a, p[1], b)
		}
	}
	differ := [][2]string{{"HASSAN", "HUSSEIN"}, {"SMITH", "SCHMIDT"}, {"KIM", "KAM"}}
	for _, p := range differ {
		if a, b := phoneticKey(p[0]), phoneticKey(p[1]); a == b {
			t.Errorf("phoneticKey(%s) = phoneticKey(%s) = %s, want different", p[0], p[1], a)
		}
	}
}

func TestCountryCode(t *testing.T) {
	t.Parallel()
	tests := map[string]string{
		"Russia": "RUS", "RU": "RUS", "rus": "RUS", "Korea, North": "PRK", "Burma": "MMR",
		"Côte d'Ivoire": "CIV", "St. Kitts and Nevis": "KNA", "Palestinian": "PSE", "-0-": "",
		"Atlantis": "Atlantis", "us": "USA", "United Kingdom of Great Britain and Northern Ireland": "GBR",
	}
	for in, want := range tests {
		if got := CountryCode(in); got != want {
			t.Errorf("CountryCode(%q) = %q, want %q", in, got, want)
		}
	}
}
