package un

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gatehouse/gatehouse/internal/screening"
	"github.com/gatehouse/gatehouse/internal/screening/screeningtest"
)

const sample = `<?xml version="1.0" encoding="UTF-8"?>
<CONSOLIDATED_LIST dateGenerated="2026-02-27T00:00:09.554Z">
<INDIVIDUALS>
 <INDIVIDUAL>
  <DATAID>6908004</DATAID><FIRST_NAME>IZZAT</FIRST_NAME><SECOND_NAME>IBRAHIM</SECOND_NAME><THIRD_NAME>AL-DURI</THIRD_NAME>
  <UN_LIST_TYPE>Iraq</UN_LIST_TYPE><REFERENCE_NUMBER>IQi.025</REFERENCE_NUMBER><GENDER>Male</GENDER>
  <NATIONALITY><VALUE>Iraq</VALUE></NATIONALITY>
  <NAME_ORIGINAL_SCRIPT>عزت ابراهيم الدوري</NAME_ORIGINAL_SCRIPT>
  <INDIVIDUAL_ALIAS><QUALITY>Good</QUALITY><ALIAS_NAME>Abu Brays</ALIAS_NAME></INDIVIDUAL_ALIAS>
  <INDIVIDUAL_ALIAS><QUALITY>Low</QUALITY><ALIAS_NAME>Abu Ahmad</ALIAS_NAME></INDIVIDUAL_ALIAS>
  <INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>EXACT</TYPE_OF_DATE><YEAR>1942</YEAR></INDIVIDUAL_DATE_OF_BIRTH>
  <INDIVIDUAL_DOCUMENT><TYPE_OF_DOCUMENT>Passport</TYPE_OF_DOCUMENT><NUMBER>D00001184</NUMBER><ISSUING_COUNTRY>Iraq</ISSUING_COUNTRY></INDIVIDUAL_DOCUMENT>
 </INDIVIDUAL>
</INDIVIDUALS>
<ENTITIES>
 <ENTITY>
  <DATAID>6908402</DATAID><FIRST_NAME>ADF</FIRST_NAME><REFERENCE_NUMBER>CDe.001</REFERENCE_NUMBER>
  <ENTITY_ALIAS><QUALITY>a.k.a.</QUALITY><ALIAS_NAME>Allied Democratic Forces</ALIAS_NAME></ENTITY_ALIAS>
  <ENTITY_ADDRESS><COUNTRY>Democratic Republic of the Congo</COUNTRY></ENTITY_ADDRESS>
 </ENTITY>
 <ENTITY>
  <DATAID>6908429</DATAID><FIRST_NAME>AL-NUSRAH FRONT FOR THE PEOPLE OF THE LEVANT</FIRST_NAME><REFERENCE_NUMBER>QDe.137</REFERENCE_NUMBER>
  <NAME_ORIGINAL_SCRIPT>جبهة النصرة لأهل الشام</NAME_ORIGINAL_SCRIPT>
  <ENTITY_ALIAS><QUALITY>a.k.a.</QUALITY><ALIAS_NAME>Hay’at Tahrir al-Sham (HTS) (هيئة تحرير الشام (original script); Hayat Tahrir al-Sham)</ALIAS_NAME></ENTITY_ALIAS>
  <ENTITY_ALIAS><QUALITY>a.k.a.</QUALITY><ALIAS_NAME>جبهة النصرة (the Victory Front; Jabhat al-Nusrah)</ALIAS_NAME></ENTITY_ALIAS>
 </ENTITY>
</ENTITIES>
</CONSOLIDATED_LIST>`

func TestParse(t *testing.T) {
	t.Parallel()
	l, err := Parse("un", []byte(sample))
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Entities) != 3 || !strings.HasPrefix(l.Version, "2026-02-27+sha256:") {
		t.Fatalf("got %d entities, version %q", len(l.Entities), l.Version)
	}
	p, o := l.Entities[0], l.Entities[1]
	var names []string
	for _, n := range l.Entities[2].Names {
		names = append(names, string(n.Kind)+":"+n.Full)
	}
	tests := []struct {
		name      string
		got, want any
	}{
		{"id", p.ListID, "IQi.025"},
		{"name", p.PrimaryName(), "IZZAT IBRAHIM AL-DURI"},
		{"type", p.Type, screening.Person},
		{"original script", p.Names[1].Kind, screening.NameOriginal},
		{"weak alias", p.Names[3].Weak, true},
		{"dob", p.DatesOfBirth[0].String(), "1942"},
		{"country", strings.Join(p.Countries, ","), "IRQ"},
		{"passport", p.Identifiers[0].Country, "IRQ"},
		{"entity", o.Type, screening.Organisation},
		{"entity alias", o.Names[1].Full, "Allied Democratic Forces"},
		{"entity country", strings.Join(o.Countries, ","), "COD"},
		// An entity's original-script name, and the names in alias notes.
		{"entity names", strings.Join(names, " | "), "primary:AL-NUSRAH FRONT FOR THE PEOPLE OF THE LEVANT | original:جبهة النصرة لأهل الشام | " +
			"aka:Hay’at Tahrir al-Sham (HTS) | original:هيئة تحرير الشام | aka:Hayat Tahrir al-Sham | original:جبهة النصرة | " +
			"aka:the Victory Front | aka:Jabhat al-Nusrah"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %v, want %v", tt.name, tt.got, tt.want)
		}
	}
}

func TestParseRejectsMalformed(t *testing.T) {
	t.Parallel()
	for name, in := range map[string]string{
		"not xml":    "hello",
		"wrong root": "<OTHER><INDIVIDUALS/></OTHER>",
		"empty list": "<CONSOLIDATED_LIST></CONSOLIDATED_LIST>",
		"no name":    "<CONSOLIDATED_LIST><ENTITIES><ENTITY><DATAID>1</DATAID></ENTITY></ENTITIES></CONSOLIDATED_LIST>",
		"no id":      "<CONSOLIDATED_LIST><ENTITIES><ENTITY><FIRST_NAME>X</FIRST_NAME></ENTITY></ENTITIES></CONSOLIDATED_LIST>",
		"truncated":  sample[:len(sample)/2],
	} {
		if _, err := Parse("un", []byte(in)); err == nil {
			t.Errorf("%s: Parse succeeded, want error", name)
		}
	}
}

func TestLoadBundled(t *testing.T) {
	t.Parallel()
	p := filepath.Join(screeningtest.DataDir(t), "un", "UN_consolidated.xml")
	head, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if !Detect(head[:min(len(head), 4096)]) {
		t.Fatal("Detect = false on the UN list")
	}
	l, err := LoadFile("un", p)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(l.Entities); n < 990 || n > 1003 {
		t.Errorf("%d entities, want about 1,003 (730 individuals and 273 entities, less repeats)", n)
	}
	if l.Published.Format("2006-01-02") != "2026-02-27" {
		t.Errorf("published %v, want 2026-02-27", l.Published)
	}
}

// FuzzParse checks that no input makes the loader panic.
func FuzzParse(f *testing.F) {
	f.Add([]byte(sample))
	f.Add([]byte("<CONSOLIDATED_LIST><ENTITIES><ENTITY><DATAID>1</DATAID><FIRST_NAME>X</FIRST_NAME></ENTITY></ENTITIES></CONSOLIDATED_LIST>"))
	f.Fuzz(func(t *testing.T, b []byte) {
		l, err := Parse("f", b)
		if err != nil {
			return
		}
		for _, e := range l.Entities {
			if e.ListID == "" || len(e.Names) == 0 {
				t.Fatalf("entity without id or name: %+v", e)
			}
		}
	})
}
