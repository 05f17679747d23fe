package api_test

import (
	"bytes"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/gatehouse/gatehouse/internal/api"
	"github.com/gatehouse/gatehouse/internal/store/storetest"
)

// TestResponsesHaveALength: JSON answers, large ones included (a new
// profile with its checks), go out with their Content-Length in one piece,
// not chunked, and end with a newline; errors too.
func TestResponsesHaveALength(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		e := newEnv(t, db, api.Config{})
		for _, c := range []struct {
			method, path string
			body         string
			status       int
		}{
			{"POST", "/4.0/profiles", guideIndividual, 200},
			{"GET", "/4.0/profiles?limit=5", "", 200},
			{"POST", "/4.0/profiles", `{"role":"NOPE"}`, 400},
		} {
			req, err := http.NewRequest(c.method, e.url+c.path, strings.NewReader(c.body))
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("apikey", e.c.Key)
			req.Header.Set("Content-Type", "application/json")
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			body, err := io.ReadAll(resp.Body)
			resp.Body.Close()
			if err != nil {
				t.Fatal(err)
			}
			if resp.StatusCode != c.status {
				t.Errorf("%s %s: %d %s", c.method, c.path, resp.StatusCode, body)
			}
			if len(resp.TransferEncoding) != 0 || resp.ContentLength != int64(len(body)) {
				t.Errorf("%s %s: transfer encoding %v, content length %d for a body of %d bytes",
					c.method, c.path, resp.TransferEncoding, resp.ContentLength, len(body))
			}
			if !bytes.HasSuffix(body, []byte("}\n")) {
				t.Errorf("%s %s: body does not end in a newline: %q", c.method, c.path, body[max(0, len(body)-20):])
			}
		}
	})
}
