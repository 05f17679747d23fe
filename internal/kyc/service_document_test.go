package kyc_test

import (
	"bytes"
	"io"
	"testing"

	"github.com/gatehouse/gatehouse/internal/blob"
	"github.com/gatehouse/gatehouse/internal/content"
	"github.com/gatehouse/gatehouse/internal/content/contenttest"
	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/policy"
	"github.com/gatehouse/gatehouse/internal/store/storetest"
	"github.com/gatehouse/gatehouse/internal/vault"
)

// TestDocumentAccess: the integration's read path (DocumentImage), images
// made from files, capabilities and institutions.
func TestDocumentAccess(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		s := db.Open(t)
		e := newEnv(t, s, policy.Demo())
		p := e.create(individual("Ada", "Lovelace"))
		if _, err := e.svc.PutContent(ctx, e.actor, p.ID, bytes.NewReader(contenttest.PNG(1000))); !kyc.IsCode(err, kyc.EProcessNotSetup) {
			t.Fatalf("without a content store: got %v, want EProcessNotSetup", err)
		}
		b, err := blob.OpenDir(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		ks := s.(vault.KeyStore)
		e.svc.Content = &content.Store{Blobs: b, Keys: storetest.Keyring(s), KeyStore: ks}

		pdf := contenttest.PDF(3000)
		c, err := e.svc.PutContent(ctx, e.actor, p.ID, bytes.NewReader(pdf))
		if err != nil {
			t.Fatal(err)
		}
		f, err := e.svc.AddFile(ctx, e.actor, p.ID, kyc.NewFile{Content: c})
		if err != nil {
			t.Fatal(err)
		}
		if f.Name != f.ID+".pdf" {
			t.Errorf("a file without a name is called %q, want its id and extension", f.Name)
		}
		im, err := e.svc.AddDocumentImage(ctx, e.actor, p.ID, kyc.NewDocumentImage{ImageType: "FRONT", FileID: f.ID})
		if err != nil {
			t.Fatal(err)
		}
		if im.Content != f.Content || im.Name != f.Name {
			t.Errorf("an image made from a file: got %+v, want the file's content %+v", im, f)
		}

		meta, rc, err := e.svc.DocumentImage(ctx, p.InstitutionID, p.ID, im.ID)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := io.ReadAll(rc)
		rc.Close()
		if meta.ID != im.ID || meta.Content.MediaType != "application/pdf" || !bytes.Equal(got, pdf) {
			t.Errorf("DocumentImage: got %+v and %d bytes", meta, len(got))
		}
		items, _ := e.svc.AuditItems(ctx, e.actor, p.ID)
		last := items[len(items)-1]
		if last.Action != kyc.AuditView || last.APIKeyName != "" || last.RefData["image_id"] != im.ID || last.Message != "read by a check provider" {
			t.Errorf("the provider's read was audited as %+v, want a view by the system", last)
		}

		if _, _, err := e.svc.DocumentImage(ctx, kyc.NewID(), p.ID, im.ID); !kyc.IsCode(err, kyc.ENotFound) {
			t.Errorf("another institution: got %v, want ENotFound", err)
		}
		scoped := e.actor
		scoped.Granted = []kyc.Capability{}
		if _, _, err := e.svc.ImageContent(ctx, scoped, p.ID, im.ID); !kyc.IsCode(err, kyc.EForbidden) {
			t.Errorf("without READ_DOCUMENT_IMAGE: got %v, want EForbidden", err)
		}
		if _, err := e.svc.PutContent(ctx, scoped, p.ID, bytes.NewReader(pdf)); !kyc.IsCode(err, kyc.EForbidden) {
			t.Errorf("without UPLOAD_DOCUMENT_IMAGE: got %v, want EForbidden", err)
		}
		if after, _ := e.svc.AuditItems(ctx, e.actor, p.ID); len(after) != len(items) {
			t.Errorf("refused reads were audited: %d items, want %d", len(after), len(items))
		}
		if _, err := e.svc.AddDocumentImage(ctx, e.actor, p.ID, kyc.NewDocumentImage{FileID: kyc.NewID()}); !kyc.IsCode(err, kyc.EInvalid) {
			t.Errorf("an image from a file the profile lacks: got %v, want EInvalid", err)
		}
	})
}
