package api_test

import (
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gatehouse/gatehouse/internal/api"
	"github.com/gatehouse/gatehouse/internal/blob/blobtest"
	"github.com/gatehouse/gatehouse/internal/content/contenttest"
	"github.com/gatehouse/gatehouse/internal/store/storetest"
)

// TestCollectKeyDocuments: a collect key submits a document through the
// API as an integrator's own front end would: it uploads the images, reads
// their records, adds the document, and the DOCUMENT step clears. It
// cannot do so for another profile, nor read any image's bytes or upload
// files.
func TestCollectKeyDocuments(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		e := newDocEnv(t, db, blobtest.Store{Name: "dir", Location: filepath.Join(t.TempDir(), "blobs")}, api.Config{})
		// No product: the only step is the one the officer sets.
		person := `{"role":"INDIVIDUAL_CUSTOMER","applications":[],"collected_data":{"entity_type":"INDIVIDUAL","personal_details":{"name":{"given_names":["Alex"],"family_name":"Wheeler"}}}}`
		_, body := e.c.Do("POST", "/4.0/profiles", person)
		mine := decode[profileView](t, body).ID
		_, body = e.c.Do("POST", "/4.0/profiles", person)
		other := decode[profileView](t, body).ID
		e.settle()
		p, o := "/4.0/profiles/"+mine, "/4.0/profiles/"+other
		steps := `[{"collection_type":"DOCUMENT","category":"PROOF_OF_IDENTITY","allowed_types":["PASSPORT"]}]`
		if status, body := e.c.Do("POST", p+"/collection_steps", steps); status != 200 {
			t.Fatalf("set steps: %d %s", status, body)
		}
		_, body = e.c.Do("POST", "/4.0/api_keys/collect", `{"profile_ids":["`+mine+`"]}`)
		c := e.collectClient(decode[collectKeyView](t, body).Key)

		upload := contenttest.JSON(`"image_type":"FRONT","document_type":"PASSPORT","document_category":"PROOF_OF_IDENTITY"`, contenttest.JPEG(20_000))
		status, body := c.Do("POST", p+"/document_images", upload)
		if status != 200 {
			t.Fatalf("upload with a collect key: %d %s", status, body)
		}
		im := decode[imageView](t, body)
		if status, body := c.Do("GET", p+"/document_images/"+im.ID, nil); status != 200 || decode[imageView](t, body).ID != im.ID {
			t.Errorf("read the image's record with a collect key: %d %s", status, body)
		}
		if status, body := c.Do("GET", p+"/document_images", nil); status != 200 || len(decode[[]imageView](t, body)) != 1 {
			t.Errorf("list the images with a collect key: %d %s", status, body)
		}
		doc := `{"category":"PROOF_OF_IDENTITY","document_type":"PASSPORT","images":[{"id":"` + im.ID + `"}]}`
		if status, body := c.Do("POST", p+"/collected_data/documents", doc); status != 200 {
			t.Fatalf("add the document with a collect key: %d %s", status, body)
		}
		if _, body := c.Do("GET", p+"/collection_steps", nil); len(decode[[]any](t, body)) != 0 {
			t.Errorf("steps after the document: %s, want none", body)
		}

		for _, r := range []struct{ method, path, body string }{
			{"POST", o + "/document_images", upload},
			{"GET", o + "/document_images", ""},
			{"GET", o + "/document_images/" + im.ID, ""},
			{"POST", o + "/collected_data/documents", doc},
			{"POST", p + "/files", contenttest.JSON("", contenttest.PDF(2000))},
		} {
			var b any
			if r.body != "" {
				b = r.body
			}
			status, body := c.Do(r.method, r.path, b)
			if code, _ := errorOf(t, body); status != http.StatusForbidden || code != 204 {
				t.Errorf("%s %s: got %d %s, want 403 code 204", r.method, r.path, status, body)
			}
		}
		// The bytes are the institution's to read, not the applicant's.
		resp := e.raw(c.Key, "GET", "/gatehouse/v1/profiles/"+mine+"/document_images/"+im.ID+"/content", nil)
		if resp.StatusCode != http.StatusForbidden {
			t.Errorf("image bytes with a collect key: %d, want 403", resp.StatusCode)
		}
		if _, body := e.c.Do("GET", o+"/collected_data", nil); strings.Contains(string(body), "documents") {
			t.Errorf("another profile got a document: %s", body)
		}
	})
}
