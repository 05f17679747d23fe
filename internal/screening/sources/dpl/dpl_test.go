package dpl

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gatehouse/gatehouse/internal/screening"
	"github.com/gatehouse/gatehouse/internal/screening/screeningtest"
)

const sample = "\"Name\"\t\"Street_Address\"\t\"City\"\t\"State\"\t\"Country\"\t\"Postal_Code\"\t\"Effective_Date\"\t\"Expiration_Date\"\t\"Standard_Order\"\t\"Last_Update\"\t\"Action\"\t\"FR_Citation\"\n" +
	"\" ADRIAN MANUEL HERNANDEZ\"\t\"3037 S. 69TH DRIVE\"\t\"PHONEIX\"\t\"AZ\"\t\"\"\t\"85043\"\t\"10/16/2017\"\t\"10/13/2020\"\t\"Y\"\t\"2017-10-23\"\t\"FR NOTICE ADDED\"\t\"82 F.R. 48792\"\n" +
	"\"ADT ANALOG AND DIGITAL TECHNIK GMBH\"\t\"HOUSE 21\"\t\"NIEDERSEEON\"\t\"\"\t\"DE\"\t\"8019\"\t\"09/10/1981\"\t\"\"\t\"Y\"\t\"\"\t\"\"\t\"46 F.R. 46154\"\n"

func TestParse(t *testing.T) {
	t.Parallel()
	l, err := Parse("dpl", []byte(sample))
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Entities) != 2 {
		t.Fatalf("%d entities, want 2", len(l.Entities))
	}
	p, c := l.Entities[0], l.Entities[1]
	if p.PrimaryName() != "ADRIAN MANUEL HERNANDEZ" || p.Type != screening.Unknown || p.Addresses[0].City != "PHONEIX" {
		t.Errorf("person = %+v", p)
	}
	if c.Type != screening.Organisation || strings.Join(c.Countries, ",") != "DEU" || !c.HasTopic(screening.TopicExportControl) {
		t.Errorf("company = %+v", c)
	}
	again, _ := Parse("dpl", []byte(sample))
	if again.Entities[0].ListID != p.ListID || p.ListID == c.ListID {
		t.Errorf("ids %s %s %s: want stable and distinct", p.ListID, again.Entities[0].ListID, c.ListID)
	}
}

func TestParseRejectsMalformed(t *testing.T) {
	t.Parallel()
	for name, in := range map[string]string{
		"empty":       "",
		"no name col": "\"Foo\"\t\"Bar\"\n\"a\"\t\"b\"\n",
		"short row":   strings.SplitN(sample, "\n", 2)[0] + "\n\"X\"\t\"Y\"\n",
		"header only": strings.SplitN(sample, "\n", 2)[0] + "\n",
	} {
		if _, err := Parse("dpl", []byte(in)); err == nil {
			t.Errorf("%s: Parse succeeded, want error", name)
		}
	}
}

func TestLoadBundled(t *testing.T) {
	t.Parallel()
	for file, n := range map[string]int{"dpl.txt": 546, "dpl-bench.txt": 581} {
		p := filepath.Join(screeningtest.DataDir(t), "us-bis-dpl", file)
		head, _ := os.ReadFile(p)
		if !Detect(head) {
			t.Errorf("Detect(%s) = false", file)
		}
		l, err := LoadFile("dpl", p)
		if err != nil {
			t.Fatal(err)
		}
		if len(l.Entities) != n {
			t.Errorf("%s: %d entities, want %d", file, len(l.Entities), n)
		}
	}
}

// FuzzParse checks that no input makes the loader panic.
func FuzzParse(f *testing.F) {
	f.Add([]byte(sample))
	f.Add([]byte("Name\tStreet_Address\nX\tY\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		if l, err := Parse("f", b); err == nil {
			for _, e := range l.Entities {
				if e.ListID == "" || len(e.Names) == 0 {
					t.Fatalf("entity without id or name: %+v", e)
				}
			}
		}
	})
}
