package storetest

import (
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/vault"
	"github.com/gatehouse/gatehouse/internal/vault/vaulttest"
)

// TestKeyStore runs the vault's KeyStore conformance suite on both
// databases.
func TestKeyStore(t *testing.T) {
	Each(t, func(t *testing.T, db Opener) {
		vaulttest.KeyStore(t, func(t *testing.T) vault.KeyStore { return db.Open(t).(vault.KeyStore) })
	})
}

func content(i int) kyc.Content {
	return kyc.Content{BlobKey: fmt.Sprintf("sha256/%02x/%062x", i, i), Size: int64(1000 + i),
		SHA256: fmt.Sprintf("%064x", i), MediaType: "image/png"}
}

// TestDocumentImagesAndFiles: image and file rows round-trip, are scoped to
// their institution and profile, and count as references for the sweeper.
func TestDocumentImagesAndFiles(t *testing.T) {
	Each(t, func(t *testing.T, db Opener) {
		s := db.Open(t)
		acme, other := newInstitution(t, s, "Acme"), newInstitution(t, s, "Other")
		p := newProfile(acme, "Ada", "Lovelace")
		save(t, s, p)
		front := kyc.DocumentImage{ID: kyc.NewID(), ProfileID: p.ID, ImageType: "FRONT", DocumentType: "PASSPORT",
			DocumentCategory: "PROOF_OF_IDENTITY", Name: "front.png", Content: content(1), UploadedAt: now}
		back := kyc.DocumentImage{ID: kyc.NewID(), ProfileID: p.ID, Content: content(2), UploadedAt: now.Add(time.Second)}
		f := kyc.File{ID: kyc.NewID(), ProfileID: p.ID, Name: "statement.pdf", Content: content(3), UploadedAt: now}
		err := s.Update(ctx, func(tx kyc.Tx) error {
			for _, im := range []*kyc.DocumentImage{&back, &front} {
				if err := tx.InsertDocumentImage(ctx, acme.ID, im); err != nil {
					return err
				}
			}
			return tx.InsertFile(ctx, acme.ID, &f)
		})
		if err != nil {
			t.Fatal(err)
		}
		got, err := s.DocumentImages(ctx, acme.ID, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if want := []kyc.DocumentImage{front, back}; !reflect.DeepEqual(got, want) {
			t.Errorf("images: got %+v, want %+v (oldest first)", got, want)
		}
		one, err := s.DocumentImage(ctx, acme.ID, p.ID, front.ID)
		if err != nil || !reflect.DeepEqual(*one, front) {
			t.Errorf("image: got %+v, %v, want %+v", one, err, front)
		}
		gf, err := s.File(ctx, acme.ID, p.ID, f.ID)
		if err != nil || !reflect.DeepEqual(*gf, f) {
			t.Errorf("file: got %+v, %v, want %+v", gf, err, f)
		}
		for name, lookup := range map[string]func() error{
			"image of another institution": func() error { _, err := s.DocumentImage(ctx, other.ID, p.ID, front.ID); return err },
			"image of another profile":     func() error { _, err := s.DocumentImage(ctx, acme.ID, kyc.NewID(), front.ID); return err },
			"image id not a uuid":          func() error { _, err := s.DocumentImage(ctx, acme.ID, p.ID, "x"); return err },
			"file of another institution":  func() error { _, err := s.File(ctx, other.ID, p.ID, f.ID); return err },
			"file id is an image's":        func() error { _, err := s.File(ctx, acme.ID, p.ID, front.ID); return err },
		} {
			if err := lookup(); !kyc.IsCode(err, kyc.ENotFound) {
				t.Errorf("%s: got %v, want ENotFound", name, err)
			}
		}
		if l, _ := s.DocumentImages(ctx, other.ID, p.ID); len(l) != 0 {
			t.Errorf("another institution lists %d images, want 0", len(l))
		}
		keys := []string{content(1).BlobKey, content(3).BlobKey, content(9).BlobKey}
		for i := range 600 { // more than one IN batch
			keys = append(keys, content(100+i).BlobKey)
		}
		refs, err := s.ReferencedBlobs(ctx, keys)
		if err != nil {
			t.Fatal(err)
		}
		if want := map[string]bool{content(1).BlobKey: true, content(3).BlobKey: true}; !reflect.DeepEqual(refs, want) {
			t.Errorf("referenced: got %v, want %v", refs, want)
		}
	})
}
