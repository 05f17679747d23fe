package tabular

import (
	"strings"
	"testing"
)

func TestRead(t *testing.T) {
	t.Parallel()
	tab := Table{Format: "x", Comma: '\t', Required: []string{"Name"}}
	var got []string
	err := tab.Read([]byte("\xef\xbb\xbf NAME \tCity\n\" Ann \"\tRome\n\n\tParis\nBob\t\n"), func(r Row) bool {
		if r.Get("name") == "" {
			return false
		}
		got = append(got, r.Get("name")+"/"+r.Get("city")+"/"+r.Get("nope"))
		return true
	})
	if err != nil || strings.Join(got, ",") != "Ann/Rome/,Bob//" {
		t.Errorf("Read: %v, rows %q", err, got)
	}
}

func TestReadErrors(t *testing.T) {
	t.Parallel()
	tab := Table{Format: "x", Required: []string{"name", "source"}}
	none := func(Row) bool { return false }
	all := func(Row) bool { return true }
	for _, tt := range []struct {
		in    string
		entry func(Row) bool
		want  string
	}{
		{"", all, "x: header: EOF"},
		{"name,other\na,b\n", all, "x: header has no source column"},
		{"name,source\na,b,c\n", all, "x: line 2: 3 fields, want 2"},
		{"name,source\na,b\n", none, "x: no entries"},
		{"name,source\n", all, "x: no entries"},
	} {
		if err := tab.Read([]byte(tt.in), tt.entry); err == nil || err.Error() != tt.want {
			t.Errorf("Read(%q) = %v, want %s", tt.in, err, tt.want)
		}
	}
}
