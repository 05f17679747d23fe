package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gatehouse/gatehouse/internal/content/contenttest"
	"github.com/gatehouse/gatehouse/internal/store/storetest"
	"github.com/jackc/pgx/v5"
)

// do makes an API request with optional header pairs and returns the
// status and body.
func do(t *testing.T, key, method, url, body string, header ...string) (int, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("apikey", key)
	req.Header.Set("Content-Type", "application/json")
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

// personal is the personal data one test writes, each value unique to the
// run, so that finding it anywhere at rest means it leaked.
type personal struct {
	given, family, dob, street, company, director, note, reason, match string
	document                                                           []byte // a PDF with a unique marker inside
	marker                                                             string // the PDF's marker
}

func newPersonal() personal {
	r := func() string {
		b := make([]byte, 5)
		_, _ = rand.Read(b)
		return hex.EncodeToString(b)
	}
	word := func() string { // letters only: a name word
		b := make([]byte, 9)
		_, _ = rand.Read(b)
		for i := range b {
			b[i] = 'a' + b[i]%26
		}
		return string(b)
	}
	marker := "MARKER-" + r() + r()
	pdf := contenttest.PDF(8000)
	at := bytes.Index(pdf, []byte("\n%")) + 2
	copy(pdf[at:], marker)
	return personal{
		given: "Zeb" + word(), family: "Quix" + word(), dob: "1961-07-23", street: "Wisteria" + word() + " Vale",
		company: "Marchbanks" + word() + " Holdings", director: "Direx" + word(), note: "note about " + word(),
		reason: "reason " + word(), match: "Matchname " + word(), document: pdf, marker: marker,
	}
}

// needles are what must not be found at rest.
func (p personal) needles() map[string][]byte {
	return map[string][]byte{
		"given name": []byte(p.given), "family name": []byte(p.family), "date of birth": []byte(p.dob),
		"street": []byte(p.street), "company name": []byte(p.company), "director": []byte(p.director),
		"note": []byte(p.note), "decision reason": []byte(p.reason), "event match name": []byte(p.match),
		"document bytes": []byte(p.marker),
	}
}

// rawSQLite reads the database file and its WAL as they are on disk.
func rawSQLite(t *testing.T, path string) []byte {
	t.Helper()
	var out []byte
	for _, f := range []string{path, path + "-wal"} {
		b, err := os.ReadFile(f)
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		out = append(out, b...)
	}
	if len(out) == 0 {
		t.Fatalf("nothing read from %s", path)
	}
	return out
}

// pgDump dumps the schema a test database URL selects, with pg_dump.
func pgDump(t *testing.T, dbURL string) []byte {
	t.Helper()
	u, err := url.Parse(dbURL)
	if err != nil {
		t.Fatal(err)
	}
	schema := u.Query().Get("search_path")
	q := u.Query()
	q.Del("search_path")
	u.RawQuery = q.Encode()
	out, err := exec.Command(pgBin("pg_dump"), "--inserts", "--schema="+schema, "--dbname="+u.String()).Output()
	if err != nil {
		t.Fatalf("pg_dump: %v", err)
	}
	if !bytes.Contains(out, []byte("CREATE TABLE "+schema+".profiles")) {
		t.Fatalf("pg_dump printed no profiles table:\n%.2000s", out)
	}
	return out
}

func pgBin(name string) string {
	p := "/usr/lib/postgresql/15/bin/" + name
	if _, err := os.Stat(p); err == nil {
		return p
	}
	return name
}

// rawBlobs reads every file of the blob directory.
func rawBlobs(t *testing.T, dir string) []byte {
	t.Helper()
	var out []byte
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		out = append(out, b...)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// rawDatabase returns the database as an attacker with a copy sees it.
func rawDatabase(t *testing.T, db string) []byte {
	if storetest.IsPostgresURL(db) {
		return pgDump(t, db)
	}
	return rawSQLite(t, db)
}

func assertNoNeedles(t *testing.T, where string, raw []byte, p personal) {
	t.Helper()
	for what, n := range p.needles() {
		if len(n) == 0 {
			continue
		}
		if bytes.Contains(raw, n) {
			t.Errorf("%s holds the %s (%q) in clear", where, what, n)
		}
		if bytes.Contains(bytes.ToLower(raw), bytes.ToLower(n)) && what != "document bytes" && what != "date of birth" {
			t.Errorf("%s holds the %s (%q) in clear, in another case", where, what, n)
		}
	}
}

// TestDataAtRest creates profiles rich in personal data through the API
// (an individual with name, date of birth, address, a document, a note,
// a screening event and a decision with its reason; a company with a
// director; an idempotent request; webhooks left pending), then reads the
// SQLite file and its WAL, or a pg_dump of the schema, and the blob
// directory: none of it is there in clear, while search by name works.
// It then erases the individual (refused first while an application is
// open, then while a legal hold is set), and checks the tombstone, that
// the documents, notes and webhook payloads are gone from every path, that
// gatehouse audit verify passes, and that a backup taken before the
// erasure and restored (with the same master key and blob store) still
// reveals nothing of the profile.
func TestDataAtRest(t *testing.T) {
	forEachDB(t, func(t *testing.T, db string) {
		dir := t.TempDir()
		blobs := filepath.Join(dir, "blobs")
		env := map[string]string{"GATEHOUSE_DATABASE": db, "GATEHOUSE_LOG_LEVEL": "error",
			"GATEHOUSE_MASTER_KEY": newMasterKey("dp"), "GATEHOUSE_BLOB_DIR": blobs}
		key := newKey(t, db)
		s := mustServe(t, env)
		p := newPersonal()

		// A receiver that always fails: the deliveries stay pending.
		rcv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(500) }))
		defer rcv.Close()
		if st, b := do(t, key, "POST", s.base+"/gatehouse/v1/webhooks", `{"url":"`+rcv.URL+`"}`); st != 200 {
			t.Fatalf("webhook endpoint: %d %s", st, b)
		}

		var ind struct {
			ID           string
			Applications []struct{ ID string }
			Tasks        []struct{ ID string }
		}
		body := fmt.Sprintf(`{"role":"INDIVIDUAL_CUSTOMER","collected_data":{"entity_type":"INDIVIDUAL","personal_details":{"name":{"given_names":[%q],"family_name":%q},"dob":%q},`+
			`"address_history":[{"address":{"type":"STRUCTURED","country":"GBR","street_number":"12","route":%q,"postal_town":"London","postal_code":"SW1Y 4LB"}}]}}`,
			p.given, p.family, p.dob, p.street)
		st, b := do(t, key, "POST", s.base+"/4.0/profiles", body, "Idempotency-Key", "dp-create-1")
		if st != 200 || json.Unmarshal(b, &ind) != nil || len(ind.Applications) == 0 || len(ind.Tasks) == 0 {
			t.Fatalf("create individual: %d %s", st, b)
		}
		base := s.base + "/4.0/profiles/" + ind.ID
		image, err := upload(key, s.base, ind.ID, p.document)
		if err != nil {
			t.Fatal(err)
		}
		if st, b := do(t, key, "POST", base+"/tasks/"+ind.Tasks[0].ID+"/notes", `{"text":`+quote(p.note)+`}`); st != 200 {
			t.Fatalf("note: %d %s", st, b)
		}
		if st, b := do(t, key, "POST", base+"/events", `{"data":{"event_type":"SANCTION_FLAG","match_name":`+quote(p.match)+`,"score":0.97}}`); st != 200 {
			t.Fatalf("event: %d %s", st, b)
		}
		director := fmt.Sprintf(`{"role":"INDIVIDUAL_ASSOCIATED","collected_data":{"entity_type":"INDIVIDUAL","personal_details":{"name":{"given_names":["Ann"],"family_name":%q},"dob":"1970-03-04"}}}`, p.director)
		var dirProfile struct{ ID string }
		if st, b := do(t, key, "POST", s.base+"/4.0/profiles", director); st != 200 || json.Unmarshal(b, &dirProfile) != nil {
			t.Fatalf("director: %d %s", st, b)
		}
		company := fmt.Sprintf(`{"role":"COMPANY_CUSTOMER","collected_data":{"entity_type":"COMPANY","metadata":{"name":%q,"number":"01234567","country_of_incorporation":"GBR"},`+
			`"officers":{"directors":[{"entity_type":"INDIVIDUAL","linked_profile":{"id":%q}}]}}}`, p.company, dirProfile.ID)
		if st, b := do(t, key, "POST", s.base+"/4.0/profiles", company); st != 200 {
			t.Fatalf("company: %d %s", st, b)
		}
		waitFor(t, "the automatic checks", func() bool {
			var prof struct{ Checks []struct{ State string } }
			do2(t, key, "GET", base, &prof)
			for _, c := range prof.Checks {
				if c.State != "COMPLETE" {
					return false
				}
			}
			return len(prof.Checks) > 0
		})
		// The search index finds the name by its words, never stores them.
		var found struct{ Results []struct{ ID string } }
		do2(t, key, "GET", s.base+"/4.0/profiles?q="+url.QueryEscape(strings.ToUpper(p.family[:6])+" "+p.given), &found)
		if len(found.Results) != 1 || found.Results[0].ID != ind.ID {
			t.Errorf("search by name: got %+v, want the individual", found.Results)
		}

		// Positive controls: the API reads it all back, and the raw copy
		// is the real one (ids are in clear).
		if _, b := do(t, key, "GET", base, ""); !bytes.Contains(b, []byte(p.family)) || !bytes.Contains(b, []byte(p.street)) {
			t.Fatalf("the profile does not read back: %s", b)
		}
		if got, status, err := readContent(key, s.base, ind.ID, image); status != 200 || err != nil || !bytes.Equal(got, p.document) {
			t.Fatalf("the document does not read back: %d %v", status, err)
		}
		raw := rawDatabase(t, db)
		if !bytes.Contains(raw, []byte(ind.ID)) {
			t.Fatal("the raw database does not even hold the profile's id: the copy is not the database")
		}
		assertNoNeedles(t, "the database", raw, p)
		assertNoNeedles(t, "the blob directory", rawBlobs(t, blobs), p)

		// A backup, as an operator takes one before the erasure.
		backup := takeBackup(t, db, dir)

		// Erasure is refused while an application is open, then while a
		// legal hold is set; both are answered with the reason.
		st, b = do(t, key, "DELETE", s.base+"/gatehouse/v1/profiles/"+ind.ID, "")
		if st != 422 || !bytes.Contains(b, []byte("reject or cancel it")) {
			t.Fatalf("erase with an open application: %d %s, want 422 naming the application", st, b)
		}
		for _, a := range ind.Applications {
			if st, b := do(t, key, "POST", base+"/applications/"+a.ID, `{"status":"REJECTED","comment":`+quote(p.reason)+`}`); st != 200 {
				t.Fatalf("reject: %d %s", st, b)
			}
		}
		if st, b := do(t, key, "PUT", s.base+"/gatehouse/v1/profiles/"+ind.ID+"/legal_hold", `{"reason":"litigation hold"}`); st != 200 {
			t.Fatalf("legal hold: %d %s", st, b)
		}
		if st, b := do(t, key, "DELETE", s.base+"/gatehouse/v1/profiles/"+ind.ID, ""); st != 422 || !bytes.Contains(b, []byte("legal hold")) {
			t.Fatalf("erase under a legal hold: %d %s, want 422 naming the hold", st, b)
		}
		if st, b := do(t, key, "DELETE", s.base+"/gatehouse/v1/profiles/"+ind.ID+"/legal_hold", ""); st != 200 {
			t.Fatalf("clear legal hold: %d %s", st, b)
		}
		assertNoNeedles(t, "the database after the decision", rawDatabase(t, db), p)

		blobsBefore := countFiles(t, filepath.Join(blobs, "sha256"))
		st, b = do(t, key, "DELETE", s.base+"/gatehouse/v1/profiles/"+ind.ID, "")
		if st != 200 || !bytes.Contains(b, []byte(`"erased":true`)) {
			t.Fatalf("erase: %d %s", st, b)
		}
		if after := countFiles(t, filepath.Join(blobs, "sha256")); after != blobsBefore-1 {
			t.Errorf("blobs: %d before the erasure, %d after; want the document's deleted", blobsBefore, after)
		}
		assertErased(t, key, s.base, ind.ID, image, p)

		// The PROFILE_ERASED webhook is queued (the receiver fails, so it
		// waits), and no delivery carries the profile's data any more.
		var eps []struct{ ID string }
		do2(t, key, "GET", s.base+"/gatehouse/v1/webhooks", &eps)
		var ds struct {
			Deliveries []struct {
				Event string
				Data  json.RawMessage
			}
		}
		do2(t, key, "GET", s.base+"/gatehouse/v1/webhooks/"+eps[0].ID+"/deliveries", &ds)
		erasedEvent := false
		for _, d := range ds.Deliveries {
			if d.Event == "PROFILE_ERASED" && bytes.Contains(d.Data, []byte(ind.ID)) {
				erasedEvent = true
			}
			if bytes.Contains(d.Data, []byte(ind.ID)) && d.Event != "PROFILE_ERASED" {
				t.Errorf("a %s delivery about the erased profile is still kept: %s", d.Event, d.Data)
			}
		}
		if !erasedEvent {
			t.Errorf("no PROFILE_ERASED delivery among %d", len(ds.Deliveries))
		}
		if err := s.stop(); err != nil {
			t.Fatal(err)
		}
		if out, err := runCmd(t, env, "audit", "verify"); err != nil || !strings.Contains(out, "intact") {
			t.Errorf("audit verify after the erasure: %v\n%s", err, out)
		}

		// The backup from before the erasure, restored into a fresh
		// database, served with the same master key and blob store.
		restored := restoreBackup(t, db, backup)
		env["GATEHOUSE_DATABASE"] = restored
		// The control: without the erasure ledger (kept beside the blobs,
		// outside the database), the restored backup is the profile again.
		ledger := filepath.Join(blobs, "erasures")
		if err := os.Rename(ledger, ledger+".away"); err != nil {
			t.Fatal(err)
		}
		s = mustServe(t, env)
		if _, b := do(t, key, "GET", s.base+"/4.0/profiles/"+ind.ID, ""); !bytes.Contains(b, []byte(p.family)) {
			t.Errorf("control: without the ledger the restored backup should reveal the profile, got %s", b)
		}
		if err := s.stop(); err != nil {
			t.Fatal(err)
		}
		if err := os.RemoveAll(ledger); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(ledger+".away", ledger); err != nil {
			t.Fatal(err)
		}
		restored = restoreBackup(t, db, backup)
		env["GATEHOUSE_DATABASE"] = restored
		s = mustServe(t, env)
		assertErased(t, key, s.base, ind.ID, image, p)
		assertNoNeedles(t, "the restored database after its start", rawDatabase(t, restored), personal{given: p.given, family: p.family, street: p.street, marker: p.marker})
		if out, err := runCmd(t, env, "audit", "verify"); err != nil || !strings.Contains(out, "intact") {
			t.Errorf("audit verify of the restored database: %v\n%s", err, out)
		}
	})
}

// assertErased checks that no path of the API reveals an erased profile.
func assertErased(t *testing.T, key, base, id, image string, p personal) {
	t.Helper()
	st, b := do(t, key, "GET", base+"/4.0/profiles/"+id, "")
	if st != 200 {
		t.Fatalf("the tombstone: %d %s", st, b)
	}
	for _, path := range []string{"/4.0/profiles/" + id, "/4.0/profiles/" + id + "/collected_data", "/4.0/profiles/" + id + "/checks",
		"/4.0/profiles/" + id + "/events", "/4.0/profiles/" + id + "/audit-items", "/4.0/profiles/" + id + "/applications",
		"/4.0/profiles/" + id + "/document_images", "/4.0/profiles?q=" + url.QueryEscape(p.family)} {
		_, b := do(t, key, "GET", base+path, "")
		for what, n := range p.needles() {
			if bytes.Contains(b, n) {
				t.Errorf("GET %s reveals the %s of the erased profile", path, what)
			}
		}
	}
	var dp struct {
		Erased bool
		Role   string
	}
	do2(t, key, "GET", base+"/gatehouse/v1/profiles/"+id+"/data_protection", &dp)
	if !dp.Erased || dp.Role != "INDIVIDUAL_CUSTOMER" {
		t.Errorf("data protection state: %+v, want erased, role kept", dp)
	}
	if _, status, _ := readContent(key, base, id, image); status == 200 {
		t.Errorf("the erased profile's document still reads")
	}
	var search struct{ Results []struct{ ID string } }
	do2(t, key, "GET", base+"/4.0/profiles?q="+url.QueryEscape(p.family), &search)
	if len(search.Results) != 0 {
		t.Errorf("search by the erased name finds %v", search.Results)
	}
	if st, _ := do(t, key, "POST", base+"/4.0/profiles/"+id+"/collected_data", `{"entity_type":"INDIVIDUAL"}`); st == 200 {
		t.Errorf("the tombstone took new collected data")
	}
}

// takeBackup copies the database as a backup would: the SQLite file and
// its WAL, or a pg_dump.
func takeBackup(t *testing.T, db, dir string) []byte {
	t.Helper()
	if storetest.IsPostgresURL(db) {
		return pgDump(t, db)
	}
	// SQLite's online backup: VACUUM INTO writes a consistent copy.
	path := filepath.Join(dir, "backup.db")
	s := storetest.OpenURL(t, db)
	storetest.Exec(t, s, "VACUUM INTO ?", path)
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// restoreBackup restores a backup into a fresh database and returns its
// address.
func restoreBackup(t *testing.T, db string, backup []byte) string {
	t.Helper()
	if !storetest.IsPostgresURL(db) {
		path := filepath.Join(t.TempDir(), "restored.db")
		if err := os.WriteFile(path, backup, 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}
	old, _ := url.Parse(db)
	fresh := storetest.PostgresURL(t) // an empty schema, dropped at cleanup
	nu, _ := url.Parse(fresh)
	from, to := old.Query().Get("search_path"), nu.Query().Get("search_path")
	sql := strings.ReplaceAll(string(backup), from, to)
	sql = strings.Replace(sql, "CREATE SCHEMA "+to+";", "", 1) // PostgresURL made it
	conn, err := pgx.Connect(context.Background(), fresh)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	var clean []string
	for _, line := range strings.Split(sql, "\n") {
		if strings.HasPrefix(line, "\\") { // psql meta-commands
			continue
		}
		clean = append(clean, line)
	}
	if _, err := conn.Exec(context.Background(), strings.Join(clean, "\n")); err != nil {
		t.Fatalf("restore the pg_dump: %v", err)
	}
	return fresh
}

func countFiles(t *testing.T, dir string) int {
	t.Helper()
	n := 0
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			n++
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func quote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// do2 is do decoding a 200 answer into out.
func do2(t *testing.T, key, method, url string, out any) {
	t.Helper()
	st, b := do(t, key, method, url, "")
	if st != 200 {
		t.Fatalf("%s %s: %d %s", method, url, st, b)
	}
	if err := json.Unmarshal(b, out); err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
}

func waitFor(t *testing.T, what string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("%s did not happen within 30s", what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
