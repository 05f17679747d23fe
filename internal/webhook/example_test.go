package webhook_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/gatehouse/gatehouse/internal/webhook"
)

func ExampleSign() {
	fmt.Println(webhook.Sign("s3cret", time.Unix(1700000000, 0), []byte("{}")))
	// Output: t=1700000000,v1=97926816e98fbb41ccb1673225ff29a2f35369099990e1b1561651e7bd097ebf
}

func ExampleVerify() {
	body := []byte(`{"id":"m1"}`)
	sent := time.Unix(1700000000, 0)
	header := webhook.Sign("s3cret", sent, body)

	fmt.Println(webhook.Verify("s3cret", header, body, sent.Add(time.Minute), 0))
	fmt.Println(webhook.Verify("s3cret", header, []byte(`{"id":"m2"}`), sent, 0))
	fmt.Println(webhook.Verify("s3cret", header, body, sent.Add(time.Hour), 0))
	// Output:
	// <nil>
	// webhook: no signature matches (1 v1 values checked)
	// webhook: signature timestamp too old: signed 3600 s ago, tolerance 5m0s
}

func ExampleGuard_CheckURL() {
	g := webhook.DefaultGuard()
	fmt.Println(g.CheckURL("http://127.0.0.1:8080/hooks"))
	fmt.Println(g.CheckURL("http://169.254.169.254/latest/meta-data/"))
	fmt.Println(g.CheckURL("http://[fe80::1]/"))
	// Output:
	// <nil>
	// webhook: destination not allowed: 169.254.169.254 is a cloud metadata address
	// webhook: destination not allowed: fe80::1 is a link-local address
}

func ExampleSender_Send() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNoContent)
	}))
	defer srv.Close()

	ep := webhook.Endpoint{ID: "e1", URL: srv.URL, Secret: "s3cret"}
	m := webhook.Message{ID: "0e1c2f5e", Event: "CHECK_COMPLETED", Timestamp: time.Now(),
		Data: json.RawMessage(`{"check_id":"c1"}`)}
	var s webhook.Sender
	a := s.Send(context.Background(), ep, []webhook.Message{m})
	fmt.Println(a.OK, a.Status, a.Err == "")
	if !a.OK {
		fmt.Println("retry in at most", webhook.BackoffMax(1))
	}
	// Output: true 204 true
}
