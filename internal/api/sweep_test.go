package api_test

import (
	"bytes"
	"io"
	"testing"
	"time"

	"github.com/gatehouse/gatehouse/internal/api"
	"github.com/gatehouse/gatehouse/internal/blob"
	"github.com/gatehouse/gatehouse/internal/blob/blobtest"
	"github.com/gatehouse/gatehouse/internal/content"
	"github.com/gatehouse/gatehouse/internal/content/contenttest"
	"github.com/gatehouse/gatehouse/internal/store/storetest"
)

// TestSweepKeepsReferencedBlobs: the sweeper, asking the store which blobs
// rows refer to, removes an upload whose row never committed once it is
// older than the grace period, and nothing a row refers to.
func TestSweepKeepsReferencedBlobs(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		bs := blobtest.Store{Name: "dir", Location: t.TempDir()}
		e := newDocEnv(t, db, bs, api.Config{})
		pid := newIndividual(t, e, "Ada", "Lovelace", "1815-12-10")
		png := contenttest.PNG(4000)
		status, body := e.c.Do("POST", "/4.0/profiles/"+pid+"/document_images", contenttest.JSON(`"image_type":"FRONT"`, png))
		if status != 200 {
			t.Fatalf("upload: %d %s", status, body)
		}
		image := decode[imageView](t, body).ID
		cs := e.svc.Content.(*content.Store)
		// An upload whose row never committed (a crash, a refused body).
		actor, err := e.svc.Authenticate(ctx, e.c.Key)
		if err != nil {
			t.Fatal(err)
		}
		orphan, err := cs.Put(ctx, actor.InstitutionID, pid, bytes.NewReader(contenttest.PDF(500)))
		if err != nil {
			t.Fatal(err)
		}
		sw := &blob.Sweeper{Store: cs.Blobs, ReferencedFunc: content.Referenced(e.store.ReferencedBlobs), Grace: time.Hour}
		if res, err := sw.Sweep(ctx); err != nil || res.Deleted != 0 || res.Young != 2 {
			t.Fatalf("a sweep within the grace period: %+v, %v; want both blobs left as young", res, err)
		}
		sw.NowFunc = func() time.Time { return time.Now().Add(2 * time.Hour) }
		res, err := sw.Sweep(ctx)
		if err != nil || res.Deleted != 1 || res.Referenced != 1 {
			t.Fatalf("a sweep after the grace period: %+v, %v; want the orphan deleted and the image kept", res, err)
		}
		if _, ok := blobtest.Objects(t, bs)[orphan.BlobKey]; ok {
			t.Error("the orphan is still stored")
		}
		resp := e.raw(e.c.Key, "GET", "/gatehouse/v1/profiles/"+pid+"/document_images/"+image+"/content", nil)
		if got, _ := io.ReadAll(resp.Body); !bytes.Equal(got, png) {
			t.Errorf("the image no longer reads back after the sweep")
		}
	})
}
