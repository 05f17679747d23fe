package webhook_test

import (
	"testing"
	"time"

	"github.com/gatehouse/gatehouse/internal/webhook"
)

func TestBackoff(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		attempt int
		max     time.Duration
	}{
		{-1, time.Second}, {0, time.Second}, {1, time.Second}, {2, 2 * time.Second},
		{3, 4 * time.Second}, {10, 512 * time.Second}, {12, 2048 * time.Second},
		{13, time.Hour}, {64, time.Hour}, {1 << 30, time.Hour},
	} {
		if got := webhook.BackoffMax(tc.attempt); got != tc.max {
			t.Errorf("BackoffMax(%d): got %v, want %v", tc.attempt, got, tc.max)
		}
		var sum time.Duration
		const n = 200
		for range n {
			d := webhook.Backoff(tc.attempt)
			if d < 0 || d > tc.max {
				t.Fatalf("Backoff(%d): got %v, want within [0, %v]", tc.attempt, d, tc.max)
			}
			sum += d
		}
		// Full jitter: the mean is half the ceiling; 200 draws land well
		// within a quarter of it either way.
		if mean := sum / n; mean < tc.max/4 || mean > tc.max*3/4 {
			t.Errorf("Backoff(%d): mean %v, want about %v", tc.attempt, mean, tc.max/2)
		}
	}
}
