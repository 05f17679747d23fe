package screening

import (
	"strings"
	"testing"
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
