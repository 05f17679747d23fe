package kyc_test

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/gatehouse/gatehouse/internal/blob"
	"github.com/gatehouse/gatehouse/internal/content"
	"github.com/gatehouse/gatehouse/internal/content/contenttest"
	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/policy"
	"github.com/gatehouse/gatehouse/internal/store/storetest"
	"github.com/gatehouse/gatehouse/internal/vault"
)

// TestSubmitDocument: a document sent whole with its images (the hosted
// form's) is recorded whole, its images first, or not at all.
func TestSubmitDocument(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		s := db.Open(t)
		e := newEnv(t, s, policy.Demo())
		b, err := blob.OpenDir(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		ks := s.(vault.KeyStore)
		e.svc.Content = &content.Store{Blobs: b, Keys: storetest.Keyring(s), KeyStore: ks}
		p := e.create(individual("Ada", "Lovelace"))
		put := func(data []byte) *kyc.Content {
			t.Helper()
			c, err := e.svc.PutContent(ctx, e.actor, p.ID, bytes.NewReader(data))
			if err != nil {
				t.Fatal(err)
			}
			return &c
		}
		images := []kyc.NewDocumentImage{
			{ImageType: "FRONT", DocumentType: "DRIVING_LICENCE", DocumentCategory: "PROOF_OF_IDENTITY", Name: "front.jpg", Content: put(contenttest.JPEG(5000))},
			{ImageType: "BACK", DocumentType: "DRIVING_LICENCE", DocumentCategory: "PROOF_OF_IDENTITY", Content: put(contenttest.PNG(3000))},
		}
		doc := kyc.NewDocument{ID: "0190a0b0-0000-7000-8000-0000000000d1", Category: "PROOF_OF_IDENTITY", DocumentType: "DRIVING_LICENCE"}
		raw, err := e.svc.SubmitDocument(ctx, e.actor, p.ID, images, doc)
		if err != nil {
			t.Fatal(err)
		}
		var got struct {
			ID     string
			Images []struct {
				ID        string `json:"id"`
				ImageType string `json:"image_type"`
			}
		}
		if err := json.Unmarshal(raw, &got); err != nil || got.ID != doc.ID || len(got.Images) != 2 ||
			got.Images[0].ImageType != "FRONT" || got.Images[1].ImageType != "BACK" {
			t.Fatalf("submitted document %s (%v), want both sides", raw, err)
		}
		after, _ := e.svc.Profile(ctx, e.actor, p.ID)
		if len(after.Images) != 2 || after.Images[0].ID != got.Images[0].ID || after.Images[0].Name != "front.jpg" {
			t.Errorf("profile images %+v, want the two submitted", after.Images)
		}
		if n := len(after.Facts().Documents); n != 1 {
			t.Errorf("got %d documents, want 1", n)
		}

		// The same document id again: refused, and neither image is kept.
		for _, tc := range []struct {
			name   string
			images []kyc.NewDocumentImage
			doc    kyc.NewDocument
			code   kyc.Code
		}{
			{"a document id the profile has", []kyc.NewDocumentImage{{ImageType: "FRONT", Content: put(contenttest.PNG(2000))}}, doc, kyc.EDataPresent},
			{"an image without bytes", []kyc.NewDocumentImage{{ImageType: "FRONT"}}, kyc.NewDocument{Category: "PROOF_OF_IDENTITY", DocumentType: "PASSPORT"}, kyc.EMissingFields},
			{"an image type of no side", []kyc.NewDocumentImage{{ImageType: "SIDE", Content: put(contenttest.PNG(2000))}}, kyc.NewDocument{Category: "PROOF_OF_IDENTITY", DocumentType: "PASSPORT"}, kyc.EInvalid},
		} {
			t.Run(tc.name, func(t *testing.T) {
				if _, err := e.svc.SubmitDocument(ctx, e.actor, p.ID, tc.images, tc.doc); !kyc.IsCode(err, tc.code) {
					t.Errorf("got %v, want %s", err, tc.code)
				}
				now, _ := e.svc.Profile(ctx, e.actor, p.ID)
				if len(now.Images) != 2 || len(now.Facts().Documents) != 1 {
					t.Errorf("after a refusal: %d images, %d documents, want 2 and 1", len(now.Images), len(now.Facts().Documents))
				}
			})
		}
	})
}
