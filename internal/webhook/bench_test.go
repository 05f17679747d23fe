package webhook_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gatehouse/gatehouse/internal/webhook"
)

func benchBody() []byte {
	return []byte(`{"id":"0e1c2f5e-3b7a-4c55-9d1e-5a3f6f0b7c21","event":"PRODUCT_STATUS_CHANGED","data":{` +
		strings.Repeat(`"k":"vvvvvvvvvvvvvvvv",`, 40) + `"end":true}}`)
}

func BenchmarkSign(b *testing.B) {
	body := benchBody()
	now := time.Now()
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		webhook.Sign(testSecret, now, body)
	}
}

func BenchmarkVerify(b *testing.B) {
	body := benchBody()
	now := time.Now()
	h := webhook.Sign(testSecret, now, body)
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		if err := webhook.Verify(testSecret, h, body, now, 0); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSend(b *testing.B) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		w.WriteHeader(http.StatusNoContent)
	}))
	defer srv.Close()
	for _, n := range []int{1, webhook.MaxBatch} {
		b.Run(fmt.Sprintf("messages=%d", n), func(b *testing.B) {
			ep := webhook.Endpoint{URL: srv.URL, Secret: testSecret, Batching: n > 1}
			msgs := make([]webhook.Message, n)
			for i := range msgs {
				msgs[i] = webhook.Message{ID: fmt.Sprintf("m%d", i), Event: "CHECK_COMPLETED", Timestamp: time.Now(),
					Data: json.RawMessage(`{"profile_id":"p1","check_id":"c1","result":"Pass"}`)}
			}
			s := &webhook.Sender{}
			ctx := context.Background()
			for b.Loop() {
				if a := s.Send(ctx, ep, msgs); !a.OK {
					b.Fatal(a.Err)
				}
			}
			b.ReportMetric(float64(b.N*n)/b.Elapsed().Seconds(), "msgs/s")
		})
	}
}
