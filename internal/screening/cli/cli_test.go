package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func listDir(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "sdn")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	sdn := "36,\"AEROCARIBBEAN AIRLINES\",-0- ,\"CUBA\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n" +
		"2676,\"AL ZAWAHIRI, Dr. Ayman\",\"individual\",\"SDGT\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,\"DOB 19 Jun 1951\"\r\n"
	if err := os.WriteFile(filepath.Join(dir, "sdn.csv"), []byte(sdn), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func run(t *testing.T, stdin string, args ...string) (string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err := Main(context.Background(), args, strings.NewReader(stdin), &out, &errOut)
	return out.String(), err
}

func TestScreenOne(t *testing.T) {
	t.Parallel()
	dir := listDir(t)
	out, err := run(t, "", "screen", "Ayman al-Zawahiri", "--type", "person", "--dob", "1951", "--lists", dir)
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		ListID  string   `json:"list_id"`
		Match   bool     `json:"match"`
		Reasons []string `json:"reasons"`
	}
	if err := json.Unmarshal([]byte(strings.Split(out, "\n")[0]), &m); err != nil || m.ListID != "2676" || !m.Match || len(m.Reasons) == 0 {
		t.Errorf("output %q: %+v, %v", out, m, err)
	}
	if out, _ := run(t, "", "Jane Doe", "--lists", dir); out != "" {
		t.Errorf("non-match printed %q, want nothing", out)
	}
}

func TestScreenBatch(t *testing.T) {
	t.Parallel()
	dir := listDir(t)
	in := `{"name":"Aerocaribbean Airlines","type":"company"}` + "\n" + `{"name":""}` + "\n" + `not json` + "\n"
	out, err := run(t, in, "screen", "--batch", "-", "--lists", dir)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 3 || !strings.Contains(lines[0], `"list_id":"36"`) || !strings.Contains(lines[1], "name is required") ||
		!strings.Contains(lines[2], "bad request line") {
		t.Errorf("batch output:\n%s", out)
	}
}

func TestEval(t *testing.T) {
	t.Parallel()
	dir := listDir(t)
	data := filepath.Join(t.TempDir(), "q.jsonl")
	os.WriteFile(data, []byte(`{"query":"Ayman Zawahiri","entity_type":"INDIVIDUAL","expected_ids":["2676"],"kind":"exact"}`+"\n"), 0o644)
	out, err := run(t, "", "screen", "eval", "--data", data, "--lists", dir, "--label-list", "sdn")
	if err != nil || !strings.Contains(out, "recall@1 / @5         1.0000") {
		t.Errorf("eval output %q, %v", out, err)
	}
}

func TestEvalSubsetsAndParts(t *testing.T) {
	t.Parallel()
	dir := listDir(t)
	data := filepath.Join(t.TempDir(), "q.jsonl")
	os.WriteFile(data, []byte(`{"query":"Ayman Zawahiri","entity_type":"INDIVIDUAL","expected_ids":["2676"],"kind":"exact","subset":"latin"}`+"\n"+
		`{"query":"ايمن الظواهري","entity_type":"INDIVIDUAL","expected_ids":["2676"],"kind":"arabic","subset":"arabic"}`+"\n"+
		`{"query":"Jane Doe","entity_type":"INDIVIDUAL","expected_ids":[],"kind":"neg","subset":"latin"}`+"\n"), 0o644)
	out, err := run(t, "", "screen", "eval", "--data", data, "--lists", dir, "--label-list", "other,sdn", "--misses")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"label lists           other, sdn", "per subset", "  arabic  ", "  latin  "} {
		if !strings.Contains(out, want) {
			t.Errorf("eval output lacks %q:\n%s", want, out)
		}
	}
	// The two parts of a split hold every query once.
	n := 0
	for _, part := range []string{"1/2", "2/2"} {
		out, err := run(t, "", "screen", "eval", "--data", data, "--lists", dir, "--label-list", "sdn", "--part", part, "--json")
		if err != nil {
			t.Fatal(err)
		}
		var rep struct{ Queries int }
		if err := json.Unmarshal([]byte(out), &rep); err != nil {
			t.Fatal(err)
		}
		n += rep.Queries
	}
	if n != 3 {
		t.Errorf("parts 1/2 and 2/2 hold %d queries, want 3", n)
	}
	for _, bad := range []string{"0/2", "3/2", "1", "a/b", "1/0"} {
		if _, err := run(t, "", "screen", "eval", "--data", data, "--lists", dir, "--part", bad); err == nil {
			t.Errorf("--part %s accepted", bad)
		}
	}
}

func TestUsageErrors(t *testing.T) {
	t.Parallel()
	dir := listDir(t)
	for _, args := range [][]string{
		{"screen"},
		{"screen", "a", "b", "--lists", dir},
		{"screen", "x", "--type", "robot", "--lists", dir},
		{"screen", "eval", "--lists", dir},
		{"screen", "x", "--lists", filepath.Join(dir, "missing")},
		{"screen", "x", "--no-such-flag"},
	} {
		if _, err := run(t, "", args...); err == nil {
			t.Errorf("Main(%v) succeeded, want error", args)
		}
	}
}
