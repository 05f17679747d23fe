package api_test

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"io"
	"strings"
	"testing"

	"github.com/gatehouse/gatehouse/internal/api"
	"github.com/gatehouse/gatehouse/internal/blob/blobtest"
	"github.com/gatehouse/gatehouse/internal/content/contenttest"
	"github.com/gatehouse/gatehouse/internal/store/storetest"
)

// TestSubjectAccessExport: GET /gatehouse/v1/profiles/{id}/export answers
// one zip with the person's data, checks, decisions with their reasons,
// notes, the audit trail, every document's original bytes (same SHA-256)
// and an HTML index whose values are escaped; the export itself is
// audited as a view.
func TestSubjectAccessExport(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		e := newDocEnv(t, db, blobtest.Store{Name: "dir", Location: t.TempDir()}, api.Config{})
		pid := newIndividual(t, e, "Ines <b>Bold</b>", "Export", "1971-05-06")
		base := "/4.0/profiles/" + pid
		jpeg, pdf := contenttest.JPEG(40_000), contenttest.PDF(20_000)
		status, body := e.c.Do("POST", base+"/document_images", contenttest.JSON(`"image_type":"FRONT","name":"passport.jpg"`, jpeg))
		if status != 200 {
			t.Fatalf("upload image: %d %s", status, body)
		}
		if status, body = e.c.Do("POST", base+"/files", contenttest.JSON(`"name":"statement.pdf"`, pdf)); status != 200 {
			t.Fatalf("upload file: %d %s", status, body)
		}
		e.settle()
		_, body = e.c.Do("GET", base, nil)
		prof := decode[struct {
			Tasks        []struct{ ID string }
			Applications []struct{ ID string }
		}](t, body)
		if status, body = e.c.Do("POST", base+"/tasks/"+prof.Tasks[0].ID+"/notes", `{"text":"called the applicant"}`); status != 200 {
			t.Fatalf("note: %d %s", status, body)
		}
		if status, body = e.c.Do("POST", base+"/applications/"+prof.Applications[0].ID, `{"status":"REJECTED","comment":"address not verified"}`); status != 200 {
			t.Fatalf("reject: %d %s", status, body)
		}

		resp := e.raw(e.c.Key, "GET", "/gatehouse/v1/profiles/"+pid+"/export", nil)
		archive, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/zip" {
			t.Fatalf("export: %d %s %.300s", resp.StatusCode, resp.Header.Get("Content-Type"), archive)
		}
		z, err := zip.NewReader(bytes.NewReader(archive), int64(len(archive)))
		if err != nil {
			t.Fatal(err)
		}
		files := map[string][]byte{}
		for _, f := range z.File {
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			files[f.Name], _ = io.ReadAll(rc)
			rc.Close()
		}
		for _, name := range []string{"index.html", "data.json", "decisions.json", "checks.json", "events.json", "notes.json", "audit.json", "documents.json"} {
			if files[name] == nil {
				t.Errorf("the archive has no %s", name)
			}
		}
		var docs []struct {
			Kind, Name, Path, SHA256 string
		}
		if err := json.Unmarshal(files["documents.json"], &docs); err != nil || len(docs) != 2 {
			t.Fatalf("documents.json: %v %s", err, files["documents.json"])
		}
		want := map[string][]byte{"passport.jpg": jpeg, "statement.pdf": pdf}
		for _, d := range docs {
			if sha(files[d.Path]) != sha(want[d.Name]) || d.SHA256 != sha(want[d.Name]) {
				t.Errorf("%s %s at %s: sha256 %s (listed %s), want %s", d.Kind, d.Name, d.Path, sha(files[d.Path]), d.SHA256, sha(want[d.Name]))
			}
		}
		if !bytes.Contains(files["data.json"], []byte("Export")) || !bytes.Contains(files["data.json"], []byte("1971-05-06")) {
			t.Errorf("data.json lacks the collected data: %.400s", files["data.json"])
		}
		if !bytes.Contains(files["decisions.json"], []byte("address not verified")) || !bytes.Contains(files["decisions.json"], []byte("REJECTED")) {
			t.Errorf("decisions.json lacks the decision and its reason: %s", files["decisions.json"])
		}
		if !bytes.Contains(files["notes.json"], []byte("called the applicant")) {
			t.Errorf("notes.json: %s", files["notes.json"])
		}
		var audit []struct{ Action string }
		if err := json.Unmarshal(files["audit.json"], &audit); err != nil || len(audit) < 3 {
			t.Errorf("audit.json: %v, %d items", err, len(audit))
		}
		index := string(files["index.html"])
		if strings.Contains(index, "<b>Bold</b>") || !strings.Contains(index, "&lt;b&gt;Bold&lt;/b&gt;") {
			t.Errorf("index.html does not escape the name")
		}
		if !strings.Contains(index, `href="documents.json"`) || !strings.Contains(index, "address not verified") {
			t.Errorf("index.html lacks the links or the decisions")
		}
		_, body = e.c.Do("GET", base+"/audit-items", nil)
		if !bytes.Contains(body, []byte("Subject access export")) {
			t.Errorf("the export was not audited: %.500s", body)
		}
	})
}

// TestDataProtectionErrors: the data protection endpoints answer bad
// input and refusals in the error envelope, naming the field or reason.
func TestDataProtectionErrors(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		e := newEnv(t, db, api.Config{})
		pid := newQuietProfile(t, e, "Rex", "Refused")
		other := e.client("Other")
		for _, tc := range []struct {
			name, method, path string
			body               string
			status, code       int
			field              string
		}{
			{"clear without a hold", "DELETE", "/legal_hold", ``, 422, 105, ""},
			{"hold without a reason", "PUT", "/legal_hold", `{}`, 400, 101, "reason"},
			{"hold with an empty reason", "PUT", "/legal_hold", `{"reason":" "}`, 400, 201, "reason"},
			{"hold with a reason of another type", "PUT", "/legal_hold", `{"reason":5}`, 400, 201, "reason"},
			{"hold that is no JSON", "PUT", "/legal_hold", `{"reason":`, 400, 201, "body"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				status, body := e.c.Do(tc.method, "/gatehouse/v1/profiles/"+pid+tc.path, tc.body)
				if status != tc.status {
					t.Fatalf("got %d %s, want %d", status, body, tc.status)
				}
				code, field := errorOf(t, body)
				if code != tc.code || field != tc.field {
					t.Errorf("got code %d field %q (%s), want %d %q", code, field, body, tc.code, tc.field)
				}
			})
		}
		// Another institution sees none of it.
		for _, path := range []string{"", "/export", "/data_protection"} {
			method := "GET"
			if path == "" {
				method = "DELETE"
			}
			if status, body := other.Do(method, "/gatehouse/v1/profiles/"+pid+path, nil); status != 404 {
				t.Errorf("%s %s by another institution: %d %s", method, path, status, body)
			}
		}
		if status, body := e.c.Do("GET", "/gatehouse/v1/profiles/"+pid+"/data_protection", nil); status != 200 ||
			!bytes.Contains(body, []byte(`"erasable":true`)) {
			t.Errorf("data_protection of a profile without applications: %d %s", status, body)
		}
		if status, body := e.c.Do("PUT", "/gatehouse/v1/profiles/"+pid+"/legal_hold", `{"reason":"inquiry"}`); status != 200 ||
			!bytes.Contains(body, []byte(`"erasable":false`)) || !bytes.Contains(body, []byte("legal hold")) {
			t.Errorf("data_protection under a hold: %d %s", status, body)
		}
	})
}
