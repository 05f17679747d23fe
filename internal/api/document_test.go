package api_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/gatehouse/gatehouse/internal/api"
	"github.com/gatehouse/gatehouse/internal/blob"
	"github.com/gatehouse/gatehouse/internal/blob/blobtest"
	"github.com/gatehouse/gatehouse/internal/content"
	"github.com/gatehouse/gatehouse/internal/content/contenttest"
	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/store/storetest"
	"github.com/gatehouse/gatehouse/internal/vault"
)

// newDocEnv is an API server whose uploads go, encrypted, to a real blob
// store, with data keys in the SQL store under a fresh master key.
func newDocEnv(t *testing.T, db storetest.Opener, bs blobtest.Store, cfg api.Config) *env {
	t.Helper()
	return newEnvWith(t, db, cfg, func(svc *kyc.Service, s kyc.Store) {
		b, err := blob.Open(ctx, bs.Location)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { b.Close() })
		ks := s.(vault.KeyStore)
		svc.Content = &content.Store{Blobs: b, Keys: storetest.Keyring(s), KeyStore: ks, MaxBytes: cfg.MaxDocumentBytes}
	})
}

type imageView struct {
	ID               string          `json:"id"`
	ImageType        string          `json:"image_type"`
	UploadDate       string          `json:"upload_date"`
	DocumentType     string          `json:"document_type"`
	DocumentCategory string          `json:"document_category"`
	EncryptedData    json.RawMessage `json:"encrypted_data"`
	Data             *string         `json:"data"`
}

func sha(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// raw makes a request outside the contract's validation (the content path
// answers bytes, not JSON).
func (e *env) raw(key, method, path string, body io.Reader) *http.Response {
	e.t.Helper()
	req, err := http.NewRequest(method, e.url+path, body)
	if err != nil {
		e.t.Fatal(err)
	}
	req.Header.Set("apikey", key)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	e.t.Cleanup(func() { resp.Body.Close() })
	return resp
}

func newIndividual(t *testing.T, e *env, given, family, dob string) string {
	t.Helper()
	body := `{"role":"INDIVIDUAL_CUSTOMER","collected_data":{"entity_type":"INDIVIDUAL","personal_details":{"name":{"given_names":["` +
		given + `"],"family_name":"` + family + `"},"dob":"` + dob + `","gender":"F","nationality":"GBR"},` +
		`"address_history":[{"address":{"type":"STRUCTURED","country":"GBR","postal_code":"NW1 6XE","locality":"London","route":"Baker Street","street_number":"221B"}}]}}`
	status, resp := e.c.Do("POST", "/4.0/profiles", body)
	if status != 200 {
		t.Fatalf("create profile: %d %s", status, resp)
	}
	return decode[profileView](t, resp).ID
}

// TestDocumentsOverHTTP runs the upload, list, read and refusal paths on
// both databases and both blob stores.
func TestDocumentsOverHTTP(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		blobtest.Each(t, func(t *testing.T, bs blobtest.Store) {
			e := newDocEnv(t, db, bs, api.Config{})
			pid := newIndividual(t, e, "Anna Maria", "Eriksson", "1974-08-12")
			base := "/4.0/profiles/" + pid
			files := map[string][]byte{
				"FRONT": contenttest.JPEG(300_000),
				"BACK":  contenttest.PNG(120_000),
				"FACE":  contenttest.PDF(50_000),
			}
			mediaTypes := map[string]string{"FRONT": "image/jpeg", "BACK": "image/png", "FACE": "application/pdf"}
			ids := map[string]string{}
			for _, side := range []string{"FRONT", "BACK", "FACE"} {
				members := `"image_type":"` + side + `","document_type":"PASSPORT","document_category":"PROOF_OF_IDENTITY"`
				status, body := e.c.Do("POST", base+"/document_images", contenttest.JSON(members, files[side]))
				if status != 200 {
					t.Fatalf("upload %s: %d %s", side, status, body)
				}
				im := decode[imageView](t, body)
				if im.ImageType != side || im.DocumentType != "PASSPORT" || im.Data != nil || string(im.EncryptedData) != "{}" || im.UploadDate == "" {
					t.Errorf("upload %s answered %s", side, body)
				}
				ids[side] = im.ID
			}

			status, body := e.c.Do("GET", base+"/document_images", nil)
			if status != 200 || bytes.Contains(body, []byte(`"data"`)) {
				t.Fatalf("list: %d %s", status, body)
			}
			if list := decode[[]imageView](t, body); len(list) != 3 || list[0].ID != ids["FRONT"] {
				t.Errorf("list: got %s, want the three images oldest first", body)
			}
			if status, body = e.c.Do("GET", base+"/document_images/"+ids["BACK"], nil); status != 200 || decode[imageView](t, body).ImageType != "BACK" {
				t.Errorf("get: %d %s", status, body)
			}
			if _, body = e.c.Do("GET", base, nil); !bytes.Contains(body, []byte(ids["FACE"])) {
				t.Errorf("the profile does not list its images: %s", body)
			}

			// The content path returns the very bytes; what lies at rest is not them.
			at := blobtest.Objects(t, bs)
			for side, want := range files {
				resp := e.raw(e.c.Key, "GET", "/gatehouse/v1/profiles/"+pid+"/document_images/"+ids[side]+"/content", nil)
				got, _ := io.ReadAll(resp.Body)
				if resp.StatusCode != 200 || sha(got) != sha(want) {
					t.Errorf("content of %s: %d, %d bytes, sha256 %s; want %s", side, resp.StatusCode, len(got), sha(got), sha(want))
				}
				if ct := resp.Header.Get("Content-Type"); ct != mediaTypes[side] {
					t.Errorf("content type of %s: got %q, want %q", side, ct, mediaTypes[side])
				}
				for key, obj := range at {
					if bytes.Contains(obj, want[len(want)/2:len(want)/2+256]) {
						t.Errorf("object %s at rest holds the plaintext of %s", key, side)
					}
				}
			}
			if len(at) < 3 {
				t.Errorf("got %d objects at rest, want at least the 3 uploads", len(at))
			}

			// A text file renamed .jpg is refused by its bytes, and nothing is added.
			status, body = e.c.Do("POST", base+"/document_images",
				contenttest.JSON(`"image_type":"FRONT","name":"passport.jpg"`, []byte("this is a text file, not a photo of a passport\n")))
			if code, field := errorOf(t, body); status != 400 || code != 201 || field != "data" {
				t.Errorf("text as jpg: %d %s", status, body)
			}
			if _, body = e.c.Do("GET", base+"/document_images", nil); len(decode[[]imageView](t, body)) != 3 {
				t.Errorf("a refused upload left an image: %s", body)
			}

			// Files, and a note that keeps its attachment.
			pdf := contenttest.PDF(20_000)
			status, body = e.c.Do("POST", base+"/files", contenttest.JSON(`"name":"statement.pdf"`, pdf))
			if status != 200 {
				t.Fatalf("file: %d %s", status, body)
			}
			file := decode[struct {
				ID            string          `json:"id"`
				Name          string          `json:"name"`
				EncryptedData json.RawMessage `json:"encrypted_data"`
			}](t, body)
			if file.Name != "statement.pdf" || string(file.EncryptedData) != "{}" {
				t.Errorf("file: %s", body)
			}
			if status, body = e.c.Do("GET", base+"/files/"+file.ID, nil); status != 200 || !strings.Contains(string(body), file.ID) {
				t.Errorf("get file: %d %s", status, body)
			}
			resp := e.raw(e.c.Key, "GET", "/gatehouse/v1/profiles/"+pid+"/files/"+file.ID+"/content", nil)
			if got, _ := io.ReadAll(resp.Body); !bytes.Equal(got, pdf) {
				t.Errorf("file content differs")
			}
			_, body = e.c.Do("GET", base+"/tasks", nil)
			task := decode[[]struct{ ID string }](t, body)[0].ID
			status, body = e.c.Do("POST", base+"/tasks/"+task+"/notes", `{"text":"bank statement attached","attachments":[{"id":"`+file.ID+`"}]}`)
			if status != 200 || !strings.Contains(string(body), `"attachments":[{"id":"`+file.ID+`","name":"statement.pdf","encrypted_data":{}}]`) {
				t.Errorf("note: %d %s", status, body)
			}
			if _, body = e.c.Do("GET", base+"/tasks/"+task+"/notes", nil); !strings.Contains(string(body), file.ID) {
				t.Errorf("the note lost its attachment: %s", body)
			}

			// Another profile cannot use this profile's files or images.
			other := newIndividual(t, e, "Peter", "Stevenson", "1934-07-12")
			_, body = e.c.Do("GET", "/4.0/profiles/"+other+"/tasks", nil)
			otherTask := decode[[]struct{ ID string }](t, body)[0].ID
			status, body = e.c.Do("POST", "/4.0/profiles/"+other+"/tasks/"+otherTask+"/notes", `{"text":"x","attachments":[{"id":"`+file.ID+`"}]}`)
			if code, field := errorOf(t, body); status != 400 || code != 201 || field != "attachments[0].id" {
				t.Errorf("another profile's file as attachment: %d %s", status, body)
			}
			doc := `{"category":"PROOF_OF_IDENTITY","document_type":"PASSPORT","images":[{"id":"` + ids["FRONT"] + `"}]}`
			status, body = e.c.Do("POST", "/4.0/profiles/"+other+"/collected_data/documents", doc)
			if code, field := errorOf(t, body); status != 400 || code != 201 || field != "images[0].id" {
				t.Errorf("another profile's image in a document: %d %s", status, body)
			}
			status, body = e.c.Do("POST", "/4.0/profiles/"+other+"/document_images", `{"image_type":"FRONT","data":"`+file.ID+`"}`)
			if _, field := errorOf(t, body); status != 400 || field != "data" {
				t.Errorf("another profile's file as an image: %d %s", status, body)
			}

			// A document of this profile's images joins its collected data.
			status, body = e.c.Do("POST", base+"/collected_data/documents", doc)
			if status != 200 || !strings.Contains(string(body), `"encrypted_data":{}`) {
				t.Fatalf("document: %d %s", status, body)
			}
			docID := decode[struct{ ID string }](t, body).ID
			_, body = e.c.Do("GET", base+"/collected_data", nil)
			if !strings.Contains(string(body), docID) || !strings.Contains(string(body), `"given_names":["Anna Maria"]`) {
				t.Errorf("collected data after the document: %s", body)
			}
			status, body = e.c.Do("POST", base+"/collected_data/documents", strings.Replace(doc, "{", `{"id":"`+docID+`",`, 1))
			if status != 409 {
				t.Errorf("a second document with the same id: %d %s", status, body)
			}
			// Collected data never carries image bytes, nor unknown images.
			status, body = e.c.Do("POST", base+"/collected_data", `{"entity_type":"INDIVIDUAL","documents":[{"category":"SUPPORTING","document_type":"UNKNOWN","images":[{"id":"`+ids["BACK"]+`","data":"aGVsbG8="}]}]}`)
			if _, field := errorOf(t, body); status != 400 || field != "collected_data.documents[0].images[0].data" {
				t.Errorf("inline image bytes: %d %s", status, body)
			}
			status, body = e.c.Do("POST", base+"/collected_data", `{"entity_type":"INDIVIDUAL","documents":[{"category":"SUPPORTING","document_type":"UNKNOWN","images":[{"id":"`+kyc.NewID()+`"}]}]}`)
			if _, field := errorOf(t, body); status != 400 || field != "collected_data.documents[0].images[0].id" {
				t.Errorf("unknown image: %d %s", status, body)
			}

			// Audit: uploads carry filename and filehash; reads are audited views.
			_, body = e.c.Do("GET", base+"/audit-items", nil)
			var items []struct {
				Action   string  `json:"action"`
				Filename *string `json:"filename"`
				Filehash *string `json:"filehash"`
			}
			if err := json.Unmarshal(body, &items); err != nil {
				t.Fatal(err)
			}
			var uploads, views, fileAdds []string
			for _, it := range items {
				switch it.Action {
				case "uploaded-a-document":
					uploads = append(uploads, *it.Filehash)
				case "view":
					views = append(views, *it.Filename)
				case "added-a-file":
					fileAdds = append(fileAdds, *it.Filename+" "+*it.Filehash)
				}
			}
			for side, data := range files {
				if !slices.Contains(uploads, sha(data)) {
					t.Errorf("no uploaded-a-document item with the SHA-256 of %s", side)
				}
			}
			if len(views) != 4 || !slices.Contains(fileAdds, "statement.pdf "+sha(pdf)) {
				t.Errorf("views %v, files %v; want 4 views and the statement", views, fileAdds)
			}

			// Another institution's key finds nothing, anywhere.
			stranger := e.client("Stranger")
			for _, rq := range []struct{ method, path, body string }{
				{"GET", base + "/document_images", ""},
				{"GET", base + "/document_images/" + ids["FRONT"], ""},
				{"POST", base + "/document_images", contenttest.JSON("", files["BACK"])},
				{"GET", base + "/files/" + file.ID, ""},
				{"POST", base + "/files", contenttest.JSON("", pdf)},
				{"POST", base + "/collected_data/documents", doc},
			} {
				var b any
				if rq.body != "" {
					b = rq.body
				}
				if status, body := stranger.Do(rq.method, rq.path, b); status != 404 {
					t.Errorf("stranger %s %s: %d %s", rq.method, rq.path, status, body)
				}
			}
			for _, p := range []string{"/document_images/" + ids["FRONT"], "/files/" + file.ID} {
				if resp := e.raw(stranger.Key, "GET", "/gatehouse/v1/profiles/"+pid+p+"/content", nil); resp.StatusCode != 404 {
					t.Errorf("stranger reads %s: %d", p, resp.StatusCode)
				}
			}
			if n := len(blobtest.Objects(t, bs)); n != len(at)+1 {
				t.Errorf("objects at rest: got %d, want the %d images and the file (the stranger stored nothing)", n, len(at)+1)
			}
		})
	})
}
