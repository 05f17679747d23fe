package partner_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/gatehouse/gatehouse/internal/integration/integrationtest"
	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/store/storetest"
)

// fetchedImage is an image of a document fetch's output.
type fetchedImage struct {
	ID            string          `json:"id"`
	ImageType     string          `json:"image_type"`
	UploadDate    string          `json:"upload_date"`
	Reference     string          `json:"provider_reference"`
	EncryptedData json.RawMessage `json:"encrypted_data"`
}

// fetchedImages reads the images of a document fetch's output.
func fetchedImages(t *testing.T, c check) []fetchedImage {
	t.Helper()
	var out struct {
		Documents []struct {
			ID     string         `json:"id"`
			Images []fetchedImage `json:"images"`
		} `json:"documents"`
	}
	if err := json.Unmarshal(c.OutputData, &out); err != nil || len(out.Documents) != 1 {
		t.Fatalf("output %s (%v): want one document", c.OutputData, err)
	}
	return out.Documents[0].Images
}

// profileImages lists a profile's document images through the API.
func (e *env) profileImages(profileID string) []fetchedImage {
	e.t.Helper()
	status, out := e.c.Do("GET", "/4.0/profiles/"+profileID+"/document_images", nil)
	if status != 200 {
		e.t.Fatalf("document images: %d %s", status, out)
	}
	var ims []fetchedImage
	if err := json.Unmarshal(out, &ims); err != nil {
		e.t.Fatal(err)
	}
	return ims
}

// imageBytes reads an image's bytes through Gatehouse's own content route.
func (e *env) imageBytes(profileID, imageID string) []byte {
	e.t.Helper()
	req, _ := http.NewRequest("GET", e.url+"/gatehouse/v1/profiles/"+profileID+"/document_images/"+imageID+"/content", nil)
	req.Header.Set("apikey", e.c.Key)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		e.t.Fatalf("image content: %d %s", resp.StatusCode, b)
	}
	return b
}

// gif is a 1×1 GIF: a type the protocol allows for downloads, which
// Gatehouse's documents store does not take.
const gif = "GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"

// TestDocumentFetchDownloads: the images a document fetch's result names
// by provider_reference are downloaded (POST /download_file, signed, with
// the check's terms and custom_data) into the documents store as the
// profile's images, and the check's output refers to them by id; the
// bytes read back are the integration's. A download that gets no answer
// is retried; one the integration refuses, or of a type Gatehouse does
// not store, ends the check as Error naming the image, keeping the rest.
func TestDocumentFetchDownloads(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		e := newEnv(t, db, callbackVariants[1:], options{})
		fetch := e.ints["fetch"]
		for _, tc := range []struct {
			name   string
			fault  *integrationtest.Fault
			times  int
			result string
			// stored are the image types stored; failed those named in
			// the check's errors.
			stored, failed []string
			downloads      int
		}{
			{"both images", nil, 0, "Pass", []string{"FRONT", "FACE"}, nil, 2},
			// The client tries twice in place: two dropped connections
			// send the job back to the queue, whose next attempt succeeds.
			{"no answer, then an answer", &integrationtest.Fault{Drop: true}, 2, "Pass", []string{"FRONT", "FACE"}, nil, 4},
			{"the front refused", &integrationtest.Fault{Status: http.StatusNotFound}, 1, "Error", []string{"FACE"}, []string{"FRONT"}, 2},
			{"not a type Gatehouse stores", &integrationtest.Fault{Body: gif, ContentType: "image/gif"}, 2, "Error", nil, []string{"FRONT", "FACE"}, 2},
		} {
			t.Run(tc.name, func(t *testing.T) {
				id := e.profile(individual)
				if tc.fault != nil {
					fetch.Inject("/download_file", tc.times, *tc.fault)
				}
				before := fetch.Count("/download_file")
				c := e.wait(id, e.instruct(id, "fetch", kyc.CheckDocumentFetch, "DOCUMENT_ALL_PASS", "").ID)
				if c.Result != tc.result {
					t.Errorf("got %s %+v, want %s", c.Result, c.Errors, tc.result)
				}
				if n := fetch.Count("/download_file") - before; n != tc.downloads {
					t.Errorf("got %d downloads, want %d", n, tc.downloads)
				}
				var failed []string
				for _, ce := range c.Errors {
					field, _ := ce.Info["field"].(string)
					if ce.Code != 303 || !strings.HasPrefix(field, "documents[0].images[") || ce.Info["provider_reference"] == nil {
						t.Errorf("check error %+v, want 303 naming the image and its reference", ce)
					}
					if tc.fault != nil && tc.fault.Body != "" && !strings.Contains(ce.Message, "does not store it") {
						t.Errorf("check error %q, want it to say Gatehouse does not store the file", ce.Message)
					}
					failed = append(failed, map[string]string{"documents[0].images[0]": "FRONT", "documents[0].images[1]": "FACE"}[field])
				}
				if !slices.Equal(failed, tc.failed) {
					t.Errorf("errors name %v, want %v", failed, tc.failed)
				}
				// The output refers to the stored images by id, keeping the
				// references; an image not stored keeps its reference only.
				byID := map[string]fetchedImage{}
				for _, im := range e.profileImages(id) {
					byID[im.ID] = im
				}
				var stored []string
				for _, im := range fetchedImages(t, c) {
					if im.Reference == "" {
						t.Errorf("image %+v lost its provider_reference", im)
					}
					if im.ID == "" {
						if len(im.EncryptedData) != 0 {
							t.Errorf("an image not stored claims encrypted data: %+v", im)
						}
						continue
					}
					stored = append(stored, im.ImageType)
					if p, ok := byID[im.ID]; !ok || p.ImageType != im.ImageType || p.UploadDate != im.UploadDate {
						t.Errorf("output image %+v, profile's %+v: want the same image", im, p)
					}
					if got := e.imageBytes(id, im.ID); !bytes.Equal(got, integrationtest.PNG) {
						t.Errorf("image %s reads back %d bytes, want the integration's %d", im.ImageType, len(got), len(integrationtest.PNG))
					}
				}
				if !slices.Equal(stored, tc.stored) {
					t.Errorf("stored %v, want %v", stored, tc.stored)
				}
				if n := len(byID); n != 1+len(tc.stored) {
					t.Errorf("the profile has %d images, want the passport and %d fetched", n, len(tc.stored))
				}
				if n := e.uploadsAudited(id, c.ID); n != len(tc.stored) {
					t.Errorf("got %d audited uploads by the check, want %d", n, len(tc.stored))
				}
			})
		}
		// Every download was signed and carried the check's terms.
		for _, r := range fetch.Requests() {
			if r.Path != "/download_file" || r.Refused != "" {
				continue
			}
			var body struct {
				CheckID                string            `json:"check_id"`
				CommercialRelationship string            `json:"commercial_relationship"`
				DownloadInfo           map[string]string `json:"download_info"`
				ProviderCredentials    map[string]string `json:"provider_credentials"`
				CustomData             map[string]any    `json:"custom_data"`
			}
			if err := json.Unmarshal(r.Body, &body); err != nil || body.CheckID == "" || body.CommercialRelationship != "DIRECT" ||
				body.DownloadInfo["download_type"] != "IMAGE" || body.ProviderCredentials["password"] != "s3cret" || body.CustomData["called_back"] != true {
				t.Errorf("download request %s (%v)", r.Body, err)
			}
		}
		e.signedBothWays("fetch")
	})
}

// uploadsAudited counts the audit items recording an image fetched by a
// check.
func (e *env) uploadsAudited(profileID, checkID string) int {
	e.t.Helper()
	_, out := e.c.Do("GET", "/4.0/profiles/"+profileID+"/audit-items", nil)
	var items []struct {
		Action   string         `json:"action"`
		RefData  map[string]any `json:"ref_data"`
		Filehash *string        `json:"filehash"`
	}
	if err := json.Unmarshal(out, &items); err != nil {
		e.t.Fatal(err)
	}
	n := 0
	for _, it := range items {
		if it.Action == "uploaded-a-document" && it.RefData["check_id"] == checkID && it.Filehash != nil {
			n++
		}
	}
	return n
}
