package api_test

import (
	"strings"
	"testing"

	"github.com/gatehouse/gatehouse/internal/api"
	"github.com/gatehouse/gatehouse/internal/blob/blobtest"
	"github.com/gatehouse/gatehouse/internal/content/contenttest"
	"github.com/gatehouse/gatehouse/internal/store/storetest"
)

// TestUploadLimits: a document over --max-document-bytes is refused
// naming data, a body over the upload routes' limit naming the body, both
// 413; the upload routes take bodies larger than other routes do; a
// repeated Idempotency-Key replays the first upload.
func TestUploadLimits(t *testing.T) {
	db := storetest.Databases()[0]
	e := newDocEnv(t, db, blobtest.Store{Name: "dir", Location: t.TempDir()}, api.Config{MaxBodyBytes: 4096, MaxDocumentBytes: 64 << 10})
	pid := newIndividual(t, e, "Ada", "Lovelace", "1815-12-10")
	base := "/4.0/profiles/" + pid
	for _, tc := range []struct {
		name   string
		body   string
		status int
		field  string
	}{
		{"under the cap, over the other routes' limit", contenttest.JSON("", contenttest.PDF(60<<10)), 200, ""},
		{"a document over the cap", contenttest.JSON("", contenttest.PDF(64<<10+1)), 413, "data"},
		{"a body over the upload limit", contenttest.JSON(`"a":"`+strings.Repeat("x", 60<<10)+`","b":"`+strings.Repeat("x", 60<<10)+
			`","c":"`+strings.Repeat("x", 60<<10)+`"`, contenttest.PDF(1000)), 413, "body"},
		{"a member too long", contenttest.JSON(`"name":"`+strings.Repeat("x", 70<<10)+`"`, contenttest.PDF(1000)), 400, "name"},
		{"an upload limit only for uploads", `{"category":"SUPPORTING","document_type":"UNKNOWN","images":[],"x":"` + strings.Repeat("x", 5000) + `"}`, 413, "body"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := base + "/document_images"
			if strings.HasPrefix(tc.body, `{"category"`) {
				path = base + "/collected_data/documents"
			}
			status, body := e.c.Do("POST", path, tc.body)
			if status != tc.status {
				t.Fatalf("got %d %s, want %d", status, body, tc.status)
			}
			if tc.field != "" {
				if _, field := errorOf(t, body); field != tc.field {
					t.Errorf("error names %q, want %q: %s", field, tc.field, body)
				}
			}
		})
	}
	body := contenttest.JSON(`"image_type":"BACK"`, contenttest.PNG(5000))
	s1, b1 := e.c.Do("POST", base+"/document_images", body, "Idempotency-Key", "upload-1")
	s2, b2 := e.c.Do("POST", base+"/document_images", body, "Idempotency-Key", "upload-1")
	if s1 != 200 || s2 != 200 || string(b1) != string(b2) {
		t.Errorf("a repeated upload: %d %s then %d %s, want the first answer twice", s1, b1, s2, b2)
	}
	if s3, b3 := e.c.Do("POST", base+"/document_images", contenttest.JSON(`"image_type":"FRONT"`, contenttest.PNG(5000)), "Idempotency-Key", "upload-1"); s3 != 409 {
		t.Errorf("the key with another body: %d %s, want 409", s3, b3)
	}
	_, list := e.c.Do("GET", base+"/document_images", nil)
	if n := len(decode[[]imageView](t, list)); n != 2 {
		t.Errorf("got %d images, want 2 (the replay added none)", n)
	}
}
