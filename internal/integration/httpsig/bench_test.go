package httpsig_test

import (
	"bytes"
	"net/http"
	"testing"

	"github.com/gatehouse/gatehouse/internal/integration/httpsig"
)

// BenchmarkSignVerify signs a POST with a 2 KiB body and verifies it, as
// one callback costs both sides.
func BenchmarkSignVerify(b *testing.B) {
	k := key(b, 0)
	payload := bytes.Repeat([]byte("x"), 2048)
	v := httpsig.Verifier{Keys: httpsig.Keys(k), Now: clock}
	s := httpsig.Signer{Key: k, Now: clock}
	b.ReportAllocs()
	for b.Loop() {
		r, _ := http.NewRequest(http.MethodPost, "http://gatehouse.test/integrations/v1/callbacks", nil)
		if err := s.SignRequest(r, payload); err != nil {
			b.Fatal(err)
		}
		if _, err := v.Verify(r, payload); err != nil {
			b.Fatal(err)
		}
	}
}
