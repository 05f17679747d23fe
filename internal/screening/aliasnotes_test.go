package screening

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSplitAlias(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want string // kind:name, joined by " | "
	}{
		{"Jin Tiesan (金铁三)", "aka:Jin Tiesan | original:金铁三"},
		{"Akrin Saleh Akrin (أقرين صالح أقرين)", "aka:Akrin Saleh Akrin | original:أقرين صالح أقرين"},
		{"Amir Khazmat (original script: Амир Хазмат)", "aka:Amir Khazmat | original:Амир Хазмат"},
		{"Abu Muhammad (In Arabic: أبو محمد)", "aka:Abu Muhammad | original:أبو محمد"},
		{"حسن غول (Hassan Ghul; Hassan Gul)", "original:حسن غول | aka:Hassan Ghul | aka:Hassan Gul"},
		{"X Y (هيئة تحرير الشام (original script); X Z)", "aka:X Y | original:هيئة تحرير الشام | aka:X Z"},
		{"شبكة أنصار المجاهدين (Ansar al-Mujahideen Network - sub-unit name)", "original:شبكة أنصار المجاهدين | aka:Ansar al-Mujahideen Network"},
		{"Agha Jan Alizai اغا جان عالیزی", "aka:Agha Jan Alizai | original:اغا جان عالیزی"},
		{"Akhter Mohmad son of Noor Mohmad (اختر محمد ولد نور محمد ),", "aka:Akhter Mohmad son of Noor Mohmad | original:اختر محمد ولد نور محمد"},
		{"أنصار الشريعة – بنغازي", "original:أنصار الشريعة – بنغازي"},
		// Latin parentheses to a Latin name: kept unless they are notes.
		{"General Department of Atomic Energy (GDAE)", "aka:General Department of Atomic Energy (GDAE)"},
		{"Lom-ali Butayev (Butaev)", "aka:Lom-ali Butayev (Butaev)"},
		{"Encep Nurjaman (birth name)", "aka:Encep Nurjaman"},
		{"Abdel Ilah Sabri (false identity related to passport number 434021161)", "aka:Abdel Ilah Sabri"},
		{"Safia Farkash Mohammed Al-Hadad, born 1 Jan. 1953", "aka:Safia Farkash Mohammed Al-Hadad"},
		{"Mohammad Ishaq Akhund born in 1963", "aka:Mohammad Ishaq Akhund"},
		{"", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			var got []string
			for _, n := range SplitAlias(tt.in, NameAKA, false) {
				got = append(got, string(n.Kind)+":"+n.Full)
			}
			if g := strings.Join(got, " | "); g != tt.want {
				t.Errorf("SplitAlias(%q) = %q, want %q", tt.in, g, tt.want)
			}
		})
	}
}

// FuzzSplitAlias checks that reading alias notes never panics and gives
// non-empty, valid UTF-8 names with their notes gone.
func FuzzSplitAlias(f *testing.F) {
	for _, s := range []string{"Jin Tiesan (金铁三)", "X (هيئة تحرير الشام (original script); Y)", "Amir (original script: Амир)",
		"((()", ")(", "A (In Arabic: )", "a - b - c", "جبهة النصرة (the Victory Front; Jabhat al-Nusrah)"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, n := range SplitAlias(s, NameAKA, false) {
			if strings.TrimSpace(n.Full) == "" || !utf8.ValidString(n.Full) && utf8.ValidString(s) {
				t.Fatalf("SplitAlias(%q) gave name %q", s, n.Full)
			}
			if strings.Contains(strings.ToLower(n.Full), "(original script)") {
				t.Fatalf("SplitAlias(%q) kept a note in %q", s, n.Full)
			}
		}
	})
}
