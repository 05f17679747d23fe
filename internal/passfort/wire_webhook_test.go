package passfort

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/gatehouse/gatehouse/internal/kyc"
)

// TestWebhookSecretMask: once created, an endpoint's secret is shown with
// at most its last 4 characters, whatever its length; in full only when
// revealed.
func TestWebhookSecretMask(t *testing.T) {
	t.Parallel()
	for _, secret := range []string{
		"0123456789abcdef", // the shortest allowed
		"whsec_0123456789abcdef0123456789abcdef0123456789abcdef",
		strings.Repeat("s", 200),
		"ééééééééé", // 18 bytes: the mask cuts at a character boundary
		"short",     // not allowed by the service, still never shown
		"",
	} {
		t.Run(secret, func(t *testing.T) {
			e := &kyc.WebhookEndpoint{ID: kyc.NewID(), Secret: secret}
			got := FromWebhookEndpoint(e, false).Secret
			shown := strings.TrimLeft(got, "*")
			if len(shown) > 4 || !strings.HasSuffix(secret, shown) {
				t.Errorf("masked %q: got %q, want at most the last 4 characters shown", secret, got)
			}
			if !utf8.ValidString(got) {
				t.Errorf("masked %q: got %q, want valid UTF-8", secret, got)
			}
			if secret != "" && got == "" {
				t.Errorf("masked %q: got an empty string, want a mask", secret)
			}
			if got := FromWebhookEndpoint(e, true).Secret; got != secret {
				t.Errorf("revealed: got %q, want %q", got, secret)
			}
		})
	}
}
