package collect_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/gatehouse/gatehouse/internal/content/contenttest"
	"github.com/gatehouse/gatehouse/internal/store/storetest"
)

// documentSteps are the steps of the document tests: the demo identity
// check's DOB and address, and an identity document.
const documentSteps = `[{"collection_type":"DOB"},{"collection_type":"ADDRESS_HISTORY"},` +
	`{"collection_type":"DOCUMENT","category":"PROOF_OF_IDENTITY","allowed_types":["PASSPORT","DRIVING_LICENCE"]}]`

// upload is a file the form sends.
type upload struct {
	field, name string
	data        []byte
}

// postFiles sends the form as multipart/form-data, with files.
func (b *browser) postFiles(path string, form url.Values, files ...upload) (*http.Response, string) {
	b.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, vs := range form {
		for _, v := range vs {
			_ = mw.WriteField(k, v)
		}
	}
	for _, f := range files {
		w, _ := mw.CreateFormFile(f.field, f.name)
		_, _ = w.Write(f.data)
	}
	_ = mw.Close()
	req, _ := http.NewRequest("POST", b.url+path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	resp, err := b.c.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	page, _ := io.ReadAll(resp.Body)
	return resp, string(page)
}

// imageView is a document image as the API shows it.
type imageView struct {
	ID               string `json:"id"`
	ImageType        string `json:"image_type"`
	DocumentType     string `json:"document_type"`
	DocumentCategory string `json:"document_category"`
}

// images lists a profile's document images.
func (e *env) images(id string) []imageView {
	e.t.Helper()
	var ims []imageView
	if st := e.api("GET", "/4.0/profiles/"+id+"/document_images", "", &ims); st != 200 {
		e.t.Fatalf("document images: %d", st)
	}
	return ims
}

// imageSHA256 reads an image's bytes back (Gatehouse's content route) and
// returns their hex SHA-256.
func (e *env) imageSHA256(profileID, imageID string) string {
	e.t.Helper()
	req, _ := http.NewRequest("GET", e.url+"/gatehouse/v1/profiles/"+profileID+"/document_images/"+imageID+"/content", nil)
	req.Header.Set("apikey", e.key)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		e.t.Fatalf("image content: %d %s", resp.StatusCode, b)
	}
	return sha(b)
}

func sha(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// TestDocumentStep: the document step stores the front and back through
// the documents service and adds the document referring to them; the
// step clears and the held check runs. A file that is not an image is
// refused on its own field before anything is written.
func TestDocumentStep(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		e := newEnv(t, db, envOptions{})
		id := e.nameOnly("Alex", "Wheeler")
		if st := e.api("POST", "/4.0/profiles/"+id+"/collection_steps", documentSteps, nil); st != 200 {
			t.Fatalf("set steps: %d", st)
		}
		b := e.browser()
		b.get("/collect/?key=" + e.collectKey(id))
		_, page := b.get("/collect/p/" + id)
		if !strings.Contains(page, "Your identity document") || strings.Contains(page, "document-unavailable") {
			t.Fatalf("the document step is not offered:\n%s", page)
		}
		form := validAnswers(csrfOf(t, page))
		form.Set("document_type", "DRIVING_LICENCE")
		front, back := contenttest.JPEG(8000), contenttest.PNG(3000)

		for _, tc := range []struct {
			name  string
			files []upload
			field string
		}{
			{"a text file as the back", []upload{{"document_front", "front.jpg", front}, {"document_back", "back.png", []byte("not an image at all")}}, "document_back"},
			{"a truncated JPEG as the front", []upload{{"document_front", "front.jpg", front[:200]}}, "document_front"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				resp, page := b.postFiles("/collect/p/"+id, form, tc.files...)
				if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(page, `href="#`+tc.field+`"`) || !strings.Contains(page, "could not be used") {
					t.Errorf("got %d, want 422 with the problem on %s:\n%s", resp.StatusCode, tc.field, page)
				}
				if data := e.collectedData(id); strings.Contains(data, "dob") {
					t.Errorf("a refused form wrote its answers: %s", data)
				}
				if ims := e.images(id); len(ims) != 0 {
					t.Errorf("a refused form recorded images %+v", ims)
				}
			})
		}
		if c := identityCheck(t, e.checks(id)); c.State != "PENDING" {
			t.Fatalf("before the document: identity check %+v, want it held", c)
		}

		resp, page := b.postFiles("/collect/p/"+id, form, upload{"document_front", "front.jpg", front}, upload{"document_back", "back.png", back})
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("send: %d\n%s", resp.StatusCode, page)
		}
		if _, page = b.get("/collect/p/" + id); !strings.Contains(page, "All done") {
			t.Errorf("after sending, want the done page:\n%s", page)
		}
		ims := e.images(id)
		if len(ims) != 2 || ims[0].ImageType != "FRONT" || ims[1].ImageType != "BACK" || ims[0].DocumentType != "DRIVING_LICENCE" ||
			ims[0].DocumentCategory != "PROOF_OF_IDENTITY" {
			t.Fatalf("got images %+v, want the front and back of a driving licence", ims)
		}
		for i, want := range [][]byte{front, back} {
			if got := e.imageSHA256(id, ims[i].ID); got != sha(want) {
				t.Errorf("image %s reads back as %s, want the upload's %s", ims[i].ImageType, got, sha(want))
			}
		}
		var data struct {
			Documents []struct {
				Category     string `json:"category"`
				DocumentType string `json:"document_type"`
				Images       []struct {
					ID string `json:"id"`
				} `json:"images"`
			} `json:"documents"`
		}
		if err := json.Unmarshal([]byte(e.collectedData(id)), &data); err != nil || len(data.Documents) != 1 ||
			data.Documents[0].DocumentType != "DRIVING_LICENCE" || len(data.Documents[0].Images) != 2 ||
			data.Documents[0].Images[0].ID != ims[0].ID || data.Documents[0].Images[1].ID != ims[1].ID {
			t.Errorf("collected data %s (%v), want the document referring to both images", e.collectedData(id), err)
		}
		var left []any
		e.api("GET", "/4.0/profiles/"+id+"/collection_steps", "", &left)
		if len(left) != 0 {
			t.Errorf("steps left: %v", left)
		}
		e.settle()
		if c := identityCheck(t, e.checks(id)); c.State != "COMPLETE" || c.Result != "2+2" {
			t.Errorf("after the form: identity check %+v, want it run (COMPLETE 2+2)", c)
		}
	})
}
