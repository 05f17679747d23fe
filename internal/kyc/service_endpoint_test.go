package kyc_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/store/storetest"
)

// TestWebhooksFileURLLength: the webhooks file is held to the API's URL
// cap, the error naming the entry, and nothing of the file is applied.
func TestWebhooksFileURLLength(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Opener) {
		s := db.Open(t)
		svc := &kyc.Service{Store: s}
		good := kyc.ConfigWebhook{Institution: "Acme", URL: "https://hooks.example.com/a", Secret: "0123456789abcdef"}
		long := kyc.ConfigWebhook{Institution: "Acme", URL: "https://hooks.example.com/" + strings.Repeat("a", kyc.MaxWebhookURLLength), Secret: "0123456789abcdef"}
		_, _, err := svc.SyncConfigWebhooks(ctx, []kyc.ConfigWebhook{good, long})
		var ke *kyc.Error
		if !errors.As(err, &ke) || ke.Code != kyc.EInvalid || ke.Info["field"] != "webhooks[1].url" {
			t.Fatalf("got %v, want an invalid webhooks[1].url", err)
		}
		if ins, _ := s.Institutions(ctx); len(ins) != 0 {
			t.Errorf("got %d institutions after a refused file, want none written", len(ins))
		}
	})
}
