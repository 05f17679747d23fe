package screening

import (
	"io"
	"testing"
	"time"
)

func TestDiff(t *testing.T) {
	t.Parallel()
	mk := func(id, name string) Entity {
		e := Entity{ListID: id, Type: Person}
		e.AddName(Name{Full: name, Kind: NamePrimary})
		return e
	}
	old := &List{Name: "l", Version: "a", Entities: []Entity{mk("1", "A"), mk("2", "B"), mk("3", "C")}}
	changed := mk("2", "B")
	changed.Remarks = "now with a passport number"
	new := &List{Name: "l", Version: "b", Entities: []Entity{mk("1", "A"), changed, mk("4", "D")}}
	d := Diff(old, new)
	ids := func(es []*Entity) (s string) {
		for _, e := range es {
			s += e.ListID
		}
		return s
	}
	if ids(d.Added) != "4" || ids(d.Changed) != "2" || ids(d.Removed) != "3" || d.From != "a" || d.To != "b" {
		t.Fatalf("Diff = added %s changed %s removed %s (%s→%s), want 4, 2, 3 (a→b)", ids(d.Added), ids(d.Changed), ids(d.Removed), d.From, d.To)
	}
	if k := d.Keys(); len(k) != 2 || k[0] != (Key{"l", "4"}) || k[1] != (Key{"l", "2"}) {
		t.Errorf("Keys() = %v", k)
	}
	if d := Diff(old, old); !d.Empty() {
		t.Errorf("Diff(old, old) not empty: %+v", d)
	}
	if d := Diff(nil, old); len(d.Added) != 3 {
		t.Errorf("Diff(nil, old) added %d, want 3", len(d.Added))
	}
	if d := Diff(old, nil); len(d.Removed) != 3 {
		t.Errorf("Diff(old, nil) removed %d, want 3", len(d.Removed))
	}
}

func TestVersionStable(t *testing.T) {
	t.Parallel()
	a := Version(time.Time{}, []byte("x"), []byte("y"))
	if b := Version(time.Time{}, []byte("x"), []byte("y")); a != b {
		t.Errorf("Version not stable: %s vs %s", a, b)
	}
	if b := Version(time.Time{}, []byte("xy"), nil); a == b {
		t.Errorf("Version ignores file boundaries: %s", a)
	}
	d := Version(time.Date(2026, 2, 27, 0, 0, 9, 0, time.UTC), []byte("x"))
	if d[:11] != "2026-02-27+" {
		t.Errorf("Version with date = %s, want 2026-02-27+...", d)
	}
}

func TestDecodeText(t *testing.T) {
	t.Parallel()
	if got := DecodeText([]byte("caf\xe9\r\n\x1a")); got != "café" {
		t.Errorf("DecodeText(latin-1) = %q, want café", got)
	}
	if got := DecodeText([]byte("\xef\xbb\xbfok")); got != "ok" {
		t.Errorf("DecodeText(BOM) = %q", got)
	}
	// TextReader reads what DecodeText decodes, UTF-8 or not.
	for _, in := range []string{"caf\xe9\r\n\x1a", "\xef\xbb\xbfok", "a,b\r\nc,d\r\n\x1a", "", "\x1a"} {
		b, _ := io.ReadAll(TextReader([]byte(in)))
		if got, want := string(b), DecodeText([]byte(in)); got != want {
			t.Errorf("TextReader(%q) reads %q, DecodeText gives %q", in, got, want)
		}
	}
}

func TestAddNameCollapsesSpaces(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{"AL-ZAWAHIRI, Ayman": "AL-ZAWAHIRI, Ayman", "  A  B ": "A B", "A\tB": "A B",
		"A\u00a0B": "A B", " ": "", "": "", "ع  ب": "ع ب", "A ": "A"} {
		var e Entity
		e.AddName(Name{Full: in})
		got := ""
		if len(e.Names) == 1 {
			got = e.Names[0].Full
		}
		if got != want {
			t.Errorf("AddName(%q) kept %q, want %q", in, got, want)
		}
	}
}
